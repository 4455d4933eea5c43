import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adsFigures, revenueByNm } from '../../../lib/analytics/ads';
import { geography } from '../../../lib/analytics/geography';
import {
  loadAds,
  loadGeography,
  loadOverview,
  loadSkus,
  loadStocks,
  loadToday,
  mskDayOfIso,
  previousOf,
} from '../../../lib/analytics/load';
import { comparePeriods, overview, type Period } from '../../../lib/analytics/overview';
import { bySku } from '../../../lib/analytics/sku';
import { coverWindow, outOfStockRisk, stockCover, stocksByWarehouse } from '../../../lib/analytics/stocks';
import { fillDemo } from '../../../lib/demo/demo-service';
import { DEMO_SELLER_ID } from '../../../lib/demo/state';
import { dayOf } from '../../../lib/db/orders';
import type { PlacedRow } from '../../../lib/db/rollups';
import { ROLLUP_COUNTERS, type RollupCounter } from '../../../lib/db/period-rollups';
import { ofSeller, SellerLensDb, type DailyOrdersRecord, type PeriodRollupRecord } from '../../../lib/db/schema';
import { freshDbName } from '../sync/helpers';
import { DbV2 } from '../db/old-schemas';

// The demo's 90 days end on 20 January 2026: its data spans a year boundary and several month edges.
const NOW = Date.parse('2026-01-20T12:00:00+03:00');
const TODAY = '2026-01-20';
const S = DEMO_SELLER_ID;

const kop = (x: number) => Math.round(x * 100);

/**
 * Day × item × region rows of [from, to] computed here from the raw orders and sales (what the daily roll-up held:
 * orders on their order day, sales and returns on theirs, money in kopecks).
 */
async function rawDayRows(db: SellerLensDb, from = '0000-00-00', to = '9999-99-99'): Promise<DailyOrdersRecord[]> {
  const m = new Map<string, DailyOrdersRecord>();
  const rowOf = (r: PlacedRow) => {
    const day = dayOf(r.date);
    if (day < from || day > to) return null;
    const k = JSON.stringify([r.sellerId, day, r.nmId, r.regionName, r.oblastOkrugName, r.countryName]);
    let d = m.get(k);
    if (!d) {
      const zeros = Object.fromEntries(ROLLUP_COUNTERS.map((c) => [c, 0])) as Record<RollupCounter, number>;
      const { sellerId, nmId, regionName: region, oblastOkrugName: okrug, countryName: country } = r;
      m.set(k, (d = { sellerId, day, nmId, region, okrug, country, ...zeros }));
    }
    return d;
  };
  for (const o of await ofSeller(db.orders, S).toArray()) {
    const d = rowOf(o);
    if (!d) continue;
    d.orders++;
    d.orderSum += kop(o.priceWithDisc);
    if (o.isCancel) {
      d.cancels++;
      d.cancelSum += kop(o.priceWithDisc);
    }
  }
  for (const s of await ofSeller(db.sales, S).toArray()) {
    const d = rowOf(s);
    if (!d) continue;
    if (s.saleID.startsWith('R')) {
      d.returns++;
      d.returnSum += Math.abs(kop(s.priceWithDisc));
    } else {
      d.sales++;
      d.saleSum += kop(s.priceWithDisc);
    }
    d.revenue += kop(s.finishedPrice);
    d.forPay += kop(s.forPay);
  }
  return [...m.values()];
}

/** What the loaders computed before the period roll-ups: the same figures over day × item × region rows. */
const oldPath = {
  async overview(db: SellerLensDb, p: Period) {
    const prev = previousOf(p);
    return comparePeriods(await rawDayRows(db, prev.from, p.to), p, prev);
  },
  async today(db: SellerLensDb, today: string, yesterday: string) {
    const rows = await rawDayRows(db, yesterday, today);
    return {
      today: overview(rows, { from: today, to: today }),
      yesterday: overview(rows, { from: yesterday, to: yesterday }),
    };
  },
  async geography(db: SellerLensDb, p: Period) {
    const rows = await rawDayRows(db, p.from, p.to);
    return { okrug: geography(rows, 'okrug'), region: geography(rows, 'region'), country: geography(rows, 'country') };
  },
  async skus(db: SellerLensDb, p: Period) {
    const feed = (await ofSeller(db.orderFeed, S).toArray()).filter((f) => {
      const day = mskDayOfIso(f.createdAt);
      return day >= p.from && day <= p.to;
    });
    return bySku(await rawDayRows(db, p.from, p.to), await ofSeller(db.cards, S).toArray(), feed);
  },
  async stocks(db: SellerLensDb, today: string) {
    const w = coverWindow(today);
    const stocks = await ofSeller(db.stocks, S).toArray();
    const items = stockCover(stocks, await rawDayRows(db, w.from, w.to), today);
    return { items, risk: outOfStockRisk(items), byWarehouse: stocksByWarehouse(stocks) };
  },
  async ads(db: SellerLensDb, p: Period) {
    const campaigns = await ofSeller(db.campaigns, S).toArray();
    const stats = (await ofSeller(db.adStats, S).toArray()).filter((r) => r.date >= p.from && r.date <= p.to);
    return adsFigures(stats, campaigns, revenueByNm(await rawDayRows(db, p.from, p.to)), p);
  },
};

