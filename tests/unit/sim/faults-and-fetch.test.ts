/**
 * Fault injection, through `sim.fetch` as the client will use it. Runs in the default (happy-dom) environment, the
 * one the extension's unit tests use, so `sim.fetch` is known to work there.
 */
import { describe, expect, it } from 'vitest';
import { createWbSimulator } from '../../sim/index';
import { HOSTS } from './helpers';

const ORDERS = `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-08-19`;

function setup() {
  const sim = createWbSimulator({ orders: 300, rateLimits: false });
  const token = sim.token();
  const get = (url = ORDERS, init: RequestInit = {}) =>
    sim.fetch(url, { ...init, headers: { Authorization: token, ...(init.headers as Record<string, string>) } });
  return { sim, token, get };
}

describe('sim.fetch', () => {
  it('answers like fetch: status, headers, json(); POST bodies; Request objects; 204 without a body', async () => {
    const { sim, token, get } = setup();
    const res = await get();
    expect(res.ok).toBe(true);
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('X-Ratelimit-Remaining')).toBeNull();
    expect(Array.isArray(await res.json())).toBe(true);
    const req = new Request(`${HOSTS.finance}/api/finance/v1/sales-reports/detailed`, {
      method: 'POST',
      headers: { Authorization: token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ dateFrom: '2026-08-20', dateTo: '2026-08-20' }),
    });
    const empty = await sim.fetch(req);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });

  it('an unknown host is a network error, like DNS failing', async () => {
    const { get } = setup();
    await expect(get('https://example.invalid/api')).rejects.toBeInstanceOf(TypeError);
  });
});

describe('faults', () => {
  it('rateLimitBurst: the next N requests get 429 with headers (or without)', async () => {
    const { sim, get } = setup();
    const f = sim.faults.rateLimitBurst({ count: 2, retryAfterSec: 7 });
    const a = await get();
    expect(a.status).toBe(429);
    expect(a.headers.get('X-Ratelimit-Retry')).toBe('7');
    expect((await get()).status).toBe(429);
    expect((await get()).status).toBe(200);
    expect(f.fired()).toBe(2);
    sim.faults.rateLimitBurst({ omitHeaders: true });
    const bare = await get();
    expect(bare.status).toBe(429);
    expect(bare.headers.get('X-Ratelimit-Retry')).toBeNull();
  });

  it('serverError: 5xx for the next N requests, only where the filter matches', async () => {
    const { sim, get } = setup();
    sim.faults.serverError({ count: 1, status: 503, path: '/api/v1/supplier/sales' });
    sim.faults.serverError({ count: 1, status: 502, host: /finance/ });
    expect((await get()).status).toBe(200);
    expect((await get(`${HOSTS.statistics}/api/v1/supplier/sales?dateFrom=2026-08-19`)).status).toBe(503);
    const gw = await get(`${HOSTS.finance}/ping`);
    expect(gw.status).toBe(502);
    expect(gw.headers.get('Content-Type')).toBe('text/html');
    expect(await gw.text()).toContain('502 Bad Gateway');
    expect(sim.faults.pending()).toEqual([]);
  });

  it('networkError: fetch rejects with TypeError; the log records it', async () => {
    const { sim, get } = setup();
    sim.faults.networkError({ count: 1 });
    await expect(get()).rejects.toBeInstanceOf(TypeError);
    expect(sim.requests.at(-1)?.outcome).toBe('network-error');
    expect((await get()).status).toBe(200);
  });

  it('slow on the virtual clock: the clock moves, the answer still comes', async () => {
    const { sim, get } = setup();
    const t0 = sim.clock.now();
    sim.faults.slow({ ms: 45_000 });
    expect((await get()).status).toBe(200);
    expect(sim.clock.now() - t0).toBe(45_000);
  });

  it('slow in real time: a client timeout fires (AbortSignal.timeout)', async () => {
    const { sim, get } = setup();
    sim.faults.slow({ ms: 300, realTime: true });
    const started = Date.now();
    await expect(get(ORDERS, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(280);
    const ctl = new AbortController();
    ctl.abort();
    await expect(get(ORDERS, { signal: ctl.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('truncatedJson: the body is cut in half, JSON.parse fails', async () => {
    const { sim, get } = setup();
    const whole = await (await get()).text();
    sim.faults.truncatedJson();
    const res = await get();
    expect(res.status).toBe(200);
    const cut = await res.text();
    expect(cut.length).toBe(Math.floor(whole.length / 2));
    expect(() => JSON.parse(cut) as unknown).toThrow();
  });

  it('schemaDrift: an extra field, a null, a wrong type in the first record', async () => {
    const { sim, get } = setup();
    sim.faults.schemaDrift({ mode: 'extra-field', field: 'orderType' });
    expect(((await (await get()).json()) as Record<string, unknown>[])[0]).toHaveProperty('orderType');
    sim.faults.schemaDrift({ mode: 'null-field', field: 'nmId' });
    expect(((await (await get()).json()) as Record<string, unknown>[])[0]!.nmId).toBeNull();
    sim.faults.schemaDrift({ mode: 'wrong-type', field: 'totalPrice' });
    expect(typeof ((await (await get()).json()) as Record<string, unknown>[])[0]!.totalPrice).toBe('string');
    // Nested bodies: the first record is the first element of the first array.
    sim.faults.schemaDrift({ mode: 'null-field', field: 'quantity' });
    const stocks = await get(`${HOSTS.analytics}/api/analytics/v1/stocks-report/wb-warehouses`, {
      method: 'POST',
      body: JSON.stringify({ limit: 3 }),
    });
    const items = ((await stocks.json()) as { data: { items: Record<string, unknown>[] } }).data.items;
    expect(items[0]!.quantity).toBeNull();
    expect(items[1]!.quantity).not.toBeNull();
  });

  it('a fault waits for an eligible response, and can be cancelled', async () => {
    const { sim, token, get } = setup();
    sim.faults.truncatedJson();
    const unauth = await sim.fetch(ORDERS, { headers: { Authorization: 'x' } });
    expect(await unauth.json()).toHaveProperty('title', 'unauthorized');
    expect(sim.faults.pending()).toHaveLength(1);
    const f = sim.faults.serverError({ count: 5 });
    f.cancel();
    expect((await sim.fetch(`${HOSTS.finance}/ping`, { headers: { Authorization: token } })).status).toBe(200);
    expect(f.fired()).toBe(0);
    await get();
    expect(sim.faults.pending()).toHaveLength(0);
  });
});
