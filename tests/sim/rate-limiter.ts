/**
 * WB's token buckets (api-information → Rate Limits): a bucket holds up to `burst` requests and regains one every
 * `intervalMs`. Integer arithmetic on the virtual clock, so "wait X-Ratelimit-Retry seconds" is exact.
 */
import type { RateLimitRule } from '../../lib/wb-api/rate-limit-types';

interface BucketState {
  tokens: number;
  /** When the last token was added (or the bucket was last full), unix ms. */
  since: number;
}

export type TakeResult =
  { ok: true; remaining: number } | { ok: false; retrySec: number; resetSec: number; limit: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, BucketState>();

  private refill(key: string, rule: RateLimitRule, now: number): BucketState {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: rule.burst, since: now };
      this.buckets.set(key, b);
      return b;
    }
    if (b.tokens > rule.burst) b.tokens = rule.burst;
    if (b.tokens >= rule.burst) {
      b.since = now;
      return b;
    }
    const gained = Math.floor((now - b.since) / rule.intervalMs);
    if (gained > 0) {
      b.tokens = Math.min(rule.burst, b.tokens + gained);
      b.since = b.tokens >= rule.burst ? now : b.since + gained * rule.intervalMs;
    }
    return b;
  }

  /** Takes one request from the bucket `key`, or says how long to wait. */
  take(key: string, rule: RateLimitRule, now: number): TakeResult {
    const b = this.refill(key, rule, now);
    if (b.tokens >= 1) {
      if (b.tokens >= rule.burst) b.since = now;
      b.tokens -= 1;
      return { ok: true, remaining: b.tokens };
    }
    const nextMs = b.since + rule.intervalMs - now;
    const fullMs = b.since + (rule.burst - b.tokens) * rule.intervalMs - now;
    return {
      ok: false,
      retrySec: Math.max(1, Math.ceil(nextMs / 1000)),
      resetSec: Math.max(1, Math.ceil(fullMs / 1000)),
      limit: rule.burst,
    };
  }

  /** Requests left in the bucket now (without taking one). */
  peek(key: string, rule: RateLimitRule, now: number): number {
    return this.refill(key, rule, now).tokens;
  }

  clear(): void {
    this.buckets.clear();
  }
}
