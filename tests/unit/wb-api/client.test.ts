import { describe, expect, it } from 'vitest';
import { maskFromCategories } from '../../../lib/token/categories';
import { decodeStoredToken } from '../../../lib/token/decode';
import { createKeyring, type KeyringToken, type TokenStatus } from '../../../lib/token/keyring';
import { createWbApi, WbApiError } from '../../../lib/wb-api';
import { mskDateFrom } from '../../../lib/wb-api/statistics';
import { createWbSimulator, type WbSimulatorOptions } from '../../sim';
import { jwt } from '../../helpers/tokens';
import { createVirtualClock } from '../../helpers/virtual-clock';

const HOUR = 3_600_000;

async function setup(
  simOpts: WbSimulatorOptions = {},
  tokenOpts: Parameters<ReturnType<typeof createWbSimulator>['token']>[0] = {},
) {
  const sim = createWbSimulator({ orders: 3000, ...simOpts });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const added = await keyring.add(sim.token(tokenOpts));
  if (!added.ok) throw new Error(added.error.message);
  const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5, timeoutMs: 150 });
  return { sim, clock, keyring, api, sellerId: added.token.sellerId, tokenId: added.token.id };
}

async function collect<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

async function caught(p: Promise<unknown>): Promise<WbApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof WbApiError) return e;
    throw e;
  }
  throw new Error('expected a WbApiError');
}

/** A keyring stub that hands out one fixed token, to see what WB says about tokens our keyring would not pick. */
function fixedKeyring(raw: string) {
  const statuses: { id: string; status: TokenStatus }[] = [];
  const info = decodeStoredToken(raw);
  const token: KeyringToken = {
    raw,
    info: info ?? {
      id: 'garbage',
      sellerId: 'x',
      type: 'personal',
      acc: 3,
      categories: ['statistics', 'analytics', 'promotion', 'finance', 'content'],
      scopeMask: 0,
      readOnly: false,
      sandbox: false,
      expiresAt: new Date(8.64e15),
      audience: 'self',
    },
    status: { kind: 'unchecked' },
  };
  return {
    statuses,
    keyring: {
      tokenFor: async () => token,
      setStatus: async (id: string, status: TokenStatus) => void statuses.push({ id, status }),
    },
  };
}

