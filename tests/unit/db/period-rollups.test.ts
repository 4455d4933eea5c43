import Dexie from 'dexie';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayOf, putOrders, putSales } from '../../../lib/db/orders';
import {
  bucketEnd,
  bucketOf,
  coverOf,
  PeriodDeltas,
  ROLLUP_COUNTERS,
  ROLLUP_DIMS,
  ROLLUP_GRAINS,
} from '../../../lib/db/period-rollups';
import { ofSeller, SellerLensDb, type DailyOrdersRecord } from '../../../lib/db/schema';
import { clearHistoryBefore, purgeSellerRows } from '../../../lib/db/seller-data';
import type { OrderRow, SaleRow } from '../../../lib/wb-api/statistics';
import { freshDbName } from '../sync/helpers';
import { addDayRows } from './day-rows';

const S = 'seller-1';
const OTHER = 'seller-2';

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

describe('buckets and the cover of a period', () => {
  it('puts a day in its week of the month and its month', () => {
    const table: [string, string, string, string][] = [
      // day, week bucket, week end, month bucket
      ['2026-01-01', '2026-01-01', '2026-01-07', '2026-01-01'],
      ['2026-01-07', '2026-01-01', '2026-01-07', '2026-01-01'],
      ['2026-01-08', '2026-01-08', '2026-01-14', '2026-01-01'],
      ['2026-01-28', '2026-01-22', '2026-01-28', '2026-01-01'],
      ['2026-01-29', '2026-01-29', '2026-01-31', '2026-01-01'],
      ['2026-01-31', '2026-01-29', '2026-01-31', '2026-01-01'],
      ['2026-02-28', '2026-02-22', '2026-02-28', '2026-02-01'],
      ['2028-02-29', '2028-02-29', '2028-02-29', '2028-02-01'],
      ['2026-04-30', '2026-04-29', '2026-04-30', '2026-04-01'],
    ];
    for (const [day, week, weekEnd, month] of table) {
      expect([bucketOf(day, 'day'), bucketOf(day, 'week'), bucketEnd(week, 'week'), bucketOf(day, 'month')]).toEqual([
        day,
        week,
        weekEnd,
        month,
      ]);
    }
    expect(bucketEnd('2026-02-01', 'month')).toBe('2026-02-28');
    expect(bucketEnd('2028-02-01', 'month')).toBe('2028-02-29');
    expect(bucketEnd('2026-12-01', 'month')).toBe('2026-12-31');
  });

  it('covers a period with whole months in the middle and weeks and days at its edges', () => {
    expect(coverOf('2025-11-27', '2026-11-27')).toEqual([
      { grain: 'day', from: '2025-11-27', to: '2025-11-28' },
      { grain: 'week', from: '2025-11-29', to: '2025-11-29' },
      { grain: 'month', from: '2025-12-01', to: '2026-10-01' },
      { grain: 'week', from: '2026-11-01', to: '2026-11-15' },
      { grain: 'day', from: '2026-11-22', to: '2026-11-27' },
    ]);
    expect(coverOf('2026-03-01', '2026-03-31')).toEqual([{ grain: 'month', from: '2026-03-01', to: '2026-03-01' }]);
    expect(coverOf('2026-03-05', '2026-03-05')).toEqual([{ grain: 'day', from: '2026-03-05', to: '2026-03-05' }]);
    expect(coverOf('2026-03-06', '2026-03-05')).toEqual([]);
  });

  it('covers every day of any period exactly once, with few buckets', () => {
    const day = fc
      .integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2028, 11, 31) })
      .map((t) => new Date(t - (t % 86_400_000)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 800 }), (from, len) => {
        const to = addDays(from, len);
        const runs = coverOf(from, to);
        const covered: string[] = [];
        let buckets = 0;
        for (const r of runs) {
          for (let b = r.from; b <= r.to;) {
            expect(bucketOf(b, r.grain)).toBe(b);
            covered.push(...days(b, bucketEnd(b, r.grain)));
            buckets++;
            b = addDays(bucketEnd(b, r.grain), 1);
            if (r.grain !== 'day' && b <= r.to) expect(bucketOf(b, r.grain)).toBe(b);
          }
        }
        expect(covered).toEqual(days(from, to));
        expect(runs.length).toBeLessThanOrEqual(5);
        // Months, plus at most 4 weeks and 6 days at each edge.
        expect(buckets).toBeLessThanOrEqual(Math.ceil((len + 1) / 28) + 2 * (4 + 6));
      }),
      { numRuns: 300 },
    );
  });
});

