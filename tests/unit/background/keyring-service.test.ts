import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { keyringHandlers, langItem, refreshBadge, runExpiryCheck } from '../../../lib/background/keyring-service';
import { protocol, type Handlers, type MessageType, type RequestOf, type ResponseOf } from '../../../lib/messaging';
import { createKeyring, type Keyring } from '../../../lib/token/keyring';
import { resetPingSpacing } from '../../../lib/wb-api/common';
import { makeToken, SELLER_A, SELLER_B, testUuid, type TestTokenOptions } from '../../helpers/tokens';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.parse('2026-08-20T09:00:00Z');

let clock: number;
const now = () => clock;
let keyring: Keyring;
let purge: ReturnType<typeof vi.fn<(sellerId: string) => Promise<void>>>;
let nextId = 9000;

beforeEach(() => {
  clock = START;
  resetPingSpacing();
  purge = vi.fn(async () => undefined);
  keyring = createKeyring({ now, purgeSellerData: purge });
});

function token(opts: TestTokenOptions = {}) {
  const id = testUuid(++nextId);
  return { raw: makeToken({ now: new Date(clock), ...opts, id }), id };
}

async function addToken(opts: TestTokenOptions = {}, label?: string) {
  const t = token(opts);
  const r = await keyring.add(t.raw, label);
  if (!r.ok) throw new Error(r.error.code);
  return t;
}

async function storedEntry(id: string) {
  const { keyring: data } = (await fakeBrowser.storage.local.get('keyring')) as {
    keyring: { entries: Record<string, { reminded: number[]; status: { kind: string } }> };
  };
  return data.entries[id]!;
}

const notifications = () =>
  fakeBrowser.notifications.getAllCreateOptions() as Record<
    string,
    { title: string; message: string; iconUrl: string; type: string }
  >;