describe('every endpoint answers typed data through the simulator', () => {
  it('common, statistics, analytics, finance, promotion and content', async () => {
    const { api, sellerId, sim, clock } = await setup();
    const dataset = sim.seller(sellerId);

    const info = await api.common.sellerInfo(sellerId);
    expect(info?.sid).toBe(sellerId);
    expect(info?.name).toBe(dataset.name);

    const from = mskDateFrom(clock.now() - 30 * 24 * HOUR);
    const orders = (await api.statistics.orders(sellerId, from))!;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.lastChangeDate >= from)).toBe(true);
    const sales = (await api.statistics.sales(sellerId, from))!;
    expect(sales.every((s) => /^[SR]/.test(s.saleID))).toBe(true);
    expect(sales.some((s) => s.saleID.startsWith('R'))).toBe(true);

    const feed = await collect(
      api.analytics.pageOrderFeed(sellerId, { start: new Date(clock.now() - 7 * 24 * HOUR).toISOString() }),
    );
    expect(feed.flatMap((p) => p.orders).length).toBeGreaterThan(0);
    const stocks = await collect(api.analytics.pageWbStocks(sellerId));
    expect(stocks.flat().length).toBe(dataset.stocks.length);

    const fin = await collect(api.finance.pageDetailed(sellerId, { dateFrom: '2026-06-01', dateTo: '2026-08-19' }));
    expect(fin.flatMap((p) => p.rows).length).toBeGreaterThan(0);
    expect(
      fin.flatMap((p) => p.rows).every((r) => typeof r.reportId === 'string' && /^-?\d+(\.\d+)?$/.test(r.forPay)),
    ).toBe(true);

    const count = (await api.promotion.count(sellerId))!;
    const ids = (count.adverts ?? []).flatMap((g) => g.advert_list.map((a) => a.advertId));
    // WB does not count deleted campaigns (status -1).
    expect(ids.length).toBe(dataset.campaigns.filter((c) => c.status !== -1).length);
    const adverts = (await api.promotion.adverts(sellerId, ids.slice(0, 50)))!;
    expect(adverts.adverts.length).toBe(Math.min(50, ids.length));
    const running = adverts.adverts.filter((a) => [7, 9, 11].includes(a.status)).map((a) => a.id);
    const today = mskDateFrom(clock.now()).slice(0, 10);
    const weekAgo = mskDateFrom(clock.now() - 6 * 24 * HOUR).slice(0, 10);
    const stats = (await api.promotion.fullstats(sellerId, running.slice(0, 50), weekAgo, today))!;
    expect(stats.length).toBeGreaterThan(0);

    const live = adverts.adverts.find((a) => [4, 9, 11].includes(a.status) && (a.nm_settings?.length ?? 0) > 0)!;
    const nm = live.nm_settings![0]!;
    const payment = live.settings.payment_type as 'cpm' | 'cpc';
    const min = (await api.promotion.minBids(sellerId, {
      advert_id: live.id,
      nm_ids: [nm.nm_id],
      payment_type: payment,
      placement_types: live.bid_type === 'unified' ? ['combined'] : ['search'],
    }))!;
    const floor = min.bids[0]!.bids[0]!.value;
    const placement = live.bid_type === 'unified' ? 'combined' : 'search';
    const set = (await api.promotion.setBids(sellerId, {
      bids: [{ advert_id: live.id, nm_bids: [{ nm_id: nm.nm_id, bid_kopecks: floor + 100, placement }] }],
    }))!;
    expect(set.bids[0]!.nm_bids[0]!.bid_kopecks).toBe(floor + 100);
    const after = (await api.promotion.adverts(sellerId, [live.id]))!;
    const bids = after.adverts[0]!.nm_settings!.find((n) => n.nm_id === nm.nm_id)!.bids_kopecks;
    expect(bids.search).toBe(floor + 100);
    const budget = (await api.promotion.budget(sellerId, live.id))!;
    expect(typeof budget.total).toBe('number');

    const cards = await collect(api.content.pageCards(sellerId));
    expect(new Set(cards.flatMap((p) => p.cards.map((c) => c.nmID))).size).toBe(dataset.products.length);
  });
});

