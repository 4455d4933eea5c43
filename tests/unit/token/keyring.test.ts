import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createKeyring, type Keyring, type KeyringToken } from '../../../lib/token/keyring';
import { makeToken, SELLER_A, SELLER_B, testUuid, type TestTokenOptions } from '../../helpers/tokens';

const DAY = 86_400_000;
const START = Date.parse('2026-08-20T09:00:00Z');
const SELLER_C = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';

let clock: number;
let purge: ReturnType<typeof vi.fn<(sellerId: string) => Promise<void>>>;
let keyring: Keyring;
let nextId = 5000;

beforeEach(() => {
  clock = START;
  purge = vi.fn(async () => undefined);
  keyring = createKeyring({ now: () => clock, purgeSellerData: purge });
});

/** A token valid at the test clock, with a fresh id. */
function token(opts: TestTokenOptions = {}): { raw: string; id: string } {
  const id = opts.id ?? testUuid(++nextId);
  return { raw: makeToken({ now: new Date(clock), ...opts, id }), id };
}

async function stored(): Promise<{ entries: Record<string, { raw: string; label: string; reminded: number[] }> }> {
  const all = await fakeBrowser.storage.local.get('keyring');
  return (all.keyring ?? { entries: {} }) as Awaited<ReturnType<typeof stored>>;
}

async function mustAdd(raw: string, label?: string) {
  const r = await keyring.add(raw, label);
  if (!r.ok) throw new Error(`add failed: ${r.error.code}`);
  return r;
}

describe('keyring.add', () => {
  it('adds a token and reports it as created', async () => {
    const { raw, id } = token({ categories: ['statistics', 'promotion'], readOnly: true });
    const r = await mustAdd(raw);
    expect(r.created).toBe(true);
    expect(r.token).toMatchObject({
      id,
      sellerId: SELLER_A,
      type: 'personal',
      categories: ['statistics', 'promotion'],
      readOnly: true,
      sandbox: false,
      addedAt: START,
      status: { kind: 'unchecked' },
    });
    expect(r.token.expiresAt).toBe(Math.floor((START + 180 * DAY) / 1000) * 1000);
    expect(r.token.masked).toBe(`${raw.slice(0, 6)}…${raw.slice(-4)}`);
    expect(r.token.label).toBe(`Персональный …${id.slice(-4)}`);
    expect(Object.keys((await stored()).entries)).toEqual([id]);
  });

  it('uses the given label, trimmed and cut to 80 characters', async () => {
    const a = await mustAdd(token().raw, '  Основной  ');
    expect(a.token.label).toBe('Основной');
    const b = await mustAdd(token().raw, 'x'.repeat(120));
    expect(b.token.label).toBe('x'.repeat(80));
    const c = await mustAdd(token({ type: 'base' }).raw, '   ');
    expect(c.token.label).toMatch(/^Базовый …[0-9a-f]{4}$/);
  });

  it('adding the same token again updates it instead of duplicating, keeping the label', async () => {
    const { raw, id } = token();
    await mustAdd(raw, 'Отчёты');
    clock += 60_000;
    const again = await mustAdd(raw);
    expect(again.created).toBe(false);
    expect(again.token.label).toBe('Отчёты');
    expect(again.token.addedAt).toBe(START);
    expect(Object.keys((await stored()).entries)).toEqual([id]);
    const [seller] = await keyring.sellers();
    expect(seller!.tokens).toHaveLength(1);
  });

  it('adding the same token with a new label replaces the label', async () => {
    const { raw } = token();
    await mustAdd(raw, 'Старое');
    const again = await mustAdd(`Bearer ${raw}`, 'Новое');
    expect(again.created).toBe(false);
    expect(again.token.label).toBe('Новое');
    expect((await keyring.sellers())[0]!.tokens.map((t) => t.label)).toEqual(['Новое']);
  });

  it('keeps the check status and reminders of a token added again', async () => {
    const { raw, id } = token();
    await mustAdd(raw);
    await keyring.setStatus(id, { kind: 'ok', checkedAt: START });
    await keyring.markReminded(id, [14]);
    await mustAdd(raw);
    expect((await keyring.get(id))!.status).toEqual({ kind: 'ok', checkedAt: START });
    expect((await stored()).entries[id]!.reminded).toEqual([14]);
  });

  it.each([
    ['empty', '   '],
    ['malformed', 'eyJhbGciOiJFUzI1NiJ9.broken'],
    ['not-wb', makeToken({ claims: { sid: 'not-a-uuid' } })],
    ['expired', makeToken({ expiresAt: new Date(START - 1000), now: new Date(START - 10 * DAY) })],
  ])('returns the %s decode error and stores nothing', async (code, raw) => {
    const r = await keyring.add(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(/[А-Яа-я]/);
    }
    expect(await fakeBrowser.storage.local.get('keyring')).toEqual({});
    expect(await keyring.sellers()).toEqual([]);
  });

  it('judges expiry by the injected clock', async () => {
    const raw = makeToken({ expiresAt: new Date(START + DAY), now: new Date(START) });
    clock = START + DAY;
    expect(await keyring.add(raw)).toMatchObject({ ok: false, error: { code: 'expired' } });
    clock = START + DAY - 1;
    expect(await keyring.add(raw)).toMatchObject({ ok: true, created: true });
  });

  it('stores the cleaned token: no Bearer, quotes or whitespace', async () => {
    const { raw, id } = token();
    const pasted = `\n  "Authorization: Bearer ${raw.slice(0, 30)}\n${raw.slice(30)}"  \n`;
    await mustAdd(pasted);
    const entry = (await stored()).entries[id]!;
    expect(entry.raw).toBe(raw);
    expect((await keyring.get(id))!.raw).toBe(raw);
  });
});