describe('runExpiryCheck', () => {
  it('notifies once per threshold over a token’s life and marks it expired at the end', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const t = await addToken({ expiresAt: new Date(START + 20 * DAY) }, 'Отчёты');

    const sentAt: string[] = [];
    for (clock = START; clock <= START + 21 * DAY; clock += 6 * HOUR) {
      await runExpiryCheck(keyring, now);
      sentAt.push(...create.mock.calls.slice(sentAt.length).map((c) => (c as unknown[])[0] as string));
    }
    expect(sentAt).toEqual([14, 7, 3, 1, 0].map((d) => `token-expiry:${t.id}:${d}`));
    expect((await storedEntry(t.id)).reminded).toEqual([14, 7, 3, 1, 0]);
    expect((await storedEntry(t.id)).status.kind).toBe('expired');
  });

  it('writes a Russian reminder with label, time left and Moscow date', async () => {
    const t = await addToken({ expiresAt: new Date('2026-09-02T21:30:00Z') }, 'Отчёты');
    clock = Date.parse('2026-09-02T21:30:00Z') - 13 * DAY;
    expect(await runExpiryCheck(keyring, now)).toBe(1);
    const n = notifications()[`token-expiry:${t.id}:14`]!;
    expect(n.type).toBe('basic');
    expect(n.iconUrl).toBe(fakeBrowser.runtime.getURL('/icon/128.png'));
    expect(n.title).toBe('Seller Lens: токен скоро истечёт');
    expect(n.message).toBe(
      'Токен «Отчёты» перестанет работать через 13 дней (03.09.2026). Создайте новый в кабинете WB.',
    );
  });

  it('a second check at the same time sends nothing new', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await addToken({ expiresAt: new Date(START + 10 * DAY) });
    expect(await runExpiryCheck(keyring, now)).toBe(1);
    expect(await runExpiryCheck(keyring, now)).toBe(0);
    clock += HOUR;
    expect(await runExpiryCheck(keyring, now)).toBe(0);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('a token added 2 days before expiry gets one reminder that settles 14, 7 and 3', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    const t = await addToken({ expiresAt: new Date(START + 2 * DAY) });
    await runExpiryCheck(keyring, now);
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![0]).toBe(`token-expiry:${t.id}:3`);
    expect((await storedEntry(t.id)).reminded).toEqual([14, 7, 3]);
  });

  it('an expired token gets the expired notice and is marked expired', async () => {
    const t = await addToken({ expiresAt: new Date(START + HOUR) }, 'Старый');
    await keyring.markReminded(t.id, [14, 7, 3, 1]);
    clock = START + 2 * HOUR;
    expect(await runExpiryCheck(keyring, now)).toBe(1);
    const n = notifications()[`token-expiry:${t.id}:0`]!;
    expect(n.title).toBe('Seller Lens: токен истёк');
    expect(n.message).toBe('Токен «Старый» больше не работает. Создайте новый в кабинете WB.');
    expect((await storedEntry(t.id)).status.kind).toBe('expired');
    expect((await storedEntry(t.id)).reminded).toContain(0);
  });

  it('sandbox tokens raise nothing', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await addToken({ type: 'test', expiresAt: new Date(START + DAY) });
    clock = START + 2 * DAY;
    expect(await runExpiryCheck(keyring, now)).toBe(0);
    expect(create).not.toHaveBeenCalled();
  });

  it('writes in English when the UI language is English', async () => {
    await langItem.setValue('en');
    const t = await addToken({ expiresAt: new Date(START + 5 * DAY) }, 'Ads');
    await runExpiryCheck(keyring, now);
    const n = notifications()[`token-expiry:${t.id}:7`]!;
    expect(n.title).toBe('Seller Lens: a token expires soon');
    expect(n.message).toContain('Token “Ads” stops working in 5 days');
  });

  it('still records the reminder when the notification cannot be shown', async () => {
    vi.spyOn(fakeBrowser.notifications, 'create').mockRejectedValue(new Error('notifications disabled'));
    const t = await addToken({ expiresAt: new Date(START + 5 * DAY) });
    expect(await runExpiryCheck(keyring, now)).toBe(1);
    expect((await storedEntry(t.id)).reminded).toEqual([14, 7]);
  });

  it('handles several tokens independently', async () => {
    const a = await addToken({ expiresAt: new Date(START + 10 * DAY) });
    const b = await addToken({ sellerId: SELLER_B, expiresAt: new Date(START + 2 * DAY) });
    await addToken({ expiresAt: new Date(START + 100 * DAY) });
    expect(await runExpiryCheck(keyring, now)).toBe(2);
    expect(Object.keys(notifications()).sort()).toEqual([`token-expiry:${a.id}:14`, `token-expiry:${b.id}:3`].sort());
  });

  it('refreshes the badge', async () => {
    await addToken({ expiresAt: new Date(START + 6 * DAY) });
    await runExpiryCheck(keyring, now);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('6');
  });
});

describe('refreshBadge', () => {
  it('is empty with no tokens', async () => {
    await fakeBrowser.action.setBadgeText({ text: 'old' });
    await refreshBadge(keyring, now);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('is empty when every token has more than 14 days left', async () => {
    await addToken({ expiresAt: new Date(START + 30 * DAY) });
    await refreshBadge(keyring, now);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });

  it('shows days left in orange, then red from 3 days', async () => {
    await addToken({ expiresAt: new Date(START + 10 * DAY) });
    await refreshBadge(keyring, now);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('10');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xf7, 0x90, 0x09, 255]);
    clock = START + 8 * DAY;
    await refreshBadge(keyring, now);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xd9, 0x2d, 0x20, 255]);
  });

  it('shows «!» in red once a token has expired', async () => {
    await addToken({ expiresAt: new Date(START + HOUR) });
    clock = START + 2 * HOUR;
    await refreshBadge(keyring, now);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xd9, 0x2d, 0x20, 255]);
  });
});

interface FetchCall {
  url: string;
  init: RequestInit | undefined;
}

/** A fetch stub answering every call with `respond()`, recording what it was given. */
function fetchStub(respond: () => Response | Promise<Response>) {
  const calls: FetchCall[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init });
    return respond();
  });
  return { fetch: fn as unknown as typeof fetch, calls, fn };
}

