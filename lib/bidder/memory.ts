/**
 * What the runner remembers between checks: the last answers of WB's read endpoints (so a Base token, which may read
 * bids once an hour, still has data), when it last changed each bid, what it last logged per item, WB's rejections,
 * and a pause of writes after an error. All of it can be lost (a stopped service worker): the runner then reads
 * again as its limits allow. Contexts: background.
 */
import type { Advert, NormqueryStat } from '../wb-api/promotion';
import type { Rule } from './rules';
import type { Decision } from './strategy';

export interface Cached<T> {
  value: T;
  fetchedAt: number;
  /** Read again at the next chance (WB refused a bid decided on it). Still used until then. */
  stale: boolean;
}

/** WB's last rejection of a bid for an item, with the inputs it was decided on. */
export interface RejectionRecord {
  fingerprint: string;
  at: number;
  bidKopecks: number;
  detail: string;
}

/** Rejections per item (`itemKey`): a plain `Map` serves, and so will a database-backed store. */
export interface RejectionStore {
  get(key: string): RejectionRecord | undefined | Promise<RejectionRecord | undefined>;
  set(key: string, value: RejectionRecord): unknown;
  delete(key: string): unknown;
}

/** The parts of a logged decision that make a new entry worth writing when any of them changes. */
export interface LoggedDecision {
  decision: Decision;
  mode: string;
  outcome: string;
}

export interface BidderMemory {
  /** `GET /api/advert/v2/adverts` per campaign; our accepted bids are written into it. */
  adverts: Map<number, Cached<Advert>>;
  /** WB's minimum bids per campaign: `${nmId}:${placement type}` → kopecks. */
  minBids: Map<number, Cached<Map<string, number>>>;
  /** Today's average search position per campaign: nmId → position (fullstats, unified-bid CPM campaigns). */
  positions: Map<number, Cached<Map<number, number>>>;
  /** Today's search clusters per campaign: nmId → clusters with `avg_pos` (manual-bid and CPC campaigns). */
  keywordStats: Map<number, Cached<Map<number, NormqueryStat[]>>>;
  /** When we last changed a bid of a campaign (ms): its positions are read again once WB has applied it. */
  campaignWriteAt: Map<number, number>;
  /** Campaign budgets, roubles. */
  budgets: Map<number, Cached<number>>;
  /** When we last changed an item's bid (`itemKey` → ms). */
  lastWriteAt: Map<string, number>;
  /** The last decision per item with the rule and inputs it was made on: the same ones decide the same. */
  decisions: Map<string, { rule: Rule; inputs: readonly unknown[]; decision: Decision }>;
  /** What the last audit entry per item said, so repeated identical decisions are logged once. */
  lastLogged: Map<string, LoggedDecision>;
  /** No writes before this time (after an error of WB or the network). */
  writeBlockedUntil: number;
  /** A check is running (checks never overlap). */
  running: boolean;
}

/** Empty memory: the first check reads everything its limits allow. */
export function createBidderMemory(): BidderMemory {
  return {
    adverts: new Map(),
    minBids: new Map(),
    positions: new Map(),
    keywordStats: new Map(),
    campaignWriteAt: new Map(),
    budgets: new Map(),
    lastWriteAt: new Map(),
    decisions: new Map(),
    lastLogged: new Map(),
    writeBlockedUntil: 0,
    running: false,
  };
}

/** How long a read stays good: read again after `refreshAfterMs` when the limits allow; use it up to `maxAgeMs`. */
export interface ReadPolicy {
  refreshAfterMs: number;
  maxAgeMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Current bids are read at every check the limits allow (a Personal token: every check; a Base token: once an hour);
 * positions every 2 (fullstats) or 5 (search clusters) minutes and once WB has applied our change of a bid; WB's
 * minimums every 10 minutes (they change rarely, and a rejection reads them again), budgets
 * every 5 minutes.
 */
export const READ_POLICY = {
  adverts: { refreshAfterMs: 0, maxAgeMs: 2 * HOUR },
  minBids: { refreshAfterMs: 10 * MINUTE, maxAgeMs: 24 * HOUR },
  // fullstats allows 3 calls a minute and its positions are the day's average: every 2 minutes, or sooner once WB
  // has applied our change of a bid.
  positions: { refreshAfterMs: 2 * MINUTE, maxAgeMs: 2 * HOUR },
  // 10 requests a minute of 100 items each: every 5 minutes, or sooner once WB has applied our change of a bid.
  keywordStats: { refreshAfterMs: 5 * MINUTE, maxAgeMs: 2 * HOUR },
  budgets: { refreshAfterMs: 5 * MINUTE, maxAgeMs: 2 * HOUR },
} as const satisfies Record<string, ReadPolicy>;

/** The key of one placement of one item of a campaign. */
export function itemKey(t: { advertId: number; nmId: number; placement: string }): string {
  return `${t.advertId}:${t.nmId}:${t.placement}`;
}
