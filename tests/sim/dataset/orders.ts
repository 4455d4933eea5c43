/**
 * Orders and sales/returns of a simulated seller, kept in compact typed arrays so that a million orders fit in
 * memory, with the lifecycle of each order laid out in time: placed, maybe cancelled, maybe bought out (a sale whose
 * money fields fill in hours later), maybe returned. What WB shows at a moment is derived from these times and the
 * virtual clock, so advancing the clock makes orders change, exactly as an incremental sync sees them.
 */
import { CANCEL_TYPES, DESTINATIONS, SELLER_WAREHOUSE, WB_WAREHOUSES } from '../catalog';
import { formatMsk, mskDay } from '../msk-time';
import { hashDigits, hashInt, hashUnit, Rng } from '../prng';
import type { Product } from './products';

export const ORDER_UNCONFIRMED = 1;
export const ORDER_B2B = 2;
export const ORDER_FBS = 4;

export const SALE_KIND_SALE = 0;
export const SALE_KIND_RETURN = 1;
export const SALE_KIND_RETURN_DEFECTIVE = 2;

/** Event kinds of an order: placed (created), cancelled, "touched" (a later change made by a mutation helper). */
export const EV_CREATED = 0;
export const EV_CANCEL = 1;
export const EV_TOUCHED = 2;
/** Event kinds of a sale row: it appears with zero money fields, then the fields fill in. */
export const EV_SALE_APPEARS = 0;
export const EV_SALE_FILLED = 1;

const ROW_LIMIT = 2 ** 22;
const TIME_MULT = 2 ** 24;

/** "Not cancelled" as WB writes it. */
export const NO_CANCEL_DATE = '0001-01-01T00:00:00';

/**
 * Events (time, row, kind) sorted by time, packed into one Float64Array so a native numeric sort orders them:
 * key = (time - base) * 2^24 + row * 4 + kind. Rows < 2^22, times < base + 2^29 s.
 */
export class EventIndex {
  keys = new Float64Array(0);
  dirty = true;

  constructor(readonly baseSec: number) {}

  key(timeSec: number, row: number, kind: number): number {
    return Math.max(0, timeSec - this.baseSec) * TIME_MULT + row * 4 + kind;
  }

  /** Rebuilds from a producer that calls `add` for every event. */
  rebuild(maxEvents: number, produce: (add: (timeSec: number, row: number, kind: number) => void) => void): void {
    const keys = new Float64Array(maxEvents);
    let n = 0;
    produce((t, r, k) => {
      keys[n++] = this.key(t, r, k);
    });
    this.keys = keys.subarray(0, n).sort();
    this.dirty = false;
  }

