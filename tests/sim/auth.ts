/**
 * The gateway's token checks, in WB's order: a readable token, not expired, a seller WB knows, the right
 * environment (sandbox or production), the host's category bit, write access for writes, an allowed token type.
 *
 * Known WB texts (wb-api.md §5): `token problem; token is malformed: …`, `token expired`, `token scope not allowed`,
 * and the 403 `base token is not allowed`. WB documents no text for a read-only token on a write method, a test
 * token on a production host or a token WB did not issue; the simulator answers those with 401 (WB's status for
 * "the token does not fit the method") and the closest known text, marked UNVERIFIED here.
 */
import { decodeWbToken, type WbTokenInfo } from '../../lib/token/decode';
import type { LimitTokenKind } from '../../lib/wb-api/rate-limit-types';
import type { HostInfo } from './hosts';

export type AuthFailure = {
  ok: false;
  status: 401 | 403;
  title: string;
  detail: string;
  code?: string;
  /** Short reason for the request log and tests. */
  reason: string;
};

export type AuthSuccess = { ok: true; token: WbTokenInfo; kind: LimitTokenKind };

export interface AuthInput {
  authorization: string | undefined;
  /** Value of the (UNVERIFIED) `X-Client-Secret` header. */
  secret: string | undefined;
  host: HostInfo;
  isWrite: boolean;
  tokenTypes: readonly LimitTokenKind[] | null;
  nowMs: number;
  knowsSeller: (sellerId: string) => boolean;
  serviceSecrets: readonly string[];
}

const B64URL = /^[A-Za-z0-9_-]*={0,2}$/;

function fail(reason: string, detail: string, status: 401 | 403 = 401, code?: string): AuthFailure {
  return { ok: false, status, title: status === 401 ? 'unauthorized' : 'forbidden', detail, code, reason };
}

/** golang-jwt's wording for why a token cannot be parsed (WB's gateway is written in Go). */
function malformedDetail(raw: string): string {
  const parts = raw.split('.');
  if (parts.length !== 3) return 'token problem; token is malformed: token contains an invalid number of segments';
  const names = ['header', 'claim', 'signature'] as const;
  for (let k = 0; k < 3; k++) {
    const part = parts[k]!;
    if (!B64URL.test(part) || part.replace(/=+$/, '').length % 4 === 1) {
      const bad = part.search(/[^A-Za-z0-9_-]/);
      return `token problem; token is malformed: could not base64 decode ${names[k]}: illegal base64 data at input byte ${bad < 0 ? part.length : bad}`;
    }
  }
  for (let k = 0; k < 2; k++) {
    try {
      const b64 = parts[k]!.replace(/-/g, '+').replace(/_/g, '/');
      JSON.parse(
        new TextDecoder().decode(
          Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0)),
        ),
      );
    } catch {
      return `token problem; token is malformed: could not JSON decode ${names[k]}: invalid character looking for beginning of value`;
    }
  }
  return 'token problem; token is malformed: token has invalid claims';
}

export function authenticate(input: AuthInput): AuthSuccess | AuthFailure {
  let raw = (input.authorization ?? '').trim();
  if (/^Bearer\s+/i.test(raw)) raw = raw.replace(/^Bearer\s+/i, '').trim();
  if (raw === '')
    return fail('token-missing', 'token problem; token is malformed: token contains an invalid number of segments');
  const decoded = decodeWbToken(raw, new Date(input.nowMs));
  if (!decoded.ok) {
    if (decoded.error.code === 'expired') return fail('token-expired', 'token expired');
    return fail('token-malformed', malformedDetail(raw));
  }
  const token = decoded.token;
  // UNVERIFIED text: WB would fail the signature of a token it never issued.
  if (!input.knowsSeller(token.sellerId))
    return fail('token-unknown-seller', 'token problem; token signature is invalid');
  // UNVERIFIED text: a test token only works in the sandbox and vice versa.
  if (token.sandbox && !input.host.sandbox) return fail('token-sandbox', 'token scope not allowed');
  if (!token.sandbox && input.host.sandbox) return fail('token-not-sandbox', 'token scope not allowed');
  const category = input.host.category;
  if (category !== null && !token.categories.includes(category)) return fail('token-scope', 'token scope not allowed');
  // UNVERIFIED text: WB's docs name no separate error for a read-only token on a write method.
  if (input.isWrite && token.readOnly) return fail('token-read-only', 'token scope not allowed');
  let kind: LimitTokenKind;
  switch (token.type) {
    case 'base':
      kind = input.secret !== undefined && input.serviceSecrets.includes(input.secret) ? 'baseWithSecret' : 'base';
      break;
    case 'test':
      kind = 'test';
      break;
    case 'service':
      kind = 'service';
      break;
    case 'personal':
      kind = 'personal';
      break;
    default:
      return fail('token-malformed', 'token problem; token is malformed: token has invalid claims');
  }
  if (input.tokenTypes !== null && kind !== 'test' && !input.tokenTypes.includes(kind)) {
    const label = kind === 'baseWithSecret' ? 'base' : kind;
    return fail('token-type', `${label} token is not allowed`, 403, `${label} token is not allowed for this path`);
  }
  return { ok: true, token, kind };
}
