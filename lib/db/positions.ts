/**
 * Position monitoring's tables (issue #8): the phrases tracked per SKU, the history of live checks, the latest
 * competitors per phrase and WB's official positions: the search report's, and the ad sources' the bidder read.
 * Contexts: background (writes), extension pages (reads).
 */
import Dexie from 'dexie';
import type { LiveCheck } from '../positions/live-check';
import type { AdsPositionSource, OfficialQueryStat, PositionReading } from '../positions/official';
import {
  ofSeller,
  type PositionCheckRecord,
  type PositionCompetitorsRecord,
  type PositionOfficialRecord,
  type PositionPhraseRecord,
  type SellerLensDb,
} from './schema';
import { clusterKey } from '../positions/clusters';

export const POSITION_TABLES = (db: SellerLensDb) => [
  db.positionPhrases,
  db.positionChecks,
  db.positionCompetitors,
  db.positionOfficial,
];

/** A seller's tracked phrases, by SKU then cluster. */
export function sellerPhrases(db: SellerLensDb, sellerId: string): Promise<PositionPhraseRecord[]> {
  return ofSeller(db.positionPhrases, sellerId).toArray();
}

/** Every seller's tracked phrases (the alarm task's input). */
export function allPhrases(db: SellerLensDb): Promise<PositionPhraseRecord[]> {
  return db.positionPhrases.toArray();
}

export function getPhrase(
  db: SellerLensDb,
  sellerId: string,
  nmId: number,
  key: string,
): Promise<PositionPhraseRecord | undefined> {
  return db.positionPhrases.get([sellerId, nmId, key]);
}

export async function putPhrase(db: SellerLensDb, rec: PositionPhraseRecord): Promise<void> {
  await db.positionPhrases.put(rec);
}

/** Stops tracking a phrase for a SKU and deletes its history; the competitors go when no SKU tracks the cluster. */
export async function deletePhrase(db: SellerLensDb, sellerId: string, nmId: number, key: string): Promise<boolean> {
  return db.transaction('rw', [db.positionPhrases, db.positionChecks, db.positionCompetitors], async () => {
    const had = (await db.positionPhrases.get([sellerId, nmId, key])) !== undefined;
    await db.positionPhrases.delete([sellerId, nmId, key]);
    await db.positionChecks
      .where(':id')
      .between([sellerId, key, nmId, Dexie.minKey], [sellerId, key, nmId, Dexie.maxKey], true, true)
      .delete();
    const others = await ofSeller(db.positionPhrases, sellerId)
      .filter((p) => p.clusterKey === key)
      .count();
    if (others === 0) await db.positionCompetitors.delete([sellerId, key]);
    return had;
  });
}

/** Marks an attempt on the phrases of a cluster: successful (`error` null) or not. */
export async function markAttempt(
  db: SellerLensDb,
  sellerId: string,
  key: string,
  at: number,
  error: string | null,
  normQuery: string | null = null,
): Promise<void> {
  await ofSeller(db.positionPhrases, sellerId)
    .filter((p) => p.clusterKey === key)
    .modify((p) => {
      p.lastAttemptAt = at;
      p.lastError = error;
      if (error === null) p.lastCheckedAt = at;
      if (normQuery) p.normQuery = normQuery;
    });
}

/** The history rows of one live check: one per SKU looked for. */
export function checkRecords(sellerId: string, key: string, check: LiveCheck): PositionCheckRecord[] {
  return check.results.map((r) => ({
    sellerId,
    clusterKey: key,
    nmId: r.nmId,
    at: check.startedAt,
    phrase: check.query,
    dest: check.dest,
    position: r.found ? r.position : null,
    organicPosition: r.found ? r.organicPosition : null,
    page: r.found ? r.page : null,
    boosted: r.found && r.boosted,
    promoPosition: r.found ? r.promoPosition : null,
    cpmRub: r.found ? r.cpmRub : null,
    searchedTo: r.found ? r.position : r.searchedTo,
  }));
}