  /** First position whose time is >= fromSec. */
  lowerBound(fromSec: number): number {
    const target = Math.max(0, fromSec - this.baseSec) * TIME_MULT;
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  timeAt(pos: number): number {
    return Math.floor(this.keys[pos]! / TIME_MULT) + this.baseSec;
  }

  rowAt(pos: number): number {
    return Math.floor((this.keys[pos]! % TIME_MULT) / 4);
  }

  kindAt(pos: number): number {
    return this.keys[pos]! % 4;
  }
}

function grow<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array>(arr: T, size: number): T {
  const Ctor = arr.constructor as new (n: number) => T;
  const next = new Ctor(size);
  next.set(arr);
  return next;
}

/** Facts about one order, for tests that compute expected figures on their own. */
export interface OrderFacts {
  index: number;
  srid: string;
  gNumber: string;
  sticker: string;
  nmId: number;
  chrtId: number;
  barcode: string;
  supplierArticle: string;
  brand: string;
  subject: string;
  techSize: string;
  warehouseName: string;
  /** Order time, unix seconds. */
  dateSec: number;
  /** When the order first shows up in statistics (its first lastChangeDate), unix seconds. */
  createdSec: number;
  /** Cancellation time, or null when it is never cancelled. */
  cancelSec: number | null;
  cancelType: (typeof CANCEL_TYPES)[number] | null;
  /** Time of a later change made by `mutate.changeOrders`, or null. */
  touchedSec: number | null;
  /** Payment not confirmed: absent from statistics, present in the order feed. */
  unconfirmed: boolean;
  isB2b: boolean;
  /** From the seller's warehouse (FBS). */
  fbs: boolean;
  totalPrice: number;
  discountPercent: number;
  spp: number;
  finishedPrice: number;
  priceWithDisc: number;
  /** Index of its sale row, or null when it is never bought out. */
  saleIndex: number | null;
}

export interface SaleFacts {
  index: number;
  saleID: string;
  orderIndex: number;
  kind: 'sale' | 'return' | 'returnDefective';
  /** Sale or return time, unix seconds. */
  dateSec: number;
  /** When forPay/finishedPrice/priceWithDisc fill in (they are 0 before), unix seconds. */
  fillSec: number;
  forPay: number;
  finishedPrice: number;
  priceWithDisc: number;
  /** For a sale: its return's index; for a return: its sale's index; else null. */
  linkIndex: number | null;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export interface OrderGenParams {
  seed: number;
  count: number;
  anchorSec: number;
  historyDays: number;
  products: readonly Product[];
  /** Single digit that keeps saleIDs of different sellers apart. */
  sellerDigit: number;
  retentionDays: number;
}

/** Orders (compact, sorted by order time as generated) and the sales/returns that follow them. */
export class OrderStore {
  count = 0;
  product = new Uint16Array(0);
  size = new Uint8Array(0);
  warehouse = new Uint8Array(0);
  dest = new Uint8Array(0);
  basket = new Int32Array(0);
  basketPos = new Uint8Array(0);
  date = new Uint32Array(0);
  created = new Uint32Array(0);
  cancel = new Uint32Array(0);
  touched = new Uint32Array(0);
  spp = new Uint8Array(0);
  flags = new Uint8Array(0);
  cancelType = new Uint8Array(0);
  sale = new Int32Array(0);
  baskets = 0;

  saleCount = 0;
  saleOrder = new Int32Array(0);
  saleKind = new Uint8Array(0);
  saleDate = new Uint32Array(0);
  saleFill = new Uint32Array(0);
  saleLink = new Int32Array(0);

  readonly orderEvents: EventIndex;
  readonly saleEvents: EventIndex;
  readonly retentionSec: number;
  private readonly rng: Rng;
  private readonly productCum: Float64Array;
  private readonly warehouseCum: Float64Array;
  private readonly destCum: Float64Array;
  /** Pre-serialised JSON fragments per product size, warehouse and destination (fast page serialisation). */
  private readonly sizeFrag: string[][];
  private readonly warehouseFrag: string[];
  private readonly destFrag: string[];

  constructor(readonly params: OrderGenParams) {
    this.rng = new Rng(params.seed * 31 + 7);
    this.retentionSec = params.retentionDays * 86_400;
    const base = params.anchorSec - (params.historyDays + 30) * 86_400;
    this.orderEvents = new EventIndex(base);
    this.saleEvents = new EventIndex(base);
    // Popularity: a few items sell a lot (Zipf-like), in a seller-specific order.
    const n = params.products.length;
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const weights = new Float64Array(n);
    for (let r = 0; r < n; r++) weights[perm[r]!] = 1 / Math.pow(r + 3, 0.9);
    this.productCum = cumulative(weights);
    this.warehouseCum = cumulative(Float64Array.from(WB_WAREHOUSES, (w) => w.weight));
    this.destCum = cumulative(Float64Array.from(DESTINATIONS, (d) => d.weight));
    this.sizeFrag = params.products.map((p) =>
      p.sizes.map(
        (s) =>
          `"supplierArticle":${JSON.stringify(p.vendorCode)},"nmId":${p.nmId},"barcode":${JSON.stringify(s.barcode)},` +
          `"category":${JSON.stringify(p.subject.category)},"subject":${JSON.stringify(p.subject.name)},` +
          `"brand":${JSON.stringify(p.brand)},"techSize":${JSON.stringify(s.techSize)}`,
      ),
    );
    this.warehouseFrag = [
      ...WB_WAREHOUSES.map((w) => `"warehouseName":${JSON.stringify(w.name)},"warehouseType":"Склад WB"`),
      `"warehouseName":${JSON.stringify(SELLER_WAREHOUSE.name)},"warehouseType":"Склад продавца"`,
    ];
    this.destFrag = DESTINATIONS.map(
      (d) =>
        `"countryName":${JSON.stringify(d.country)},"oblastOkrugName":${JSON.stringify(d.okrug)},` +
        `"regionName":${JSON.stringify(d.region)}`,
    );
    this.generate();
  }

