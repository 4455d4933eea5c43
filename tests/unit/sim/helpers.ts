/** Shared helpers of the simulator's own tests. */
import type { SimResponse, WbSimulator } from '../../sim/index';

export interface CallResult extends SimResponse {
  json: unknown;
}

/** Calls the simulator's `handle` with a token; `body` is JSON-encoded when it is not a string. */
export async function call(
  sim: WbSimulator,
  method: string,
  url: string,
  opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = opts.token;
  const body = opts.body === undefined ? null : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const res = await sim.handle({ method, url, headers, body });
  let json: unknown;
  try {
    json = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    // not JSON (a 204, a truncated body, an nginx page): json stays undefined
  }
  return { ...res, json };
}

export const HOSTS = {
  common: 'https://common-api.wildberries.ru',
  statistics: 'https://statistics-api.wildberries.ru',
  analytics: 'https://seller-analytics-api.wildberries.ru',
  finance: 'https://finance-api.wildberries.ru',
  advert: 'https://advert-api.wildberries.ru',
  content: 'https://content-api.wildberries.ru',
} as const;

/** Moscow wall-clock `YYYY-MM-DD` of unix seconds. */
export function mskDateOf(sec: number): string {
  return new Date((sec + 3 * 3600) * 1000).toISOString().slice(0, 10);
}

/** Unix seconds of a Moscow date-time written without a zone, as WB writes it. */
export function parseMsk(text: string): number {
  return Date.parse(`${text}+03:00`) / 1000;
}