describe('keyring views never carry the raw token', () => {
  it('sellers() contains neither the token nor its payload or signature', async () => {
    const tokens = [
      token({ categories: ['statistics'] }),
      token({ categories: ['promotion'], type: 'base' }),
      token({ sellerId: SELLER_B, categories: ['analytics'], type: 'service' }),
      token({ sellerId: SELLER_B, type: 'test' }),
    ];
    for (const t of tokens) await mustAdd(t.raw);
    await keyring.setStatus(tokens[0]!.id, { kind: 'rejected', reason: 'token expired', checkedAt: START });
    const json = JSON.stringify(await keyring.sellers());
    for (const { raw } of tokens) {
      const [header, payload, signature] = raw.split('.') as [string, string, string];
      expect(json).not.toContain(raw);
      expect(json).not.toContain(payload);
      expect(json).not.toContain(`${header}.`);
      expect(json).not.toContain(signature);
      expect(json).not.toContain(payload.slice(0, 16));
    }
  });

  it('the add result has no raw token either', async () => {
    const { raw } = token();
    const json = JSON.stringify(await keyring.add(raw));
    expect(json).not.toContain(raw);
    expect(json).not.toContain(raw.split('.')[1]!);
  });
});

describe('keyring.sellers', () => {
  it('groups tokens by seller, in the order they were added', async () => {
    const a1 = token({ categories: ['statistics'] });
    const b1 = token({ sellerId: SELLER_B, categories: ['promotion'] });
    const a2 = token({ categories: ['promotion'], readOnly: true });
    for (const t of [a2, b1, a1]) {
      await mustAdd(t.raw);
      clock += 1000;
    }
    const sellers = await keyring.sellers();
    expect(sellers.map((s) => s.sellerId).sort()).toEqual([SELLER_A, SELLER_B].sort());
    const a = sellers.find((s) => s.sellerId === SELLER_A)!;
    expect(a.tokens.map((t) => t.id)).toEqual([a2.id, a1.id]);
    expect(a.name).toBeNull();
    const caps = Object.fromEntries(a.capabilities.map((c) => [c.feature, c.ok]));
    expect(caps).toEqual({ orders: true, stocks: false, finance: false, ads: true, bidder: false });
    const b = sellers.find((s) => s.sellerId === SELLER_B)!;
    expect(b.tokens.map((t) => t.id)).toEqual([b1.id]);
    expect(b.capabilities.find((c) => c.feature === 'bidder')!.ok).toBe(true);
  });

  it('sorts sellers by name in Russian collation (Ё with Е), unnamed ones by id', async () => {
    const SELLER_D = 'd1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';
    for (const sellerId of [SELLER_A, SELLER_B, SELLER_C, SELLER_D]) await mustAdd(token({ sellerId }).raw);
    await keyring.setSellerName(SELLER_A, 'Ёлки');
    await keyring.setSellerName(SELLER_B, 'Жук');
    await keyring.setSellerName(SELLER_D, 'Ежевика');
    const names = (await keyring.sellers()).map((s) => s.name ?? s.sellerId);
    // Code-point order would put «Ёлки» first (U+0401 < U+0415).
    expect(names.filter((n) => n !== SELLER_C)).toEqual(['Ежевика', 'Ёлки', 'Жук']);
    expect(names).toContain(SELLER_C);
  });

  it('excludes sandbox, expired and rejected tokens from capabilities but still lists them', async () => {
    const sandbox = token({ type: 'test', categories: ['statistics'] });
    const soon = token({ categories: ['promotion'], expiresAt: new Date(START + DAY) });
    const rejected = token({ categories: ['finance'] });
    for (const t of [sandbox, soon, rejected]) await mustAdd(t.raw);
    await keyring.setStatus(rejected.id, { kind: 'rejected', reason: 'token expired', checkedAt: START });

    let [seller] = await keyring.sellers();
    expect(seller!.capabilities.find((c) => c.feature === 'ads')!.ok).toBe(true);

    clock = START + DAY;
    [seller] = await keyring.sellers();
    expect(seller!.tokens).toHaveLength(3);
    expect(seller!.tokens.find((t) => t.id === soon.id)!.status).toEqual({ kind: 'expired' });
    expect(seller!.tokens.find((t) => t.id === sandbox.id)!.sandbox).toBe(true);
    expect(seller!.capabilities.every((c) => !c.ok)).toBe(true);
  });
});