  private ensureOrderCapacity(n: number): void {
    if (n <= this.date.length) return;
    if (n > ROW_LIMIT) throw new Error(`simulator: at most ${ROW_LIMIT} orders per seller`);
    const size = Math.min(ROW_LIMIT, Math.max(n, Math.ceil(this.date.length * 1.25) + 1024));
    this.product = grow(this.product, size);
    this.size = grow(this.size, size);
    this.warehouse = grow(this.warehouse, size);
    this.dest = grow(this.dest, size);
    this.basket = grow(this.basket, size);
    this.basketPos = grow(this.basketPos, size);
    this.date = grow(this.date, size);
    this.created = grow(this.created, size);
    this.cancel = grow(this.cancel, size);
    this.touched = grow(this.touched, size);
    this.spp = grow(this.spp, size);
    this.flags = grow(this.flags, size);
    this.cancelType = grow(this.cancelType, size);
    this.sale = grow(this.sale, size);
  }

  private ensureSaleCapacity(n: number): void {
    if (n <= this.saleDate.length) return;
    if (n > ROW_LIMIT) throw new Error(`simulator: at most ${ROW_LIMIT} sales per seller`);
    const size = Math.min(ROW_LIMIT, Math.max(n, Math.ceil(this.saleDate.length * 1.25) + 1024));
    this.saleOrder = grow(this.saleOrder, size);
    this.saleKind = grow(this.saleKind, size);
    this.saleDate = grow(this.saleDate, size);
    this.saleFill = grow(this.saleFill, size);
    this.saleLink = grow(this.saleLink, size);
  }

  private generate(): void {
    const { count, anchorSec, historyDays } = this.params;
    this.ensureOrderCapacity(count);
    this.ensureSaleCapacity(Math.ceil(count * 0.8) + 16);
    const rng = this.rng;
    // Orders per day: a growing trend with a weekly rhythm (more on Sunday/Monday), split by largest remainder.
    const days = historyDays;
    const firstDay = mskDay(anchorSec) - days + 1;
    const dayWeights = new Float64Array(days);
    let total = 0;
    for (let d = 0; d < days; d++) {
      const weekday = (((firstDay + d + 3) % 7) + 7) % 7; // 0 = Monday
      const rhythm = [1.1, 1.0, 0.95, 0.95, 0.9, 0.95, 1.15][weekday]!;
      let w = (0.7 + (0.6 * d) / days) * rhythm * (0.85 + rng.next() * 0.3);
      // Today has only had the hours up to now.
      if (d === days - 1) w *= Math.max(0.02, (anchorSec - ((firstDay + d) * 86_400 - 3 * 3600)) / 86_400);
      dayWeights[d] = w;
      total += w;
    }
    const perDay = new Uint32Array(days);
    let assigned = 0;
    const remainders: [number, number][] = [];
    for (let d = 0; d < days; d++) {
      const exact = (dayWeights[d]! / total) * count;
      perDay[d] = Math.floor(exact);
      assigned += perDay[d]!;
      remainders.push([exact - perDay[d]!, d]);
    }
    remainders.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (let k = 0; assigned < count; k++, assigned++) {
      const d = remainders[k % days]![1];
      perDay[d] = perDay[d]! + 1;
    }
    // Hours: quiet at night, busiest in the evening (Moscow time).
    const hourCum = cumulative(
      Float64Array.from([
        2, 1, 0.6, 0.4, 0.4, 0.6, 1.2, 2.2, 3, 3.6, 4, 4.2, 4.4, 4.4, 4.3, 4.3, 4.5, 4.8, 5.3, 6, 6.4, 6, 4.6, 3,
      ]),
    );
    let i = 0;
    const daySecs: number[] = [];
    for (let d = 0; d < days; d++) {
      const dayStart = (firstDay + d) * 86_400 - 3 * 3600;
      daySecs.length = 0;
      for (let k = 0; k < perDay[d]!; k++) {
        const hour = pickCum(hourCum, rng.next());
        let t = dayStart + hour * 3600 + rng.int(0, 3599);
        if (t > anchorSec - 60) t = dayStart + Math.floor(rng.next() * Math.max(1, anchorSec - 60 - dayStart));
        daySecs.push(t);
      }
      daySecs.sort((a, b) => a - b);
      for (const t of daySecs) this.date[i++] = t;
    }
    // Baskets: 1–4 items placed together share the time, the destination and the gNumber.
    i = 0;
    while (i < count) {
      const items = Math.min(count - i, rng.weighted([1, 2, 3, 4], [72, 17, 7, 4]));
      this.placeBasket(i, items, this.date[i]!, rng);
      i += items;
    }
    this.count = count;
    this.scheduleLifecycles(0, count, rng);
    this.orderEvents.dirty = true;
    this.saleEvents.dirty = true;
  }

