/**
 * seller-analytics-api: `POST /api/v2/search-report/product/search-texts` (11-analytics.yaml, «Поисковые запросы по
 * вашим товарам»): the top search queries of the seller's items with positions, card opens, carts and orders.
 * The queries and starting positions come from dataset/search-queries.ts, so they match the simulated public
 * search. Daily figures are derived per query, item and Moscow day; a period sums them. The simulated seller has
 * no «Джем» plan: `limit` is at most 30.
 */
import { mskDay, parseDay } from '../msk-time';
import { hashInt, hashUnit } from '../prng';
import { basePosition, fnv1a, productQueries } from '../dataset/search-queries';
import { json } from '../respond';
import type { SimResponse } from '../types';
import { isIntArray, isObject, parseBody, type RouteCtx } from './context';

const TOP_ORDER_BY = ['openCard', 'addToCart', 'openToCart', 'orders', 'cartToOrder'] as const;
const ORDER_FIELDS = ['avgPosition', 'openCard', 'addToCart', 'openToCart', 'orders', 'cartToOrder', 'visibility'];

function bad(ctx: RouteCtx, detail: string): SimResponse {
  return json(400, {
    title: 'Invalid request body',
    detail: `code=400, message=invalid: ${detail}`,
    requestId: ctx.errors.requestId(),
    origin: 'analytic-open-api',
  });
}

/** Days of a `{start, end}` period, or an error text. */
function periodDays(v: unknown, name: string, today: number): number[] | string {
  if (!isObject(v) || typeof v.start !== 'string' || typeof v.end !== 'string') return `${name} (field required)`;
  const start = parseDay(v.start);
  const end = parseDay(v.end);
  if (start === null || end === null) return `${name} (invalid date)`;
  if (start > end) return `${name} (start is later than end)`;
  if (start < today - 365) return `${name}.start (no earlier than 365 days from today)`;
  const days: number[] = [];
  for (let d = start; d <= Math.min(end, today); d++) days.push(d);
  return days;
}

interface Row {
  text: string;
  nmId: number;
  subjectName: string;
  brandName: string;
  vendorCode: string;
  name: string;
  isCardRated: boolean;
  rating: number;
  feedbackRating: number;
  price: { minPrice: number; maxPrice: number };
  frequency: { current: number; dynamics?: number };
  weekFrequency: number;
  medianPosition: { current: number; dynamics?: number };
  avgPosition: { current: number; dynamics?: number };
  openCard: { current: number; dynamics?: number; percentile: number };
  addToCart: { current: number; dynamics?: number; percentile: number };
  openToCart: { current: number; dynamics?: number; percentile: number };
  orders: { current: number; dynamics?: number; percentile: number };
  cartToOrder: { current: number; dynamics?: number; percentile: number };
  visibility: { current: number; dynamics?: number };
}

interface Totals {
  frequency: number;
  openCard: number;
  addToCart: number;
  orders: number;
  visibility: number;
  avgPosition: number;
}

/** One query's figures for an item over some days. */
function totals(seed: number, text: string, normquery: string, nmId: number, days: readonly number[]): Totals {
  const t = fnv1a(text);
  const pos = basePosition(seed, normquery, nmId);
  const visibility = pos <= 100 ? hashInt(55, 95, seed, t, nmId) : pos <= 300 ? hashInt(10, 40, seed, t, nmId) : 3;
  const perDay = hashInt(10, 4000, seed, t);
  const ctr = 0.01 + hashUnit(seed, t, nmId, 1) * 0.05;
  let frequency = 0;
  let openCard = 0;
  let addToCart = 0;
  let orders = 0;
  let positionSum = 0;
  for (const d of days) {
    const f = Math.round(perDay * (0.8 + 0.4 * hashUnit(seed, t, d)));
    const opens = Math.round(((f * visibility) / 100) * ctr);
    const carts = Math.round(opens * (0.05 + 0.2 * hashUnit(seed, t, nmId, d)));
    frequency += f;
    openCard += opens;
    addToCart += carts;
    orders += Math.round(carts * (0.2 + 0.4 * hashUnit(seed, t, nmId, d + 1)));
    positionSum += Math.max(1, pos + hashInt(-3, 3, seed, t, nmId, d));
  }
  return {
    frequency,
    openCard,
    addToCart,
    orders,
    visibility,
    avgPosition: days.length ? Math.round(positionSum / days.length) : pos,
  };
}

const pct = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) : 0);
const dyn = (a: number, b: number) => (b > 0 ? Math.round(((a - b) / b) * 100) : 0);