describe('keyring.tokenFor', () => {
  const pick = (t: KeyringToken | null) => t?.info.id ?? null;

  it('filters by category and seller', async () => {
    const stats = token({ categories: ['statistics'] });
    const promo = token({ categories: ['promotion'] });
    const other = token({ sellerId: SELLER_B, categories: ['finance'] });
    for (const t of [stats, promo, other]) await mustAdd(t.raw);
    expect(pick(await keyring.tokenFor(SELLER_A, 'statistics'))).toBe(stats.id);
    expect(pick(await keyring.tokenFor(SELLER_A, 'promotion'))).toBe(promo.id);
    expect(await keyring.tokenFor(SELLER_A, 'finance')).toBeNull();
    expect(pick(await keyring.tokenFor(SELLER_B, 'finance'))).toBe(other.id);
    expect(await keyring.tokenFor(SELLER_B, 'statistics')).toBeNull();
    expect(await keyring.tokenFor(SELLER_C, 'any')).toBeNull();
  });

  it('returns the raw (cleaned) token with its info and status', async () => {
    const { raw, id } = token({ categories: ['statistics'] });
    await mustAdd(`«${raw}»`);
    const t = await keyring.tokenFor(SELLER_A, 'statistics');
    expect(t).toMatchObject({ raw, info: { id, sellerId: SELLER_A }, status: { kind: 'unchecked' } });
  });

  it('a write needs a token without the read-only flag', async () => {
    const ro = token({ categories: ['promotion'], readOnly: true });
    await mustAdd(ro.raw);
    expect(await keyring.tokenFor(SELLER_A, 'promotion', { write: true })).toBeNull();
    expect(pick(await keyring.tokenFor(SELLER_A, 'promotion'))).toBe(ro.id);
    const rw = token({ categories: ['promotion'] });
    await mustAdd(rw.raw);
    expect(pick(await keyring.tokenFor(SELLER_A, 'promotion', { write: true }))).toBe(rw.id);
  });

  it('a read prefers a read-only token (least privilege), whatever the order added', async () => {
    const rw = token({ categories: ['promotion'], expiresAt: new Date(START + 170 * DAY) });
    const ro = token({ categories: ['promotion'], readOnly: true, expiresAt: new Date(START + 100 * DAY) });
    await mustAdd(rw.raw);
    await mustAdd(ro.raw);
    expect(pick(await keyring.tokenFor(SELLER_A, 'promotion'))).toBe(ro.id);
    expect(pick(await keyring.tokenFor(SELLER_A, 'promotion', { write: false }))).toBe(ro.id);
    expect(pick(await keyring.tokenFor(SELLER_A, 'promotion', { write: true }))).toBe(rw.id);
  });

  it('prefers a non-Base token, even one that expires sooner', async () => {
    const base = token({ type: 'base', categories: ['statistics'], expiresAt: new Date(START + 170 * DAY) });
    const personal = token({ categories: ['statistics'], expiresAt: new Date(START + 20 * DAY) });
    await mustAdd(base.raw);
    await mustAdd(personal.raw);
    expect(pick(await keyring.tokenFor(SELLER_A, 'statistics'))).toBe(personal.id);
    await keyring.remove(personal.id);
    expect(pick(await keyring.tokenFor(SELLER_A, 'statistics'))).toBe(base.id);
  });

  it('among equals, takes the longest-lived', async () => {
    const short = token({ categories: ['statistics'], expiresAt: new Date(START + 30 * DAY) });
    const long = token({ categories: ['statistics'], expiresAt: new Date(START + 90 * DAY) });
    await mustAdd(long.raw);
    await mustAdd(short.raw);
    expect(pick(await keyring.tokenFor(SELLER_A, 'statistics'))).toBe(long.id);
  });

  it('never returns a sandbox token', async () => {
    await mustAdd(token({ type: 'test', categories: ['statistics'] }).raw);
    await mustAdd(token({ categories: ['statistics'], claims: { t: true } }).raw);
    expect(await keyring.tokenFor(SELLER_A, 'statistics')).toBeNull();
    expect(await keyring.tokenFor(SELLER_A, 'any')).toBeNull();
  });

  it('never returns an expired token (by the injected clock)', async () => {
    const t = token({ categories: ['statistics'], expiresAt: new Date(START + 2 * 3_600_000) });
    await mustAdd(t.raw);
    clock = START + 2 * 3_600_000 - 1;
    expect(pick(await keyring.tokenFor(SELLER_A, 'statistics'))).toBe(t.id);
    clock = START + 2 * 3_600_000;
    expect(await keyring.tokenFor(SELLER_A, 'statistics')).toBeNull();
    expect(await keyring.tokenFor(SELLER_A, 'any')).toBeNull();
    expect((await keyring.get(t.id))!.status).toEqual({ kind: 'expired' });
  });

  it('never returns a token WB rejected; a later ok check brings it back', async () => {
    const t = token({ categories: ['statistics'] });
    await mustAdd(t.raw);
    await keyring.setStatus(t.id, { kind: 'rejected', reason: 'token expired', checkedAt: START });
    expect(await keyring.tokenFor(SELLER_A, 'statistics')).toBeNull();
    await keyring.setStatus(t.id, { kind: 'ok', checkedAt: START + 1 });
    expect(pick(await keyring.tokenFor(SELLER_A, 'statistics'))).toBe(t.id);
  });

  it("'any' takes a usable token of any category, even one with none", async () => {
    const none = token({ categories: [] });
    await mustAdd(none.raw);
    expect(await keyring.tokenFor(SELLER_A, 'statistics')).toBeNull();
    expect(pick(await keyring.tokenFor(SELLER_A, 'any'))).toBe(none.id);
    expect(await keyring.tokenFor(SELLER_B, 'any')).toBeNull();
  });

  it('falls back to a usable token when the preferred one is unusable', async () => {
    const ro = token({ categories: ['promotion'], readOnly: true });
    const rw = token({ type: 'base', categories: ['promotion'] });
    await mustAdd(ro.raw);
    await mustAdd(rw.raw);
    await keyring.setStatus(ro.id, { kind: 'rejected', reason: 'deleted user', checkedAt: START });
    expect(pick(await keyring.tokenFor(SELLER_A, 'promotion'))).toBe(rw.id);
  });
});