  /** Fills the basket fields of orders [first, first+items) placed at `time`. */
  private placeBasket(first: number, items: number, time: number, rng: Rng): void {
    const basket = this.baskets++;
    const dest = pickCum(this.destCum, rng.next());
    const fbs = rng.chance(0.06);
    const warehouse = fbs ? WB_WAREHOUSES.length : pickCum(this.warehouseCum, rng.next());
    const b2b = rng.chance(0.03);
    const unconfirmed = rng.chance(0.02);
    for (let k = 0; k < items; k++) {
      const i = first + k;
      const p = pickCum(this.productCum, rng.next());
      const sizes = this.params.products[p]!.sizes.length;
      this.product[i] = p;
      // Middle sizes sell best.
      this.size[i] = sizes === 1 ? 0 : Math.min(sizes - 1, Math.floor(((rng.next() + rng.next()) / 2) * sizes));
      this.warehouse[i] = warehouse;
      this.dest[i] = dest;
      this.basket[i] = basket;
      this.basketPos[i] = k + 1;
      this.date[i] = time;
      this.created[i] = time + rng.int(60, 1800);
      this.spp[i] = rng.weighted([0, 5, 10, 15, 20, 25, 30], [10, 10, 20, 20, 20, 12, 8]);
      this.flags[i] = (unconfirmed ? ORDER_UNCONFIRMED : 0) | (b2b ? ORDER_B2B : 0) | (fbs ? ORDER_FBS : 0);
      this.cancel[i] = 0;
      this.touched[i] = 0;
      this.cancelType[i] = 0;
      this.sale[i] = -1;
    }
  }

  /** Decides cancellation, buyout, money fill-in and return for orders [from, to). Times may be in the future. */
  private scheduleLifecycles(from: number, to: number, rng: Rng): void {
    for (let i = from; i < to; i++) {
      const t = this.date[i]!;
      if (this.flags[i]! & ORDER_UNCONFIRMED) {
        // Unpaid orders: most expire after a few days.
        if (rng.chance(0.6)) {
          this.cancel[i] = t + rng.int(86_400, 3 * 86_400);
          this.cancelType[i] = 2; // expire
        }
        continue;
      }
      if (rng.chance(0.12)) {
        this.cancel[i] = t + rng.int(3600, 5 * 86_400);
        this.cancelType[i] = rng.weighted([0, 1, 2, 3], [50, 25, 15, 10]);
        continue;
      }
      if (!rng.chance(0.7)) continue;
      const s = this.addSale(i, SALE_KIND_SALE, t + rng.int(86_400, 9 * 86_400), rng);
      this.sale[i] = s;
      if (rng.chance(0.05)) {
        const kind = rng.chance(0.2) ? SALE_KIND_RETURN_DEFECTIVE : SALE_KIND_RETURN;
        const r = this.addSale(i, kind, this.saleDate[s]! + rng.int(86_400, 14 * 86_400), rng);
        this.saleLink[s] = r;
        this.saleLink[r] = s;
      }
    }
  }

