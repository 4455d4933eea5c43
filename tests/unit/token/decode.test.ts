import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeStoredToken,
  decodeWbToken,
  maskToken,
  type DecodeResult,
  type WbCategory,
  type WbTokenInfo,
} from '../../../lib/token';
import { b64url, b64urlBytes, jwt, makeToken, SELLER_A, SELLER_B, testUuid } from '../../helpers/tokens';

const NOW = new Date('2026-08-20T10:00:00.000Z');
const IN_90_DAYS = Math.floor(NOW.getTime() / 1000) + 90 * 86_400;
const TOKEN_ID = '5f1e3a2b-7c4d-4e8f-9a0b-1c2d3e4f5a6b';
const HEADER = { alg: 'ES256', typ: 'JWT', kid: '20231225v1' };
const CYRILLIC = /[А-Яа-яЁё]/;

/** WB's claims with the given overrides; `undefined` removes a claim. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    id: TOKEN_ID,
    sid: SELLER_A,
    s: 2 ** 5,
    exp: IN_90_DAYS,
    acc: 3,
    for: 'self',
  };
  const out = { ...base, ...overrides };
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

function ok(r: DecodeResult): WbTokenInfo {
  if (!r.ok) throw new Error(`expected a decoded token, got ${r.error.code}: ${r.error.message}`);
  return r.token;
}

function errorOf(r: DecodeResult) {
  if (r.ok) throw new Error(`expected an error, got token ${r.token.id}`);
  return r.error;
}

/** WB's official bit table (wb-api.md §1), written out independently of lib/token/categories.ts. */
const BITS: [string, number][] = [
  ['content', 1],
  ['analytics', 2],
  ['prices', 3],
  ['marketplace', 4],
  ['statistics', 5],
  ['promotion', 6],
  ['feedbacks', 7],
  ['chat', 9],
  ['supplies', 10],
  ['returns', 11],
  ['documents', 12],
  ['finance', 13],
  ['users', 16],
];

describe('decodeWbToken: category bits of `s`', () => {
  it.each(BITS)('bit for %s (%i) alone gives exactly that category', (name, bit) => {
    const info = ok(decodeWbToken(jwt(claims({ s: 2 ** bit })), NOW));
    expect(info.categories).toEqual([name]);
    expect(info.scopeMask).toBe(2 ** bit);
    expect(info.readOnly).toBe(false);
  });

  it.each(BITS)('bit for %s (%i) alone with the read-only bit', (name, bit) => {
    const info = ok(decodeWbToken(jwt(claims({ s: 2 ** bit + 2 ** 30 })), NOW));
    expect(info.categories).toEqual([name]);
    expect(info.readOnly).toBe(true);
  });

  it('all thirteen categories together, in WB table order', () => {
    const s = BITS.reduce((m, [, bit]) => m + 2 ** bit, 0);
    expect(s).toBe(81662);
    const info = ok(decodeWbToken(jwt(claims({ s })), NOW));
    expect(info.categories).toEqual(BITS.map(([name]) => name));
    expect(info.readOnly).toBe(false);
  });

  it('all categories plus read-only (mask above 2^30)', () => {
    const s = 81662 + 2 ** 30;
    const info = ok(decodeWbToken(jwt(claims({ s })), NOW));
    expect(info.categories).toHaveLength(13);
    expect(info.readOnly).toBe(true);
    expect(info.scopeMask).toBe(1073823486);
  });

  it("WB's own example s = 1073741832 is read-only + Prices & discounts", () => {
    const info = ok(decodeWbToken(jwt(claims({ s: 1073741832 })), NOW));
    expect(info.categories).toEqual(['prices']);
    expect(info.readOnly).toBe(true);
  });

  it('does not read bits shifted by one (the `1 << (bit - 1)` mistake)', () => {
    // 2^3 = prices; a shifted reading would call it marketplace (4) or analytics (2).
    expect(ok(decodeWbToken(jwt(claims({ s: 8 })), NOW)).categories).toEqual(['prices']);
    // 2^0 is undefined; a shifted reading would call it content.
    expect(ok(decodeWbToken(jwt(claims({ s: 1 })), NOW)).categories).toEqual([]);
  });

  it.each([
    ['2^31 + read-only + statistics', 2 ** 31 + 2 ** 30 + 2 ** 5, ['statistics'], true],
    ['2^32 + promotion', 2 ** 32 + 2 ** 6, ['promotion'], false],
    [
      '2^32 + 2^31 + read-only + analytics + finance',
      2 ** 32 + 2 ** 31 + 2 ** 30 + 2 ** 2 + 2 ** 13,
      ['analytics', 'finance'],
      true,
    ],
    ['2^40 + read-only only', 2 ** 40 + 2 ** 30, [], true],
    ['2^31 alone (bit 31 is not read-only)', 2 ** 31, [], false],
    ['2^29 alone (bit 29 is not read-only)', 2 ** 29, [], false],
  ] as const)('mask above 2^31: %s', (_name, s, categories, readOnly) => {
    const info = ok(decodeWbToken(jwt(claims({ s })), NOW));
    expect(info.categories).toEqual(categories);
    expect(info.readOnly).toBe(readOnly);
    expect(info.scopeMask).toBe(s);
  });

  it('ignores the undefined bits 0, 8, 14 and 15', () => {
    const undefinedBits = 2 ** 0 + 2 ** 8 + 2 ** 14 + 2 ** 15;
    expect(ok(decodeWbToken(jwt(claims({ s: undefinedBits })), NOW)).categories).toEqual([]);
    const info = ok(decodeWbToken(jwt(claims({ s: undefinedBits + 2 ** 5 + 2 ** 9 })), NOW));
    expect(info.categories).toEqual(['statistics', 'chat']);
    expect(info.readOnly).toBe(false);
  });

  it('s = 0 is a valid token with no categories', () => {
    const info = ok(decodeWbToken(jwt(claims({ s: 0 })), NOW));
    expect(info.categories).toEqual([]);
    expect(info.readOnly).toBe(false);
  });

  it('matches the test-token factory for any set of categories', () => {
    const names = BITS.map(([n]) => n) as WbCategory[];
    fc.assert(
      fc.property(fc.subarray(names), fc.boolean(), (cats, readOnly) => {
        const info = ok(decodeWbToken(makeToken({ categories: cats, readOnly, now: NOW }), NOW));
        // Same set, in WB table order.
        expect(info.categories).toEqual(names.filter((n) => cats.includes(n)));
        expect(info.readOnly).toBe(readOnly);
      }),
      { numRuns: 200 },
    );
  });
});

