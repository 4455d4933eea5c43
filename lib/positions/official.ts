/**
 * Official positions first: WB's search-report (`POST /api/v2/search-report/product/search-texts` on
 * seller-analytics-api, category «Аналитика», 11-analytics.yaml of 2026-07) gives, per item and search query, the
 * average and median position, card opens, add-to-carts, orders and the query's frequency. From it Seller Lens
 * suggests phrases for a SKU (the queries that brought it views and orders) and shows WB's positions next to the
 * live checks, each labelled by its source.
 *
 * Limits (limits-2026-08/analytics.json): 3 requests a minute (burst 3) for Personal, Service and Base-with-secret
 * tokens; a Base token only once an hour. `limit` is at most 30 queries (100 with WB's paid «Джем» Advanced and
 * Premium plans). The report is refreshed once an hour.
 * Contexts: background only (it calls WB with the token).
 */
import { z } from 'zod';
import type { Endpoint, WbClient } from '../wb-api/client';
import { WbApiError } from '../wb-api/errors';
import { clusterKey } from './clusters';

/** A metric with its current value and, when a past period was asked for, its change in %. */
const current = z.object({ current: z.number(), dynamics: z.number().optional() });
const ranked = current.extend({ percentile: z.number().optional() });

/** One row: an item and a search query (TableSearchTextItem). Strict on what we read, lenient on the rest. */
export const searchTextItem = z.object({
  text: z.string(),
  nmId: z.number().int(),
  subjectName: z.string().optional(),
  brandName: z.string().optional(),
  vendorCode: z.string().optional(),
  name: z.string().optional(),
  frequency: current,
  weekFrequency: z.number().int(),
  medianPosition: current,
  avgPosition: current,
  openCard: ranked,
  addToCart: ranked,
  orders: ranked,
  visibility: current,
});
export type SearchTextItem = z.infer<typeof searchTextItem>;

export const searchTextsResponse = z.object({ items: z.array(searchTextItem), currency: z.string() });
export type SearchTextsResponse = z.infer<typeof searchTextsResponse>;

/** `POST /api/v2/search-report/product/search-texts`: WB wraps the answer in `{ data }`. */
export const searchTextsEndpoint: Endpoint<SearchTextsResponse> = {
  method: 'POST',
  path: '/api/v2/search-report/product/search-texts',
  category: 'analytics',
  write: false,
  response: z.object({ data: searchTextsResponse }).transform((r) => r.data),
};

export type TopOrderBy = 'openCard' | 'addToCart' | 'openToCart' | 'orders' | 'cartToOrder';
export type SearchTextsOrderField =
  'avgPosition' | 'openCard' | 'addToCart' | 'openToCart' | 'orders' | 'cartToOrder' | 'visibility';

/** The request body (ItemSearchTextsRequest). */
export interface SearchTextsBody {
  currentPeriod: { start: string; end: string };
  pastPeriod?: { start: string; end: string };
  nmIds: number[];
  topOrderBy: TopOrderBy;
  includeSubstitutedSKUs?: boolean;
  includeSearchTexts?: boolean;
  orderBy: { field: SearchTextsOrderField; mode: 'asc' | 'desc' };
  limit: number;
}

/** Items per request (WB's `maxItems`). */
export const SEARCH_TEXTS_MAX_NM = 50;
/** Queries per request without a «Джем» plan. */
export const SEARCH_TEXTS_LIMIT = 30;

const DAY_MS = 86_400_000;
const MSK_OFFSET_MS = 3 * 3_600_000;