describe('paging to completion', () => {
  it('statistics: small pages give exactly the rows of one big page, each once', async () => {
    const truth = await setup({ statisticsPageCap: 1_000_000 });
    const from = mskDateFrom(truth.clock.now() - 90 * 24 * HOUR);
    const all = (await truth.api.statistics.orders(truth.sellerId, from))!;
    const expected = new Set(all.map((o) => o.srid));
    expect(expected.size).toBe(all.length);

    const paged = await setup({ statisticsPageCap: 250 });
    const pages = await collect(paged.api.statistics.pageOrders(paged.sellerId, from, { pageRows: 250 }));
    const got = new Map<string, string>();
    for (const p of pages) for (const o of p.rows) got.set(o.srid, o.lastChangeDate);
    expect(got.size).toBe(expected.size);
    expect([...got.keys()].every((k) => expected.has(k))).toBe(true);
    const requests = paged.sim.requests.filter((r) => r.path === '/api/v1/supplier/orders');
    const minimum = Math.ceil(expected.size / 250);
    // Each page after the first repeats its boundary row (WB's `>=`), so a page holds at most 249 new rows.
    expect(requests.length).toBeGreaterThanOrEqual(minimum);
    expect(requests.length).toBeLessThanOrEqual(Math.ceil(expected.size / 249) + 1);
    expect(requests.every((r) => r.status === 200)).toBe(true);
  });

  it('finance: rrdId paging gets every row once, ending at 204 or a short page; reportIds stay exact', async () => {
    const { api, sellerId, sim } = await setup();
    const period = { dateFrom: '2026-01-01', dateTo: '2026-08-19' };
    const big = await collect(api.finance.pageDetailed(sellerId, period, { limit: 100_000 }));
    const small = await collect(api.finance.pageDetailed(sellerId, period, { limit: 97 }));
    const bigIds = big.flatMap((p) => p.rows.map((r) => r.rrdId));
    const smallIds = small.flatMap((p) => p.rows.map((r) => r.rrdId));
    expect(new Set(smallIds).size).toBe(smallIds.length);
    expect(smallIds).toEqual(bigIds);
    const statuses = sim.requests.filter((r) => r.path.endsWith('/detailed')).map((r) => r.status);
    // One page for the big limit; ceil(n / 97) pages for the small one, plus a 204 only when n divides evenly.
    const smallPages = Math.ceil(bigIds.length / 97) + (bigIds.length % 97 === 0 ? 1 : 0);
    expect(statuses).toHaveLength(1 + smallPages);
    expect(statuses.filter((s) => s === 204)).toHaveLength(bigIds.length % 97 === 0 ? 1 : 0);
    const reportIds = big.flatMap((p) => p.rows.map((r) => r.reportId));
    expect(reportIds.some((id) => BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER))).toBe(true);
  });

  it('finance: HTTP 204 ends paging with nothing', async () => {
    const { api, sellerId, sim } = await setup();
    const pages = await collect(api.finance.pageDetailed(sellerId, { dateFrom: '2020-01-01', dateTo: '2020-02-01' }));
    expect(pages).toEqual([]);
    expect(sim.requests.map((r) => r.status)).toEqual([204]);
  });

  it('order feed: later pages keep the first page’s snapshot', async () => {
    const { api, sellerId, clock, sim } = await setup();
    const period = { start: new Date(clock.now() - 30 * 24 * HOUR).toISOString() };
    const whole = (await collect(api.analytics.pageOrderFeed(sellerId, period, { limit: 10_000 }))).flatMap(
      (p) => p.orders,
    );
    const pages = await collect(api.analytics.pageOrderFeed(sellerId, period, { limit: 100 }));
    expect(new Set(pages.map((p) => p.snapshotTime)).size).toBe(1);
    const srids = pages.flatMap((p) => p.orders.map((o) => o.srid));
    expect(new Set(srids).size).toBe(srids.length);
    expect(new Set(srids)).toEqual(new Set(whole.map((o) => o.srid)));
    void sim;
  });
});