describe('decodeWbToken: claims', () => {
  it('reads id, sid and exp', () => {
    const info = ok(decodeWbToken(jwt(claims({ sid: SELLER_B })), NOW));
    expect(info.id).toBe(TOKEN_ID);
    expect(info.sellerId).toBe(SELLER_B);
    expect(info.expiresAt.getTime()).toBe(IN_90_DAYS * 1000);
  });

  it.each([
    [1, 'base'],
    [2, 'test'],
    [3, 'personal'],
    [4, 'service'],
  ] as const)('acc %i is a %s token', (acc, type) => {
    const info = ok(decodeWbToken(jwt(claims({ acc, for: undefined, t: acc === 2 })), NOW));
    expect(info.type).toBe(type);
    expect(info.acc).toBe(acc);
  });

  it.each([0, 5, 7, 99, -1])('unknown acc %i is type unknown, acc kept', (acc) => {
    const info = ok(decodeWbToken(jwt(claims({ acc })), NOW));
    expect(info.type).toBe('unknown');
    expect(info.acc).toBe(acc);
  });

  it('missing acc is type unknown with acc null', () => {
    const info = ok(decodeWbToken(jwt(claims({ acc: undefined })), NOW));
    expect(info.type).toBe('unknown');
    expect(info.acc).toBeNull();
  });

  it.each([
    ['self', 'self'],
    ['asid:7f1c2d3e-0000-4000-8000-000000000001', 'asid:7f1c2d3e-0000-4000-8000-000000000001'],
    [undefined, null],
  ])('`for` = %s gives audience %s', (forClaim, audience) => {
    expect(ok(decodeWbToken(jwt(claims({ for: forClaim })), NOW)).audience).toBe(audience);
  });

  it('the factory tokens carry the documented type/for/t combinations', () => {
    const personal = ok(decodeWbToken(makeToken({ type: 'personal', now: NOW }), NOW));
    expect([personal.type, personal.audience, personal.sandbox]).toEqual(['personal', 'self', false]);
    const service = ok(decodeWbToken(makeToken({ type: 'service', now: NOW }), NOW));
    expect(service.type).toBe('service');
    expect(service.audience).toMatch(/^asid:/);
    const base = ok(decodeWbToken(makeToken({ type: 'base', now: NOW }), NOW));
    expect([base.type, base.audience, base.sandbox]).toEqual(['base', null, false]);
    const test = ok(decodeWbToken(makeToken({ type: 'test', now: NOW }), NOW));
    expect([test.type, test.sandbox]).toEqual(['test', true]);
  });

  it.each([
    ['t: true on a personal token', { t: true, acc: 3 }, true],
    ['t: false on a test (acc 2) token', { t: false, acc: 2 }, true],
    ['t: false on a personal token', { t: false, acc: 3 }, false],
    ['no t on a base token', { t: undefined, acc: 1 }, false],
    ['t: true with unknown acc', { t: true, acc: 9 }, true],
  ])('sandbox: %s', (_name, over, sandbox) => {
    expect(ok(decodeWbToken(jwt(claims(over)), NOW)).sandbox).toBe(sandbox);
  });

  it('tolerates extra claims (oid, uid, ent, iid) and any header', () => {
    const raw = jwt(claims({ oid: 1, uid: 2, ent: 1, iid: 3 }), { alg: 'none' });
    expect(ok(decodeWbToken(raw, NOW)).id).toBe(TOKEN_ID);
  });

  it('accepts an upper-case UUID sid', () => {
    expect(ok(decodeWbToken(jwt(claims({ sid: SELLER_A.toUpperCase() })), NOW)).sellerId).toBe(SELLER_A.toUpperCase());
  });

  it('decodes UTF-8 text inside the payload', () => {
    // `for` with non-ASCII characters exercises the UTF-8 (not Latin-1) decoding of the payload.
    expect(ok(decodeWbToken(jwt(claims({ for: 'сервис ✓' })), NOW)).audience).toBe('сервис ✓');
  });
});

