// @vitest-environment node
/** The generated data: deterministic, realistic in shape, and cheap enough for a million orders. */
import { describe, expect, it } from 'vitest';
import { DESTINATIONS, WB_WAREHOUSES } from '../../sim/catalog';
import { createWbSimulator, SELLER_A, SELLER_B } from '../../sim/index';
import { call, HOSTS } from './helpers';

const DAY = 86_400;

describe('dataset', () => {
  it('same seed and start → the same data and the same answers; another seed → other data', async () => {
    const a = createWbSimulator({ orders: 2000, seed: 42 });
    const b = createWbSimulator({ orders: 2000, seed: 42 });
    const c = createWbSimulator({ orders: 2000, seed: 43 });
    for (const s of [a, b, c]) s.clock.advance(DAY * 1000);
    const urls = [
      `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-07-01`,
      `${HOSTS.statistics}/api/v1/supplier/sales?dateFrom=2026-07-01`,
      `${HOSTS.advert}/api/advert/v2/adverts`,
    ];
    for (const url of urls) {
      const ra = await call(a, 'GET', url, { token: a.token() });
      const rb = await call(b, 'GET', url, { token: b.token() });
      const rc = await call(c, 'GET', url, { token: c.token() });
      expect(ra.body).toBe(rb.body);
      expect(ra.body).not.toBe(rc.body);
    }
    const fin = (s: typeof a) =>
      call(s, 'POST', `${HOSTS.finance}/api/finance/v1/sales-reports/detailed`, {
        token: s.token(),
        body: { dateFrom: '2026-06-01', dateTo: '2026-08-20', limit: 3000 },
      });
    expect((await fin(a)).body).toBe((await fin(b)).body);
    expect(a.dataset.products.map((p) => p.nmId)).toEqual(b.dataset.products.map((p) => p.nmId));
    // Generating lazily in another order (seller B first) changes nothing.
    const d = createWbSimulator({ orders: 2000, seed: 42 });
    d.seller(SELLER_B);
    expect(d.seller(SELLER_A).orders.facts(1234)).toEqual(a.seller(SELLER_A).orders.facts(1234));
  });

  it('looks like a WB seller: SKUs, warehouses, regions, baskets, cancellations, sales ≈ 70%, returns ≈ 5%', () => {
    const sim = createWbSimulator({ orders: 20_000 });
    const d = sim.dataset;
    const o = d.orders;
    const now = sim.clock.now() / 1000;
    expect(d.products.length).toBeGreaterThanOrEqual(300);
    expect(new Set(d.products.map((p) => p.vendorCode)).size).toBe(d.products.length);
    expect(new Set(d.products.flatMap((p) => p.sizes.map((s) => s.barcode))).size).toBe(
      d.products.reduce((n, p) => n + p.sizes.length, 0),
    );
    expect(d.products.some((p) => p.sizes.length > 3)).toBe(true);
    const facts = Array.from({ length: o.count }, (_, i) => o.facts(i));
    const confirmed = facts.filter((f) => !f.unconfirmed);
    const cancelled = confirmed.filter((f) => f.cancelSec !== null);
    const sold = confirmed.filter((f) => f.saleIndex !== null);
    expect(cancelled.length / confirmed.length).toBeGreaterThan(0.08);
    expect(cancelled.length / confirmed.length).toBeLessThan(0.16);
    expect(sold.length / (confirmed.length - cancelled.length)).toBeCloseTo(0.7, 1);
    const sales = Array.from({ length: o.saleCount }, (_, s) => o.saleFacts(s));
    const returns = sales.filter((s) => s.kind !== 'sale');
    expect(returns.length / (sales.length - returns.length)).toBeGreaterThan(0.03);
    expect(returns.length / (sales.length - returns.length)).toBeLessThan(0.07);
    // Dates: the last 90 days and older history; no order in the future; lastChangeDate >= date.
    expect(Math.max(...facts.map((f) => f.dateSec))).toBeLessThanOrEqual(now);
    expect(facts.filter((f) => f.dateSec < now - 90 * DAY).length).toBeGreaterThan(1000);
    expect(facts.every((f) => f.createdSec >= f.dateSec)).toBe(true);
    expect(facts.every((f) => f.cancelSec === null || f.cancelSec > f.dateSec)).toBe(true);
    // Baskets of 1–4 items.
    const basket = new Map<string, number>();
    for (const f of facts) basket.set(f.gNumber, (basket.get(f.gNumber) ?? 0) + 1);
    const sizes = new Set(basket.values());
    expect([...sizes].sort()).toEqual([1, 2, 3, 4]);
    // Warehouses and destinations as WB names them, with some orders abroad and some FBS.
    const wh = new Set(facts.map((f) => f.warehouseName));
    for (const name of ['Коледино', 'Подольск', 'Электросталь', 'Казань', 'Краснодар', 'Новосибирск'])
      expect(wh.has(name)).toBe(true);
    expect(facts.some((f) => f.fbs)).toBe(true);
    expect(WB_WAREHOUSES.some((w) => w.name.startsWith('Екатеринбург'))).toBe(true);
    expect(DESTINATIONS.filter((x) => x.country !== 'Россия').map((x) => x.country)).toEqual(
      expect.arrayContaining(['Беларусь', 'Казахстан']),
    );
    // Campaigns: type 9, unified and manual, cpm and cpc, statuses 4/7/9/11, bids above the minimum.
    const camps = d.campaigns;
    expect(new Set(camps.map((c) => c.bidType))).toEqual(new Set(['unified', 'manual']));
    expect(new Set(camps.map((c) => c.paymentType))).toEqual(new Set(['cpm', 'cpc']));
    for (const st of [4, 7, 9, 11]) expect(camps.some((c) => c.status === st)).toBe(true);
    for (const c of camps) {
      for (const it of c.items) {
        if (c.bidType === 'unified') expect(it.bids.search).toBeGreaterThanOrEqual(it.minBids.combined);
        else expect(it.bids.search).toBeGreaterThanOrEqual(it.minBids.search);
      }
    }
  });

  it('200,000 orders generate in a few seconds, and a page is served without copying the whole set', async () => {
    const started = Date.now();
    const sim = createWbSimulator({ orders: 200_000, statisticsPageCap: 1000, rateLimits: false });
    expect(sim.dataset.orders.count).toBe(200_000);
    const generated = Date.now() - started;
    expect(generated).toBeLessThan(5000);
    const t = Date.now();
    const res = await call(sim, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-06-01`, {
      token: sim.token(),
    });
    expect((res.json as unknown[]).length).toBe(1000);
    expect(Date.now() - t).toBeLessThan(2000);
  });
});
