/**
 * The seller's WB data in IndexedDB: one Dexie database, typed tables keyed by WB's natural keys (so every write is
 * an upsert), with the seller id first in every key, so that every query and every deletion is per seller and
 * needs no secondary index. Rows hold only the fields Seller Lens uses, not WB's whole JSON.
 * Contexts: background (writes), extension pages (reads). Never a content script.
 */
import Dexie, { type Table } from 'dexie';
import type { AuditEntry } from '../bidder/audit';
import type { Rule } from '../bidder/rules';
import { buildPeriodRollups } from './period-rollups';
import type { BidComparison, Competitor } from '../positions/rank';

export const DB_NAME = 'seller-lens';

/** One order (`/api/v1/supplier/orders`), keyed by `srid`. Times are Moscow time as WB writes them. */
export interface OrderRecord {
  sellerId: string;
  srid: string;
  date: string;
  lastChangeDate: string;
  nmId: number;
  supplierArticle: string;
  techSize: string;
  barcode: string;
  warehouseName: string;
  warehouseType: string;
  countryName: string;
  oblastOkrugName: string;
  regionName: string;
  totalPrice: number;
  discountPercent: number;
  spp: number;
  finishedPrice: number;
  priceWithDisc: number;
  isCancel: boolean;
  /** null when the order is not cancelled (WB writes `0001-01-01T00:00:00`). */
  cancelDate: string | null;
  /** The basket: orders placed together share it. */
  gNumber: string;
}

/** One sale (`S…`) or return (`R…`) of `/api/v1/supplier/sales`, keyed by `saleID`. */
export interface SaleRecord {
  sellerId: string;
  saleID: string;
  srid: string;
  date: string;
  lastChangeDate: string;
  nmId: number;
  supplierArticle: string;
  techSize: string;
  barcode: string;
  warehouseName: string;
  countryName: string;
  oblastOkrugName: string;
  regionName: string;
  totalPrice: number;
  discountPercent: number;
  spp: number;
  paymentSaleAmount: number;
  /** 0 for up to a day while WB fills it in; a later change of the row brings the value. */
  forPay: number;
  finishedPrice: number;
  priceWithDisc: number;
  gNumber: string;
}

export type OrderFeedStatus = 'created' | 'buyout' | 'cancel' | 'return' | 'returnDefective';

/** An order's latest status from the real-time order feed (31 days, unpaid orders too), keyed by `srid`. */
export interface OrderFeedRecord {
  sellerId: string;
  srid: string;
  nmId: number;
  chrtId: number;
  createdAt: string;
  updatedAt: string;
  status: OrderFeedStatus;
  cancelType: string | null;
  warehouseName: string;
  warehouseRegion: string;
  isMp: boolean;
  destinationCity: string;
  destinationDistrict: string;
  sellerPrice: number;
  isB2b: boolean;
}

/** A size on a WB warehouse in the latest stock snapshot. */
export interface StockRecord {
  sellerId: string;
  nmId: number;
  chrtId: number;
  warehouseId: number;
  warehouseName: string;
  regionName: string;
  quantity: number;
  inWayToClient: number;
  inWayFromClient: number;
  /** The sync that wrote it (clock ms): rows of older snapshots are removed when a snapshot completes. */
  snapshotAt: number;
}

/** A row of the detailed realization report, keyed by `rrdId`. Money stays WB's exact decimal strings. */
export interface FinanceRecord {
  sellerId: string;
  rrdId: number;
  /** int64 beyond 2^53: kept as the exact decimal string. */
  reportId: string;
  dateFrom: string;
  dateTo: string;
  currency: string;
  reportType: number;
  rrDate: string;
  orderDt: string;
  saleDt: string;
  nmId: number;
  vendorCode: string;
  techSize: string;
  sku: string;
  subjectName: string;
  brandName: string;
  docTypeName: string;
  sellerOperName: string;
  bonusTypeName: string | null;
  officeName: string;
  quantity: number;
  deliveryAmount: number;
  returnAmount: number;
  retailPrice: string;
  retailAmount: string;
  retailPriceWithDisc: string;
  deliveryService: string;
  ppvzSalesCommission: string;
  forPay: string;
  ppvzReward: string;
  acquiringFee: string;
  vw: string;
  vwNds: string;
  penalty: string;
  additionalPayment: string;
  paidStorage: string;
  deduction: string;
  paidAcceptance: string;
  country: string;
  srid: string;
}

