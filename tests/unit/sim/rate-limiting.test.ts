// @vitest-environment node
/** WB's token buckets in the simulator, on the virtual clock, taken from the generated table. */
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../../lib/wb-api/rate-limits.generated';
import { createWbSimulator, SELLER_B } from '../../sim/index';
import { call, HOSTS } from './helpers';

const ORDERS = `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-08-19`;

function rule(operation: string, kind: 'personal' | 'base') {
  const r = RATE_LIMITS.find((x) => x.operation === operation)!;
  return (r.byKind[kind] ?? r.byKind.all)!;
}

describe('rate limits', () => {
  it('personal orders: the burst of 10 passes with X-Ratelimit-Remaining counting down, then 429 with WB’s headers', async () => {
    const sim = createWbSimulator({ orders: 200 });
    const token = sim.token({ categories: ['statistics'] });
    const { burst, intervalMs } = rule('GET /api/v1/supplier/orders', 'personal');
    const remaining: number[] = [];
    for (let k = 0; k < burst; k++) {
      const res = await call(sim, 'GET', ORDERS, { token });
      expect(res.status).toBe(200);
      remaining.push(Number(res.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(Array.from({ length: burst }, (_, k) => burst - 1 - k));
    const limited = await call(sim, 'GET', ORDERS, { token });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toBe('application/problem+json');
    expect(limited.headers['x-ratelimit-remaining']).toBeUndefined();
    expect(limited.headers['x-ratelimit-retry']).toBe(String(intervalMs / 1000));
    expect(limited.headers['x-ratelimit-limit']).toBe(String(burst));
    expect(limited.headers['x-ratelimit-reset']).toBe(String((burst * intervalMs) / 1000));
    expect((limited.json as { title: string; status: number }).title).toBe('too many requests');
    // Retrying early keeps getting 429, with a shrinking Retry.
    sim.clock.advance(intervalMs - 5000);
    const early = await call(sim, 'GET', ORDERS, { token });
    expect(early.status).toBe(429);
    expect(early.headers['x-ratelimit-retry']).toBe('5');
    // Waiting Retry seconds succeeds, and the bucket is empty again.
    sim.clock.advance(Number(early.headers['x-ratelimit-retry']) * 1000);
    const ok = await call(sim, 'GET', ORDERS, { token });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-ratelimit-remaining']).toBe('0');
    // After Reset seconds the whole burst is back.
    const again = await call(sim, 'GET', ORDERS, { token });
    sim.clock.advance(Number(again.headers['x-ratelimit-reset']) * 1000);
    expect((await call(sim, 'GET', ORDERS, { token })).headers['x-ratelimit-remaining']).toBe(String(burst - 1));
  });

  it('a Base token gets one orders request per 3 hours', async () => {
    const sim = createWbSimulator({ orders: 200 });
    const token = sim.token({ type: 'base', categories: ['statistics'] });
    expect((await call(sim, 'GET', ORDERS, { token })).status).toBe(200);
    const second = await call(sim, 'GET', ORDERS, { token });
    expect(second.status).toBe(429);
    expect(second.headers['x-ratelimit-retry']).toBe(String(3 * 3600));
    sim.clock.advance(3 * 3600_000 - 1000);
    expect((await call(sim, 'GET', ORDERS, { token })).status).toBe(429);
    sim.clock.advance(1000);
    expect((await call(sim, 'GET', ORDERS, { token })).status).toBe(200);
  });

  it('buckets are per seller, per token kind and per method; /ping is 3 per 30 s per host', async () => {
    const sim = createWbSimulator({ orders: 200 });
    const base = sim.token({ type: 'base' });
    const personal = sim.token();
    const otherSeller = sim.token({ type: 'base', seller: SELLER_B });
    expect((await call(sim, 'GET', ORDERS, { token: base })).status).toBe(200);
    expect((await call(sim, 'GET', ORDERS, { token: base })).status).toBe(429);
    expect((await call(sim, 'GET', ORDERS, { token: personal })).status).toBe(200);
    expect((await call(sim, 'GET', ORDERS, { token: otherSeller })).status).toBe(200);
    const sales = `${HOSTS.statistics}/api/v1/supplier/sales?dateFrom=2026-08-19`;
    expect((await call(sim, 'GET', sales, { token: base })).status).toBe(200);
    for (const host of [HOSTS.statistics, HOSTS.finance]) {
      for (let k = 0; k < 3; k++)
        expect((await call(sim, 'GET', `${host}/ping`, { token: personal })).status).toBe(200);
      const res = await call(sim, 'GET', `${host}/ping`, { token: personal });
      expect(res.status).toBe(429);
      expect(res.headers['x-ratelimit-retry']).toBe('10');
    }
  });

  it('handler errors (400) count against the bucket too', async () => {
    const sim = createWbSimulator({ orders: 100 });
    const token = sim.token({ type: 'base' });
    expect((await call(sim, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders`, { token })).status).toBe(400);
    expect((await call(sim, 'GET', ORDERS, { token })).status).toBe(429);
  });

  it('can be switched off', async () => {
    const sim = createWbSimulator({ orders: 100, rateLimits: false });
    const token = sim.token({ type: 'base' });
    for (let k = 0; k < 5; k++) expect((await call(sim, 'GET', ORDERS, { token })).status).toBe(200);
  });
});
