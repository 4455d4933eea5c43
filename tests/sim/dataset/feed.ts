/**
 * The order feed (`POST /api/analytics/v1/order-feed`): every order including unpaid ones, with its current status
 * (created, buyout, cancel, return, returnDefective) and the time of that status. A first page fixes a snapshot;
 * later pages that pass its `snapshotTime` read the same snapshot even when the data changes meanwhile.
 */
import { CANCEL_TYPES, DESTINATIONS, SELLER_WAREHOUSE } from '../catalog';
import { formatMskOffset } from '../msk-time';
import { ORDER_B2B, ORDER_FBS, SALE_KIND_RETURN_DEFECTIVE, type OrderStore } from './orders';

export const FEED_STATUSES = ['created', 'buyout', 'cancel', 'return', 'returnDefective'] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

const ST_CREATED = 0;
const ST_BUYOUT = 1;
const ST_CANCEL = 2;
const ST_RETURN = 3;
const ST_RETURN_DEFECTIVE = 4;

const STATUS_MULT = 8;
const ROW_MULT = 2 ** 25;

export interface FeedFilters {
  nmIds?: readonly number[];
  brandNames?: readonly string[];
  subjectIds?: readonly number[];
  tagIds?: readonly number[];
}

/** A materialised selection: keys sorted ascending by (status time, order), read from the end (newest first). */
export interface FeedSnapshot {
  snapshotSec: number;
  keys: Float64Array;
  baseSec: number;
}

/** Status of order i at time t and the time it took that status; null when the order does not exist yet. */
export function feedStatusAt(store: OrderStore, i: number, t: number): { status: FeedStatus; sec: number } | null {
  const code = statusCode(store, i, t);
  if (code < 0) return null;
  return { status: FEED_STATUSES[code]!, sec: statusSec(store, i, code) };
}

function statusCode(store: OrderStore, i: number, t: number): number {
  if (store.date[i]! > t) return -1;
  const c = store.cancel[i]!;
  if (c !== 0 && c <= t) return ST_CANCEL;
  const s = store.sale[i]!;
  if (s !== -1 && store.saleDate[s]! <= t) {
    const r = store.saleLink[s]!;
    if (r !== -1 && store.saleDate[r]! <= t) {
      return store.saleKind[r] === SALE_KIND_RETURN_DEFECTIVE ? ST_RETURN_DEFECTIVE : ST_RETURN;
    }
    return ST_BUYOUT;
  }
  return ST_CREATED;
}

function statusSec(store: OrderStore, i: number, code: number): number {
  switch (code) {
    case ST_CANCEL:
      return store.cancel[i]!;
    case ST_BUYOUT:
      return store.saleDate[store.sale[i]!]!;
    case ST_RETURN:
    case ST_RETURN_DEFECTIVE:
      return store.saleDate[store.saleLink[store.sale[i]!]!]!;
    default:
      return store.date[i]!;
  }
}

/** Orders whose current status time at `t` lies in [startSec, endSec] and that pass the filters. */
export function materializeFeed(
  store: OrderStore,
  t: number,
  startSec: number,
  endSec: number,
  filters: FeedFilters,
  matches: (i: number, f: FeedFilters) => boolean,
): FeedSnapshot {
  const baseSec = store.orderEvents.baseSec;
  let keys = new Float64Array(1024);
  let n = 0;
  const filtered = hasFilters(filters);
  for (let i = 0; i < store.count; i++) {
    const code = statusCode(store, i, t);
    if (code < 0) continue;
    const sec = statusSec(store, i, code);
    if (sec < startSec || sec > endSec || sec > t) continue;
    if (filtered && !matches(i, filters)) continue;
    if (n === keys.length) {
      const next = new Float64Array(keys.length * 2);
      next.set(keys);
      keys = next;
    }
    keys[n++] = (sec - baseSec) * ROW_MULT + i * STATUS_MULT + code;
  }
  return { snapshotSec: t, keys: keys.slice(0, n).sort(), baseSec };
}

function hasFilters(f: FeedFilters): boolean {
  return Boolean(f.nmIds?.length || f.brandNames?.length || f.subjectIds?.length || f.tagIds?.length);
}

/** The page [offset, offset+limit) of a snapshot, newest first, as JSON texts of Order objects. */
export function feedPage(store: OrderStore, snap: FeedSnapshot, offset: number, limit: number): string[] {
  const out: string[] = [];
  const n = snap.keys.length;
  for (let k = offset; k < Math.min(n, offset + limit); k++) {
    const key = snap.keys[n - 1 - k]!;
    const sec = Math.floor(key / ROW_MULT) + snap.baseSec;
    const rest = key % ROW_MULT;
    const i = Math.floor(rest / STATUS_MULT);
    const code = rest % STATUS_MULT;
    out.push(feedOrderJson(store, i, code, sec));
  }
  return out;
}

function feedOrderJson(store: OrderStore, i: number, code: number, sec: number): string {
  const p = store.productOf(i);
  const size = p.sizes[store.size[i]!]!;
  const fbs = (store.flags[i]! & ORDER_FBS) !== 0;
  const dest = DESTINATIONS[store.dest[i]!]!;
  const warehouseName = fbs ? SELLER_WAREHOUSE.name : 'Склад WB';
  const warehouseRegion = fbs ? SELLER_WAREHOUSE.region : '';
  const cancelType = code === ST_CANCEL ? `"cancelType":"${CANCEL_TYPES[store.cancelType[i]!]}",` : '';
  return (
    `{"srid":"${store.srid(i)}","nmId":${p.nmId},"chrtId":${size.chrtId},` +
    `"createdAt":"${formatMskOffset(store.date[i]!)}","updatedAt":"${formatMskOffset(sec)}",` +
    `"status":"${FEED_STATUSES[code]}",${cancelType}"warehouseName":${JSON.stringify(warehouseName)},` +
    `"warehouseRegion":${JSON.stringify(warehouseRegion)},"isMp":${fbs},` +
    `"destinationCity":${JSON.stringify(dest.city)},"destinationDistrict":${JSON.stringify(dest.district)},` +
    `"sellerPrice":${store.priceWithDisc(i)},"isB2b":${(store.flags[i]! & ORDER_B2B) !== 0}}`
  );
}