/** An ad campaign (promotion API), keyed by `advertId`. */
export interface CampaignRecord {
  sellerId: string;
  advertId: number;
  type: number;
  status: number;
  name: string;
  bidType: string;
  paymentType: string;
  placements: { search: boolean; recommendations: boolean };
  currency: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  deletedAt: string;
}

/** An item's current bids in a campaign, kopecks. */
export interface BidRecord {
  sellerId: string;
  advertId: number;
  nmId: number;
  subjectId: number;
  subjectName: string;
  search: number;
  recommendations: number;
}

/** A campaign's stats for one item and day, summed over WB's platforms (site, Android, iOS). Money in roubles. */
export interface AdStatRecord {
  sellerId: string;
  advertId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  nmId: number;
  name: string;
  views: number;
  clicks: number;
  sum: number;
  sumPrice: number;
  orders: number;
  shks: number;
  atbs: number;
  canceled: number;
}

/** A product card: what the analytics show for an nmId. */
export interface CardRecord {
  sellerId: string;
  nmId: number;
  imtId: number;
  title: string;
  vendorCode: string;
  brand: string;
  subjectId: number;
  subjectName: string;
  /** The first photo (small size), or null for a card without photos. */
  photo: string | null;
  sizes: { chrtId: number; techSize: string; skus: string[] }[];
  updatedAt: string;
}

export const DATASETS = ['orders', 'sales', 'orderFeed', 'stocks', 'finance', 'ads', 'cards'] as const;
export type Dataset = (typeof DATASETS)[number];

/** Where a dataset's stream continues from; its shape belongs to the dataset's job. */
export type SyncCursor = Record<string, string | number | null>;

/** The sync state of one (seller, dataset). Its cursor is written in the same transaction as the rows it covers. */
export interface SyncStateRecord {
  sellerId: string;
  dataset: Dataset;
  /** 'backfill' until the first complete pass, then 'incremental'. */
  phase: 'backfill' | 'incremental';
  cursor: SyncCursor | null;
  /** Rows stored so far (new keys), and pages committed, over the dataset's life. */
  rowsSoFar: number;
  pages: number;
  /** 0..1 of the backfill where it can be estimated (by time), else null. */
  progress: number | null;
  backfillStartedAt: number | null;
  backfillDoneAt: number | null;
  lastRunAt: number | null;
  /** When the stream was last complete: the data is as of this time («данные на HH:MM МСК»). */
  lastSuccessAt: number | null;
  /** The last error in Russian, cleared by the next success. */
  lastError: string | null;
  lastErrorAt: number | null;
  errorCount: number;
  /** When the engine runs the job next; null = not until something changes (skipped). */
  nextRunAt: number | null;
  /** Why the keyring cannot serve this dataset, in Russian; the job is not retried until the keyring changes. */
  skipReason: string | null;
  /** The keyring's state when the dataset was skipped. */
  skipKey: string | null;
}

export type OrdersRollupKey = [sellerId: string, day: string, nmId: number, region: string];

/**
 * Orders, cancellations, sales and returns per Moscow day, item and region (orders count on their order day, sales
 * and returns on theirs; money in kopecks): the daily roll-up of schema versions 1–4, which the upgrade to version 3
 * builds the period roll-ups from. Version 5 drops it; the period roll-ups' day records hold the same sums.
 */
export interface DailyOrdersRecord {
  sellerId: string;
  day: string;
  nmId: number;
  region: string;
  okrug: string;
  country: string;
  orders: number;
  /** priceWithDisc of the orders. */
  orderSum: number;
  cancels: number;
  cancelSum: number;
  sales: number;
  /** priceWithDisc of the sales. */
  saleSum: number;
  returns: number;
  /** priceWithDisc of the returns, as a positive amount. */
  returnSum: number;
  /** What buyers paid (finishedPrice), sales less returns. */
  revenue: number;
  /** To the seller, sales less returns. */
  forPay: number;
}

/** The dimensions a period roll-up holds whole: the seller's total, each region, each item. */
export type RollupDim = 'total' | 'region' | 'sku';
/**
 * The time buckets of period roll-ups: a Moscow day, a week that never crosses a month (its days 1–7, 8–14, 15–21,
 * 22–28, 29–end), and a month. Any period is whole months plus at most four such weeks and six days at each edge.
 */