describe('keyring removal', () => {
  it('remove deletes one token and reports whether it existed', async () => {
    const a = token();
    const b = token();
    await mustAdd(a.raw);
    await mustAdd(b.raw);
    expect(await keyring.remove(a.id)).toBe(true);
    expect(await keyring.remove(a.id)).toBe(false);
    expect(await keyring.get(a.id)).toBeNull();
    expect(Object.keys((await stored()).entries)).toEqual([b.id]);
    expect(await keyring.remove('no-such-token')).toBe(false);
  });

  it('removeSeller removes only that seller’s tokens and name, and purges its data', async () => {
    const a1 = token();
    const a2 = token({ type: 'base' });
    const b1 = token({ sellerId: SELLER_B });
    for (const t of [a1, a2, b1]) await mustAdd(t.raw);
    await keyring.setSellerName(SELLER_A, 'ИП А');
    await keyring.setSellerName(SELLER_B, 'ИП Б');

    expect(await keyring.removeSeller(SELLER_A)).toBe(true);
    expect(purge).toHaveBeenCalledTimes(1);
    expect(purge).toHaveBeenCalledWith(SELLER_A);
    const sellers = await keyring.sellers();
    expect(sellers.map((s) => [s.sellerId, s.name])).toEqual([[SELLER_B, 'ИП Б']]);
    expect(Object.keys((await stored()).entries)).toEqual([b1.id]);
    const names = ((await fakeBrowser.storage.local.get('keyring')).keyring as { sellerNames: object }).sellerNames;
    expect(names).toEqual({ [SELLER_B]: 'ИП Б' });
  });

  it('removeSeller of an unknown seller reports false and still purges stray data', async () => {
    await mustAdd(token().raw);
    expect(await keyring.removeSeller(SELLER_C)).toBe(false);
    expect(purge).toHaveBeenCalledWith(SELLER_C);
    expect(await keyring.sellers()).toHaveLength(1);
  });

  it('removeSeller works without a purge dependency', async () => {
    const plain = createKeyring({ now: () => clock });
    await plain.add(token().raw);
    expect(await plain.removeSeller(SELLER_A)).toBe(true);
    expect(await plain.sellers()).toEqual([]);
  });
});

