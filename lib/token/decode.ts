/**
 * Local decoding of a WB API token (a JWT). Contexts: any (pure).
 *
 * The signature is NOT verified: WB does not publish its signing keys, so nothing on the client can verify it.
 * WB itself checks the token on every call; a forged token simply gets a 401 from WB.
 */
// zod/mini, not zod: the cabinet content script decodes tokens to spot a newly created one, and must stay small.
import { z } from 'zod/mini';
import { categoriesFromMask, hasBit, READ_ONLY_BIT, type WbCategory } from './categories';

export type WbTokenType = 'base' | 'test' | 'personal' | 'service' | 'unknown';

export interface WbTokenInfo {
  /** The token's own id (`id` claim, UUID). */
  id: string;
  /** WB seller id (`sid` claim, UUID); the same as `sid` from /api/v1/seller-info. */
  sellerId: string;
  type: WbTokenType;
  /** Raw `acc` claim, kept so an unknown type can still be reported. */
  acc: number | null;
  categories: WbCategory[];
  /** Raw `s` mask. */
  scopeMask: number;
  readOnly: boolean;
  /** Test token for WB's sandbox (`t` claim); it never works on production hosts. */
  sandbox: boolean;
  expiresAt: Date;
  /** `for` claim: `self` for Personal, `asid:{serviceId}` for Service. */
  audience: string | null;
}

export type TokenErrorCode = 'empty' | 'malformed' | 'not-wb' | 'expired';

export interface TokenError {
  code: TokenErrorCode;
  message: string;
}

export type DecodeResult = { ok: true; token: WbTokenInfo } | { ok: false; error: TokenError };

const MESSAGES: Record<TokenErrorCode, string> = {
  empty: 'Вставьте API-токен: скопируйте его в кабинете WB на странице «Интеграции по API».',
  malformed:
    'Это не похоже на API-токен WB: токен — одна длинная строка из трёх частей через точку, начинается с «eyJ». Скопируйте его целиком ещё раз.',
  'not-wb':
    'Это токен, но не API-токен Wildberries: в нём нет данных продавца. Создайте токен в кабинете WB на странице «Интеграции по API».',
  expired: 'Срок действия токена истёк. Создайте новый токен в кабинете WB на странице «Интеграции по API».',
};

function fail(code: TokenErrorCode, detail?: string): DecodeResult {
  return { ok: false, error: { code, message: detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code] } };
}

const uuid = z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i));

/** WB's documented claims; other claims are tolerated (WB says they are internal and may change). */
const wbClaims = z.object({
  id: uuid,
  sid: uuid,
  s: z.int().check(z.nonnegative()),
  exp: z.int().check(z.positive()),
  acc: z.optional(z.int()),
  for: z.optional(z.string()),
  t: z.optional(z.boolean()),
});

const TYPE_BY_ACC: Record<number, WbTokenType> = { 1: 'base', 2: 'test', 3: 'personal', 4: 'service' };

/** Removes what a pasting seller brings along: whitespace and line breaks, quotes, a `Bearer ` prefix. */
export function cleanTokenInput(raw: string): string {
  // Zero-width characters come along from messengers and web pages; `\s` and trim() do not cover them.
  let s = raw.replace(/[\u200b-\u200d\u2060]/g, '').trim();
  for (let i = 0; i < 3; i++) {
    s = s.replace(/^["'«»“”„`]+|["'«»“”„`]+$/g, '').trim();
    // `Authorization: <token>` is the form WB's OpenAPI documents; `Bearer` is optional after it.
    s = s.replace(/^(Authorization\s*:\s*(Bearer\s+)?|Bearer\s+)/i, '').trim();
  }
  return s.replace(/\s+/g, '');
}

function base64UrlDecode(part: string): string | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return null;
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  if (b64.length % 4 === 1) return null;
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  try {
    const bin = atob(padded);
    const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes a WB API token locally: its type, categories, read-only flag, seller id and expiry.
 * `now` decides expiry (a token expiring exactly at `now` is expired).
 */
export function decodeWbToken(raw: string, now: Date = new Date()): DecodeResult {
  const s = cleanTokenInput(raw ?? '');
  if (s === '') return fail('empty');
  const parts = s.split('.');
  if (parts.length !== 3 || parts.some((p) => p === '')) return fail('malformed');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  if (!/^[A-Za-z0-9_-]+$/.test(signaturePart)) return fail('malformed');
  const headerJson = base64UrlDecode(headerPart);
  const payloadJson = base64UrlDecode(payloadPart);
  if (headerJson === null || payloadJson === null) return fail('malformed');
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(headerJson);
    payload = JSON.parse(payloadJson);
  } catch {
    return fail('malformed');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return fail('malformed');
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return fail('malformed');
  const claims = wbClaims.safeParse(payload);
  if (!claims.success) return fail('not-wb');
  const c = claims.data;
  const expiresAt = new Date(c.exp * 1000);
  if (expiresAt.getTime() <= now.getTime()) return fail('expired');
  const type: WbTokenType = c.acc !== undefined ? (TYPE_BY_ACC[c.acc] ?? 'unknown') : 'unknown';
  return {
    ok: true,
    token: {
      id: c.id,
      sellerId: c.sid,
      type,
      acc: c.acc ?? null,
      categories: categoriesFromMask(c.s),
      scopeMask: c.s,
      readOnly: hasBit(c.s, READ_ONLY_BIT),
      sandbox: c.t === true || type === 'test',
      expiresAt,
      audience: c.for ?? null,
    },
  };
}

/** Decodes ignoring expiry: used for tokens already in the keyring (an expired one is marked, not dropped). */
export function decodeStoredToken(raw: string): WbTokenInfo | null {
  const r = decodeWbToken(raw, new Date(0));
  return r.ok ? r.token : null;
}

/** The only form in which a token is ever shown: first and last characters. */
export function maskToken(raw: string): string {
  const s = cleanTokenInput(raw);
  if (s.length <= 12) return '•'.repeat(s.length);
  return `${s.slice(0, 6)}…${s.slice(-4)}`;
}