export function searchTexts(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body)) return bad(ctx, 'request body is not a JSON object');
  const today = mskDay(ctx.nowSec);
  const days = periodDays(body.currentPeriod, 'currentPeriod', today);
  if (typeof days === 'string') return bad(ctx, days);
  let pastDays: number[] | null = null;
  if (body.pastPeriod !== undefined && body.pastPeriod !== null) {
    const p = periodDays(body.pastPeriod, 'pastPeriod', today);
    if (typeof p === 'string') return bad(ctx, p);
    pastDays = p;
  }
  if (!isIntArray(body.nmIds) || body.nmIds.length === 0 || body.nmIds.length > 50) {
    return bad(ctx, 'nmIds (from 1 to 50 items)');
  }
  if (!TOP_ORDER_BY.includes(body.topOrderBy as never)) return bad(ctx, 'topOrderBy');
  const orderBy = body.orderBy;
  if (
    !isObject(orderBy) ||
    !ORDER_FIELDS.includes(orderBy.field as string) ||
    !['asc', 'desc'].includes(orderBy.mode as string)
  ) {
    return bad(ctx, 'orderBy');
  }
  if (!Number.isInteger(body.limit) || (body.limit as number) < 1) return bad(ctx, 'limit (field required)');
  if ((body.limit as number) > 30) return bad(ctx, 'limit (must be at most 30 without a Jam subscription)');
  if (body.includeSubstitutedSKUs === false && body.includeSearchTexts === false) {
    return bad(ctx, 'includeSubstitutedSKUs and includeSearchTexts cannot both be false');
  }
  const seed = ctx.seller.seed;
  const rows: Row[] = [];
  for (const nmId of new Set(body.nmIds)) {
    const p = ctx.seller.product(nmId);
    if (!p) continue;
    for (const q of productQueries(p)) {
      for (const text of q.texts) {
        const c = totals(seed, text, q.normquery, nmId, days);
        const past = pastDays ? totals(seed, text, q.normquery, nmId, pastDays) : null;
        const d = (a: number, b: number | undefined) => (past && b !== undefined ? { dynamics: dyn(a, b) } : {});
        const rank = (k: number) => ({ percentile: hashInt(0, 100, seed, fnv1a(text), nmId, k) });
        const median = Math.max(1, c.avgPosition - hashInt(0, Math.floor(c.avgPosition / 5), seed, fnv1a(text), nmId));
        const minPrice = Math.round((p.price * (100 - p.discount)) / 100);
        rows.push({
          text,
          nmId,
          subjectName: p.subject.name,
          brandName: p.brand,
          vendorCode: p.vendorCode,
          name: p.title,
          isCardRated: true,
          rating: Math.round((6 + hashUnit(seed, nmId, 0x5e) * 4) * 10) / 10,
          feedbackRating: Math.round((3.8 + hashUnit(seed, nmId, 0x7a7) * 1.2) * 10) / 10,
          price: { minPrice, maxPrice: minPrice },
          frequency: { current: c.frequency, ...d(c.frequency, past?.frequency) },
          weekFrequency: totals(seed, text, q.normquery, nmId, [
            today - 6,
            today - 5,
            today - 4,
            today - 3,
            today - 2,
            today - 1,
            today,
          ]).frequency,
          medianPosition: { current: median, ...d(median, past?.avgPosition) },
          avgPosition: { current: c.avgPosition, ...d(c.avgPosition, past?.avgPosition) },
          openCard: { current: c.openCard, ...d(c.openCard, past?.openCard), ...rank(1) },
          addToCart: { current: c.addToCart, ...d(c.addToCart, past?.addToCart), ...rank(2) },
          openToCart: { current: pct(c.addToCart, c.openCard), ...rank(3) },
          orders: { current: c.orders, ...d(c.orders, past?.orders), ...rank(4) },
          cartToOrder: { current: pct(c.orders, c.addToCart), ...rank(5) },
          visibility: { current: c.visibility, ...d(c.visibility, past?.visibility) },
        });
      }
    }
  }
  const top = body.topOrderBy as (typeof TOP_ORDER_BY)[number];
  const field = orderBy.field as (typeof ORDER_FIELDS)[number];
  const sign = orderBy.mode === 'asc' ? 1 : -1;
  const value = (r: Row, f: string) => (r[f as keyof Row] as { current: number }).current;
  const picked = [...rows]
    .sort((a, b) => value(b, top) - value(a, top) || a.nmId - b.nmId || a.text.localeCompare(b.text))
    .slice(0, body.limit as number)
    .sort((a, b) => sign * (value(a, field) - value(b, field)) || a.nmId - b.nmId || a.text.localeCompare(b.text));
  return json(200, { data: { items: picked, currency: 'RUB' } });
}
