/**
 * The bidder's audit log: each decision with its inputs, the rule that fired, the old and new bid, and WB's answer.
 * `AuditSink` is what the runner writes to; the in-memory log here serves tests and the time before the
 * database-backed one plugs in. Entries are kept for 90 days by default. Contexts: background, extension pages.
 */
import type { RuleMode, BidPlacement } from './rules';
import type { BidAction, FiredRule, PositionSource, ReasonCode } from './strategy';

export const AUDIT_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

/** What became of a decision. */
export type AuditOutcome =
  /** Nothing to change. */
  | { kind: 'hold' }
  /** The rule is in dry-run: computed and logged, not sent. */
  | { kind: 'dry-run' }
  /** The kill switch is on: not sent. */
  | { kind: 'kill-switch' }
  /** Live, but not sent in this check (a limit, or an earlier error); the next check decides again. */
  | { kind: 'deferred'; retryAt: number | null; detail: string }
  /** WB took the bid. */
  | { kind: 'accepted'; wbAnswer: string }
  /** WB refused the bid (HTTP 400): the item is left alone until its inputs change. */
  | { kind: 'rejected'; status: number | null; detail: string }
  /** The write failed for another reason (network, WB down, token). */
  | { kind: 'error'; errorKind: string; detail: string; retryAt: number | null };

export interface AuditInputs {
  position: number | null;
  positionSource: PositionSource;
  /** Why a rule that asked for live positions used another source (missing, stale, failed), in Russian. */
  positionNote?: string | null;
  /** The target position, for the target strategy. */
  target: number | null;
  currentBidKopecks: number;
  minBidKopecks: number;
  maxBidKopecks: number;
  /** Roubles. */
  budget: number | null;
  daysOfCover: number | null;
  campaignStatus: number | null;
}

export interface AuditEntry {
  /** When the decision was made (ms). */
  at: number;
  sellerId: string;
  advertId: number;
  nmId: number;
  placement: BidPlacement;
  ruleId: string;
  mode: RuleMode;
  inputs: AuditInputs;
  firedRule: FiredRule;
  reasonCode: ReasonCode;
  reasonText: string;
  action: BidAction;
  oldBidKopecks: number;
  newBidKopecks: number;
  unreachable: boolean;
  minAboveMax: boolean;
  outcome: AuditOutcome;
}

/** Where the runner writes its decisions. */
export interface AuditSink {
  append(entries: readonly AuditEntry[]): Promise<void>;
}

export interface MemoryAuditLog extends AuditSink {
  /** All kept entries, oldest first. */
  entries(): readonly AuditEntry[];
  /** Drops entries older than the retention; returns how many. */
  prune(now?: number): number;
}

/** An in-memory audit log that prunes entries older than `retentionDays` (90) on every append. */
export function createMemoryAuditLog(opts: { retentionDays?: number; now?: () => number } = {}): MemoryAuditLog {
  const retentionMs = (opts.retentionDays ?? AUDIT_RETENTION_DAYS) * DAY_MS;
  const now = opts.now ?? (() => Date.now());
  let list: AuditEntry[] = [];
  const prune = (at = now()) => {
    const before = list.length;
    list = list.filter((e) => e.at >= at - retentionMs);
    return before - list.length;
  };
  return {
    append(entries) {
      list.push(...entries.map((e) => structuredClone(e)));
      prune();
      return Promise.resolve();
    },
    entries: () => list,
    prune,
  };
}
