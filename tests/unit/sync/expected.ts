/**
 * What the engine should have stored, computed from the simulator's dataset on its own (the simulator's facts and
 * its rules of visibility), and checks of the stored rows and roll-ups against it.
 */
import { expect } from 'vitest';
import type { DailyOrdersRecord, OrderRecord, SaleRecord, SellerLensDb } from '../../../lib/db/schema';
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

/** The daily roll-up computed here from the raw rows, by key. */
export function rollupOf(orders: OrderRecord[], sales: SaleRecord[]): Map<string, Partial<DailyOrdersRecord>> {
  const out = new Map<string, Record<string, number>>();
  const add = (key: string, field: string, v: number) => {
    const rec = out.get(key) ?? {};
    rec[field] = (rec[field] ?? 0) + v;
    out.set(key, rec);
  };
  for (const o of orders) {
    const k = JSON.stringify([o.date.slice(0, 10), o.nmId, o.regionName]);
    add(k, 'orders', 1);
    add(k, 'orderSum', kop(o.priceWithDisc));
    if (o.isCancel) {
      add(k, 'cancels', 1);
      add(k, 'cancelSum', kop(o.priceWithDisc));
    }
  }
  for (const s of sales) {
    const k = JSON.stringify([s.date.slice(0, 10), s.nmId, s.regionName]);
    if (s.saleID.startsWith('R')) {
      add(k, 'returns', 1);
      add(k, 'returnSum', Math.abs(kop(s.priceWithDisc)));
    } else {
      add(k, 'sales', 1);
      add(k, 'saleSum', kop(s.priceWithDisc));
    }
    add(k, 'revenue', kop(s.finishedPrice));
    add(k, 'forPay', kop(s.forPay));
  }
  return out as Map<string, Partial<DailyOrdersRecord>>;
}

const COUNTERS = [
  'orders',
  'orderSum',
  'cancels',
  'cancelSum',
  'sales',
  'saleSum',
  'returns',
  'returnSum',
  'revenue',
  'forPay',
] as const;

/** The stored roll-up equals the one computed from the stored rows, key by key (no key with all zeros). */
export async function expectRollupMatchesRows(db: SellerLensDb, sellerId: string) {
  const orders = await ofSeller(db.orders, sellerId).toArray();
  const sales = await ofSeller(db.sales, sellerId).toArray();
  const want = rollupOf(orders, sales);
  const got = new Map<string, Partial<DailyOrdersRecord>>();
  for (const r of await ofSeller(db.dailyOrders, sellerId).toArray()) {
    const nonZero = Object.fromEntries(COUNTERS.filter((c) => r[c] !== 0).map((c) => [c, r[c]]));
    got.set(JSON.stringify([r.day, r.nmId, r.region]), nonZero);
  }
  const wantClean = new Map(
    [...want].map(([k, v]) => [k, Object.fromEntries(Object.entries(v).filter(([, x]) => x !== 0))]),
  );
  for (const [k, v] of [...wantClean]) if (Object.keys(v).length === 0) wantClean.delete(k);
  expect(got.size).toBe(wantClean.size);
  expect(Object.fromEntries(got)).toEqual(Object.fromEntries(wantClean));
}