  private addSale(order: number, kind: number, time: number, rng: Rng): number {
    const s = this.saleCount++;
    this.ensureSaleCapacity(this.saleCount);
    this.saleOrder[s] = order;
    this.saleKind[s] = kind;
    this.saleDate[s] = time;
    this.saleFill[s] = time + rng.int(2 * 3600, 20 * 3600);
    this.saleLink[s] = -1;
    return s;
  }

  // ---- derived values -------------------------------------------------------------------------------------------

  productOf(i: number): Product {
    return this.params.products[this.product[i]!]!;
  }

  totalPrice(i: number): number {
    return this.productOf(i).price;
  }

  priceWithDisc(i: number): number {
    const p = this.productOf(i);
    return round2((p.price * (100 - p.discount)) / 100);
  }

  finishedPrice(i: number): number {
    return Math.round((this.priceWithDisc(i) * (100 - this.spp[i]!)) / 100);
  }

  forPay(i: number): number {
    return round2(this.priceWithDisc(i) * (1 - this.productOf(i).subject.commission / 100));
  }

  srid(i: number): string {
    const b = this.basket[i]!;
    return `${hashDigits(10, this.params.seed, b, 7)}${String(b).padStart(9, '0')}.${this.basketPos[i]}.0`;
  }

  gNumber(i: number): string {
    const b = this.basket[i]!;
    return `${hashDigits(11, this.params.seed, b, 3)}${String(b).padStart(9, '0')}`;
  }

  sticker(i: number): string {
    return hashDigits(10, this.params.seed, i, 5);
  }

  incomeId(i: number): number {
    return hashInt(10_000_000, 99_999_999, this.params.seed, this.product[i]!, this.warehouse[i]!);
  }

  saleId(s: number): string {
    const prefix = this.saleKind[s] === SALE_KIND_SALE ? 'S' : 'R';
    return `${prefix}${this.params.sellerDigit}${String(s).padStart(9, '0')}`;
  }

  paymentSaleAmount(s: number): number {
    if (this.saleKind[s] !== SALE_KIND_SALE) return 0;
    const i = this.saleOrder[s]!;
    return hashUnit(this.params.seed, s, 17) < 0.15 ? Math.round(this.finishedPrice(i) * 0.03) : 0;
  }

  isConfirmed(i: number): boolean {
    return (this.flags[i]! & ORDER_UNCONFIRMED) === 0;
  }

  /** Whether order i is in the statistics API at `nowSec` (paid, already loaded, within the retention period). */
  orderVisible(i: number, nowSec: number): boolean {
    return this.isConfirmed(i) && this.created[i]! <= nowSec && this.date[i]! >= nowSec - this.retentionSec;
  }

  /** The order's statistics event that is current at `nowSec`. */
  orderCurrentKind(i: number, nowSec: number): number {
    let t = this.created[i]!;
    let k = EV_CREATED;
    const c = this.cancel[i]!;
    if (c !== 0 && c <= nowSec && c >= t) {
      t = c;
      k = EV_CANCEL;
    }
    const tt = this.touched[i]!;
    if (tt !== 0 && tt <= nowSec && tt >= t) k = EV_TOUCHED;
    return k;
  }

  orderLastChange(i: number, nowSec: number): number {
    let t = this.created[i]!;
    const c = this.cancel[i]!;
    if (c !== 0 && c <= nowSec && c > t) t = c;
    const tt = this.touched[i]!;
    if (tt !== 0 && tt <= nowSec && tt > t) t = tt;
    return t;
  }

  saleVisible(s: number, nowSec: number): boolean {
    const d = this.saleDate[s]!;
    return d <= nowSec && d >= nowSec - this.retentionSec;
  }