/** Stores a finished live check: its history rows and, replacing the previous one, the competitors. */
export async function storeCheck(db: SellerLensDb, sellerId: string, key: string, check: LiveCheck): Promise<void> {
  await db.transaction('rw', [db.positionChecks, db.positionCompetitors], async () => {
    await db.positionChecks.bulkPut(checkRecords(sellerId, key, check));
    await db.positionCompetitors.put({
      sellerId,
      clusterKey: key,
      phrase: check.query,
      dest: check.dest,
      at: check.startedAt,
      normQuery: check.normQuery,
      total: check.total,
      competitors: check.competitors,
      bid: check.bid,
      cardsError: check.cardsError?.message ?? null,
    });
  });
}

/** The history of a SKU for a phrase cluster, oldest first. */
export function positionHistory(
  db: SellerLensDb,
  sellerId: string,
  key: string,
  nmId: number,
  since = 0,
): Promise<PositionCheckRecord[]> {
  return db.positionChecks
    .where(':id')
    .between([sellerId, key, nmId, since], [sellerId, key, nmId, Dexie.maxKey], true, true)
    .toArray();
}

/** The latest stored check of a SKU for a phrase cluster, or undefined. */
export function latestCheck(
  db: SellerLensDb,
  sellerId: string,
  key: string,
  nmId: number,
): Promise<PositionCheckRecord | undefined> {
  return db.positionChecks
    .where(':id')
    .between([sellerId, key, nmId, Dexie.minKey], [sellerId, key, nmId, Dexie.maxKey], true, true)
    .last();
}

/** Every SKU's result in the latest check of a cluster (all rows sharing the newest `at`). */
export async function latestClusterCheck(
  db: SellerLensDb,
  sellerId: string,
  key: string,
): Promise<PositionCheckRecord[]> {
  const rows = await db.positionChecks
    .where(':id')
    .between([sellerId, key], [sellerId, key, Dexie.maxKey], true, true)
    .toArray();
  const byNm = new Map<number, PositionCheckRecord>();
  for (const r of rows) {
    const prev = byNm.get(r.nmId);
    if (!prev || r.at > prev.at) byNm.set(r.nmId, r);
  }
  return [...byNm.values()];
}

export function getCompetitors(
  db: SellerLensDb,
  sellerId: string,
  key: string,
): Promise<PositionCompetitorsRecord | undefined> {
  return db.positionCompetitors.get([sellerId, key]);
}

/** Replaces the official positions of the SKUs in `nmIds` with the search report's rows. */
export async function putOfficial(
  db: SellerLensDb,
  sellerId: string,
  nmIds: readonly number[],
  stats: readonly OfficialQueryStat[],
  at: number,
): Promise<void> {
  const recs: PositionOfficialRecord[] = stats.map((s) => ({
    sellerId,
    nmId: s.nmId,
    clusterKey: clusterKey(s.phrase),
    phrase: s.phrase,
    period: s.period,
    avgPosition: s.avgPosition,
    medianPosition: s.medianPosition,
    frequency: s.frequency,
    openCard: s.openCard,
    orders: s.orders,
    fetchedAt: at,
  }));
  await db.transaction('rw', db.positionOfficial, async () => {
    for (const nmId of new Set(nmIds)) {
      await db.positionOfficial
        .where(':id')
        .between([sellerId, nmId, Dexie.minKey], [sellerId, nmId, Dexie.maxKey], true, true)
        .filter((r) => !isAdsRecord(r))
        .delete();
    }
    await db.positionOfficial.bulkPut(recs.filter((r) => r.clusterKey !== ''));
  });
}

/** The seller's search-report positions (all SKUs, or one); the ad sources' rows are `sellerAdsReadings`. */
export async function sellerOfficial(
  db: SellerLensDb,
  sellerId: string,
  nmId?: number,
): Promise<PositionOfficialRecord[]> {
  const rows =
    nmId === undefined
      ? ofSeller(db.positionOfficial, sellerId)
      : db.positionOfficial
          .where(':id')
          .between([sellerId, nmId, Dexie.minKey], [sellerId, nmId, Dexie.maxKey], true, true);
  return rows.filter((r) => !isAdsRecord(r)).toArray();
}

