/**
 * The overview: orders, cancellations, buyouts, returns, revenue and payout by day and for a period against the
 * previous one, all from roll-up counters per day (kopecks, integers, so sums are exact).
 * Contexts: any (pure).
 */

/** A day × item × region row of counters (what the period roll-ups sum; tests and the figures take it). */
export interface DayRow {
  day: string;
  nmId: number;
  region: string;
  okrug: string;
  country: string;
  orders: number;
  orderSum: number;
  cancels: number;
  cancelSum: number;
  sales: number;
  saleSum: number;
  returns: number;
  returnSum: number;
  revenue: number;
  forPay: number;
}

/** A day's counters: what the overview needs of a row (a DayRow, or a day's period roll-up of the total). */
export type DayTotalsRow = Totals & { day: string };

/** Counters summed over rows; money in kopecks. */
export interface Totals {
  orders: number;
  orderSum: number;
  cancels: number;
  cancelSum: number;
  sales: number;
  saleSum: number;
  returns: number;
  returnSum: number;
  revenue: number;
  forPay: number;
}

export const TOTAL_KEYS = [
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
] as const satisfies readonly (keyof Totals)[];

export function emptyTotals(): Totals {
  return {
    orders: 0,
    orderSum: 0,
    cancels: 0,
    cancelSum: 0,
    sales: 0,
    saleSum: 0,
    returns: 0,
    returnSum: 0,
    revenue: 0,
    forPay: 0,
  };
}

/** Adds a row's counters to `t` (mutates it). */
export function addTotals(t: Totals, r: Totals): Totals {
  // Unrolled: a loop over the key names makes every access megamorphic (10× slower over a year of roll-ups).
  t.orders += r.orders;
  t.orderSum += r.orderSum;
  t.cancels += r.cancels;
  t.cancelSum += r.cancelSum;
  t.sales += r.sales;
  t.saleSum += r.saleSum;
  t.returns += r.returns;
  t.returnSum += r.returnSum;
  t.revenue += r.revenue;
  t.forPay += r.forPay;
  return t;
}

export function sumTotals(rows: Iterable<Totals>): Totals {
  const t = emptyTotals();
  for (const r of rows) addTotals(t, r);
  return t;
}

/** Derived figures of a set of totals. */
export interface Rates {
  /** Buyouts over settled orders (sales / (sales + returns)), percent; null with neither. */
  buyoutRate: number | null;
  /** orderSum / (orders − cancels), kopecks (rounded); null without orders. */
  averageCheck: number | null;
  /** Cancellations over orders, percent; null without orders. */
  cancelRate: number | null;
}

/** Buyout rate, average check and cancel rate of some totals. */
export function rates(t: Totals): Rates {
  const settled = t.sales + t.returns;
  const kept = t.orders - t.cancels;
  return {
    buyoutRate: settled > 0 ? round2((100 * t.sales) / settled) : null,
    averageCheck: kept > 0 ? Math.round((t.orderSum - t.cancelSum) / kept) : null,
    cancelRate: t.orders > 0 ? round2((100 * t.cancels) / t.orders) : null,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export interface Period {
  from: string;
  to: string;
}

export interface DayFigures extends Totals {
  day: string;
}

export interface Overview {
  period: Period;
  totals: Totals & Rates;
  /** Every day of the period, days without rows as zeros. */
  byDay: DayFigures[];
}

const DAY = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** Totals for the period and per day (rows outside the period are ignored). */
export function overview(rows: Iterable<DayTotalsRow>, period: Period): Overview {
  const byDay = new Map<string, DayFigures>();
  for (let d = period.from; d <= period.to; d = addDays(d, 1)) byDay.set(d, { day: d, ...emptyTotals() });
  for (const r of rows) {
    const d = byDay.get(r.day);
    if (d) addTotals(d, r);
  }
  const days = [...byDay.values()];
  const totals = sumTotals(days);
  return { period, totals: { ...totals, ...rates(totals) }, byDay: days };
}

/** A figure now and in the previous period, with the change in percent (null when the previous one is 0). */
export interface Change {
  now: number;
  before: number;
  changePct: number | null;
}

export function change(now: number, before: number): Change {
  return { now, before, changePct: before === 0 ? null : round2((100 * (now - before)) / Math.abs(before)) };
}

export type ComparedKey = keyof Totals | 'buyoutRate' | 'averageCheck';

/** The period against the previous one (`rows` may hold both; each is filtered by its own days). */
export function comparePeriods(
  rows: readonly DayTotalsRow[],
  period: Period,
  previous: Period,
): { now: Overview; before: Overview; changes: Record<ComparedKey, Change> } {
  const now = overview(rows, period);
  const before = overview(rows, previous);
  const changes = {} as Record<ComparedKey, Change>;
  for (const k of [...TOTAL_KEYS, 'buyoutRate', 'averageCheck'] as const) {
    changes[k] = change(now.totals[k] ?? 0, before.totals[k] ?? 0);
  }
  return { now, before, changes };
}