// --- Random data: regions keep one district and country each, as WB names them. ---

const REGIONS: [string, string, string][] = [
  ['Московская', 'Центральный федеральный округ', 'Россия'],
  ['Тульская', 'Центральный федеральный округ', 'Россия'],
  ['Свердловская', 'Уральский федеральный округ', 'Россия'],
  ['', 'Приволжский федеральный округ', 'Россия'],
  ['Минская', '', 'Беларусь'],
];
const DAYS = days('2025-12-20', '2026-02-10');
const money = fc.integer({ min: 1, max: 500_000 }).map((k) => k / 100);

function orderRow(o: {
  srid: string;
  day: string;
  nmId: number;
  region: number;
  price: number;
  cancel: boolean;
  zone: boolean;
}): OrderRow {
  const [regionName, oblastOkrugName, countryName] = REGIONS[o.region]!;
  return {
    // A time with a zone is converted to the Moscow day (21:30Z is the next day in Moscow).
    date: o.zone ? `${o.day}T21:30:00Z` : `${o.day}T10:00:00`,
    lastChangeDate: `${o.day}T10:20:00`,
    warehouseName: 'Коледино',
    warehouseType: 'Склад WB',
    countryName,
    oblastOkrugName,
    regionName,
    supplierArticle: `A-${o.nmId}`,
    nmId: o.nmId,
    barcode: '1',
    category: 'Одежда',
    subject: 'Платья',
    brand: 'Бренд',
    techSize: '44',
    incomeID: 1,
    isSupply: false,
    isRealization: true,
    totalPrice: o.price * 2,
    discountPercent: 50,
    spp: 0,
    finishedPrice: o.price,
    priceWithDisc: o.price,
    sticker: '1',
    gNumber: `g-${o.srid}`,
    srid: o.srid,
    isCancel: o.cancel,
    cancelDate: o.cancel ? `${o.day}T12:00:00` : '0001-01-01T00:00:00',
  };
}

function saleRow(s: {
  id: string;
  day: string;
  nmId: number;
  region: number;
  price: number;
  forPay: number;
  zone: boolean;
}): SaleRow {
  const { isCancel: _c, cancelDate: _d, ...base } = orderRow({ ...s, srid: `o-${s.id}`, cancel: false });
  const sign = s.id.startsWith('R') ? -1 : 1;
  return {
    ...base,
    saleID: s.id,
    paymentSaleAmount: 0,
    priceWithDisc: sign * s.price,
    finishedPrice: sign * s.price,
    forPay: sign * s.forPay,
  };
}

const arbOrder = fc.record({
  srid: fc.integer({ min: 1, max: 40 }).map((n) => `o${n}`),
  day: fc.constantFrom(...DAYS),
  nmId: fc.integer({ min: 1, max: 6 }),
  region: fc.integer({ min: 0, max: REGIONS.length - 1 }),
  price: money,
  cancel: fc.boolean(),
  zone: fc.boolean(),
});
const arbSale = fc.record({
  id: fc.tuple(fc.constantFrom('S', 'R'), fc.integer({ min: 1, max: 30 })).map(([p, n]) => `${p}${n}`),
  day: fc.constantFrom(...DAYS),
  nmId: fc.integer({ min: 1, max: 6 }),
  region: fc.integer({ min: 0, max: REGIONS.length - 1 }),
  price: money,
  // 0 first, as WB sends before it fills the payout in.
  forPay: fc.oneof(fc.constant(0), money),
  zone: fc.boolean(),
});
const arbBatch = fc.oneof(
  fc.record({ kind: fc.constant('orders' as const), rows: fc.array(arbOrder, { minLength: 1, maxLength: 25 }) }),
  fc.record({ kind: fc.constant('sales' as const), rows: fc.array(arbSale, { minLength: 1, maxLength: 25 }) }),
);

