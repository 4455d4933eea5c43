/**
 * Thin loaders: read Dexie for a seller and a period, and hand the rows to the pure figures. Extension pages call
 * them with their own connection; the background can call them for the cabinet panels' messages.
 * Costs: the overview, geography, SKU, stocks and ads figures read the period roll-ups (lib/db/period-rollups.ts):
 * whole months, weeks and days of one dimension, so a year is a few dozen records (the overview's chart reads one
 * small record per day), never raw orders. Stocks read the latest snapshot; finance reads the report lines
 * (weekly, few); the order-feed statuses read the feed (WB keeps 31 days). Baskets and per-size figures are the only
 * ones that read raw orders: the orders table is keyed by srid, so a period costs a scan of the seller's orders.
 * They run only on demand (a button in the dashboard) and say so.
 * Contexts: background, extension pages. Never a content script.
 */
import Dexie from 'dexie';
import { periodRollupsOf, sumEntries, totalsAt, type RollupEntry } from '../db/period-rollups';
import type { Dataset, SellerLensDb } from '../db/schema';
import { ofSeller } from '../db/schema';
import { adsFigures, revenueByNm, type AdsFigures } from './ads';
import { baskets, type Baskets } from './baskets';
import { financeBySkuAndWeek, reconcile, type FinanceLine, type Reconciliation, type SkuWeekFigures } from './finance';
import { comparePeriods, overview, type DayTotalsRow, type Overview, type Period } from './overview';
import { geography, type GeoFigures, type GeoLevel, type GeoRow } from './geography';
import { bySize, bySku, type SizeFigures, type SkuFigures } from './sku';
import { coverWindow, outOfStockRisk, stockCover, stocksByWarehouse, type StockFigures } from './stocks';

const DAY = 86_400_000;

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** The period of the same length right before `p`. */
export function previousOf(p: Period): Period {
  const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / DAY) + 1;
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}

/** The seller's totals per day of [from, to] (days with data only): one small record per day. */
async function dayTotals(db: SellerLensDb, sellerId: string, from: string, to: string): Promise<DayTotalsRow[]> {
  const recs = await db.periodRollups
    .where(':id')
    .between([sellerId, 'total', 'day', from], [sellerId, 'total', 'day', to], true, true)
    .toArray();
  return recs.map((r) => ({ day: r.bucket, ...totalsAt(r.counters, 0) }));
}

/** One dimension summed over the period: months, weeks and days of the period roll-ups. */
async function entriesOf(db: SellerLensDb, sellerId: string, dim: 'region' | 'sku', p: Period): Promise<RollupEntry[]> {
  return sumEntries(await periodRollupsOf(db, sellerId, dim, p.from, p.to));
}

/** Per item over the period (the period roll-ups' SKU dimension), as rows the figures take. */
export async function loadSkuTotals(db: SellerLensDb, sellerId: string, p: Period) {
  return (await entriesOf(db, sellerId, 'sku', p)).map((e) => ({ nmId: e.key as number, ...e.totals }));
}

/** The overview of a period against the previous one (one range of daily totals covering both). */
export async function loadOverview(db: SellerLensDb, sellerId: string, p: Period) {
  const prev = previousOf(p);
  const rows = await dayTotals(db, sellerId, prev.from, p.to);
  return comparePeriods(rows, p, prev);
}

/** Today and yesterday (Moscow) for the popup. */
export async function loadToday(
  db: SellerLensDb,
  sellerId: string,
  today: string,
): Promise<{ today: Overview; yesterday: Overview }> {
  const yesterday = addDays(today, -1);
  const rows = await dayTotals(db, sellerId, yesterday, today);
  return {
    today: overview(rows, { from: today, to: today }),
    yesterday: overview(rows, { from: yesterday, to: yesterday }),
  };
}

export async function loadGeography(
  db: SellerLensDb,
  sellerId: string,
  p: Period,
): Promise<Record<GeoLevel, GeoFigures[]>> {
  const rows: GeoRow[] = (await entriesOf(db, sellerId, 'region', p)).map((e) => ({
    region: e.key as string,
    okrug: e.okrug,
    country: e.country,
    ...e.totals,
  }));
  return { okrug: geography(rows, 'okrug'), region: geography(rows, 'region'), country: geography(rows, 'country') };
}

/** Per SKU from the period roll-ups, with cards and the feed's statuses of orders created in the period. */
export async function loadSkus(db: SellerLensDb, sellerId: string, p: Period): Promise<SkuFigures[]> {
  const [rows, cards, feed] = await Promise.all([
    loadSkuTotals(db, sellerId, p),
    ofSeller(db.cards, sellerId).toArray(),
    ofSeller(db.orderFeed, sellerId).toArray(),
  ]);
  const inPeriod = feed.filter((f) => {
    const day = mskDayOfIso(f.createdAt);
    return day >= p.from && day <= p.to;
  });
  return bySku(rows, cards, inPeriod);
}

