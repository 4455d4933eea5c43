import { describe, expect, it } from 'vitest';
import { createLimiter, operationLimits, ruleFor, type LimiterSnapshot } from '../../../lib/wb-api/limiter';
import type { RateLimitRule } from '../../../lib/wb-api/rate-limit-types';
import { createVirtualClock } from '../../helpers/virtual-clock';

const MIN = 60_000;
const perMinuteBurst10: RateLimitRule = { periodMs: MIN, limit: 1, intervalMs: MIN, burst: 10 };
const base3h: RateLimitRule = { periodMs: 3 * 3_600_000, limit: 1, intervalMs: 3 * 3_600_000, burst: 1 };

describe('the published table', () => {
  it('has WB’s rows for the operations the client calls', () => {
    const orders = operationLimits('GET /api/v1/supplier/orders')!;
    expect(ruleFor(orders, 'personal')).toEqual(perMinuteBurst10);
    expect(ruleFor(orders, 'base')).toEqual(base3h);
    for (const op of [
      'GET /api/v1/supplier/sales',
      'POST /api/analytics/v1/order-feed',
      'POST /api/analytics/v1/stocks-report/wb-warehouses',
      'POST /api/finance/v1/sales-reports/detailed',
      'GET /adv/v1/promotion/count',
      'GET /api/advert/v2/adverts',
      'GET /adv/v3/fullstats',
      'POST /api/advert/v1/bids/min',
      'PATCH /api/advert/v1/bids',
      'GET /adv/v1/budget',
      'POST /content/v2/get/cards/list',
      'GET /api/v1/seller-info',
    ]) {
      const limits = operationLimits(op);
      expect(limits, op).toBeDefined();
      expect(ruleFor(limits!, 'personal'), op).toBeDefined();
    }
    expect(operationLimits('POST /api/analytics/v1/stocks-report/wb-warehouses')!.tokenTypes).not.toContain('base');
  });
});

describe('token bucket', () => {
  it('lets a burst through at once, then spaces requests by the interval', async () => {
    const clock = createVirtualClock(0);
    const limiter = createLimiter(clock);
    const times: number[] = [];
    for (let i = 0; i < 13; i++) times.push((await limiter.reserve('k', perMinuteBurst10)).at);
    expect(times.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(times.slice(10)).toEqual([MIN, 2 * MIN, 3 * MIN]);
  });

  it('refills over time up to the burst, never beyond', async () => {
    const clock = createVirtualClock(0);
    const limiter = createLimiter(clock);
    for (let i = 0; i < 10; i++) await limiter.reserve('k', perMinuteBurst10);
    clock.advance(3 * MIN);
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(3 * MIN);
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(3 * MIN);
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(3 * MIN);
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(4 * MIN);
    clock.advance(24 * 60 * MIN);
    const burst = [];
    for (let i = 0; i < 11; i++) burst.push((await limiter.reserve('k', perMinuteBurst10)).at);
    expect(burst.filter((t) => t === clock.now())).toHaveLength(10);
  });

  it('keeps buckets apart per key', async () => {
    const limiter = createLimiter(createVirtualClock(0));
    await limiter.reserve('seller-a|base|orders', base3h);
    expect((await limiter.reserve('seller-b|base|orders', base3h)).at).toBe(0);
    expect((await limiter.reserve('seller-a|base|orders', base3h)).at).toBe(3 * 3_600_000);
  });

  it('gives back a cancelled reservation', async () => {
    const limiter = createLimiter(createVirtualClock(0));
    await limiter.reserve('k', base3h);
    const r = await limiter.reserve('k', base3h);
    expect(r.at).toBe(3 * 3_600_000);
    r.cancel();
    r.cancel();
    expect(await limiter.nextAllowedAt('k', base3h)).toBe(3 * 3_600_000);
  });

  it('believes WB’s X-Ratelimit-Remaining when it is lower than ours', async () => {
    const limiter = createLimiter(createVirtualClock(0));
    await limiter.reserve('k', perMinuteBurst10);
    await limiter.observeRemaining('k', perMinuteBurst10, 2); // someone else used the quota
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(0);
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(0);
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(MIN);
    await limiter.observeRemaining('k', perMinuteBurst10, 9); // higher than ours: ignored
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(2 * MIN);
  });

  it('blocks the bucket for exactly X-Ratelimit-Retry after a 429', async () => {
    const clock = createVirtualClock(1_000);
    const limiter = createLimiter(clock);
    await limiter.observeRetry('k', perMinuteBurst10, 7_000);
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(8_000);
  });

  it('persists long buckets so a restarted worker still waits', async () => {
    const clock = createVirtualClock(0);
    let saved: LimiterSnapshot = {};
    const store = { load: async () => saved, save: async (s: LimiterSnapshot) => void (saved = s) };
    const first = createLimiter(clock, store);
    expect((await first.reserve('seller|base|orders', base3h)).at).toBe(0);
    await first.reserve('seller|personal|fast', { periodMs: 1000, limit: 5, intervalMs: 200, burst: 5 });
    expect(Object.keys(saved)).toEqual(['seller|base|orders']);
    clock.advance(3_600_000);
    const second = createLimiter(clock, store);
    expect((await second.reserve('seller|base|orders', base3h)).at).toBe(3 * 3_600_000);
  });
});

describe('a caller with a share of the limit (background polling)', () => {
  it('spaces its requests by interval / share after the last request, and leaves the rest to others', async () => {
    const clock = createVirtualClock(0);
    const limiter = createLimiter(clock);
    const half = { share: 0.5 };
    const times: number[] = [];
    for (let i = 0; i < 4; i++) times.push((await limiter.reserve('k', perMinuteBurst10, half)).at);
    // Half of 1/min: one request every 2 minutes, even with 10 in WB's bucket.
    expect(times).toEqual([0, 2 * MIN, 4 * MIN, 6 * MIN]);
    // A full-share caller (a manual run) still finds the rest of the burst.
    expect((await limiter.reserve('k', perMinuteBurst10)).at).toBe(0);
    expect(await limiter.nextAllowedAt('k', perMinuteBurst10, half)).toBe(8 * MIN);
    expect(await limiter.nextAllowedAt('k', perMinuteBurst10)).toBe(0);
  });

  it('halves a Base token’s 3-hour limit to one request per 6 hours, and gives the reservation back on cancel', async () => {
    const clock = createVirtualClock(0);
    const limiter = createLimiter(clock);
    expect((await limiter.reserve('k', base3h, { share: 0.5 })).at).toBe(0);
    clock.advance(3 * 3_600_000);
    const r = await limiter.reserve('k', base3h, { share: 0.5 });
    expect(r.at).toBe(6 * 3_600_000);
    r.cancel();
    expect(await limiter.nextAllowedAt('k', base3h)).toBe(3 * 3_600_000);
    expect(await limiter.nextAllowedAt('k', base3h, { share: 0.5 })).toBe(6 * 3_600_000);
  });

  it('counts every caller’s last request: after a manual request the poller waits interval / share', async () => {
    const clock = createVirtualClock(0);
    const limiter = createLimiter(clock);
    expect((await limiter.reserve('k', base3h)).at).toBe(0);
    expect(await limiter.nextAllowedAt('k', base3h, { share: 0.5 })).toBe(6 * 3_600_000);
    expect(await limiter.nextAllowedAt('k', base3h)).toBe(3 * 3_600_000);
  });
});
