/**
 * WB-shaped test tokens (JWTs with WB's claims and a fake ES256 signature). Used by unit tests, e2e tests
 * and the simulator. Contexts: tests (Node and browser: uses only btoa/TextEncoder).
 */
import { maskFromCategories, type WbCategory } from '../../lib/token/categories';

export type TestTokenType = 'base' | 'test' | 'personal' | 'service';

const ACC: Record<TestTokenType, number> = { base: 1, test: 2, personal: 3, service: 4 };

export const SELLER_A = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
export const SELLER_B = '9b2f1c3e-8d4a-4e6b-a1c2-7f0e5d3c2b1a';

export interface TestTokenOptions {
  sellerId?: string;
  type?: TestTokenType;
  categories?: WbCategory[];
  readOnly?: boolean;
  /** Expiry as a Date; default 180 days from `now`. */
  expiresAt?: Date;
  now?: Date;
  /** Token id; default derived from a counter so every token differs. */
  id?: string;
  /** Extra or replacing claims. */
  claims?: Record<string, unknown>;
}

/** base64url (no padding) of raw bytes: lets tests build parts that are not UTF-8. */
export function b64urlBytes(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64url (no padding) of a UTF-8 string, as in a JWT part. */
export function b64url(s: string): string {
  return b64urlBytes(new TextEncoder().encode(s));
}

let counter = 0;

/** A UUIDv4-shaped id that is deterministic per call order. */
export function testUuid(n: number): string {
  const hex = n.toString(16).padStart(12, '0').slice(-12);
  return `0c7f2d1e-4b3a-4c5d-8e6f-${hex}`;
}

/** Encodes arbitrary claims as a JWT with WB's header and a dummy signature. */
export function jwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: 'ES256', typ: 'JWT', kid: '20231225v1' },
): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}.${b64url('signature-not-verified')}`;
}

/** A WB API token with the given type, categories and flags. */
export function makeToken(opts: TestTokenOptions = {}): string {
  const now = opts.now ?? new Date();
  const type = opts.type ?? 'personal';
  const expiresAt = opts.expiresAt ?? new Date(now.getTime() + 180 * 86_400_000);
  const claims: Record<string, unknown> = {
    acc: ACC[type],
    ent: 1,
    exp: Math.floor(expiresAt.getTime() / 1000),
    id: opts.id ?? testUuid(++counter),
    iid: 12345678,
    oid: 987654,
    s: maskFromCategories(opts.categories ?? ['statistics'], opts.readOnly ?? false),
    sid: opts.sellerId ?? SELLER_A,
    t: type === 'test',
    uid: 12345678,
  };
  if (type === 'personal') claims.for = 'self';
  if (type === 'service') claims.for = 'asid:7f1c2d3e-0000-4000-8000-000000000001';
  return jwt({ ...claims, ...opts.claims });
}
