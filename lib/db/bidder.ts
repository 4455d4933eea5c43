/**
 * The bidder's tables: the seller's rules, and the audit log of every decision (kept 90 days by default), plus the
 * stock guard's days of cover from the synced stocks and the period roll-ups' orders per item.
 * Contexts: background (writes), extension pages (reads).
 */
import Dexie from 'dexie';
import { AUDIT_RETENTION_DAYS, type AuditEntry, type AuditOutcome, type AuditSink } from '../bidder/audit';
import type { Rule } from '../bidder/rules';
import { periodRollupsOf, sumEntries } from './period-rollups';
import { ofSeller, type BidderAuditRecord, type SellerLensDb } from './schema';

const DAY_MS = 86_400_000;
const MSK_OFFSET_MS = 3 * 3_600_000;
/** Days of cover = stock over the average daily orders of this many days. */
export const COVER_DAYS = 14;

export const BIDDER_TABLES = (db: SellerLensDb) => [db.bidderRules, db.bidderAudit];

/** A seller's rules, in the order they were saved. */
export function sellerRules(db: SellerLensDb, sellerId: string): Promise<Rule[]> {
  return ofSeller(db.bidderRules, sellerId).toArray();
}

/** Every seller's rules (the alarm task's input). */
export function allRules(db: SellerLensDb): Promise<Rule[]> {
  return db.bidderRules.toArray();
}

export async function getRule(db: SellerLensDb, sellerId: string, id: string): Promise<Rule | undefined> {
  return db.bidderRules.get([sellerId, id]);
}

/** Inserts or replaces a rule. */
export async function putRule(db: SellerLensDb, rule: Rule): Promise<void> {
  await db.bidderRules.put(rule);
}

export async function deleteRule(db: SellerLensDb, sellerId: string, id: string): Promise<boolean> {
  const had = (await db.bidderRules.get([sellerId, id])) !== undefined;
  await db.bidderRules.delete([sellerId, id]);
  return had;
}

/** Deletes the seller's audit entries older than `retentionDays` before `now`. Returns how many. */
export function pruneAudit(
  db: SellerLensDb,
  sellerId: string,
  now: number,
  retentionDays: number = AUDIT_RETENTION_DAYS,
): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  return db.bidderAudit
    .where(':id')
    .between([sellerId, Dexie.minKey, Dexie.minKey], [sellerId, cutoff, Dexie.minKey], true, false)
    .delete();
}

/**
 * The audit log in IndexedDB: each append writes its entries in one transaction (ordered by `seq` within a check)
 * and prunes the seller's entries older than the retention.
 */
export function createDbAuditSink(
  db: SellerLensDb,
  opts: { now?: () => number; retentionDays?: number } = {},
): AuditSink {
  const now = opts.now ?? (() => Date.now());
  let seq = 0;
  return {
    async append(entries: readonly AuditEntry[]) {
      if (entries.length === 0) return;
      const recs: BidderAuditRecord[] = entries.map((e) => ({ ...structuredClone(e), seq: seq++ }));
      const sellers = [...new Set(entries.map((e) => e.sellerId))];
      await db.transaction('rw', db.bidderAudit, async () => {
        await db.bidderAudit.bulkPut(recs);
        for (const s of sellers) await pruneAudit(db, s, now(), opts.retentionDays);
      });
    },
  };
}

export interface AuditFilters {
  advertId?: number;
  nmId?: number;
  ruleId?: string;
  outcome?: AuditOutcome['kind'];
  /** Only entries that changed (or would change) a bid. */
  changesOnly?: boolean;
  from?: number;
  to?: number;
}

/** The seller's audit entries matching `filters`, newest first, at most `limit`. */
export async function queryAudit(
  db: SellerLensDb,
  sellerId: string,
  filters: AuditFilters = {},
  limit = 500,
): Promise<BidderAuditRecord[]> {
  const lower = filters.from ?? -Infinity;
  const upper = filters.to ?? Infinity;
  return db.bidderAudit
    .where(':id')
    .between([sellerId, lower, Dexie.minKey], [sellerId, upper, Dexie.maxKey], true, true)
    .reverse()
    .filter(
      (e) =>
        (filters.advertId === undefined || e.advertId === filters.advertId) &&
        (filters.nmId === undefined || e.nmId === filters.nmId) &&
        (filters.ruleId === undefined || e.ruleId === filters.ruleId) &&
        (filters.outcome === undefined || e.outcome.kind === filters.outcome) &&
        (!filters.changesOnly || e.oldBidKopecks !== e.newBidKopecks),
    )
    .limit(limit)
    .toArray();
}

function mskDay(ms: number): string {
  return new Date(ms + MSK_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Days of cover per item: the stock on WB's warehouses over the average daily orders of the last 14 full Moscow
 * days. Unknown (absent from the map) when stocks were never synced, or when the item is in stock but had no orders.
 */
export async function daysOfCover(db: SellerLensDb, sellerId: string, now: number): Promise<Map<number, number>> {
  const stocks = await ofSeller(db.stocks, sellerId).toArray();
  const out = new Map<number, number>();
  if (stocks.length === 0) return out;
  const stock = new Map<number, number>();
  for (const s of stocks) stock.set(s.nmId, (stock.get(s.nmId) ?? 0) + s.quantity);
  const first = mskDay(now - COVER_DAYS * DAY_MS);
  const yesterday = mskDay(now - DAY_MS);
  const orders = new Map<number, number>();
  for (const e of sumEntries(await periodRollupsOf(db, sellerId, 'sku', first, yesterday))) {
    orders.set(e.key as number, e.totals.orders);
  }
  for (const nmId of new Set([...stock.keys(), ...orders.keys()])) {
    const qty = stock.get(nmId) ?? 0;
    const perDay = (orders.get(nmId) ?? 0) / COVER_DAYS;
    if (perDay > 0) out.set(nmId, Math.round((qty / perDay) * 10) / 10);
    else if (qty === 0) out.set(nmId, 0);
  }
  return out;
}