describe('keyring state updates', () => {
  it('setStatus changes the status shown; unknown ids are ignored', async () => {
    const { raw, id } = token();
    await mustAdd(raw);
    await keyring.setStatus(id, { kind: 'ok', checkedAt: START + 5 });
    expect((await keyring.sellers())[0]!.tokens[0]!.status).toEqual({ kind: 'ok', checkedAt: START + 5 });
    await keyring.setStatus(id, { kind: 'rejected', reason: 'token expired', checkedAt: START + 6 });
    expect((await keyring.get(id))!.status).toEqual({
      kind: 'rejected',
      reason: 'token expired',
      checkedAt: START + 6,
    });
    const before = await stored();
    await expect(keyring.setStatus('missing', { kind: 'expired' })).resolves.toBeUndefined();
    expect(await stored()).toEqual(before);
  });

  it('markReminded merges thresholds without duplicates, largest first', async () => {
    const { raw, id } = token({ expiresAt: new Date(START + 2 * DAY) });
    await mustAdd(raw);
    await keyring.markReminded(id, [3, 14, 7]);
    await keyring.markReminded(id, [7, 1]);
    const [input] = await keyring.expiryInputs();
    expect(input).toEqual({
      tokenId: id,
      label: expect.any(String),
      expiresAt: Math.floor((START + 2 * DAY) / 1000) * 1000,
      reminded: [14, 7, 3, 1],
      sandbox: false,
    });
    await expect(keyring.markReminded('missing', [1])).resolves.toBeUndefined();
  });

  it('expiryInputs lists every stored token including sandbox ones', async () => {
    await mustAdd(token().raw);
    await mustAdd(token({ type: 'test' }).raw);
    const inputs = await keyring.expiryInputs();
    expect(inputs.map((i) => i.sandbox).sort()).toEqual([false, true]);
  });

  it('setSellerName names the seller', async () => {
    await mustAdd(token().raw);
    await keyring.setSellerName(SELLER_A, 'ИП Иванов');
    expect((await keyring.sellers())[0]!.name).toBe('ИП Иванов');
  });
});

