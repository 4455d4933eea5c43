/**
 * WB's rate limits, planned on our side so that WB never has to say 429 in normal operation.
 * A token bucket per (seller, token kind, WB bucket), as WB describes its own: it holds up to `burst` requests and
 * gains one every `intervalMs`. Callers reserve before sending; `X-Ratelimit-Remaining` and 429s correct the bucket,
 * since the seller's other integrations draw from the same account quota. Contexts: background, tests.
 */
import type { Clock } from './clock';
import type { LimitTokenKind, OperationLimits, RateLimitRule } from './rate-limit-types';
import { RATE_LIMITS } from './rate-limits.generated';

const BY_OPERATION = new Map<string, OperationLimits>(RATE_LIMITS.map((o) => [o.operation, o]));

/** WB's published limits for an operation (`GET /api/v1/supplier/orders`), or undefined if WB lists none. */
export function operationLimits(operation: string): OperationLimits | undefined {
  return BY_OPERATION.get(operation);
}

/** The rule that applies to a token kind: its own row, else the row for all types. */
export function ruleFor(limits: OperationLimits, kind: LimitTokenKind): RateLimitRule | undefined {
  return limits.byKind[kind] ?? limits.byKind.all;
}

interface BucketState {
  /** May go negative: each reservation takes one, and a negative balance is the queue ahead. */
  tokens: number;
  updatedAt: number;
  /** After a 429: nothing is sent before this time. */
  blockedUntil: number;
  /** When the last request reserved on this bucket goes out (any caller). */
  lastAt?: number;
}

export type LimiterSnapshot = Record<string, BucketState>;

export interface LimiterStore {
  load(): Promise<LimiterSnapshot>;
  save(snapshot: LimiterSnapshot): Promise<void>;
}

export interface Reservation {
  /** When the request may be sent (clock time). */
  at: number;
  /** Gives the reservation back (the request was not sent). */
  cancel(): void;
}

/**
 * `share` (0 < share ≤ 1): the part of the limit this caller may use. A caller with a share sends no sooner than
 * `intervalMs / share` after the bucket's last request of any caller, so a background poller passing 0.5 never takes
 * more than half of WB's rate and leaves the rest to the seller's other integrations and to a manual run.
 */
export interface ReserveOptions {
  share?: number;
}

export interface Limiter {
  reserve(key: string, rule: RateLimitRule, opts?: ReserveOptions): Promise<Reservation>;
  /** WB's `X-Ratelimit-Remaining` after a response. */
  observeRemaining(key: string, rule: RateLimitRule, remaining: number): Promise<void>;
  /** A 429 with `X-Ratelimit-Retry` seconds: block the bucket until then. */
  observeRetry(key: string, rule: RateLimitRule, retryMs: number): Promise<void>;
  /** The earliest time a request on this bucket could go out, without reserving. */
  nextAllowedAt(key: string, rule: RateLimitRule, opts?: ReserveOptions): Promise<number>;
}

/** Only limits of a minute or longer are worth persisting: shorter ones refill before a worker restarts. */
const PERSIST_MIN_INTERVAL_MS = 60_000;

export function createLimiter(clock: Clock, store?: LimiterStore): Limiter {
  const buckets = new Map<string, BucketState>();
  let loaded: Promise<void> | null = null;
  const rules = new Map<string, RateLimitRule>();

  const ensureLoaded = () => {
    loaded ??= (async () => {
      if (!store) return;
      const snap = await store.load().catch(() => ({}) as LimiterSnapshot);
      for (const [k, v] of Object.entries(snap)) if (!buckets.has(k)) buckets.set(k, { ...v });
    })();
    return loaded;
  };

  const persist = async (key: string) => {
    const rule = rules.get(key);
    if (!store || !rule || rule.intervalMs < PERSIST_MIN_INTERVAL_MS) return;
    const snap: LimiterSnapshot = {};
    for (const [k, v] of buckets) {
      const r = rules.get(k);
      if (r && r.intervalMs >= PERSIST_MIN_INTERVAL_MS) snap[k] = { ...v };
    }
    await store.save(snap).catch(() => undefined);
  };

  const refill = (key: string, rule: RateLimitRule): BucketState => {
    rules.set(key, rule);
    const now = clock.now();
    const b = buckets.get(key) ?? { tokens: rule.burst, updatedAt: now, blockedUntil: 0 };
    const gained = (now - b.updatedAt) / rule.intervalMs;
    b.tokens = Math.min(rule.burst, b.tokens + Math.max(0, gained));
    b.updatedAt = now;
    buckets.set(key, b);
    return b;
  };

  /** With a share below 1: no sooner than `intervalMs / share` after the bucket's last request. */
  const shareAt = (b: BucketState, rule: RateLimitRule, share: number | undefined, at: number) => {
    if (share === undefined || !(share > 0) || share >= 1 || b.lastAt === undefined) return at;
    return Math.max(at, Math.ceil(b.lastAt + rule.intervalMs / share));
  };

  const availableAt = (b: BucketState, rule: RateLimitRule, now: number) => {
    const byTokens = b.tokens >= 1 ? now : now + (1 - b.tokens) * rule.intervalMs;
    // Whole milliseconds, rounded up (the epsilon absorbs float noise such as 8000.000000000002; + 0 turns -0 into 0).
    return Math.ceil(Math.max(byTokens, b.blockedUntil) - 1e-6) + 0;
  };

  return {
    async reserve(key, rule, opts) {
      await ensureLoaded();
      const b = refill(key, rule);
      const at = shareAt(b, rule, opts?.share, availableAt(b, rule, clock.now()));
      const previousLast = b.lastAt;
      b.tokens -= 1;
      b.lastAt = Math.max(b.lastAt ?? at, at);
      await persist(key);
      let cancelled = false;
      return {
        at,
        cancel: () => {
          if (cancelled) return;
          cancelled = true;
          const s = buckets.get(key);
          if (s) {
            s.tokens = Math.min(rule.burst, s.tokens + 1);
            s.lastAt = previousLast;
          }
          void persist(key);
        },
      };
    },
    async observeRemaining(key, rule, remaining) {
      await ensureLoaded();
      const b = refill(key, rule);
      // WB knows requests we did not make (the seller's other tools): never believe we have more than it says.
      if (Number.isFinite(remaining) && remaining >= 0 && remaining < b.tokens) {
        b.tokens = remaining;
        await persist(key);
      }
    },
    async observeRetry(key, rule, retryMs) {
      await ensureLoaded();
      const b = refill(key, rule);
      b.blockedUntil = Math.max(b.blockedUntil, clock.now() + retryMs);
      // WB's bucket is empty and gains its next request at Retry: ours will hold exactly one then.
      b.tokens = Math.min(b.tokens, 1 - retryMs / rule.intervalMs);
      await persist(key);
    },
    async nextAllowedAt(key, rule, opts) {
      await ensureLoaded();
      const b = refill(key, rule);
      return shareAt(b, rule, opts?.share, availableAt(b, rule, clock.now()));
    },
  };
}