  saleLastChange(s: number, nowSec: number): number {
    const f = this.saleFill[s]!;
    return f <= nowSec ? f : this.saleDate[s]!;
  }

  // ---- statistics rows --------------------------------------------------------------------------------------------

  /** One row of `/api/v1/supplier/orders` as JSON text, as of `nowSec`. */
  orderJson(i: number, nowSec: number): string {
    const c = this.cancel[i]!;
    const cancelled = c !== 0 && c <= nowSec;
    const p = this.product[i]!;
    return (
      `{"date":"${formatMsk(this.date[i]!)}","lastChangeDate":"${formatMsk(this.orderLastChange(i, nowSec))}",` +
      `${this.warehouseFrag[this.warehouse[i]!]},${this.destFrag[this.dest[i]!]},${this.sizeFrag[p]![this.size[i]!]},` +
      `"incomeID":${this.incomeId(i)},"isSupply":false,"isRealization":true,"totalPrice":${this.totalPrice(i)},` +
      `"discountPercent":${this.productOf(i).discount},"spp":${this.spp[i]},"finishedPrice":${this.finishedPrice(i)},` +
      `"priceWithDisc":${this.priceWithDisc(i)},"isCancel":${cancelled},` +
      `"cancelDate":"${cancelled ? formatMsk(c) : NO_CANCEL_DATE}","sticker":"${this.sticker(i)}",` +
      `"gNumber":"${this.gNumber(i)}","srid":"${this.srid(i)}"}`
    );
  }

  /** One row of `/api/v1/supplier/sales` as JSON text, as of `nowSec`. */
  saleJson(s: number, nowSec: number): string {
    const i = this.saleOrder[s]!;
    const filled = this.saleFill[s]! <= nowSec;
    const sign = this.saleKind[s] === SALE_KIND_SALE ? 1 : -1;
    const money = (x: number): number => (filled ? sign * x : 0);
    const p = this.product[i]!;
    return (
      `{"date":"${formatMsk(this.saleDate[s]!)}","lastChangeDate":"${formatMsk(this.saleLastChange(s, nowSec))}",` +
      `${this.warehouseFrag[this.warehouse[i]!]},${this.destFrag[this.dest[i]!]},${this.sizeFrag[p]![this.size[i]!]},` +
      `"incomeID":${this.incomeId(i)},"isSupply":false,"isRealization":true,"totalPrice":${this.totalPrice(i)},` +
      `"discountPercent":${this.productOf(i).discount},"spp":${this.spp[i]},` +
      `"paymentSaleAmount":${this.paymentSaleAmount(s)},"forPay":${money(this.forPay(i))},` +
      `"finishedPrice":${money(this.finishedPrice(i))},"priceWithDisc":${money(this.priceWithDisc(i))},` +
      `"saleID":"${this.saleId(s)}","sticker":"${this.sticker(i)}","gNumber":"${this.gNumber(i)}",` +
      `"srid":"${this.srid(i)}"}`
    );
  }

  private refreshOrderEvents(): void {
    if (!this.orderEvents.dirty) return;
    this.orderEvents.rebuild(this.count * 3, (add) => {
      for (let i = 0; i < this.count; i++) {
        if (!this.isConfirmed(i)) continue;
        add(this.created[i]!, i, EV_CREATED);
        if (this.cancel[i]! !== 0) add(this.cancel[i]!, i, EV_CANCEL);
        if (this.touched[i]! !== 0) add(this.touched[i]!, i, EV_TOUCHED);
      }
    });
  }

  private refreshSaleEvents(): void {
    if (!this.saleEvents.dirty) return;
    this.saleEvents.rebuild(this.saleCount * 2, (add) => {
      for (let s = 0; s < this.saleCount; s++) {
        add(this.saleDate[s]!, s, EV_SALE_APPEARS);
        add(this.saleFill[s]!, s, EV_SALE_FILLED);
      }
    });
  }