const okPing = () =>
  new Response(JSON.stringify({ Status: 'OK', TS: '2026-08-20T12:00:00+03:00' }), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });

const expiredProblem = () =>
  new Response(
    JSON.stringify({
      title: 'unauthorized',
      detail: 'token expired',
      code: '07e4668e--a53a3d31f8b0-[UK-oRsfVv]; 03bce=277; 84bd353bf-75',
      requestId: '7b80742415072fe8b6b7f7761f1d1211',
      origin: 's2s-api-auth-stat',
      status: 401,
      statusText: 'Unauthorized',
      timestamp: '2026-08-20T09:00:00Z',
    }),
    { status: 401, headers: { 'Content-Type': 'application/problem+json' } },
  );

const tooMany = () =>
  new Response(JSON.stringify({ title: 'too many requests', status: 429 }), {
    status: 429,
    headers: { 'Content-Type': 'application/problem+json', 'X-Ratelimit-Retry': '7', 'X-Ratelimit-Limit': '3' },
  });

/** Calls a handler as handleMessages would, and checks its answer against the protocol. */
async function call<T extends MessageType>(handlers: Handlers, type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const h = handlers[type] as (p: RequestOf<T>, s: object) => Promise<ResponseOf<T>>;
  const answer = await h(payload, {});
  expect(protocol[type].response.safeParse(answer).success).toBe(true);
  return answer;
}

/** The raw token must appear in the Authorization header of a https://*.wildberries.ru request, nowhere else. */
function expectTokenOnlyInAuthHeader(calls: FetchCall[], raw: string) {
  const payload = raw.split('.')[1]!;
  for (const { url, init } of calls) {
    const u = new URL(url);
    expect(u.protocol).toBe('https:');
    expect(u.hostname.endsWith('.wildberries.ru')).toBe(true);
    expect(url).not.toContain(payload);
    const headers = new Headers(init?.headers);
    expect(headers.get('Authorization')).toBe(raw);
    for (const [name, value] of headers)
      if (name.toLowerCase() !== 'authorization') expect(value).not.toContain(payload);
    expect(init?.body ?? null).toBeNull();
    expect(JSON.stringify({ ...init, headers: undefined, signal: undefined })).not.toContain(payload);
  }
}

