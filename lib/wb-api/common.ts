/**
 * Common API: `/ping` (only ever on the seller's click: WB blocks it when polled) and seller info.
 * Contexts: background only.
 */
import { z } from 'zod';
import type { Endpoint } from './client';
import type { WbCategory } from '../token/categories';
import { readProblemDetail } from './errors';
import { CATEGORY_HOSTS, COMMON_HOST } from './hosts';

export const pingResponse = z.object({ Status: z.string(), TS: z.string().optional() });

export type PingResult =
  | { kind: 'ok'; host: string }
  | { kind: 'rejected'; host: string; reason: string; status: number }
  | { kind: 'rate-limited'; host: string; retryAfterSec: number }
  | { kind: 'unavailable'; host: string; status: number }
  | { kind: 'network'; host: string };

/** The host on which to check a token: that of its first category Seller Lens uses, else common-api. */
export function pingHostFor(categories: readonly WbCategory[]): string {
  for (const c of categories) {
    const host = CATEGORY_HOSTS[c];
    if (host) return host;
  }
  return COMMON_HOST;
}

/** WB allows 3 pings per 30 s per host; we keep below that locally so a double click never gets the method blocked. */
const PING_WINDOW_MS = 30_000;
const PING_MAX = 3;
const recentPings = new Map<string, number[]>();

/** Calls `GET https://{host}/ping` with the raw token. Never call this from a timer. */
export async function pingToken(
  fetchFn: typeof fetch,
  raw: string,
  host: string,
  now: () => number = Date.now,
  timeoutMs = 15_000,
): Promise<PingResult> {
  const t = now();
  const recent = (recentPings.get(host) ?? []).filter((x) => t - x < PING_WINDOW_MS);
  if (recent.length >= PING_MAX) {
    return { kind: 'rate-limited', host, retryAfterSec: Math.ceil((PING_WINDOW_MS - (t - recent[0]!)) / 1000) };
  }
  recent.push(t);
  recentPings.set(host, recent);
  let res: Response;
  try {
    res = await fetchFn(`https://${host}/ping`, {
      headers: { Authorization: raw },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    return { kind: 'network', host };
  }
  if (res.status === 429) {
    const retry = Number(res.headers.get('X-Ratelimit-Retry'));
    return { kind: 'rate-limited', host, retryAfterSec: Number.isFinite(retry) && retry > 0 ? retry : 30 };
  }
  if (res.status === 401 || res.status === 403) {
    return { kind: 'rejected', host, status: res.status, reason: await readProblemDetail(res) };
  }
  if (!res.ok) return { kind: 'unavailable', host, status: res.status };
  try {
    if (pingResponse.safeParse(await res.json()).success) return { kind: 'ok', host };
  } catch {
    // a body that is not JSON counts as WB misbehaving, not as a bad token
  }
  return { kind: 'unavailable', host, status: res.status };
}

/** Test hook: forget the local ping spacing. */
export function resetPingSpacing(): void {
  recentPings.clear();
}

export const sellerInfo = z.object({
  name: z.string(),
  sid: z.string(),
  tin: z.string().optional(),
  tradeMark: z.string().optional(),
});
export type SellerInfo = z.infer<typeof sellerInfo>;

/** `GET /api/v1/seller-info`: any category works; Base tokens may call it once a day. */
export const sellerInfoEndpoint: Endpoint<SellerInfo> = {
  method: 'GET',
  path: '/api/v1/seller-info',
  category: 'any',
  write: false,
  response: sellerInfo,
};
