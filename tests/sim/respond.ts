/** Building WB-shaped responses. */
import { formatUtc } from './msk-time';
import { hashHex32 } from './prng';
import { STATUS_TEXT, type SimResponse } from './types';

export const JSON_TYPE = 'application/json';
export const PROBLEM_TYPE = 'application/problem+json';

export function jsonText(status: number, body: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body };
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return jsonText(status, JSON.stringify(value), headers);
}

export function noContent(): SimResponse {
  return { status: 204, headers: {}, body: '' };
}

export function text(status: number, body: string, type = 'text/plain; charset=utf-8'): SimResponse {
  return { status, headers: { 'content-type': type }, body };
}

/** Per-simulator ids and timestamps for error bodies. */
export class ErrorFactory {
  private seq = 0;

  constructor(
    private readonly seed: number,
    private readonly nowMs: () => number,
  ) {}

  requestId(): string {
    return hashHex32(this.seed, ++this.seq);
  }

  timestamp(): string {
    return formatUtc(Math.floor(this.nowMs() / 1000));
  }

  /** WB's gateway error (`application/problem+json`): 401, 403, 404, 429 and friends. */
  problem(
    status: number,
    title: string,
    detail: string,
    origin: string,
    code?: string,
    headers: Record<string, string> = {},
  ): SimResponse {
    const body = {
      title,
      detail,
      code:
        code ??
        `${hashHex32(this.seed ^ 0x5bd1e995, this.seq).slice(0, 8)}--${hashHex32(this.seed ^ 0x27d4eb2f, this.seq).slice(0, 12)}`,
      requestId: this.requestId(),
      origin,
      status,
      statusText: STATUS_TEXT[status] ?? '',
      timestamp: this.timestamp(),
    };
    return { status, headers: { 'content-type': PROBLEM_TYPE, ...headers }, body: JSON.stringify(body) };
  }
}
