import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../lib/demo/generate';
import { fillDemo, removeDemo } from '../../../lib/demo/demo-service';
import { DEMO_SELLER_ID, demoItem } from '../../../lib/demo/state';
import {
  loadAds,
  loadBasketsAndSizes,
  loadFinance,
  loadGeography,
  loadOverview,
  loadSkus,
  loadStocks,
  loadToday,
} from '../../../lib/analytics/load';
import { sumTotals } from '../../../lib/analytics/overview';
import { ofSeller, SellerLensDb, sellerTables } from '../../../lib/db/schema';

const NOW = Date.parse('2026-08-20T12:00:00+03:00');
let n = 0;
const fresh = () => new SellerLensDb(`demo-test-${Date.now()}-${n++}`);

describe('demo generator', () => {
  it('is deterministic and modest', { timeout: 30_000 }, () => {
    const a = generateDemo(NOW);
    const b = generateDemo(NOW);
    expect(a.orders.length).toBe(b.orders.length);
    expect(a.orders.slice(0, 5)).toEqual(b.orders.slice(0, 5));
    expect(a.orders.length).toBeGreaterThan(2000);
    expect(a.orders.length).toBeLessThan(5000);
    expect(a.cards).toHaveLength(50);
    expect(a.orders.every((o) => o.date <= '2026-08-20T12:00:00')).toBe(true);
    // Sales and returns never precede their order.
    const orderDate = new Map(a.orders.map((o) => [o.srid, o.date]));
    expect(a.sales.every((s) => s.date >= orderDate.get(s.srid)!)).toBe(true);
  });
});

describe('demo mode in the database', () => {
  it(
    'fills every section, the loaders agree with each other, and removal leaves nothing',
    { timeout: 120_000 },
    async () => {
      const db = fresh();
      const orders = await fillDemo(db, NOW);
      expect((await demoItem.getValue()).on).toBe(true);
      const period = { from: '2026-07-22', to: '2026-08-20' };
      const { now } = await loadOverview(db, DEMO_SELLER_ID, period);
      expect(now.totals.orders).toBeGreaterThan(500);
      const geo = await loadGeography(db, DEMO_SELLER_ID, period);
      const skus = await loadSkus(db, DEMO_SELLER_ID, period);
      for (const cut of [geo.region, geo.okrug, geo.country, skus, now.byDay]) {
        const s = sumTotals(cut);
        expect([s.orders, s.orderSum, s.sales, s.returns, s.revenue, s.forPay]).toEqual([
          now.totals.orders,
          now.totals.orderSum,
          now.totals.sales,
          now.totals.returns,
          now.totals.revenue,
          now.totals.forPay,
        ]);
      }
      expect(skus.some((s) => s.statuses.buyout > 0)).toBe(true);
      // The raw-row figures count the same orders as the roll-up.
      const raw = await loadBasketsAndSizes(db, DEMO_SELLER_ID, period);
      expect(raw.baskets.items).toBe(now.totals.orders);
      expect(raw.sizes.reduce((s, x) => s + x.orders, 0)).toBe(now.totals.orders);
      expect(raw.baskets.average).toBeGreaterThan(1);
      const stocks = await loadStocks(db, DEMO_SELLER_ID, '2026-08-20');
      expect(stocks.risk.length).toBeGreaterThan(0);
      const fin = await loadFinance(db, DEMO_SELLER_ID);
      expect(fin.reconciliation.length).toBeGreaterThan(5);
      for (const r of fin.reconciliation) {
        expect(r.unexplained).toBe(0n);
        expect(r.differences.map((d) => d.name)).toEqual(['Удержание: Оказание услуг «WB.Продвижение»']);
      }
      const ads = await loadAds(db, DEMO_SELLER_ID, period);
      expect(ads.campaigns.length).toBeGreaterThan(0);
      expect(ads.total.drr).not.toBeNull();
      const today = await loadToday(db, DEMO_SELLER_ID, '2026-08-20');
      expect(today.yesterday.totals.orders).toBeGreaterThan(0);
      expect(orders).toBeGreaterThan(2000);

      await removeDemo(db);
      for (const t of sellerTables(db)) expect(await ofSeller(t, DEMO_SELLER_ID).count()).toBe(0);
      expect((await demoItem.getValue()).on).toBe(false);
    },
  );
});