/** The Moscow day of an ISO time with a zone (the feed's times), or its date part when it has none. */
export function mskDayOfIso(time: string): string {
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(time)) return time.slice(0, 10);
  return new Date(Date.parse(time) + 3 * 3_600_000).toISOString().slice(0, 10);
}

/** Raw orders and sales of a period: a scan of the seller's orders and sales (on demand only; see above). */
async function rawOfPeriod(db: SellerLensDb, sellerId: string, p: Period) {
  const inP = (date: string) => {
    const d = date.slice(0, 10);
    return d >= p.from && d <= p.to;
  };
  const [orders, sales] = await Promise.all([
    ofSeller(db.orders, sellerId)
      .filter((o) => inP(o.date))
      .toArray(),
    ofSeller(db.sales, sellerId)
      .filter((s) => inP(s.date))
      .toArray(),
  ]);
  return { orders, sales };
}

/** Baskets and per-size figures of a period, from raw rows (on demand). */
export async function loadBasketsAndSizes(
  db: SellerLensDb,
  sellerId: string,
  p: Period,
): Promise<{ baskets: Baskets; sizes: SizeFigures[]; scannedMs: number }> {
  const t0 = performance.now();
  const { orders, sales } = await rawOfPeriod(db, sellerId, p);
  return { baskets: baskets(orders), sizes: bySize(orders, sales), scannedMs: Math.round(performance.now() - t0) };
}

export async function loadStocks(
  db: SellerLensDb,
  sellerId: string,
  today: string,
): Promise<{ items: StockFigures[]; risk: StockFigures[]; byWarehouse: ReturnType<typeof stocksByWarehouse> }> {
  const w = coverWindow(today);
  const [stocks, days] = await Promise.all([
    ofSeller(db.stocks, sellerId).toArray(),
    db.periodRollups
      .where(':id')
      .between([sellerId, 'sku', 'day', w.from], [sellerId, 'sku', 'day', w.to], true, true)
      .toArray(),
  ]);
  const rows = days.flatMap((d) =>
    d.keys.map((nmId, i) => ({ day: d.bucket, nmId: nmId as number, ...totalsAt(d.counters, i) })),
  );
  const items = stockCover(stocks, rows, today);
  return { items, risk: outOfStockRisk(items), byWarehouse: stocksByWarehouse(stocks) };
}

/** Finance report lines whose report week overlaps the period (all of the seller's when no period). */
export async function loadFinanceLines(db: SellerLensDb, sellerId: string, p?: Period): Promise<FinanceLine[]> {
  const rows = await ofSeller(db.finance, sellerId).toArray();
  return p ? rows.filter((r) => r.dateTo.slice(0, 10) >= p.from && r.dateFrom.slice(0, 10) <= p.to) : rows;
}

export async function loadFinance(
  db: SellerLensDb,
  sellerId: string,
  p?: Period,
): Promise<{ lines: number; perSkuWeek: SkuWeekFigures[]; reconciliation: Reconciliation[] }> {
  const lines = await loadFinanceLines(db, sellerId, p);
  return { lines: lines.length, perSkuWeek: financeBySkuAndWeek(lines), reconciliation: reconcile(lines) };
}

/** Ads for the period: each campaign's stats are one key range by date; ДРР against the roll-up's revenue. */
export async function loadAds(db: SellerLensDb, sellerId: string, p: Period): Promise<AdsFigures> {
  const campaigns = await ofSeller(db.campaigns, sellerId).toArray();
  const [rollups, ...stats] = await Promise.all([
    loadSkuTotals(db, sellerId, p),
    ...campaigns.map((c) =>
      db.adStats
        .where(':id')
        .between([sellerId, c.advertId, p.from, Dexie.minKey], [sellerId, c.advertId, p.to, Dexie.maxKey], true, true)
        .toArray(),
    ),
  ]);
  return adsFigures(stats.flat(), campaigns, revenueByNm(rollups), p);
}

/** When each dataset was last complete (syncState.lastSuccessAt), for «данные на HH:MM МСК». */
export async function loadDataAge(
  db: SellerLensDb,
  sellerId: string,
): Promise<Partial<Record<Dataset, number | null>>> {
  const states = await ofSeller(db.syncState, sellerId).toArray();
  const out: Partial<Record<Dataset, number | null>> = {};
  for (const s of states) out[s.dataset] = s.lastSuccessAt;
  return out;
}
