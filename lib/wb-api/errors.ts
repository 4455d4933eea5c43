/**
 * WB's error bodies (`application/problem+json`, wb-api.md §5) and reading them. Contexts: background.
 */
import { z } from 'zod/mini';

export const problemBody = z.object({
  title: z.optional(z.string()),
  detail: z.optional(z.string()),
  status: z.optional(z.number()),
  origin: z.optional(z.string()),
});

/** WB's reason from an error body, e.g. "token expired"; falls back to the HTTP status text. */
export async function readProblemDetail(res: Response): Promise<string> {
  try {
    const text = await res.text();
    const parsed = problemBody.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.detail ?? parsed.data.title ?? `HTTP ${res.status}`;
  } catch {
    // not JSON: fall through to the status line
  }
  return `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
}

export type WbErrorKind =
  /** The keyring has no token for this seller that holds the category (or write access). */
  | 'no-token'
  /** WB refuses this token type on the method (e.g. a Base token where only Personal/Service may call). */
  | 'token-type'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'unavailable'
  | 'timeout'
  | 'network'
  | 'bad-request'
  | 'not-found'
  /** WB answered something we cannot read safely: not JSON, or a known field missing or of another type. */
  | 'invalid-response';

/** Every failure of a WB call, with a Russian message that tells the seller what happens or what to do. */
export class WbApiError extends Error {
  readonly kind: WbErrorKind;
  readonly endpoint: string;
  readonly status: number | null;
  /** WB's own reason (`detail` of its error body), when it gave one. */
  readonly detail: string | null;
  /** When we try again (clock time), for rate limits and outages. */
  readonly retryAt: number | null;

  constructor(
    kind: WbErrorKind,
    endpoint: string,
    message: string,
    extra: { status?: number | null; detail?: string | null; retryAt?: number | null } = {},
  ) {
    super(message);
    this.name = 'WbApiError';
    this.kind = kind;
    this.endpoint = endpoint;
    this.status = extra.status ?? null;
    this.detail = extra.detail ?? null;
    this.retryAt = extra.retryAt ?? null;
  }
}
