/**
 * What the engine should have stored, computed from the simulator's dataset on its own (the simulator's facts and
 * its rules of visibility), and checks of the stored rows and roll-ups against it.
 */
import { expect } from 'vitest';
import Dexie from 'dexie';
import {
  bucketOf,
  ROLLUP_COUNTERS,
  ROLLUP_DIMS,
  ROLLUP_GRAINS,
  totalsAt,
  type RollupCounter,
  type RollupTotals,
} from '../../../lib/db/period-rollups';
import type { OrderRecord, RollupDim, SaleRecord, SellerLensDb } from '../../../lib/db/schema';
import { ofSeller } from '../../../lib/db/schema';
import type { WbSimulator } from '../../sim';
import { feedStatusAt } from '../../sim/dataset/feed';
import { mskDay, mskDayStartSec } from '../../sim/msk-time';

type Store = WbSimulator['dataset']['orders'];

export const ORDERS_PATH = '/api/v1/supplier/orders';
export const SALES_PATH = '/api/v1/supplier/sales';

/** The simulator's time (unix seconds) of the last successful request to `path`. */
export function lastOkSec(sim: WbSimulator, path: string, sellerId?: string): number {
  const r = [...sim.requests]
    .reverse()
    .find((x) => x.path === path && x.status === 200 && (!sellerId || x.sellerId === sellerId));
  if (!r) throw new Error(`no successful request to ${path}`);
  return Math.floor(r.time / 1000);
}

/** Orders WB shows at `sec`, as WB's JSON rows, by srid. */
export function visibleOrders(store: Store, sec: number): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < store.count; i++) {
    if (store.orderVisible(i, sec)) out.set(store.srid(i), JSON.parse(store.orderJson(i, sec)));
  }
  return out;
}

/** Sales and returns WB shows at `sec`, as WB's JSON rows, by saleID. */
export function visibleSales(store: Store, sec: number): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let s = 0; s < store.saleCount; s++) {
    if (store.saleVisible(s, sec)) out.set(store.saleId(s), JSON.parse(store.saleJson(s, sec)));
  }
  return out;
}

/** Order-feed statuses (by srid) in WB's 31-day window at `sec`. */
export function feedStatuses(store: Store, sec: number): Map<string, string> {
  const start = mskDayStartSec(mskDay(sec) - 30);
  const out = new Map<string, string>();
  for (let i = 0; i < store.count; i++) {
    const st = feedStatusAt(store, i, sec);
    if (st && st.sec >= start && st.sec <= sec) out.set(store.srid(i), st.status);
  }
  return out;
}

const ORDER_FIELDS = ['date', 'lastChangeDate', 'nmId', 'regionName', 'priceWithDisc', 'finishedPrice', 'isCancel'];
const SALE_FIELDS = ['date', 'lastChangeDate', 'nmId', 'regionName', 'priceWithDisc', 'finishedPrice', 'forPay'];

function pick(row: Record<string, unknown>, fields: string[]) {
  return Object.fromEntries(fields.map((f) => [f, row[f]]));
}

/** The stored orders are exactly `expected`, with WB's values. */
export async function expectOrders(db: SellerLensDb, sellerId: string, expected: Map<string, Record<string, unknown>>) {
  const rows = await ofSeller(db.orders, sellerId).toArray();
  expect(rows.length).toBe(expected.size);
  expect(new Set(rows.map((r) => r.srid))).toEqual(new Set(expected.keys()));
  for (const r of rows) {
    expect(pick(r as unknown as Record<string, unknown>, ORDER_FIELDS), r.srid).toEqual(
      pick(expected.get(r.srid)!, ORDER_FIELDS),
    );
  }
}

export async function expectSales(db: SellerLensDb, sellerId: string, expected: Map<string, Record<string, unknown>>) {
  const rows = await ofSeller(db.sales, sellerId).toArray();
  expect(rows.length).toBe(expected.size);
  expect(new Set(rows.map((r) => r.saleID))).toEqual(new Set(expected.keys()));
  for (const r of rows) {
    expect(pick(r as unknown as Record<string, unknown>, SALE_FIELDS), r.saleID).toEqual(
      pick(expected.get(r.saleID)!, SALE_FIELDS),
    );
  }
}

const kop = (x: number) => Math.round(x * 100);

