/**
 * Per SKU: orders, buyouts, returns, cancellations, buyout rate, revenue and payout per nmId from the daily roll-up,
 * with names from the cards and the current order statuses from the order feed; and per size from raw rows of a
 * bounded period. Contexts: any (pure).
 */
import { addTotals, emptyTotals, rates, type Rates, type Totals } from './overview';

export interface SkuCard {
  nmId: number;
  title: string;
  vendorCode: string;
  subjectName?: string;
  photo?: string | null;
}

export type FeedStatus = 'created' | 'buyout' | 'cancel' | 'return' | 'returnDefective';

export interface FeedRow {
  nmId: number;
  status: FeedStatus;
}

export type StatusCounts = Record<FeedStatus, number>;

export interface SkuFigures extends Totals, Rates {
  nmId: number;
  vendorCode: string;
  title: string;
  /** The order feed's current statuses of this item's orders (last 31 days, as WB's feed keeps). */
  statuses: StatusCounts;
}

function emptyStatuses(): StatusCounts {
  return { created: 0, buyout: 0, cancel: 0, return: 0, returnDefective: 0 };
}

/** Figures per nmId, most orders first. Items only in the feed (no roll-up rows) appear with zero counters. */
export function bySku(
  rollups: Iterable<Totals & { nmId: number }>,
  cards: Iterable<SkuCard> = [],
  feed: Iterable<FeedRow> = [],
): SkuFigures[] {
  const cardOf = new Map<number, SkuCard>();
  for (const c of cards) cardOf.set(c.nmId, c);
  const totals = new Map<number, Totals>();
  const statuses = new Map<number, StatusCounts>();
  for (const r of rollups) {
    let t = totals.get(r.nmId);
    if (!t) totals.set(r.nmId, (t = emptyTotals()));
    addTotals(t, r);
  }
  for (const f of feed) {
    let s = statuses.get(f.nmId);
    if (!s) statuses.set(f.nmId, (s = emptyStatuses()));
    s[f.status]++;
    if (!totals.has(f.nmId)) totals.set(f.nmId, emptyTotals());
  }
  return [...totals.entries()]
    .map(([nmId, t]) => {
      const card = cardOf.get(nmId);
      return {
        nmId,
        vendorCode: card?.vendorCode ?? '',
        title: card?.title ?? '',
        ...t,
        ...rates(t),
        statuses: statuses.get(nmId) ?? emptyStatuses(),
      };
    })
    .sort((a, b) => b.orders - a.orders || b.sales - a.sales || a.nmId - b.nmId);
}

/** The raw order fields the per-size figures use (an OrderRecord satisfies it). Money in roubles as WB sends. */
export interface SizeOrder {
  nmId: number;
  supplierArticle: string;
  techSize: string;
  priceWithDisc: number;
  isCancel: boolean;
}

export interface SizeSale {
  saleID: string;
  nmId: number;
  supplierArticle: string;
  techSize: string;
  finishedPrice: number;
  forPay: number;
}

export interface SizeFigures {
  nmId: number;
  vendorCode: string;
  techSize: string;
  orders: number;
  /** kopecks */
  orderSum: number;
  cancels: number;
  sales: number;
  returns: number;
  /** kopecks, sales less returns */
  revenue: number;
  /** kopecks, sales less returns */
  forPay: number;
  buyoutRate: number | null;
}

const k = (rub: number) => Math.round(rub * 100);

/** Figures per (nmId, size) from a period's raw orders and sales/returns. */
export function bySize(orders: Iterable<SizeOrder>, sales: Iterable<SizeSale>): SizeFigures[] {
  const m = new Map<string, SizeFigures>();
  const get = (r: { nmId: number; supplierArticle: string; techSize: string }) => {
    const id = `${r.nmId}|${r.techSize}`;
    let f = m.get(id);
    if (!f) {
      f = {
        nmId: r.nmId,
        vendorCode: r.supplierArticle,
        techSize: r.techSize,
        orders: 0,
        orderSum: 0,
        cancels: 0,
        sales: 0,
        returns: 0,
        revenue: 0,
        forPay: 0,
        buyoutRate: null,
      };
      m.set(id, f);
    }
    return f;
  };
  for (const o of orders) {
    const f = get(o);
    f.orders++;
    f.orderSum += k(o.priceWithDisc);
    if (o.isCancel) f.cancels++;
  }
  for (const s of sales) {
    const f = get(s);
    if (s.saleID.startsWith('R')) f.returns++;
    else f.sales++;
    f.revenue += k(s.finishedPrice);
    f.forPay += k(s.forPay);
  }
  const out = [...m.values()];
  for (const f of out) {
    const settled = f.sales + f.returns;
    f.buyoutRate = settled ? Math.round((10000 * f.sales) / settled) / 100 : null;
  }
  return out.sort((a, b) => a.nmId - b.nmId || a.techSize.localeCompare(b.techSize, 'ru', { numeric: true }));
}