export type RollupGrain = 'day' | 'week' | 'month';

export type PeriodRollupKey = [sellerId: string, dim: RollupDim, grain: RollupGrain, bucket: string];

/**
 * A whole dimension of the daily roll-up summed over one time bucket: a year is a few dozen records instead of
 * days × items × regions rows. Maintained on every write from the raw rows' changes (lib/db/period-rollups.ts).
 * Entry i is `keys[i]` (an nmId, a region name, or '' for the total) with counters
 * `counters[i * 10 .. i * 10 + 9]` in TOTAL_KEYS order (kopecks and counts: integers, exact in a Float64Array,
 * which IndexedDB stores and reads back as one block instead of thousands of numbers).
 */
export interface PeriodRollupRecord {
  sellerId: string;
  dim: RollupDim;
  grain: RollupGrain;
  /** The bucket's first day, `YYYY-MM-DD` (a month's is its 1st). */
  bucket: string;
  keys: (string | number)[];
  /** Regions only: each entry's federal district and country (an entry is a region, district and country). */
  okrugs?: string[];
  countries?: string[];
  counters: Float64Array;
}

/** A bidder rule as the seller saved it (lib/bidder/rules.ts), keyed by (sellerId, id). */
export type BidderRuleRecord = Rule;

/** One decision of the bidder's audit log, keyed by (sellerId, at, seq): a range by seller and time. */
export interface BidderAuditRecord extends AuditEntry {
  /** Orders the entries of one check (they share `at`). */
  seq: number;
}

/**
 * A phrase the seller tracks for a SKU (issue #8), keyed by (sellerId, nmId, clusterKey): one phrase per cluster
 * per SKU, so «платье летнее» and «летнее платье» are one entry.
 */
export interface PositionPhraseRecord {
  sellerId: string;
  nmId: number;
  /** The phrase as the seller typed it (trimmed): what the live check searches for. */
  phrase: string;
  /** lib/positions/clusters.ts `clusterKey` of the phrase. */
  clusterKey: string;
  /** WB's normalized query, once a live check or the search report gave one. */
  normQuery: string | null;
  /** The seller's own interval (ms, at least an hour); null = the settings' default (daily). */
  intervalMs: number | null;
  /** Region (`dest`); null = the settings' region (Moscow by default). */
  dest: number | null;
  addedAt: number;
  /** The last successful live check, and the last attempt (successful or not). */
  lastCheckedAt: number | null;
  lastAttemptAt: number | null;
  /** Why the last attempt failed (Russian, ready to show), or null. */
  lastError: string | null;
}

/**
 * One SKU's position in one live check of a phrase: the history, keyed by (sellerId, clusterKey, nmId, at), so the
 * chart of a SKU and phrase is one key range.
 */
export interface PositionCheckRecord {
  sellerId: string;
  clusterKey: string;
  nmId: number;
  /** When the check started (ms). */
  at: number;
  phrase: string;
  dest: number;
  /** Where the card shows, with its ad boost; null = not within `searchedTo`. */
  position: number | null;
  /** Where it would stand without the boost; null when not found or WB left it out. */
  organicPosition: number | null;
  /** 1-based page, null when not found. */
  page: number | null;
  boosted: boolean;
  promoPosition: number | null;
  cpmRub: number | null;
  /** How deep the check looked (the whole depth when not found). */
  searchedTo: number;
}

/** The competitors above the seller's card in the latest live check of a phrase, keyed by (sellerId, clusterKey). */
export interface PositionCompetitorsRecord {
  sellerId: string;
  clusterKey: string;
  phrase: string;
  dest: number;
  at: number;
  normQuery: string | null;
  total: number | null;
  competitors: Competitor[];
  bid: BidComparison;
  /** Why ratings and reviews are missing (the card request failed), or null. */
  cardsError: string | null;
}

/** WB's official position of a SKU for a query (search report), keyed by (sellerId, nmId, clusterKey). */
export interface PositionOfficialRecord {
  sellerId: string;
  nmId: number;
  clusterKey: string;
  phrase: string;
  period: { start: string; end: string };
  avgPosition: number;
  medianPosition: number;
  frequency: number;
  openCard: number;
  orders: number;
  fetchedAt: number;
}