type Counters = Partial<Record<RollupCounter, number>>;

/** An entry's id in a dimension: '' for the total, the nmId, or the region with its district and country. */
function entryId(dim: RollupDim, nmId: number, region: string, okrug: string, country: string): string {
  return dim === 'total' ? '' : dim === 'sku' ? String(nmId) : `${region}/${okrug}/${country}`;
}

/**
 * The period roll-ups computed here from the raw rows: `dim|grain|bucket|entry` → its counters (zeros left out, and
 * entries with nothing left out).
 */
export function rollupOf(orders: OrderRecord[], sales: SaleRecord[]): Map<string, Counters> {
  const out = new Map<string, Counters>();
  const add = (
    r: { date: string; nmId: number; regionName: string; oblastOkrugName: string; countryName: string },
    field: RollupCounter,
    v: number,
  ) => {
    const day = r.date.slice(0, 10);
    for (const dim of ROLLUP_DIMS) {
      for (const grain of ROLLUP_GRAINS) {
        const key = `${dim}|${grain}|${bucketOf(day, grain)}|${entryId(dim, r.nmId, r.regionName, r.oblastOkrugName, r.countryName)}`;
        const rec = out.get(key) ?? {};
        rec[field] = (rec[field] ?? 0) + v;
        out.set(key, rec);
      }
    }
  };
  for (const o of orders) {
    add(o, 'orders', 1);
    add(o, 'orderSum', kop(o.priceWithDisc));
    if (o.isCancel) {
      add(o, 'cancels', 1);
      add(o, 'cancelSum', kop(o.priceWithDisc));
    }
  }
  for (const s of sales) {
    if (s.saleID.startsWith('R')) {
      add(s, 'returns', 1);
      add(s, 'returnSum', Math.abs(kop(s.priceWithDisc)));
    } else {
      add(s, 'sales', 1);
      add(s, 'saleSum', kop(s.priceWithDisc));
    }
    add(s, 'revenue', kop(s.finishedPrice));
    add(s, 'forPay', kop(s.forPay));
  }
  for (const [k, v] of out) {
    const clean = Object.fromEntries(Object.entries(v).filter(([, x]) => x !== 0)) as Counters;
    if (Object.keys(clean).length === 0) out.delete(k);
    else out.set(k, clean);
  }
  return out;
}

/** The stored period roll-ups in rollupOf's form (zeros left out; an entry stored twice fails). */
async function storedRollups(db: SellerLensDb, sellerId: string): Promise<Map<string, Counters>> {
  const got = new Map<string, Counters>();
  for (const r of await ofSeller(db.periodRollups, sellerId).toArray()) {
    r.keys.forEach((k, i) => {
      const id = `${r.dim}|${r.grain}|${r.bucket}|${entryId(r.dim, k as number, k as string, r.okrugs?.[i] ?? '', r.countries?.[i] ?? '')}`;
      expect(got.has(id), id).toBe(false);
      const t = totalsAt(r.counters, i);
      got.set(id, Object.fromEntries(ROLLUP_COUNTERS.filter((c) => t[c] !== 0).map((c) => [c, t[c]])));
    });
  }
  return got;
}

/** The stored period roll-ups (every dimension and grain) equal the ones computed from the stored raw rows. */
export async function expectRollupMatchesRows(db: SellerLensDb, sellerId: string) {
  const orders = await ofSeller(db.orders, sellerId).toArray();
  const sales = await ofSeller(db.sales, sellerId).toArray();
  const want = rollupOf(orders, sales);
  const got = await storedRollups(db, sellerId);
  expect(got.size).toBe(want.size);
  expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
}

/** The seller's stored totals over every day (the total dimension's day records summed). */
export async function rollupTotals(db: SellerLensDb, sellerId: string): Promise<RollupTotals> {
  const days = await db.periodRollups
    .where(':id')
    .between([sellerId, 'total', 'day', Dexie.minKey], [sellerId, 'total', 'day', Dexie.maxKey], true, true)
    .toArray();
  const sum = totalsAt(new Float64Array(ROLLUP_COUNTERS.length), 0);
  for (const d of days) {
    const t = totalsAt(d.counters, 0);
    for (const c of ROLLUP_COUNTERS) sum[c] += t[c];
  }
  return sum;
}