describe('keyring.check', () => {
  it('WB 200 {"Status":"OK"} → ok, and the status is stored', async () => {
    const t = await addToken({ categories: ['statistics'] });
    const stub = fetchStub(okPing);
    const handlers = keyringHandlers({ keyring, fetch: stub.fetch, now });
    clock += 5000;
    expect(await call(handlers, 'keyring.check', { tokenId: t.id })).toEqual({
      kind: 'ok',
      host: 'statistics-api.wildberries.ru',
    });
    expect(stub.calls.map((c) => c.url)).toEqual(['https://statistics-api.wildberries.ru/ping']);
    expectTokenOnlyInAuthHeader(stub.calls, t.raw);
    expect((await keyring.get(t.id))!.status).toEqual({ kind: 'ok', checkedAt: START + 5000 });
  });

  it('WB 401 "token expired" → rejected with WB’s reason, stored', async () => {
    const t = await addToken({ categories: ['promotion'] });
    const stub = fetchStub(expiredProblem);
    const handlers = keyringHandlers({ keyring, fetch: stub.fetch, now });
    expect(await call(handlers, 'keyring.check', { tokenId: t.id })).toEqual({
      kind: 'rejected',
      host: 'advert-api.wildberries.ru',
      reason: 'token expired',
      status: 401,
    });
    expectTokenOnlyInAuthHeader(stub.calls, t.raw);
    expect((await keyring.get(t.id))!.status).toEqual({ kind: 'rejected', reason: 'token expired', checkedAt: START });
    expect(await keyring.tokenFor(SELLER_A, 'promotion')).toBeNull();
  });

  it('WB 429 with X-Ratelimit-Retry: 7 → rate-limited 7, status unchanged', async () => {
    const t = await addToken({ categories: ['finance'] });
    const stub = fetchStub(tooMany);
    const handlers = keyringHandlers({ keyring, fetch: stub.fetch, now });
    expect(await call(handlers, 'keyring.check', { tokenId: t.id })).toEqual({
      kind: 'rate-limited',
      host: 'finance-api.wildberries.ru',
      retryAfterSec: 7,
    });
    expectTokenOnlyInAuthHeader(stub.calls, t.raw);
    expect((await keyring.get(t.id))!.status).toEqual({ kind: 'unchecked' });
  });

  it('a later ok check replaces a rejection', async () => {
    const t = await addToken();
    await keyring.setStatus(t.id, { kind: 'rejected', reason: 'token expired', checkedAt: START });
    clock += 60_000;
    await call(keyringHandlers({ keyring, fetch: fetchStub(okPing).fetch, now }), 'keyring.check', { tokenId: t.id });
    expect((await keyring.get(t.id))!.status).toEqual({ kind: 'ok', checkedAt: START + 60_000 });
  });

  it.each([
    [['statistics', 'promotion'], 'statistics-api.wildberries.ru'],
    [['promotion'], 'advert-api.wildberries.ru'],
    [['analytics'], 'seller-analytics-api.wildberries.ru'],
    [['content'], 'content-api.wildberries.ru'],
    [['prices'], 'common-api.wildberries.ru'],
    [[], 'common-api.wildberries.ru'],
  ] as [TestTokenOptions['categories'], string][])('a token with %j is pinged on %s', async (categories, host) => {
    const t = await addToken({ categories });
    const stub = fetchStub(okPing);
    await call(keyringHandlers({ keyring, fetch: stub.fetch, now }), 'keyring.check', { tokenId: t.id });
    expect(stub.calls.map((c) => c.url)).toEqual([`https://${host}/ping`]);
    expectTokenOnlyInAuthHeader(stub.calls, t.raw);
  });

  it('an unknown token id → not-found, without calling WB', async () => {
    const stub = fetchStub(okPing);
    expect(
      await call(keyringHandlers({ keyring, fetch: stub.fetch, now }), 'keyring.check', { tokenId: 'missing' }),
    ).toEqual({ kind: 'not-found', host: '' });
    expect(stub.fn).not.toHaveBeenCalled();
  });

  it('a network failure → network, status unchanged', async () => {
    const t = await addToken();
    const stub = fetchStub(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(
      await call(keyringHandlers({ keyring, fetch: stub.fetch, now }), 'keyring.check', { tokenId: t.id }),
    ).toEqual({ kind: 'network', host: 'statistics-api.wildberries.ru' });
    expect((await keyring.get(t.id))!.status).toEqual({ kind: 'unchecked' });
  });

  it('WB 503 → unavailable, status unchanged', async () => {
    const t = await addToken();
    const stub = fetchStub(() => new Response('Service Unavailable', { status: 503 }));
    expect(
      await call(keyringHandlers({ keyring, fetch: stub.fetch, now }), 'keyring.check', { tokenId: t.id }),
    ).toEqual({ kind: 'unavailable', host: 'statistics-api.wildberries.ru', status: 503 });
    expect((await keyring.get(t.id))!.status).toEqual({ kind: 'unchecked' });
  });

  it('never pings a host more than 3 times in 30 s', async () => {
    const t = await addToken();
    const stub = fetchStub(okPing);
    const handlers = keyringHandlers({ keyring, fetch: stub.fetch, now });
    for (let i = 0; i < 3; i++) {
      expect((await call(handlers, 'keyring.check', { tokenId: t.id })).kind).toBe('ok');
      clock += 1000;
    }
    expect(await call(handlers, 'keyring.check', { tokenId: t.id })).toEqual({
      kind: 'rate-limited',
      host: 'statistics-api.wildberries.ru',
      retryAfterSec: 27,
    });
    expect(stub.fn).toHaveBeenCalledTimes(3);
    clock = START + 30_000;
    expect((await call(handlers, 'keyring.check', { tokenId: t.id })).kind).toBe('ok');
    expect(stub.fn).toHaveBeenCalledTimes(4);
  });
});

describe('the other keyring handlers', () => {
  const fetchNever = () => {
    throw new Error('no WB call expected');
  };

  it('keyring.add stores the token, reminds right away and updates the badge', async () => {
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now });
    const t = token({ expiresAt: new Date(START + 2 * DAY) });
    const r = await call(handlers, 'keyring.add', { raw: `Bearer ${t.raw}`, label: 'Срочный' });
    expect(r).toMatchObject({ ok: true, created: true, token: { id: t.id, label: 'Срочный' } });
    expect(JSON.stringify(r)).not.toContain(t.raw.split('.')[1]!);
    expect(Object.keys(notifications())).toEqual([`token-expiry:${t.id}:3`]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('keyring.add asks for the name of a new seller once and stores it', async () => {
    const sellerName = vi.fn(async (sellerId: string) => (sellerId === SELLER_A ? 'ИП Иванов' : null));
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now, sellerName });
    await call(handlers, 'keyring.add', { raw: token().raw });
    await vi.waitFor(async () => expect((await keyring.sellers())[0]!.name).toBe('ИП Иванов'));
    expect(sellerName).toHaveBeenCalledWith(SELLER_A);
    await call(handlers, 'keyring.add', { raw: token().raw });
    expect(sellerName).toHaveBeenCalledTimes(1);
  });

  it('keyring.add survives a failing seller-name lookup', async () => {
    const sellerName = vi.fn(async () => {
      throw new Error('HTTP 429');
    });
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now, sellerName });
    const r = await call(handlers, 'keyring.add', { raw: token().raw });
    expect(r.ok).toBe(true);
    await vi.waitFor(() => expect(sellerName).toHaveBeenCalledTimes(1));
    expect((await keyring.sellers())[0]!.name).toBeNull();
  });

  it('keyring.add returns the decode error and changes nothing', async () => {
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now });
    const r = await call(handlers, 'keyring.add', { raw: 'hello' });
    expect(r).toMatchObject({ ok: false, error: { code: 'malformed' } });
    expect(await fakeBrowser.storage.local.get('keyring')).toEqual({});
  });

  it('keyring.get returns sellers without raw tokens, and the language', async () => {
    const t = await addToken();
    await langItem.setValue('en');
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now });
    const r = await call(handlers, 'keyring.get', {});
    expect(r.lang).toBe('en');
    expect(r.sellers.map((s) => s.tokens.map((x) => x.id))).toEqual([[t.id]]);
    expect(JSON.stringify(r)).not.toContain(t.raw);
    expect(JSON.stringify(r)).not.toContain(t.raw.split('.')[1]!);
  });

  it('keyring.remove and keyring.removeSeller update the keyring and purge data', async () => {
    const a = await addToken();
    const b = await addToken({ sellerId: SELLER_B, expiresAt: new Date(START + 5 * DAY) });
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now });
    await refreshBadge(keyring, now);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('5');
    expect(await call(handlers, 'keyring.removeSeller', { sellerId: SELLER_B })).toEqual({ ok: true });
    expect(purge).toHaveBeenCalledWith(SELLER_B);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await keyring.get(b.id)).toBeNull();
    expect(await call(handlers, 'keyring.remove', { tokenId: a.id })).toEqual({ ok: true });
    expect(await call(handlers, 'keyring.remove', { tokenId: a.id })).toEqual({ ok: false });
    expect(await keyring.sellers()).toEqual([]);
  });

  it('settings.setLang stores the language', async () => {
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now });
    expect(await call(handlers, 'settings.setLang', { lang: 'en' })).toEqual({ ok: true });
    expect(await langItem.getValue()).toBe('en');
  });

  it('tells open pages that the keyring changed', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    const handlers = keyringHandlers({ keyring, fetch: fetchNever as unknown as typeof fetch, now });
    await call(handlers, 'keyring.add', { raw: token().raw });
    expect(send).toHaveBeenCalledWith({ ns: 'seller-lens:keyring-changed' });
  });
});