async function writeBatch(db: SellerLensDb, sellerId: string, b: Batch) {
  const tables = [db.orders, db.sales, db.periodRollups];
  await db.transaction('rw', tables, async () => {
    if (b.kind === 'orders') await putOrders(db, sellerId, b.rows.map(orderRow));
    else await putSales(db, sellerId, b.rows.map(saleRow));
  });
}
type Batch =
  { kind: 'orders'; rows: Parameters<typeof orderRow>[0][] } | { kind: 'sales'; rows: Parameters<typeof saleRow>[0][] };

// --- Canonical forms: `dim|grain|bucket|entry` → the counters (entries whose counters are all 0 left out). ---

type Canon = Map<string, number[]>;

function entryOf(dim: string, nmId: number, region: string, okrug: string, country: string): string {
  return dim === 'total' ? '' : dim === 'sku' ? String(nmId) : `${region}/${okrug}/${country}`;
}

function addCanon(out: Canon, day: string, entry: (dim: string) => string, sums: readonly number[]) {
  for (const grain of ROLLUP_GRAINS) {
    for (const dim of ROLLUP_DIMS) {
      const id = `${dim}|${grain}|${bucketOf(day, grain)}|${entry(dim)}`;
      const acc = out.get(id) ?? ROLLUP_COUNTERS.map(() => 0);
      sums.forEach((v, i) => (acc[i]! += v));
      out.set(id, acc);
    }
  }
}

function dropZeros(m: Canon): Canon {
  for (const [k, v] of m) if (v.every((x) => x === 0)) m.delete(k);
  return m;
}