const PERIODS: [string, Period][] = [
  ['the whole data and more, across a year boundary', { from: '2025-06-15', to: '2026-06-14' }],
  ['mid-month to mid-month across the year boundary', { from: '2025-11-17', to: '2026-01-13' }],
  ['whole months', { from: '2025-11-01', to: '2025-12-31' }],
  ['one whole month', { from: '2025-12-01', to: '2025-12-31' }],
  ['starting on the 29th, ending on the 28th', { from: '2025-11-29', to: '2025-12-28' }],
  ['the last 30 days', { from: '2025-12-22', to: TODAY }],
  ['one day', { from: '2025-12-31', to: '2025-12-31' }],
  ['one week of a month', { from: '2026-01-08', to: '2026-01-14' }],
  ['before any data (empty)', { from: '2024-01-05', to: '2024-03-20' }],
  ['after the data (empty)', { from: '2026-03-02', to: '2026-03-02' }],
];

async function expectSameAsOldPath(db: SellerLensDb, p: Period, label: string) {
  expect(await loadOverview(db, S, p), label).toEqual(await oldPath.overview(db, p));
  expect(await loadGeography(db, S, p), label).toEqual(await oldPath.geography(db, p));
  expect(await loadSkus(db, S, p), label).toEqual(await oldPath.skus(db, p));
  expect(await loadAds(db, S, p), label).toEqual(await oldPath.ads(db, p));
}

describe('loaders over the period roll-ups', () => {
  it('give the old path’s figures for periods with month edges, a year boundary, one day and no data', async () => {
    const db = new SellerLensDb(freshDbName());
    await fillDemo(db, NOW);
    // Not vacuous: the main periods hold orders, regions and items.
    const whole = await loadOverview(db, S, PERIODS[0]![1]);
    expect(whole.now.totals.orders).toBeGreaterThan(2000);
    expect((await loadGeography(db, S, PERIODS[1]![1])).region.length).toBeGreaterThan(5);
    expect((await loadSkus(db, S, PERIODS[1]![1])).length).toBeGreaterThan(20);
    for (const [label, p] of PERIODS) await expectSameAsOldPath(db, p, label);
    for (const today of [TODAY, '2026-01-01', '2025-12-01']) {
      const yesterday = previousOf({ from: today, to: today }).from;
      expect(await loadToday(db, S, today)).toEqual(await oldPath.today(db, today, yesterday));
      expect(await loadStocks(db, S, today)).toEqual(await oldPath.stocks(db, today));
    }
    // Random periods around the data.
    const day = fc.integer({ min: 0, max: 130 }).map((n) => addDays('2025-10-01', n));
    await fc.assert(
      fc.asyncProperty(day, fc.integer({ min: 0, max: 100 }), async (from, len) => {
        const p = { from, to: addDays(from, len) };
        await expectSameAsOldPath(db, p, JSON.stringify(p));
      }),
      { numRuns: 25 },
    );
    db.close();
  }, 120_000);
});

describe('geography of summed entries', () => {
  it('does not depend on the order of the rows (a district or country named by several rows shows «—»)', () => {
    const row = fc.record({
      region: fc.constantFrom('Московская', 'Тульская', ''),
      okrug: fc.constantFrom('ЦФО', 'ПФО', ''),
      country: fc.constantFrom('Россия', 'Беларусь'),
      ...Object.fromEntries(ROLLUP_COUNTERS.map((c) => [c, fc.integer({ min: 0, max: 1000 })])),
    }) as fc.Arbitrary<Parameters<typeof geography>[0] extends Iterable<infer R> ? R : never>;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        for (const level of ['okrug', 'region', 'country'] as const) {
          expect(geography([...rows].reverse(), level)).toEqual(geography(rows, level));
        }
      }),
    );
  });
});

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Records with their entries in one order (entry order is not part of a record's meaning). */
function canonical(recs: PeriodRollupRecord[]) {
  return recs.map((r) => ({
    key: [r.sellerId, r.dim, r.grain, r.bucket],
    entries: r.keys
      .map((k, i) => ({
        k,
        okrug: r.okrugs?.[i] ?? '',
        country: r.countries?.[i] ?? '',
        c: [...r.counters.subarray(i * ROLLUP_COUNTERS.length, (i + 1) * ROLLUP_COUNTERS.length)],
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  }));
}

describe('schema upgrade to version 3', () => {
  it('builds the period roll-ups of existing data from the daily roll-up, equal to those kept on write', async () => {
    const source = new SellerLensDb(freshDbName());
    await fillDemo(source, NOW);
    // The daily roll-up a version-2 user had: the demo's raw rows summed per day, item and region.
    const daily = await rawDayRows(source);
    const other = daily.slice(0, 500).map((r) => ({ ...r, sellerId: 'seller-2' }));
    const tables = ['orders', 'sales', 'orderFeed', 'stocks', 'campaigns', 'adStats', 'cards'] as const;
    const copies = await Promise.all(tables.map((t) => source.table(t).toArray()));

    const name = freshDbName();
    const v2 = new DbV2(name);
    await v2.open();
    await v2.table('dailyOrders').bulkPut([...daily, ...other]);
    await Promise.all(tables.map((t, i) => v2.table(t).bulkPut(copies[i]!)));
    v2.close();

    const db = new SellerLensDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(3);
    const upgraded = await ofSeller(db.periodRollups, S).toArray();
    expect(upgraded.length).toBeGreaterThan(100);
    expect(canonical(upgraded)).toEqual(canonical(await ofSeller(source.periodRollups, S).toArray()));
    expect(await ofSeller(db.periodRollups, 'seller-2').count()).toBeGreaterThan(0);
    for (const [label, p] of PERIODS.slice(0, 4)) await expectSameAsOldPath(db, p, label);
    source.close();
    db.close();
  }, 120_000);
});
