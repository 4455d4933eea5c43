// @vitest-environment node
/** The simulator's token checks: each WB refusal, with WB's status, content type and body shape. */
import { describe, expect, it } from 'vitest';
import { jwt, makeToken, SELLER_A, SELLER_B } from '../../helpers/tokens';
import { createWbSimulator } from '../../sim/index';
import { call, HOSTS } from './helpers';

const ORDERS = `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-08-19`;
const PROBLEM_KEYS = ['code', 'detail', 'origin', 'requestId', 'status', 'statusText', 'timestamp', 'title'];

type Problem = Record<string, unknown>;

function sim() {
  return createWbSimulator({ orders: 300, rateLimits: false });
}

async function refusal(status: number, res: Awaited<ReturnType<typeof call>>): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json');
  const body = res.json as Problem;
  expect(Object.keys(body).sort()).toEqual(PROBLEM_KEYS);
  expect(body.status).toBe(status);
  expect(body.statusText).toBe(status === 401 ? 'Unauthorized' : 'Forbidden');
  expect(body.title).toBe(status === 401 ? 'unauthorized' : 'forbidden');
  expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  expect(body.requestId).toMatch(/^[0-9a-f]{32}$/);
  return body;
}

describe('token checks', () => {
  it('accepts the raw token and `Bearer <token>`', async () => {
    const s = sim();
    const t = s.token();
    expect((await call(s, 'GET', ORDERS, { token: t })).status).toBe(200);
    expect((await call(s, 'GET', ORDERS, { headers: { authorization: `Bearer ${t}` } })).status).toBe(200);
  });

  it('401 "token is malformed" for a missing or unreadable token', async () => {
    const s = sim();
    const missing = await refusal(401, await call(s, 'GET', ORDERS, { token: null }));
    expect(missing.detail).toMatch(/^token problem; token is malformed/);
    const garbage = await refusal(401, await call(s, 'GET', ORDERS, { token: 'not-a-token' }));
    expect(garbage.detail).toBe('token problem; token is malformed: token contains an invalid number of segments');
    const t = s.token();
    const badSig = await refusal(
      401,
      await call(s, 'GET', ORDERS, { token: `${t.slice(0, t.lastIndexOf('.'))}.ab$cd` }),
    );
    expect(badSig.detail).toMatch(/^token problem; token is malformed: could not base64 decode signature/);
    const notWb = await refusal(401, await call(s, 'GET', ORDERS, { token: jwt({ sub: 'someone' }) }));
    expect(notWb.detail).toMatch(/^token problem; token is malformed/);
    expect(s.requests.map((r) => r.reason)).toEqual([
      'token-missing',
      'token-malformed',
      'token-malformed',
      'token-malformed',
    ]);
  });

  it('401 "token expired", judged on the virtual clock', async () => {
    const s = sim();
    const t = s.token({ expiresAt: new Date(s.clock.now() + 3600_000) });
    expect((await call(s, 'GET', ORDERS, { token: t })).status).toBe(200);
    s.clock.advance(3600_000);
    const body = await refusal(401, await call(s, 'GET', ORDERS, { token: t }));
    expect(body.detail).toBe('token expired');
    expect(s.requests.at(-1)?.reason).toBe('token-expired');
  });

  it('401 "token scope not allowed" when the category bit for the host is missing', async () => {
    const s = sim();
    const t = s.token({ categories: ['finance', 'content'] });
    const body = await refusal(401, await call(s, 'GET', ORDERS, { token: t }));
    expect(body.detail).toBe('token scope not allowed');
    expect(body.origin).toBe('s2s-api-auth-stat');
    // common-api and /ping on the right host take any category
    expect((await call(s, 'GET', `${HOSTS.common}/api/v1/seller-info`, { token: t })).status).toBe(200);
    expect((await call(s, 'GET', `${HOSTS.finance}/ping`, { token: t })).status).toBe(200);
    expect((await call(s, 'GET', `${HOSTS.statistics}/ping`, { token: t })).status).toBe(401);
  });

  it('401 for a sandbox (test) token on a production host, and for a production token in the sandbox', async () => {
    const s = sim();
    const test = s.token({ type: 'test' });
    const body = await refusal(401, await call(s, 'GET', ORDERS, { token: test }));
    expect(body.detail).toBe('token scope not allowed');
    expect(s.requests.at(-1)?.reason).toBe('token-sandbox');
    const sandboxOrders = ORDERS.replace('statistics-api.', 'statistics-api-sandbox.');
    expect((await call(s, 'GET', sandboxOrders, { token: test })).status).toBe(200);
    await refusal(401, await call(s, 'GET', sandboxOrders, { token: s.token() }));
    expect(s.requests.at(-1)?.reason).toBe('token-not-sandbox');
  });

  it('403 "base token is not allowed" where WB lists only other token types', async () => {
    const s = sim();
    const url = `${HOSTS.analytics}/api/analytics/v1/stocks-report/wb-warehouses`;
    const body = await refusal(403, await call(s, 'POST', url, { token: s.token({ type: 'base' }), body: {} }));
    expect(body.detail).toBe('base token is not allowed');
    expect(body.code).toBe('base token is not allowed for this path');
    // Personal and Service pass; a Base token sent with a service secret counts as "Base with secret".
    expect((await call(s, 'POST', url, { token: s.token({ type: 'service' }), body: {} })).status).toBe(200);
    const withSecret = createWbSimulator({ orders: 100, serviceSecrets: ['s3cret'], rateLimits: false });
    const res = await call(withSecret, 'POST', url, {
      token: withSecret.token({ type: 'base' }),
      body: {},
      headers: { 'X-Client-Secret': 's3cret' },
    });
    expect(res.status).toBe(200);
    expect(withSecret.requests.at(-1)?.tokenKind).toBe('baseWithSecret');
    // ...but a Base token may read orders.
    expect((await call(s, 'GET', ORDERS, { token: s.token({ type: 'base' }) })).status).toBe(200);
  });

  it('401 for a read-only token on a write method (PATCH bids); reads work', async () => {
    const s = sim();
    const t = s.token({ readOnly: true, categories: ['promotion'] });
    const c = s.dataset.campaigns.find((x) => x.bidType === 'unified' && [4, 9, 11].includes(x.status))!;
    const body = await refusal(
      401,
      await call(s, 'PATCH', `${HOSTS.advert}/api/advert/v1/bids`, {
        token: t,
        body: {
          bids: [
            { advert_id: c.id, nm_bids: [{ nm_id: c.items[0]!.nmId, bid_kopecks: 100_000, placement: 'combined' }] },
          ],
        },
      }),
    );
    expect(body.detail).toBe('token scope not allowed');
    expect(s.requests.at(-1)?.reason).toBe('token-read-only');
    expect((await call(s, 'GET', `${HOSTS.advert}/api/advert/v2/adverts`, { token: t })).status).toBe(200);
  });

  it('401 for a token of a seller WB does not know; each seller sees only its own data', async () => {
    const s = createWbSimulator({ orders: 200, sellers: [SELLER_A], rateLimits: false });
    const stranger = makeToken({ sellerId: SELLER_B, now: new Date(s.clock.now()) });
    const body = await refusal(401, await call(s, 'GET', ORDERS, { token: stranger }));
    expect(body.detail).toBe('token problem; token signature is invalid');
    const two = createWbSimulator({ orders: 200, rateLimits: false });
    const a = await call(two, 'GET', `${HOSTS.common}/api/v1/seller-info`, { token: two.token({ seller: SELLER_A }) });
    const b = await call(two, 'GET', `${HOSTS.common}/api/v1/seller-info`, { token: two.token({ seller: SELLER_B }) });
    expect((a.json as Problem).sid).toBe(SELLER_A);
    expect((b.json as Problem).sid).toBe(SELLER_B);
    expect(a.body).not.toBe(b.body);
  });

  it('404 for an unknown path and 405 for a wrong method, before any token check; the log never holds the token', async () => {
    const s = sim();
    const t = s.token();
    const nf = await call(s, 'GET', `${HOSTS.statistics}/api/v5/supplier/reportDetailByPeriod?dateFrom=2026-01-01`, {
      token: t,
    });
    expect(nf.status).toBe(404);
    expect((nf.json as Problem).title).toBe('path not found');
    expect((await call(s, 'GET', `${HOSTS.advert}/api/advert/v1/bids`, { token: t })).status).toBe(405);
    expect(JSON.stringify(s.requests)).not.toContain(t.slice(20, 60));
  });
});
