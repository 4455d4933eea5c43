/** The simulator's request/response shapes: plain data, no DOM types, so it runs in Node and Playwright alike. */

export interface SimRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | null;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Thrown by `handle` when a fault says the connection fails: `fetch` turns it into a TypeError. */
export class SimNetworkError extends Error {
  constructor(message = 'simulated network error') {
    super(message);
    this.name = 'SimNetworkError';
  }
}

/** One line of the request log. Never holds the token. */
export interface SimLogEntry {
  /** Virtual time of the request, unix ms. */
  time: number;
  method: string;
  host: string;
  path: string;
  /** Query parameters as sent. */
  query: Record<string, string>;
  status: number;
  /** Seller the token belongs to, when the token could be read. */
  sellerId?: string;
  /** Token kind used for limits: personal, service, baseWithSecret, base, test. */
  tokenKind?: string;
  /** Why the simulator refused, e.g. `token-expired`, `token-scope`, `rate-limit`, `fault:serverError`. */
  reason?: string;
  /** `network-error` when the request never got an answer. */
  outcome?: 'response' | 'network-error';
}

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Request Entity Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};