  /**
   * Orders with lastChangeDate >= fromMs at `nowSec`, ascending by lastChangeDate, at most `cap` (flag=0).
   * With `emptyAtEnd`, a page that would only repeat rows changed exactly at `fromMs` (nothing newer) is empty:
   * that is how a client paging by "dateFrom = last row's lastChangeDate" meets WB's documented `[]`.
   * Returns row indices.
   */
  ordersChangedSince(fromMs: number, nowSec: number, cap: number, emptyAtEnd: boolean): number[] {
    this.refreshOrderEvents();
    const ev = this.orderEvents;
    const out: number[] = [];
    let newer = false;
    const fromSec = Math.ceil(fromMs / 1000);
    for (let pos = ev.lowerBound(fromSec); pos < ev.keys.length && out.length < cap; pos++) {
      const t = ev.timeAt(pos);
      if (t > nowSec) break;
      const i = ev.rowAt(pos);
      if (!this.orderVisible(i, nowSec)) continue;
      if (this.orderCurrentKind(i, nowSec) !== ev.kindAt(pos)) continue;
      out.push(i);
      if (t * 1000 > fromMs) newer = true;
    }
    return emptyAtEnd && !newer ? [] : out;
  }

  /** Sale/return rows with lastChangeDate >= fromMs at `nowSec`, ascending, at most `cap` (flag=0). */
  salesChangedSince(fromMs: number, nowSec: number, cap: number, emptyAtEnd: boolean): number[] {
    this.refreshSaleEvents();
    const ev = this.saleEvents;
    const out: number[] = [];
    let newer = false;
    const fromSec = Math.ceil(fromMs / 1000);
    for (let pos = ev.lowerBound(fromSec); pos < ev.keys.length && out.length < cap; pos++) {
      const t = ev.timeAt(pos);
      if (t > nowSec) break;
      const s = ev.rowAt(pos);
      if (!this.saleVisible(s, nowSec)) continue;
      const filled = this.saleFill[s]! <= nowSec;
      if ((ev.kindAt(pos) === EV_SALE_FILLED) !== filled) continue;
      out.push(s);
      if (t * 1000 > fromMs) newer = true;
    }
    return emptyAtEnd && !newer ? [] : out;
  }

  /** Orders placed on Moscow day `day` (flag=1), visible at `nowSec`, by order time. */
  ordersOnDay(day: number, nowSec: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      if (mskDay(this.date[i]!) === day && this.orderVisible(i, nowSec)) out.push(i);
    }
    out.sort((a, b) => this.date[a]! - this.date[b]! || a - b);
    return out;
  }