describe('keyring persistence', () => {
  it('keeps all of 20 concurrent adds', async () => {
    const tokens = Array.from({ length: 20 }, (_, i) =>
      token({ sellerId: i % 2 ? SELLER_A : SELLER_B, categories: ['statistics'] }),
    );
    const results = await Promise.all(tokens.map((t) => keyring.add(t.raw)));
    expect(results.every((r) => r.ok && r.created)).toBe(true);
    expect(Object.keys((await stored()).entries).sort()).toEqual(tokens.map((t) => t.id).sort());
    const sellers = await keyring.sellers();
    expect(sellers.reduce((n, s) => n + s.tokens.length, 0)).toBe(20);
  });

  it('concurrent adds of the same token create it exactly once', async () => {
    const { raw } = token();
    const results = await Promise.all(Array.from({ length: 10 }, () => keyring.add(raw)));
    expect(results.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(Object.keys((await stored()).entries)).toHaveLength(1);
  });

  it('concurrent mutations of different kinds all land', async () => {
    const a = token();
    const b = token();
    await mustAdd(a.raw);
    await Promise.all([
      keyring.add(b.raw),
      keyring.setStatus(a.id, { kind: 'ok', checkedAt: START }),
      keyring.markReminded(a.id, [14]),
      keyring.setSellerName(SELLER_A, 'ИП'),
    ]);
    const data = (await fakeBrowser.storage.local.get('keyring')).keyring as {
      entries: Record<string, { status: unknown; reminded: number[] }>;
      sellerNames: Record<string, string>;
    };
    expect(Object.keys(data.entries).sort()).toEqual([a.id, b.id].sort());
    expect(data.entries[a.id]!.status).toEqual({ kind: 'ok', checkedAt: START });
    expect(data.entries[a.id]!.reminded).toEqual([14]);
    expect(data.sellerNames).toEqual({ [SELLER_A]: 'ИП' });
  });

  it('a second keyring instance sees what the first stored', async () => {
    const { raw, id } = token();
    await mustAdd(raw);
    const other = createKeyring({ now: () => clock });
    expect((await other.get(id))!.raw).toBe(raw);
  });

  it('tokens live in local storage only, never sync', async () => {
    await mustAdd(token().raw);
    const local = await fakeBrowser.storage.local.get();
    expect(Object.keys(local)).toContain('keyring');
    expect(await fakeBrowser.storage.sync.get()).toEqual({});
    expect(await fakeBrowser.storage.session.get()).toEqual({});
  });
});