/** The period roll-ups computed here from raw orders and sales. */
async function canonFromRaw(db: SellerLensDb, sellerId: string): Promise<Canon> {
  const out: Canon = new Map();
  const k = (x: number) => Math.round(x * 100);
  for (const o of await ofSeller(db.orders, sellerId).toArray()) {
    const c = o.isCancel ? 1 : 0;
    addCanon(out, dayOf(o.date), (dim) => entryOf(dim, o.nmId, o.regionName, o.oblastOkrugName, o.countryName), [
      1,
      k(o.priceWithDisc),
      c,
      c * k(o.priceWithDisc),
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
  }
  for (const s of await ofSeller(db.sales, sellerId).toArray()) {
    const ret = s.saleID.startsWith('R');
    const p = k(s.priceWithDisc);
    addCanon(
      out,
      dayOf(s.date),
      (dim) => entryOf(dim, s.nmId, s.regionName, s.oblastOkrugName, s.countryName),
      ret
        ? [0, 0, 0, 0, 0, 0, 1, Math.abs(p), k(s.finishedPrice), k(s.forPay)]
        : [0, 0, 0, 0, 1, p, 0, 0, k(s.finishedPrice), k(s.forPay)],
    );
  }
  return dropZeros(out);
}

/** The period roll-ups computed here from the daily roll-up. */
function canonFromDaily(rows: readonly DailyOrdersRecord[]): Canon {
  const out: Canon = new Map();
  for (const r of rows) {
    addCanon(
      out,
      r.day,
      (dim) => entryOf(dim, r.nmId, r.region, r.okrug, r.country),
      ROLLUP_COUNTERS.map((c) => r[c]),
    );
  }
  return dropZeros(out);
}

/** The stored period roll-ups, decoded; no entry twice, none all zeros, no record without entries. */
async function storedCanon(db: SellerLensDb, sellerId: string): Promise<Canon> {
  const out: Canon = new Map();
  for (const r of await ofSeller(db.periodRollups, sellerId).toArray()) {
    expect(r.keys.length).toBeGreaterThan(0);
    expect(r.counters.length).toBe(r.keys.length * ROLLUP_COUNTERS.length);
    r.keys.forEach((key, i) => {
      const id = `${r.dim}|${r.grain}|${r.bucket}|${entryOf(r.dim, key as number, key as string, r.okrugs?.[i] ?? '', r.countries?.[i] ?? '')}`;
      expect(out.has(id), id).toBe(false);
      const v = [...r.counters.subarray(i * 10, i * 10 + 10)];
      expect(
        v.some((x) => x !== 0),
        id,
      ).toBe(true);
      expect(v.every(Number.isInteger), id).toBe(true);
      out.set(id, v);
    });
  }
  return out;
}

describe('period roll-ups kept on write', () => {
  it('equal a recomputation from the raw rows after random upserts and replacements', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbBatch, { minLength: 1, maxLength: 6 }), async (batches) => {
        const db = new SellerLensDb(freshDbName());
        try {
          for (const b of batches) {
            await writeBatch(db, S, b);
            // Another seller's writes never touch this seller's roll-ups.
            await writeBatch(db, OTHER, b);
          }
          const stored = await storedCanon(db, S);
          expect(stored).toEqual(await canonFromRaw(db, S));
        } finally {
          db.close();
          await Dexie.delete(db.name);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('gathered over several writes of one transaction (PeriodDeltas), equal a recomputation from the raw rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(arbBatch, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
        async (transactions) => {
          const db = new SellerLensDb(freshDbName());
          try {
            for (const batches of transactions) {
              await db.transaction('rw', [db.orders, db.sales, db.periodRollups], async () => {
                // The chunks of one transaction: a row may come again in a later one, replacing what an earlier
                // one stored (its stored version is then the earlier chunk's, read inside the transaction).
                const gathered = new PeriodDeltas();
                for (const b of batches) {
                  if (b.kind === 'orders') await putOrders(db, S, b.rows.map(orderRow), undefined, gathered);
                  else await putSales(db, S, b.rows.map(saleRow), undefined, gathered);
                }
                await gathered.writeTo(db.periodRollups);
                expect(gathered.size).toBe(0);
              });
            }
            expect(await storedCanon(db, S)).toEqual(await canonFromRaw(db, S));
          } finally {
            db.close();
            await Dexie.delete(db.name);
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it('follow the history cleared before a mid-month day, and leave nothing of a removed seller', async () => {
    const db = new SellerLensDb(freshDbName());
    const batches = fc.sample(arbBatch, { seed: 7, numRuns: 30 });
    for (const b of batches) {
      await writeBatch(db, S, b);
      await writeBatch(db, OTHER, b);
    }
    const otherBefore = await storedCanon(db, OTHER);
    await clearHistoryBefore(db, S, '2026-01-17');
    const stored = await storedCanon(db, S);
    expect(stored).toEqual(await canonFromRaw(db, S));
    expect([...stored.keys()].some((k) => k.startsWith('total|month|2026-01-01'))).toBe(true);
    expect([...stored.keys()].some((k) => k.includes('|2025-12-'))).toBe(false);
    expect(await storedCanon(db, OTHER)).toEqual(otherBefore);
    await purgeSellerRows(db, S);
    expect(await ofSeller(db.periodRollups, S).count()).toBe(0);
    expect(await storedCanon(db, OTHER)).toEqual(otherBefore);
    db.close();
  }, 60_000);

  it('follow hand-made day rows added and taken back, to zero', async () => {
    const db = new SellerLensDb(freshDbName());
    const row = (day: string, nmId: number, region: number, orders: number, revenue: number): DailyOrdersRecord => {
      const [name, okrug, country] = REGIONS[region]!;
      const r = { sellerId: S, day, nmId, region: name, okrug, country } as DailyOrdersRecord;
      for (const c of ROLLUP_COUNTERS) r[c] = 0;
      return { ...r, orders, orderSum: orders * 1000, revenue };
    };
    await addDayRows(db, [
      row('2025-12-31', 1, 0, 2, 500),
      row('2026-01-01', 1, 0, 1, 0),
      row('2026-01-01', 2, 4, 3, 0),
    ]);
    await addDayRows(db, [row('2025-12-31', 1, 0, 3, -700), row('2026-01-01', 2, 4, -3, 0)]);
    const stored = await storedCanon(db, S);
    expect(stored).toEqual(canonFromDaily([row('2025-12-31', 1, 0, 5, -200), row('2026-01-01', 1, 0, 1, 0)]));
    expect(stored.get('total|month|2025-12-01|')).toEqual([5, 5000, 0, 0, 0, 0, 0, 0, -200, 0]);
    expect([...stored.keys()].some((k) => k.startsWith('sku|') && k.endsWith('|2'))).toBe(false);
    db.close();
  });
});