// ---- the ad sources' positions (keyword stats `avg_pos`, fullstats' average position) ----

/**
 * An ad source's reading in the official table. The table's key is `[sellerId+nmId+clusterKey]` (schema version 4),
 * with no source in it, so the source goes into the key's last part: `#<source>#<cluster key>` (fullstats, which
 * averages over all queries: `#fullstats-avg#`). A cluster key holds only letters, digits and spaces, so these never
 * meet a search-report row. The search report's numbers it has no counterpart for stay 0 and are never read.
 */
export interface AdsOfficialRecord extends PositionOfficialRecord {
  source: AdsPositionSource;
}

const ADS_KEY_MARK = '#';

/** The stored key of an ad source's reading of a cluster ('' for fullstats). */
export function adsOfficialKey(source: AdsPositionSource, key: string): string {
  return `${ADS_KEY_MARK}${source}${ADS_KEY_MARK}${key}`;
}

function isAdsRecord(r: PositionOfficialRecord): r is AdsOfficialRecord {
  return r.clusterKey.startsWith(ADS_KEY_MARK);
}

/**
 * Stores the ad sources' readings: for each source and SKU in `readings`, its rows replace that SKU's earlier ones of
 * the source (the latest read of a SKU's clusters is what the table shows). Live readings are ignored.
 */
export async function putAdsReadings(
  db: SellerLensDb,
  sellerId: string,
  readings: readonly PositionReading[],
  at: number,
): Promise<number> {
  const recs: AdsOfficialRecord[] = [];
  for (const r of readings) {
    if ((r.source !== 'normquery-avg' && r.source !== 'fullstats-avg') || r.position === null || !r.period) continue;
    const key = r.phrase === null ? '' : clusterKey(r.phrase);
    if (r.source === 'normquery-avg' && key === '') continue;
    recs.push({
      sellerId,
      nmId: r.nmId,
      clusterKey: adsOfficialKey(r.source, key),
      phrase: r.phrase ?? '',
      period: r.period,
      avgPosition: r.position,
      medianPosition: 0,
      frequency: 0,
      openCard: 0,
      orders: 0,
      fetchedAt: at,
      source: r.source,
    });
  }
  if (recs.length === 0) return 0;
  await db.transaction('rw', db.positionOfficial, async () => {
    const replaced = new Set(recs.map((r) => `${r.source}|${r.nmId}`));
    for (const id of replaced) {
      const [source, nm] = id.split('|') as [AdsPositionSource, string];
      const prefix = adsOfficialKey(source, '');
      await db.positionOfficial
        .where(':id')
        .between([sellerId, Number(nm), prefix], [sellerId, Number(nm), `${prefix}\uffff`], true, true)
        .delete();
    }
    await db.positionOfficial.bulkPut(recs);
  });
  return recs.length;
}

/** The seller's stored ad-source readings (all SKUs), as `PositionReading`s. */
export async function sellerAdsReadings(db: SellerLensDb, sellerId: string): Promise<PositionReading[]> {
  const rows = await ofSeller(db.positionOfficial, sellerId).filter(isAdsRecord).toArray();
  return (rows as AdsOfficialRecord[]).map((r) => ({
    nmId: r.nmId,
    phrase: r.source === 'fullstats-avg' ? null : r.phrase,
    source: r.source,
    position: r.avgPosition,
    period: r.period,
  }));
}

/** Deletes the seller's history older than `before` (one key range per tracked phrase and SKU). Returns how many. */
export async function pruneHistory(db: SellerLensDb, sellerId: string, before: number): Promise<number> {
  let n = 0;
  for (const p of await ofSeller(db.positionPhrases, sellerId).toArray()) {
    n += await db.positionChecks
      .where(':id')
      .between([sellerId, p.clusterKey, p.nmId, Dexie.minKey], [sellerId, p.clusterKey, p.nmId, before], true, false)
      .delete();
  }
  return n;
}