describe('decodeWbToken: expiry', () => {
  const exp = IN_90_DAYS;
  const expMs = exp * 1000;
  const raw = jwt(claims({ exp }));

  it('expires 1 ms after now: ok', () => {
    expect(decodeWbToken(raw, new Date(expMs - 1)).ok).toBe(true);
  });

  it('expires exactly at now: expired', () => {
    expect(errorOf(decodeWbToken(raw, new Date(expMs))).code).toBe('expired');
  });

  it('expired 1 s before now: expired', () => {
    expect(errorOf(decodeWbToken(raw, new Date(expMs + 1000))).code).toBe('expired');
  });

  it('expired long ago: expired, not not-wb', () => {
    expect(errorOf(decodeWbToken(jwt(claims({ exp: 1_600_000_000 })), NOW)).code).toBe('expired');
  });

  it('uses the current time when `now` is not given', () => {
    const past = jwt(claims({ exp: Math.floor(Date.now() / 1000) - 10 }));
    const future = jwt(claims({ exp: Math.floor(Date.now() / 1000) + 3600 }));
    expect(errorOf(decodeWbToken(past)).code).toBe('expired');
    expect(decodeWbToken(future).ok).toBe(true);
  });

  it('decodeStoredToken ignores expiry but not malformed input', () => {
    const old = jwt(claims({ exp: 1_600_000_000 }));
    expect(decodeStoredToken(old)?.expiresAt.getTime()).toBe(1_600_000_000_000);
    expect(decodeStoredToken('nonsense')).toBeNull();
    expect(decodeStoredToken(jwt({ sub: 'x', exp: IN_90_DAYS }))).toBeNull();
  });
});

describe('decodeWbToken: forgiving input', () => {
  const raw = jwt(claims());
  const [h, p, s] = raw.split('.') as [string, string, string];

  it.each([
    ['surrounding spaces', `   ${raw}   `],
    ['surrounding newlines and tabs', `\n\t${raw}\r\n\n`],
    ['a line break inside the payload', `${h}.${p.slice(0, 20)}\n${p.slice(20)}.${s}`],
    ['CRLF line breaks after each dot', `${h}.\r\n${p}.\r\n${s}`],
    ['a token wrapped at 40 columns', raw.replace(/(.{40})/g, '$1\n')],
    ['a space inside a part', `${h}.${p.slice(0, 10)} ${p.slice(10)}.${s}`],
    ['a non-breaking space inside a part', `${h}.${p.slice(0, 10)}\u00a0${p.slice(10)}.${s}`],
    ['double quotes', `"${raw}"`],
    ['single quotes', `'${raw}'`],
    ['guillemets', `«${raw}»`],
    ['curly quotes', `“${raw}”`],
    ['backticks', `\`${raw}\``],
    ['quotes with spaces inside', `" ${raw} "`],
    ['a leading Bearer', `Bearer ${raw}`],
    ['a lower-case bearer', `bearer ${raw}`],
    ['Authorization: Bearer', `Authorization: Bearer ${raw}`],
    ['Authorization:Bearer without space after the colon', `Authorization:Bearer ${raw}`],
    ['quoted Authorization header', `"Authorization: Bearer ${raw}"`],
    ['Bearer inside quotes with newlines', `\n"Bearer ${raw}"\n`],
    ['quotes inside Bearer', `Bearer "${raw}"`],
  ])('%s', (_name, input) => {
    const info = ok(decodeWbToken(input, NOW));
    expect(info.id).toBe(TOKEN_ID);
    expect(info.sellerId).toBe(SELLER_A);
  });

  it.each([
    ['Authorization: with the raw token (no Bearer), as WB documents the header', `Authorization: ${raw}`],
    ['a lower-case authorization header', `authorization: ${raw}`],
    ['Russian low-high quotes „…“', `„${raw}“`],
    ['a zero-width space inside (copied from a messenger)', `${h}.${p.slice(0, 10)}\u200b${p.slice(10)}.${s}`],
    ['a zero-width space before quotes', `\u200b"${raw}"`],
  ])('%s', (_name, input) => {
    expect(ok(decodeWbToken(input, NOW)).id).toBe(TOKEN_ID);
  });
});