describe('rate limits and failures', () => {
  it('on 429 waits exactly X-Ratelimit-Retry seconds, then succeeds', async () => {
    const { api, sellerId, sim, clock } = await setup();
    sim.faults.rateLimitBurst({ count: 1, retryAfterSec: 7 });
    const info = await api.common.sellerInfo(sellerId);
    expect(info?.sid).toBe(sellerId);
    expect(clock.sleeps).toContain(7_000);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('on 429 without headers backs off with jitter', async () => {
    const { api, sellerId, sim, clock } = await setup();
    sim.faults.rateLimitBurst({ count: 2, omitHeaders: true });
    await api.common.sellerInfo(sellerId);
    // random() = 0.5 → factor 0.75 of 1 s, then of 2 s.
    expect(clock.sleeps.slice(0, 2)).toEqual([750, 1500]);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('retries 5xx with capped exponential backoff, then gives up with a Russian message and a retry time', async () => {
    const ok = await setup();
    ok.sim.faults.serverError({ count: 2, status: 503 });
    expect((await ok.api.common.sellerInfo(ok.sellerId))?.sid).toBe(ok.sellerId);

    const bad = await setup();
    bad.sim.faults.serverError({ count: 20, status: 502 });
    const err = await caught(bad.api.common.sellerInfo(bad.sellerId));
    expect(err.kind).toBe('unavailable');
    expect(err.message).toMatch(/WB сейчас недоступен \(ошибка 502\)\. Повторим в \d\d:\d\d МСК/);
    expect(err.retryAt).toBeGreaterThan(bad.clock.now());
    expect(bad.sim.requests).toHaveLength(4);
  });

  it('times out a slow answer and retries', async () => {
    const { api, sellerId, sim } = await setup();
    sim.faults.slow({ count: 1, ms: 600, realTime: true });
    expect((await api.common.sellerInfo(sellerId))?.sid).toBe(sellerId);
    expect(sim.requests.length).toBe(2);

    sim.faults.slow({ count: 10, ms: 600, realTime: true });
    const err = await caught(api.common.sellerInfo(sellerId));
    expect(err.kind).toBe('timeout');
  });

  it('retries network errors and truncated JSON; nothing half-parsed gets through', async () => {
    const { api, sellerId, sim } = await setup();
    sim.faults.networkError({ count: 1 });
    sim.faults.truncatedJson({ count: 1 });
    expect((await api.common.sellerInfo(sellerId))?.sid).toBe(sellerId);
    expect(sim.requests.map((r) => r.reason ?? 'ok')).toEqual(['fault:networkError', 'fault:truncatedJson', 'ok']);
  });

  it('a Base token’s 3-hour orders limit is planned: no 429 over a simulated day, 8 requests', async () => {
    const { api, sellerId, sim, clock } = await setup({}, { type: 'base', categories: ['statistics'] });
    const from = mskDateFrom(clock.now() - 24 * HOUR);
    let served = 0;
    let refusedLocally = 0;
    const end = clock.now() + 24 * HOUR;
    while (clock.now() < end) {
      try {
        await api.statistics.orders(sellerId, from);
        served++;
      } catch (e) {
        if (!(e instanceof WbApiError) || e.kind !== 'rate-limited') throw e;
        expect(e.retryAt! - clock.now()).toBeLessThanOrEqual(3 * HOUR);
        refusedLocally++;
      }
      clock.advance(10 * 60_000);
    }
    const sent = sim.requests.filter((r) => r.path === '/api/v1/supplier/orders');
    expect(sent.filter((r) => r.status === 429)).toHaveLength(0);
    expect(served).toBe(8);
    expect(sent).toHaveLength(8);
    expect(refusedLocally).toBe(144 - 8);
  });
});

describe('token problems reach the keyring and speak to the seller', () => {
  it('an expired token (by WB’s clock) is marked rejected with WB’s reason', async () => {
    const sim = createWbSimulator({ orders: 200 });
    const clock = createVirtualClock(0, sim.clock);
    // Our keyring’s clock lags two hours behind WB, so it still thinks the token is valid.
    const keyring = createKeyring({ now: () => clock.now() - 2 * HOUR });
    const added = await keyring.add(sim.token({ expiresAt: new Date(clock.now() - HOUR) }));
    if (!added.ok) throw new Error(added.error.message);
    const api = createWbApi({ keyring, fetch: sim.fetch, clock });
    const err = await caught(api.common.sellerInfo(added.token.sellerId));
    expect(err.kind).toBe('unauthorized');
    expect(err.detail).toBe('token expired');
    expect(err.message).toContain('Срок действия токена истёк');
    const view = (await keyring.sellers())[0]!.tokens[0]!;
    expect(view.status).toMatchObject({ kind: 'rejected', reason: 'token expired' });
  });

  it.each([
    ['a malformed token', () => 'not-a-token', /token is malformed/],
    [
      'a token without the category',
      (sim: ReturnType<typeof createWbSimulator>) => sim.token({ categories: ['content'] }),
      /scope/,
    ],
    [
      'a sandbox token on a production host',
      (sim: ReturnType<typeof createWbSimulator>) => sim.token({ type: 'test' }),
      /.+/,
    ],
    [
      'a token of a seller WB does not know',
      () =>
        jwt({
          id: '11111111-2222-4333-8444-555555555555',
          sid: '99999999-8888-4777-8666-555555555555',
          s: maskFromCategories(['statistics']),
          exp: 4102444800,
          acc: 3,
          for: 'self',
          t: false,
        }),
      /.+/,
    ],
  ])('%s → 401 marks the token rejected', async (_name, make, detail) => {
    const sim = createWbSimulator({ orders: 200 });
    const stub = fixedKeyring(make(sim));
    const api = createWbApi({ keyring: stub.keyring, fetch: sim.fetch, clock: createVirtualClock(0, sim.clock) });
    const err = await caught(api.statistics.orders('any', '2026-08-01'));
    expect(err.kind).toBe('unauthorized');
    expect(err.status).toBe(401);
    expect(err.detail).toMatch(detail);
    expect(stub.statuses).toHaveLength(1);
    expect(stub.statuses[0]!.status).toMatchObject({ kind: 'rejected', reason: err.detail });
    expect(err.message).toMatch(/[а-я]/);
  });

  it('a read-only token never writes: the keyring has none to give, and WB refuses one', async () => {
    const { api, sellerId, sim } = await setup({}, { readOnly: true });
    const err = await caught(
      api.promotion.setBids(sellerId, {
        bids: [{ advert_id: 1, nm_bids: [{ nm_id: 1, bid_kopecks: 500, placement: 'search' }] }],
      }),
    );
    expect(err.kind).toBe('no-token');
    expect(err.message).toContain('без флага «Только чтение»');
    expect(sim.requests).toHaveLength(0);

    const stub = fixedKeyring(sim.token({ readOnly: true }));
    const direct = createWbApi({ keyring: stub.keyring, fetch: sim.fetch, clock: createVirtualClock(0, sim.clock) });
    const wbSays = await caught(
      direct.promotion.setBids(sellerId, {
        bids: [{ advert_id: 1, nm_bids: [{ nm_id: 1, bid_kopecks: 500, placement: 'search' }] }],
      }),
    );
    expect([401, 403]).toContain(wbSays.status);
  });

  it('a Base token is not sent where WB refuses Base tokens; WB’s own 403 says which type is needed', async () => {
    const { api, sellerId, sim } = await setup({}, { type: 'base', categories: ['analytics'] });
    const err = await caught(collect(api.analytics.pageWbStocks(sellerId)));
    expect(err.kind).toBe('token-type');
    expect(err.message).toContain('Персональный');
    expect(sim.requests).toHaveLength(0);

    // Should WB refuse a token our table allowed (WB changed the rule), its 403 says which type is needed.
    // Emulated by swapping in a Base token on the wire while the client believes it sends a Personal one.
    const baseToken = sim.token({ type: 'base', categories: ['analytics'] });
    const personal = await setup({}, { categories: ['analytics'] });
    const onWire: typeof fetch = (url, init) =>
      personal.sim.fetch(url, { ...init, headers: { Authorization: baseToken } });
    const swapped = createWbApi({ keyring: personal.keyring, fetch: onWire, clock: personal.clock });
    const wb403 = await caught(collect(swapped.analytics.pageWbStocks(personal.sellerId)));
    expect(wb403.status).toBe(403);
    expect(wb403.detail).toBe('base token is not allowed');
    expect(wb403.kind).toBe('token-type');
    expect(wb403.message).toContain('нужен Персональный токен с категорией «Аналитика»');
  });

  it('a token of the wrong kind of category is never sent to a host it does not belong to', async () => {
    const { api, sellerId, sim } = await setup({}, { categories: ['statistics'] });
    const err = await caught(
      collect(api.finance.pageDetailed(sellerId, { dateFrom: '2026-08-01', dateTo: '2026-08-10' })),
    );
    expect(err.kind).toBe('no-token');
    expect(err.message).toContain('«Финансы»');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('schema drift', () => {
  it('an unknown extra field is tolerated', async () => {
    const { api, sellerId, sim, clock } = await setup();
    sim.faults.schemaDrift({ count: 1, mode: 'extra-field' });
    const rows = await api.statistics.orders(sellerId, mskDateFrom(clock.now() - 24 * HOUR));
    expect(rows!.length).toBeGreaterThan(0);
  });

  it.each(['null-field', 'wrong-type'] as const)(
    'a known field %s is a clear error naming endpoint and field',
    async (mode) => {
      const { api, sellerId, sim, clock } = await setup();
      sim.faults.schemaDrift({ count: 1, mode, field: 'nmId' });
      const err = await caught(api.statistics.orders(sellerId, mskDateFrom(clock.now() - 24 * HOUR)));
      expect(err.kind).toBe('invalid-response');
      expect(err.endpoint).toBe('GET /api/v1/supplier/orders');
      expect(err.message).toContain('WB изменил формат ответа GET /api/v1/supplier/orders');
      expect(err.message).toMatch(/nmId/);
    },
  );
});