function mskDate(ms: number): string {
  return new Date(ms + MSK_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last `days` Moscow days up to today, as WB's `{start, end}` dates. */
export function lastDays(now: number, days: number): { start: string; end: string } {
  return { start: mskDate(now - (days - 1) * DAY_MS), end: mskDate(now) };
}

export interface SearchTextsOptions {
  /** Default: the last 7 Moscow days. */
  period?: { start: string; end: string };
  /** Queries per request: 1–30, up to 100 with «Джем» (default 30). */
  limit?: number;
  /** Which queries make WB's top (default: those that brought the most orders). */
  topOrderBy?: TopOrderBy;
  signal?: AbortSignal;
  /** The part of WB's limit this call may draw on (background polling passes 0.5). */
  share?: number;
}

/** An official position reading with its numbers, from the search report. */
export interface OfficialQueryStat {
  nmId: number;
  phrase: string;
  period: { start: string; end: string };
  avgPosition: number;
  medianPosition: number;
  /** Searches with the query in the period, and in the last week. */
  frequency: number;
  weekFrequency: number;
  /** Card opens from this query's results (the views that count), add-to-carts and orders. */
  openCard: number;
  addToCart: number;
  orders: number;
  /** Share of the query's searches in which the item was shown, %. */
  visibility: number;
}

/** Calls the search report for items (50 per request) and returns one row per item and query. */
export async function fetchSearchTexts(
  client: WbClient,
  sellerId: string,
  nmIds: readonly number[],
  opts: SearchTextsOptions = {},
): Promise<OfficialQueryStat[]> {
  const period = opts.period ?? lastDays(client.clock.now(), 7);
  const limit = opts.limit ?? SEARCH_TEXTS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new Error('limit must be 1..100');
  const topOrderBy = opts.topOrderBy ?? 'orders';
  const out: OfficialQueryStat[] = [];
  const ids = [...new Set(nmIds)];
  for (let i = 0; i < ids.length; i += SEARCH_TEXTS_MAX_NM) {
    const body: SearchTextsBody = {
      currentPeriod: period,
      nmIds: ids.slice(i, i + SEARCH_TEXTS_MAX_NM),
      topOrderBy,
      includeSubstitutedSKUs: true,
      includeSearchTexts: true,
      orderBy: { field: topOrderBy, mode: 'desc' },
      limit,
    };
    const res = await client.call(searchTextsEndpoint, sellerId, { body, signal: opts.signal, share: opts.share });
    for (const it of res?.items ?? []) {
      out.push({
        nmId: it.nmId,
        phrase: it.text,
        period,
        avgPosition: it.avgPosition.current,
        medianPosition: it.medianPosition.current,
        frequency: it.frequency.current,
        weekFrequency: it.weekFrequency,
        openCard: it.openCard.current,
        addToCart: it.addToCart.current,
        orders: it.orders.current,
        visibility: it.visibility.current,
      });
    }
  }
  return out;
}

export interface PhraseSuggestion {
  phrase: string;
  /** Our cluster key of the phrase (./clusters.ts), to skip phrases the seller already tracks. */
  clusterKey: string;
  orders: number;
  openCard: number;
  frequency: number;
  avgPosition: number;
  medianPosition: number;
}

/**
 * Phrases to suggest for a SKU: the queries that brought it card opens or orders, most orders first, then most
 * opens, then most searched; one phrase per cluster, and none the seller already tracks.
 */
export function suggestionsFrom(
  stats: readonly OfficialQueryStat[],
  nmId: number,
  tracked: readonly string[] = [],
): PhraseSuggestion[] {
  const taken = new Set(tracked.map(clusterKey));
  const rows = stats
    .filter((s) => s.nmId === nmId && (s.orders > 0 || s.openCard > 0))
    .sort((a, b) => b.orders - a.orders || b.openCard - a.openCard || b.frequency - a.frequency);
  const out: PhraseSuggestion[] = [];
  for (const s of rows) {
    const key = clusterKey(s.phrase);
    if (!key || taken.has(key)) continue;
    taken.add(key);
    out.push({
      phrase: s.phrase,
      clusterKey: key,
      orders: s.orders,
      openCard: s.openCard,
      frequency: s.frequency,
      avgPosition: s.avgPosition,
      medianPosition: s.medianPosition,
    });
  }
  return out;
}

/** WB errors that mean "this token (or plan) cannot get the report", as opposed to "try again later". */
const NOT_ALLOWED: ReadonlySet<string> = new Set(['no-token', 'token-type', 'unauthorized', 'forbidden']);

export type SuggestResult =
  | { available: true; suggestions: PhraseSuggestion[]; stats: OfficialQueryStat[] }
  | { available: false; error: WbApiError };

/**
 * Suggests phrases for one SKU from the search report, where the token allows: a missing «Аналитика» category, a
 * token type WB refuses or a plan without access come back as `available: false` with WB's message for the
 * seller; limits and outages throw (their WbApiError carries `retryAt`).
 */
export async function suggestPhrases(
  client: WbClient,
  sellerId: string,
  nmId: number,
  opts: SearchTextsOptions & { tracked?: readonly string[] } = {},
): Promise<SuggestResult> {
  try {
    const stats = await fetchSearchTexts(client, sellerId, [nmId], opts);
    return { available: true, suggestions: suggestionsFrom(stats, nmId, opts.tracked), stats };
  } catch (e) {
    if (e instanceof WbApiError && NOT_ALLOWED.has(e.kind)) return { available: false, error: e };
    throw e;
  }
}

// ---- every source of positions, side by side ----

export type PositionSource =
  /** Live check: where the card shows in the public search (with its ad boost). */
  | 'live'
  /** Live check: where it would stand without the boost (`log.position`). */
  | 'live-organic'
  /** Search report: average and median position over the period. */
  | 'search-report-avg'
  | 'search-report-median'
  /** Ad keyword stats (`POST /adv/v0/normquery/stats`): `avg_pos` per norm query. */
  | 'normquery-avg'
  /** Campaign stats (`GET /adv/v3/fullstats`): `boosterStats[].avg_position` per item and day, over all queries. */
  | 'fullstats-avg';

/** How each source is labelled next to its number. */
export const POSITION_SOURCE_LABELS: Record<PositionSource, { ru: string; en: string }> = {
  live: { ru: 'Живая проверка', en: 'Live check' },
  'live-organic': { ru: 'Живая проверка, без рекламы', en: 'Live check, organic' },
  'search-report-avg': { ru: 'WB: средняя позиция (поисковые запросы)', en: 'WB: average position (search report)' },
  'search-report-median': {
    ru: 'WB: медианная позиция (поисковые запросы)',
    en: 'WB: median position (search report)',
  },
  'normquery-avg': { ru: 'WB: средняя позиция в рекламе по кластеру', en: 'WB: ad average position per cluster' },
  'fullstats-avg': { ru: 'WB: средняя позиция в рекламе по товару', en: 'WB: ad average position per item' },
};

/** One position number with where and when it comes from. */
export interface PositionReading {
  nmId: number;
  /** The query; null for sources that average over all queries (fullstats). */
  phrase: string | null;
  source: PositionSource;
  /** null = not found within the pages a live check looked through. */
  position: number | null;
  /** A moment (live checks) or a period (WB's reports), Moscow dates `YYYY-MM-DD`. */
  at?: number;
  period?: { start: string; end: string };
}

/** Search-report rows as readings (average and median). */
export function readingsFromSearchReport(stats: readonly OfficialQueryStat[]): PositionReading[] {
  return stats.flatMap((s) => [
    { nmId: s.nmId, phrase: s.phrase, source: 'search-report-avg' as const, position: s.avgPosition, period: s.period },
    {
      nmId: s.nmId,
      phrase: s.phrase,
      source: 'search-report-median' as const,
      position: s.medianPosition,
      period: s.period,
    },
  ]);
}

/** Ad keyword stats rows (`{nm_id, norm_query, avg_pos}`) as readings. */
export function readingsFromNormqueryStats(
  rows: readonly { nm_id: number; norm_query: string; avg_pos: number }[],
  period: { start: string; end: string },
): PositionReading[] {
  return rows.map((r) => ({
    nmId: r.nm_id,
    phrase: r.norm_query,
    source: 'normquery-avg' as const,
    position: r.avg_pos,
    period,
  }));
}

/** fullstats `boosterStats` (`{date, nm, avg_position}`) as readings, one per item and day. */
export function readingsFromBoosterStats(
  rows: readonly { date: string; nm: number; avg_position: number }[],
): PositionReading[] {
  return rows.map((r) => {
    const day = r.date.slice(0, 10);
    return {
      nmId: r.nm,
      phrase: null,
      source: 'fullstats-avg' as const,
      position: r.avg_position,
      period: { start: day, end: day },
    };
  });
}

/** The ad sources' readings: WB's own, read by the bidder for its campaigns (no extra request for the table). */
export type AdsPositionSource = Extract<PositionSource, 'normquery-avg' | 'fullstats-avg'>;

/**
 * What one bidder check read of WB's ad positions: fullstats `boosterStats` rows and search-cluster rows, each of the
 * Moscow `date` it is the average of (the bidder reads today's only). `views` picks one campaign's cluster when an
 * item is in several.
 */
export interface AdsPositionRows {
  boosterStats: readonly { date: string; nm: number; avg_position: number }[];
  normqueryStats: readonly { date: string; nm_id: number; norm_query: string; avg_pos: number; views: number | null }[];
}

/** The bidder's rows as readings: one per item (fullstats) and one per item and cluster (keyword stats). */
export function readingsFromAdsRows(rows: AdsPositionRows): PositionReading[] {
  const best = new Map<string, AdsPositionRows['normqueryStats'][number]>();
  for (const r of rows.normqueryStats) {
    if (!(r.avg_pos > 0)) continue;
    const id = `${r.date}|${r.nm_id}|${clusterKey(r.norm_query)}`;
    const prev = best.get(id);
    if (!prev || (r.views ?? 0) > (prev.views ?? 0)) best.set(id, r);
  }
  const byDate = new Map<string, AdsPositionRows['normqueryStats'][number][]>();
  for (const r of best.values()) byDate.set(r.date, [...(byDate.get(r.date) ?? []), r]);
  return [
    ...readingsFromBoosterStats(rows.boosterStats.filter((r) => r.avg_position > 0)),
    ...[...byDate].flatMap(([date, list]) => readingsFromNormqueryStats(list, { start: date, end: date })),
  ];
}

export interface PositionRow {
  nmId: number;
  /** Cluster key of the phrase (''), for sources without a phrase. */
  clusterKey: string;
  /** The phrase as the first reading of the row wrote it. */
  phrase: string | null;
  bySource: Partial<Record<PositionSource, PositionReading>>;
}

/**
 * Readings grouped per item and phrase cluster (so WB's «платье летнее» meets the seller's «летнее платье»), one
 * column per source. When a source has several readings for a row, the latest (by `at`, then period end) wins.
 */
export function sideBySide(readings: readonly PositionReading[]): PositionRow[] {
  const rows = new Map<string, PositionRow>();
  const when = (r: PositionReading) => r.at ?? (r.period ? Date.parse(`${r.period.end}T23:59:59+03:00`) : 0);
  for (const r of readings) {
    const key = r.phrase === null ? '' : clusterKey(r.phrase);
    const id = `${r.nmId}|${key}`;
    let row = rows.get(id);
    if (!row) {
      row = { nmId: r.nmId, clusterKey: key, phrase: r.phrase, bySource: {} };
      rows.set(id, row);
    }
    const prev = row.bySource[r.source];
    if (!prev || when(r) >= when(prev)) row.bySource[r.source] = r;
  }
  return [...rows.values()];
}