export class SellerLensDb extends Dexie {
  orders!: Table<OrderRecord, [string, string]>;
  sales!: Table<SaleRecord, [string, string]>;
  orderFeed!: Table<OrderFeedRecord, [string, string]>;
  stocks!: Table<StockRecord, [string, number, number, number]>;
  finance!: Table<FinanceRecord, [string, number]>;
  campaigns!: Table<CampaignRecord, [string, number]>;
  bids!: Table<BidRecord, [string, number, number]>;
  adStats!: Table<AdStatRecord, [string, number, string, number]>;
  cards!: Table<CardRecord, [string, number]>;
  syncState!: Table<SyncStateRecord, [string, Dataset]>;
  periodRollups!: Table<PeriodRollupRecord, PeriodRollupKey>;
  bidderRules!: Table<BidderRuleRecord, [string, string]>;
  bidderAudit!: Table<BidderAuditRecord, [string, number, number]>;
  positionPhrases!: Table<PositionPhraseRecord, [string, number, string]>;
  positionChecks!: Table<PositionCheckRecord, [string, string, number, number]>;
  positionCompetitors!: Table<PositionCompetitorsRecord, [string, string]>;
  positionOfficial!: Table<PositionOfficialRecord, [string, number, string]>;

  constructor(name: string = DB_NAME) {
    super(name);
    // Primary keys only: each secondary index costs a large share of write throughput (TOOLCHAIN.md), and every
    // query here is a range of the primary key that starts with the seller id.
    this.version(1).stores({
      orders: '[sellerId+srid]',
      sales: '[sellerId+saleID]',
      orderFeed: '[sellerId+srid]',
      stocks: '[sellerId+nmId+chrtId+warehouseId]',
      finance: '[sellerId+rrdId]',
      campaigns: '[sellerId+advertId]',
      bids: '[sellerId+advertId+nmId]',
      adStats: '[sellerId+advertId+date+nmId]',
      cards: '[sellerId+nmId]',
      syncState: '[sellerId+dataset]',
      dailyOrders: '[sellerId+day+nmId+region]',
    });
    // The bidder (issue #7): new tables only. The audit log's key starts with the time, so pruning and the
    // newest-first view are key ranges.
    this.version(2).stores({
      bidderRules: '[sellerId+id]',
      bidderAudit: '[sellerId+at+seq]',
    });
    // Period roll-ups (issue #5's speed): a dimension per time bucket, built from the daily roll-up users already have.
    this.version(3)
      .stores({ periodRollups: '[sellerId+dim+grain+bucket]' })
      .upgrade((tx) => buildPeriodRollups(tx.table('dailyOrders'), tx.table('periodRollups')));
    // Position monitoring (issue #8): new tables only. The history's key starts with the phrase's cluster and the
    // SKU, so one chart is one key range.
    this.version(4).stores({
      positionPhrases: '[sellerId+nmId+clusterKey]',
      positionChecks: '[sellerId+clusterKey+nmId+at]',
      positionCompetitors: '[sellerId+clusterKey]',
      positionOfficial: '[sellerId+nmId+clusterKey]',
    });
    // The daily roll-up goes: the period roll-ups follow the raw rows themselves and their day records hold the same
    // sums. After version 3, whose upgrade builds from it.
    this.version(5).stores({ dailyOrders: null });
  }
}

/** Every table that holds a seller's rows. */
export function sellerTables(db: SellerLensDb): Table<{ sellerId: string }, unknown>[] {
  return [
    db.orders,
    db.sales,
    db.orderFeed,
    db.stocks,
    db.finance,
    db.campaigns,
    db.bids,
    db.adStats,
    db.cards,
    db.syncState,
    db.periodRollups,
    db.bidderRules,
    db.bidderAudit,
    db.positionPhrases,
    db.positionChecks,
    db.positionCompetitors,
    db.positionOfficial,
  ] as unknown as Table<{ sellerId: string }, unknown>[];
}

/** A seller's rows of a table: the range of primary keys that start with the seller id. */
export function ofSeller<T, K>(table: Table<T, K>, sellerId: string) {
  return table.where(':id').between([sellerId, Dexie.minKey], [sellerId, Dexie.maxKey], true, true);
}

/** Whether an error is the browser refusing to store more (Dexie wraps IndexedDB's QuotaExceededError). */
export function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; inner?: unknown } | null | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.name === Dexie.errnames.QuotaExceeded) return true;
    e = e.inner as typeof e;
  }
  return false;
}