  /** Sales/returns dated on Moscow day `day` (flag=1), visible at `nowSec`, by time. */
  salesOnDay(day: number, nowSec: number): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.saleCount; s++) {
      if (mskDay(this.saleDate[s]!) === day && this.saleVisible(s, nowSec)) out.push(s);
    }
    out.sort((a, b) => this.saleDate[a]! - this.saleDate[b]! || a - b);
    return out;
  }

  // ---- mutations --------------------------------------------------------------------------------------------------

  /**
   * Bumps lastChangeDate of `n` orders visible at `nowSec` to within the last minute (spread over its seconds, so a
   * page boundary never falls inside a huge group of equal times); about `cancelShare` of them (those never bought
   * out and not yet cancelled) also become cancelled then. Returns the changed order indices.
   */
  changeOrders(n: number, nowSec: number, cancelShare: number, rng: Rng): number[] {
    const candidates: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.orderVisible(i, nowSec)) candidates.push(i);
    const picked: number[] = [];
    for (let k = 0; k < n && candidates.length > 0; k++) {
      const j = rng.int(0, candidates.length - 1);
      picked.push(candidates[j]!);
      candidates[j] = candidates[candidates.length - 1]!;
      candidates.pop();
    }
    for (let k = 0; k < picked.length; k++) {
      const i = picked[k]!;
      const at = Math.max(this.created[i]!, nowSec - Math.floor((k * 60) / picked.length));
      this.touched[i] = at;
      const c = this.cancel[i]!;
      if (this.sale[i] === -1 && (c === 0 || c > nowSec) && rng.chance(cancelShare)) {
        this.cancel[i] = at;
        this.cancelType[i] = rng.weighted([0, 1, 2, 3], [50, 25, 15, 10]);
      }
    }
    picked.sort((a, b) => a - b);
    this.orderEvents.dirty = true;
    return picked;
  }

  /**
   * Adds `n` new orders placed in the last ten minutes before `nowSec`, already visible, with their future
   * lifecycle (cancellation, buyout, return) scheduled like the generated ones. Returns the new indices.
   */
  addOrders(n: number, nowSec: number, rng: Rng): number[] {
    const first = this.count;
    this.ensureOrderCapacity(first + n);
    const times: number[] = [];
    for (let k = 0; k < n; k++) times.push(nowSec - rng.int(0, 600));
    times.sort((a, b) => a - b);
    let i = first;
    while (i < first + n) {
      const items = Math.min(first + n - i, rng.weighted([1, 2, 3, 4], [72, 17, 7, 4]));
      this.placeBasket(i, items, times[i - first]!, rng);
      for (let k = 0; k < items; k++) this.created[i + k] = times[i - first]!;
      i += items;
    }
    this.count = first + n;
    this.scheduleLifecycles(first, first + n, rng);
    this.orderEvents.dirty = true;
    this.saleEvents.dirty = true;
    return Array.from({ length: n }, (_, k) => first + k);
  }

  // ---- facts for tests --------------------------------------------------------------------------------------------

  facts(i: number): OrderFacts {
    const p = this.productOf(i);
    const size = p.sizes[this.size[i]!]!;
    const w = this.warehouse[i]!;
    const c = this.cancel[i]!;
    const t = this.touched[i]!;
    const s = this.sale[i]!;
    return {
      index: i,
      srid: this.srid(i),
      gNumber: this.gNumber(i),
      sticker: this.sticker(i),
      nmId: p.nmId,
      chrtId: size.chrtId,
      barcode: size.barcode,
      supplierArticle: p.vendorCode,
      brand: p.brand,
      subject: p.subject.name,
      techSize: size.techSize,
      warehouseName: w < WB_WAREHOUSES.length ? WB_WAREHOUSES[w]!.name : SELLER_WAREHOUSE.name,
      dateSec: this.date[i]!,
      createdSec: this.created[i]!,
      cancelSec: c === 0 ? null : c,
      cancelType: c === 0 ? null : CANCEL_TYPES[this.cancelType[i]!]!,
      touchedSec: t === 0 ? null : t,
      unconfirmed: !this.isConfirmed(i),
      isB2b: (this.flags[i]! & ORDER_B2B) !== 0,
      fbs: (this.flags[i]! & ORDER_FBS) !== 0,
      totalPrice: this.totalPrice(i),
      discountPercent: p.discount,
      spp: this.spp[i]!,
      finishedPrice: this.finishedPrice(i),
      priceWithDisc: this.priceWithDisc(i),
      saleIndex: s === -1 ? null : s,
    };
  }

  saleFacts(s: number): SaleFacts {
    const i = this.saleOrder[s]!;
    const kind = this.saleKind[s]!;
    const sign = kind === SALE_KIND_SALE ? 1 : -1;
    const link = this.saleLink[s]!;
    return {
      index: s,
      saleID: this.saleId(s),
      orderIndex: i,
      kind: kind === SALE_KIND_SALE ? 'sale' : kind === SALE_KIND_RETURN ? 'return' : 'returnDefective',
      dateSec: this.saleDate[s]!,
      fillSec: this.saleFill[s]!,
      forPay: sign * this.forPay(i),
      finishedPrice: sign * this.finishedPrice(i),
      priceWithDisc: sign * this.priceWithDisc(i),
      linkIndex: link === -1 ? null : link,
    };
  }
}

function cumulative(weights: Float64Array): Float64Array {
  const out = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i]!;
    out[i] = acc;
  }
  return out;
}

/** Index picked by a uniform `u` in [0,1) over a cumulative weight array. */
function pickCum(cum: Float64Array, u: number): number {
  const target = u * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