describe('decodeWbToken: malformed input', () => {
  const raw = jwt(claims());
  const [h, p, s] = raw.split('.') as [string, string, string];
  const header = b64url(JSON.stringify(HEADER));
  const body = b64url(JSON.stringify(claims()));

  const cases: [string, string][] = [
    ['a random word', 'hello'],
    ['two parts', `${h}.${p}`],
    ['four parts', `${raw}.${s}`],
    ['an empty header part', `.${p}.${s}`],
    ['an empty payload part', `${h}..${s}`],
    ['an empty signature part', `${h}.${p}.`],
    ['only dots', '..'],
    ['bad base64 characters in the payload', `${h}.${p.slice(0, 10)}!@#${p.slice(10)}.${s}`],
    ['standard base64 (+ and /) in the signature', `${h}.${p}.ab+c/d`],
    ['padding in the signature', `${h}.${p}.${s}==`],
    ['the masked form copied from the popup', maskToken(raw)],
    ['a truncated copy with an ellipsis', `${h}.${p.slice(0, 30)}…`],
    ['a payload length that is no base64 (len % 4 == 1)', `${header}.${body}A.${s}`],
    ['payload that is not JSON', `${header}.${b64url('not json at all')}.${s}`],
    ['payload cut in the middle of the JSON', `${header}.${b64url(JSON.stringify(claims()).slice(0, 40))}.${s}`],
    ['payload a JSON array', `${header}.${b64url(JSON.stringify([claims()]))}.${s}`],
    ['payload a JSON number', `${header}.${b64url('42')}.${s}`],
    ['payload a JSON string', `${header}.${b64url('"eyJ"')}.${s}`],
    ['payload JSON null', `${header}.${b64url('null')}.${s}`],
    ['payload JSON true', `${header}.${b64url('true')}.${s}`],
    ['header not JSON', `${b64url('{alg:ES256}')}.${body}.${s}`],
    ['header a JSON array', `${b64url('["ES256"]')}.${body}.${s}`],
    ['header JSON null', `${b64url('null')}.${body}.${s}`],
    [
      'payload with non-UTF-8 bytes',
      `${header}.${b64urlBytes(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))}.${s}`,
    ],
    ['header with non-UTF-8 bytes', `${b64urlBytes(new Uint8Array([0xc3, 0x28]))}.${body}.${s}`],
    ['the payload part alone', p],
    ['a Cyrillic letter inside a part', `${h}.${p.slice(0, 10)}е${p.slice(10)}.${s}`],
    ['a comma instead of a dot', `${h},${p}.${s}`],
    ['Bearer alone', 'Bearer'],
    ['a URL', 'https://seller.wildberries.ru/api-integrations'],
  ];

  it('has at least ten distinct malformed inputs', () => {
    expect(new Set(cases.map(([, input]) => input)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)('%s → malformed', (_name, input) => {
    const e = errorOf(decodeWbToken(input, NOW));
    expect(e.code).toBe('malformed');
    expect(e.message).toMatch(CYRILLIC);
  });
});

describe('decodeWbToken: empty and not-wb', () => {
  it.each([
    ['empty string', ''],
    ['spaces', '    '],
    ['whitespace and newlines', ' \n\t \r\n '],
    ['only quotes', '""'],
    ['only guillemets with spaces', '« »'],
  ])('%s → empty', (_name, input) => {
    const e = errorOf(decodeWbToken(input, NOW));
    expect(e.code).toBe('empty');
    expect(e.message).toMatch(CYRILLIC);
  });

  it('tolerates a null/undefined value from a loose caller as empty', () => {
    expect(errorOf(decodeWbToken(undefined as unknown as string, NOW)).code).toBe('empty');
  });

  it.each([
    ['no sid', { sid: undefined }],
    ['no id', { id: undefined }],
    ['no s', { s: undefined }],
    ['no exp', { exp: undefined }],
    ['sid not a UUID', { sid: '123456' }],
    ['sid a number (an old numeric seller id)', { sid: 987654 }],
    ['sid a UUID with extra text', { sid: `${SELLER_A}x` }],
    ['id not a UUID', { id: 'token-1' }],
    ['s a string', { s: '32' }],
    ['s negative', { s: -32 }],
    ['s fractional', { s: 32.5 }],
    ['exp a string', { exp: String(IN_90_DAYS) }],
    ['exp in milliseconds as a float', { exp: IN_90_DAYS + 0.5 }],
    ['acc a string', { acc: '3' }],
    ['t a string', { t: 'true' }],
  ])('valid JWT with %s → not-wb', (_name, over) => {
    const e = errorOf(decodeWbToken(jwt(claims(over)), NOW));
    expect(e.code).toBe('not-wb');
    expect(e.message).toMatch(CYRILLIC);
  });

  it('a generic (non-WB) JWT → not-wb', () => {
    const generic = jwt({ sub: '1234567890', name: 'John Doe', iat: 1516239022, exp: IN_90_DAYS });
    expect(errorOf(decodeWbToken(generic, NOW)).code).toBe('not-wb');
  });

  it('a very old token with acsessID → not-wb', () => {
    expect(errorOf(decodeWbToken(jwt({ acsessID: 'abc', exp: IN_90_DAYS }), NOW)).code).toBe('not-wb');
  });
});

describe('decodeWbToken: error messages', () => {
  const inputs = {
    empty: '',
    malformed: 'a.b',
    'not-wb': jwt({ sub: 'x' }),
    expired: jwt(claims({ exp: 1_600_000_000 })),
  };

  it.each(Object.entries(inputs))('%s: a non-empty Russian message', (code, input) => {
    const e = errorOf(decodeWbToken(input, NOW));
    expect(e.code).toBe(code);
    expect(e.message.trim().length).toBeGreaterThan(20);
    expect(e.message).toMatch(CYRILLIC);
  });

  it('each code has its own message', () => {
    const messages = Object.values(inputs).map((i) => errorOf(decodeWbToken(i, NOW)).message);
    expect(new Set(messages).size).toBe(4);
  });

  it('the message never echoes the pasted text', () => {
    const secretish = jwt({ sub: 'very-secret-subject' });
    const e = errorOf(decodeWbToken(secretish, NOW));
    expect(e.message).not.toContain(secretish.split('.')[1]);
  });
});

describe('maskToken', () => {
  const raw = makeToken({ now: NOW });

  /** The characters of the token a mask shows (everything but the mask's own symbols). */
  const revealed = (mask: string) => mask.replace(/[…•]/g, '');

  it('shows the first 6 and last 4 characters only', () => {
    const m = maskToken(raw);
    expect(m).toBe(`${raw.slice(0, 6)}…${raw.slice(-4)}`);
    expect(revealed(m)).toHaveLength(10);
    expect(m).not.toContain(raw.split('.')[1]!.slice(0, 8));
  });

  it('masks the cleaned token, not the pasted wrapping', () => {
    expect(maskToken(`  "Bearer ${raw}"\n`)).toBe(maskToken(raw));
  });

  it.each(['', 'a', 'abcdefghijkl'])('a short string (%j) is fully hidden', (s) => {
    expect(maskToken(s)).toBe('•'.repeat(s.length));
  });

  it('never reveals more than 10 characters of any token-like string', () => {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 400 }), (arr) => {
        const s = arr.join('');
        const m = maskToken(s);
        expect(revealed(m).length).toBeLessThanOrEqual(10);
        expect(revealed(m).length).toBeLessThanOrEqual(Math.max(0, s.length - 3));
      }),
      { numRuns: 500 },
    );
  });

  it('never contains the payload of a real-looking token', () => {
    for (let i = 0; i < 20; i++) {
      const tok = makeToken({ id: testUuid(1000 + i), categories: ['statistics', 'promotion'], now: NOW });
      const payload = tok.split('.')[1]!;
      expect(maskToken(tok)).not.toContain(payload.slice(0, 6));
      expect(maskToken(tok).length).toBeLessThanOrEqual(16);
    }
  });
});
