/**
 * The WB seller-API simulator: answers for Wildberries in every test, following WB's published spec (paths,
 * response shapes, error bodies, token checks, token-bucket rate limits), so tests fail where WB would.
 *
 * Pure of I/O: `handle` maps a request to a response on a virtual clock. `fetch` wraps it for unit tests,
 * `routeWbApi` (./playwright.ts) for the browser, `npm run sim` (./server.ts) for a local HTTP server.
 * Runs in Node and in Playwright's Node side: it needs only URL, TextEncoder/TextDecoder, atob/btoa and, for
 * `fetch`, the global Response.
 *
 * See tests/sim/README.md for the API reference.
 */
import type { WbCategory } from '../../lib/token/categories';
import type { LimitTokenKind, OperationLimits, RateLimitRule } from '../../lib/wb-api/rate-limit-types';
import { RATE_LIMITS, WRITE_OPERATIONS } from '../../lib/wb-api/rate-limits.generated';
import { makeToken, SELLER_A, SELLER_B, type TestTokenType } from '../helpers/tokens';
import { Auction } from './auction';
import { authenticate } from './auth';
import { virtualClock, followingClock, type SimClock } from './clock';
import type { Campaign } from './dataset/advert';
import type { OrderFacts } from './dataset/orders';
import type { Product } from './dataset/products';
import { SellerDataset, type SellerSpec } from './dataset/seller';
import { driftBody, Faults } from './faults';
import { authOrigin, hostInfo, type HostInfo } from './hosts';
import { ErrorFactory, text } from './respond';
import { TokenBuckets } from './rate-limiter';
import { advertRoutes } from './routes/advert';
import { analyticsRoutes } from './routes/analytics';
import { commonRoutes, pingResponse } from './routes/common';
import { contentRoutes } from './routes/content';
import type { Route, RouteCtx } from './routes/context';
import { financeRoutes } from './routes/finance';
import { statisticsRoutes } from './routes/statistics';
import { SimNetworkError, STATUS_TEXT, type SimLogEntry, type SimRequest, type SimResponse } from './types';

export { SimNetworkError } from './types';
export type { SimLogEntry, SimRequest, SimResponse } from './types';
export type { SimClock } from './clock';
export { Auction } from './auction';
export type { FaultHandle, FaultTarget, SchemaDriftMode } from './faults';
export type { SellerSpec } from './dataset/seller';
export { SellerDataset } from './dataset/seller';
export type { OrderFacts, SaleFacts } from './dataset/orders';
export type { Campaign, CampaignItem } from './dataset/advert';
export type { Product, ProductSize, StockRow } from './dataset/products';
export type { FinanceOpFacts, ReportFacts, ReportPeriod } from './dataset/finance';
export { SELLER_A, SELLER_B } from '../helpers/tokens';
export { JSON_TYPE, PROBLEM_TYPE } from './respond';

/** 2026-08-20 12:00 Moscow time: the default start of the virtual clock. */
export const DEFAULT_START_MS = Date.UTC(2026, 7, 20, 9, 0, 0);

export interface WbSimulatorOptions {
  /** Seed of all generated data (default 1). Same seed and start time → same data. */
  seed?: number;
  /** Start time (unix ms or Date); default DEFAULT_START_MS. Data is generated relative to it. */
  now?: number | Date;
  /** 'virtual' (default): time moves only by clock.advance/set. 'real': follows wall time from `now`. */
  clock?: 'virtual' | 'real';
  /** Orders per seller over the history (default 2000). Sales ≈ 70% of non-cancelled orders, returns ≈ 5% of sales. */
  orders?: number;
  /** Sellers WB knows (ids or specs). Default: SELLER_A and SELLER_B of tests/helpers/tokens.ts. */
  sellers?: readonly (string | SellerSpec)[];
  /** Rows per statistics page with flag=0 (WB: about 80,000); one number for both streams, or per stream. */
  statisticsPageCap?: number | { orders?: number; sales?: number };
  /**
   * flag=0 pages hold rows with lastChangeDate >= dateFrom, so the boundary row repeats. With this (default true) a
   * page that would hold nothing newer than dateFrom is answered [] (WB's documented end); false = strict >=, the
   * boundary row comes back forever.
   */
  statisticsEmptyAtEnd?: boolean;
  /** Days the statistics API keeps orders and sales (WB: 90). */
  retentionDays?: number;
  /** `X-Client-Secret` values that turn a Base token into "Base with secret" (the header name is UNVERIFIED). */
  serviceSecrets?: readonly string[];
  /** Apply WB's rate limits (default true). */
  rateLimits?: boolean;
  /** Called after every request with its log entry (the local server prints it). */
  onRequest?: (entry: SimLogEntry) => void;
}

export interface SimTokenOptions {
  /** Seller id (default: the first seller). */
  seller?: string;
  type?: TestTokenType;
  /** Default: the categories the simulator serves: content, analytics, statistics, promotion, finance. */
  categories?: WbCategory[];
  readOnly?: boolean;
  /** Expiry; default 180 days after the virtual now. */
  expiresAt?: Date;
  id?: string;
  claims?: Record<string, unknown>;
}

export interface SimMutations {
  /**
   * Moves lastChangeDate of `n` orders (visible in statistics) to now; about `cancelShare` (default 0.3) of those
   * never bought out become cancelled now. Returns the changed orders.
   */
  changeOrders(n: number, opts?: { seller?: string; cancelShare?: number }): OrderFacts[];
  /**
   * Adds `n` orders placed within the last 10 minutes (visible at once), with their future cancellations, sales and
   * returns scheduled. The finance report does not include them.
   */
  addOrders(n: number, opts?: { seller?: string }): OrderFacts[];
  /** Sets the update time of `n` cards to now (they come last in an ascending cards list). */
  touchCards(n: number, opts?: { seller?: string }): Product[];
  setCampaignStatus(id: number, status: Campaign['status'], opts?: { seller?: string }): Campaign;
  setBudget(id: number, total: number, opts?: { seller?: string }): Campaign;
}

export interface WbSimulator {
  /** The core: one request in, one response out (pure of I/O). Throws SimNetworkError for a network failure. */
  handle(req: SimRequest): Promise<SimResponse>;
  /** A `fetch` answered by the simulator (rejects with TypeError on network faults, honours AbortSignal). */
  fetch: typeof fetch;
  clock: SimClock;
  faults: Faults;
  /** Every request, oldest first. Never holds the token. Clear with `requests.length = 0`. */
  requests: SimLogEntry[];
  /** The first seller's data. */
  readonly dataset: SellerDataset;
  /** A seller's data (default: the first seller); throws for a seller the simulator does not know. */
  seller(id?: string): SellerDataset;
  readonly sellerIds: readonly string[];
  /** A WB-shaped token for a simulated seller (personal, all served categories, expiring in 180 days by default). */
  token(opts?: SimTokenOptions): string;
  mutate: SimMutations;
  /**
   * The ad auction: `setCompetitors(advertId, nmId, bidsKopecks[])` puts an item into it, and then today's
   * `boosterStats` avg_position of the item in fullstats is 1 + the competitors bidding more than its current bid.
   */
  auction: Auction;
  /** Forgets all rate-limit buckets. */
  resetRateLimits(): void;
  readonly options: Readonly<Required<Omit<WbSimulatorOptions, 'onRequest' | 'now' | 'sellers'>>> & {
    startMs: number;
  };
}

/** Categories whose hosts the simulator serves. */
export const SIM_CATEGORIES: WbCategory[] = ['content', 'analytics', 'statistics', 'promotion', 'finance'];

const ROUTES: Route[] = [
  ...commonRoutes,
  ...statisticsRoutes,
  ...analyticsRoutes,
  ...financeRoutes,
  ...advertRoutes,
  ...contentRoutes,
];

const LIMITS = new Map<string, OperationLimits>(RATE_LIMITS.map((l) => [l.operation, l]));
const WRITES = new Set(WRITE_OPERATIONS);

/** The simulated operations, as "METHOD /path" with their host (for contract tests and the README). */
export const SIM_OPERATIONS: readonly { operation: string; host: string }[] = [
  { operation: 'GET /ping', host: '*' },
  ...ROUTES.map((r) => ({ operation: `${r.method} ${r.path}`, host: r.host })),
];

function ruleFor(limits: OperationLimits, kind: LimitTokenKind): RateLimitRule | undefined {
  const k = limits.byKind;
  if (kind === 'test') return k.test ?? k.all ?? k.base;
  if (kind === 'baseWithSecret') return k.baseWithSecret ?? k.all ?? k.personal;
  return k[kind] ?? k.all;
}

function lowerHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k.toLowerCase()] = v;
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createWbSimulator(options: WbSimulatorOptions = {}): WbSimulator {
  const seed = options.seed ?? 1;
  const startMs = options.now instanceof Date ? options.now.getTime() : (options.now ?? DEFAULT_START_MS);
  const clock = options.clock === 'real' ? followingClock(startMs) : virtualClock(startMs);
  const settings = {
    seed,
    clock: options.clock ?? 'virtual',
    orders: options.orders ?? 2000,
    statisticsPageCap: options.statisticsPageCap ?? 80_000,
    statisticsEmptyAtEnd: options.statisticsEmptyAtEnd ?? true,
    retentionDays: options.retentionDays ?? 90,
    serviceSecrets: options.serviceSecrets ?? [],
    rateLimits: options.rateLimits ?? true,
    startMs,
  } as const;
  const specs: SellerSpec[] = (options.sellers ?? [SELLER_A, SELLER_B]).map((s) =>
    typeof s === 'string' ? { id: s } : s,
  );
  const sellerIds = specs.map((s) => s.id);
  const datasets = new Map<string, SellerDataset>();
  const errors = new ErrorFactory(seed, () => clock.now());
  const buckets = new TokenBuckets();
  const faults = new Faults();
  const requests: SimLogEntry[] = [];
  const auction = new Auction(() => sellerIds[0]!);
  const routeMap = new Map<string, Route[]>();
  for (const r of ROUTES) routeMap.set(r.host + r.path, [...(routeMap.get(r.host + r.path) ?? []), r]);

  function seller(id: string = sellerIds[0]!): SellerDataset {
    let d = datasets.get(id);
    if (!d) {
      const idx = sellerIds.indexOf(id);
      if (idx < 0) throw new Error(`simulator: unknown seller ${id}`);
      d = new SellerDataset(specs[idx]!, idx, seed, {
        anchorMs: startMs,
        defaultOrders: settings.orders,
        retentionDays: settings.retentionDays,
      });
      datasets.set(id, d);
    }
    return d;
  }

  function notFound(host: string, status: 404 | 405): SimResponse {
    return errors.problem(
      status,
      status === 404 ? 'path not found' : 'method not allowed',
      'Please consult the https://dev.wildberries.ru/openapi/api-information',
      authOrigin(host),
    );
  }

  /** Everything after the network faults: routing, auth, limits, the handler. */
  function answer(
    method: string,
    url: URL,
    info: HostInfo,
    headers: Record<string, string>,
    body: string | null,
    entry: SimLogEntry,
  ): SimResponse {
    const path = url.pathname;
    const isPing = path === '/ping';
    let route: Route | undefined;
    if (isPing) {
      if (method !== 'GET') return notFound(info.host, 405);
    } else {
      const candidates = routeMap.get(info.host + path);
      if (!candidates) {
        entry.reason = 'path-not-found';
        return notFound(info.host, 404);
      }
      route = candidates.find((r) => r.method === method);
      if (!route) {
        entry.reason = 'method-not-allowed';
        return notFound(info.host, 405);
      }
    }
    const operation = isPing ? 'GET /ping' : `${method} ${path}`;
    const limits = LIMITS.get(operation);
    const nowMs = clock.now();
    const auth = authenticate({
      authorization: headers.authorization,
      secret: headers['x-client-secret'],
      host: info,
      isWrite: WRITES.has(operation),
      tokenTypes: limits?.tokenTypes ?? null,
      nowMs,
      knowsSeller: (id) => sellerIds.includes(id),
      serviceSecrets: settings.serviceSecrets,
    });
    if (!auth.ok) {
      entry.reason = auth.reason;
      return errors.problem(auth.status, auth.title, auth.detail, authOrigin(info.host), auth.code);
    }
    entry.sellerId = auth.token.sellerId;
    entry.tokenKind = auth.kind;
    const extra: Record<string, string> = {};
    const rule = limits ? ruleFor(limits, auth.kind) : undefined;
    if (settings.rateLimits && limits && rule) {
      const bucket = isPing ? `GET /ping@${url.hostname}` : limits.bucket;
      const taken = buckets.take(`${auth.token.sellerId}|${auth.kind}|${bucket}`, rule, nowMs);
      if (!taken.ok) {
        entry.reason = 'rate-limit';
        return errors.problem(
          429,
          'too many requests',
          `limited by ${auth.token.sellerId}`,
          authOrigin(info.host),
          undefined,
          {
            'x-ratelimit-retry': String(taken.retrySec),
            'x-ratelimit-limit': String(taken.limit),
            'x-ratelimit-reset': String(taken.resetSec),
          },
        );
      }
      extra['x-ratelimit-remaining'] = String(taken.remaining);
    }
    let res: SimResponse;
    if (isPing) res = pingResponse(Math.floor(nowMs / 1000));
    else {
      const ctx: RouteCtx = {
        method,
        host: info.host,
        sandbox: info.sandbox,
        path,
        query: url.searchParams,
        headers,
        body,
        seller: seller(auth.token.sellerId),
        token: auth.token,
        nowMs,
        nowSec: Math.floor(nowMs / 1000),
        errors,
        auction,
        settings: {
          statisticsPageCap: settings.statisticsPageCap,
          statisticsEmptyAtEnd: settings.statisticsEmptyAtEnd,
        },
      };
      try {
        res = route!.handler(ctx);
      } catch (e) {
        entry.reason = 'simulator-bug';
        console.error('WB simulator: handler failed', e);
        res = errors.problem(500, 'internal server error', `simulator bug: ${String(e)}`, authOrigin(info.host));
      }
    }
    return { ...res, headers: { ...res.headers, ...extra } };
  }

  function serverError(status: 500 | 502 | 503 | 504, host: string): SimResponse {
    if (status === 502 || status === 504) {
      const title = status === 502 ? '502 Bad Gateway' : '504 Gateway Time-out';
      return text(
        status,
        `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
        'text/html',
      );
    }
    return errors.problem(
      status,
      status === 500 ? 'internal server error' : 'service unavailable',
      status === 500 ? 'Internal Server Error' : 'Service Unavailable',
      authOrigin(host),
    );
  }

  async function handle(req: SimRequest): Promise<SimResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new SimNetworkError(`invalid URL ${req.url}`);
    }
    const method = req.method.toUpperCase();
    const headers = lowerHeaders(req.headers);
    const entry: SimLogEntry = {
      time: clock.now(),
      method,
      host: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      outcome: 'response',
    };
    requests.push(entry);
    const finish = (res: SimResponse): SimResponse => {
      entry.status = res.status;
      options.onRequest?.(entry);
      return res;
    };
    const info = url.protocol === 'https:' ? hostInfo(url.hostname) : null;
    const netFault = info ? faults.take(['networkError'], method, url.hostname, url.pathname) : null;
    if (!info || netFault) {
      entry.outcome = 'network-error';
      entry.reason = info ? 'fault:networkError' : 'unknown-host';
      options.onRequest?.(entry);
      throw new SimNetworkError(info ? 'simulated network error' : `getaddrinfo ENOTFOUND ${url.hostname}`);
    }
    const slow = faults.take(['slow'], method, url.hostname, url.pathname);
    if (slow && slow.spec.kind === 'slow') {
      if (slow.spec.realTime) await sleep(slow.spec.ms);
      else clock.advance(slow.spec.ms);
    }
    const early = faults.take(['rateLimitBurst', 'serverError'], method, url.hostname, url.pathname);
    if (early?.spec.kind === 'rateLimitBurst') {
      entry.reason = 'fault:rateLimitBurst';
      const h: Record<string, string> = early.spec.omitHeaders
        ? {}
        : {
            'x-ratelimit-retry': String(early.spec.retryAfterSec),
            'x-ratelimit-limit': '1',
            'x-ratelimit-reset': String(early.spec.retryAfterSec),
          };
      return finish(
        errors.problem(429, 'too many requests', 'limited by simulator fault', authOrigin(info.host), undefined, h),
      );
    }
    if (early?.spec.kind === 'serverError') {
      entry.reason = 'fault:serverError';
      return finish(serverError(early.spec.status, info.host));
    }
    let res = answer(method, url, info, headers, req.body ?? null, entry);
    const okJson = res.status >= 200 && res.status < 300 && res.body.length > 0;
    if (okJson && faults.peek(['truncatedJson'], method, url.hostname, url.pathname)) {
      faults.take(['truncatedJson'], method, url.hostname, url.pathname);
      entry.reason = 'fault:truncatedJson';
      res = { ...res, body: res.body.slice(0, Math.floor(res.body.length / 2)) };
    } else if (okJson && (res.headers['content-type'] ?? '').includes('json')) {
      const drift = faults.peek(['schemaDrift'], method, url.hostname, url.pathname);
      if (drift && drift.spec.kind === 'schemaDrift') {
        const body = driftBody(res.body, drift.spec.mode, drift.spec.field);
        if (body !== null) {
          faults.take(['schemaDrift'], method, url.hostname, url.pathname);
          entry.reason = `fault:schemaDrift:${drift.spec.mode}`;
          res = { ...res, body };
        }
      }
    }
    return finish(res);
  }

  const simFetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const args = await readFetchArgs(input, init);
    const signal = args.signal;
    if (signal?.aborted) throw abortReason(signal);
    const work = handle(args.request);
    let res: SimResponse;
    try {
      res = signal ? await raceAbort(work, signal) : await work;
    } catch (e) {
      if (e instanceof SimNetworkError) throw new TypeError('Failed to fetch', { cause: e });
      throw e;
    }
    const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
    return new Response(nullBody ? null : res.body, {
      status: res.status,
      statusText: STATUS_TEXT[res.status] ?? '',
      headers: res.headers,
    });
  }) as typeof fetch;

  function tokenFor(opts: SimTokenOptions = {}): string {
    const now = new Date(clock.now());
    return makeToken({
      sellerId: opts.seller ?? sellerIds[0],
      type: opts.type ?? 'personal',
      categories: opts.categories ?? SIM_CATEGORIES,
      readOnly: opts.readOnly ?? false,
      now,
      expiresAt: opts.expiresAt,
      id: opts.id,
      claims: opts.claims,
    });
  }

  const mutate: SimMutations = {
    changeOrders(n, opts = {}) {
      const d = seller(opts.seller);
      const idx = d.orders.changeOrders(n, Math.floor(clock.now() / 1000), opts.cancelShare ?? 0.3, d.mutationRng());
      return idx.map((i) => d.orders.facts(i));
    },
    addOrders(n, opts = {}) {
      const d = seller(opts.seller);
      const idx = d.orders.addOrders(n, Math.floor(clock.now() / 1000), d.mutationRng());
      return idx.map((i) => d.orders.facts(i));
    },
    touchCards(n, opts = {}) {
      const d = seller(opts.seller);
      const rng = d.mutationRng();
      const now = clock.now();
      const picked = new Set<Product>();
      while (picked.size < Math.min(n, d.products.length)) picked.add(d.products[rng.int(0, d.products.length - 1)]!);
      let us = 0;
      for (const p of picked) {
        p.updatedMs = now;
        p.updatedUs = us++ % 1000;
      }
      return [...picked];
    },
    setCampaignStatus(id, status, opts = {}) {
      const c = seller(opts.seller).campaign(id);
      if (!c) throw new Error(`simulator: no campaign ${id}`);
      c.status = status;
      c.updatedSec = Math.floor(clock.now() / 1000);
      if (status === 9 && c.startedSec === null) c.startedSec = c.updatedSec;
      return c;
    },
    setBudget(id, total, opts = {}) {
      const c = seller(opts.seller).campaign(id);
      if (!c) throw new Error(`simulator: no campaign ${id}`);
      c.budget = total;
      return c;
    },
  };

  return {
    handle,
    fetch: simFetch,
    clock,
    faults,
    requests,
    get dataset() {
      return seller();
    },
    seller,
    sellerIds,
    token: tokenFor,
    mutate,
    auction,
    resetRateLimits: () => buckets.clear(),
    options: settings,
  };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

interface FetchArgs {
  request: SimRequest;
  signal: AbortSignal | null;
}

async function readBody(body: unknown): Promise<string | null> {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(body);
  if (ArrayBuffer.isView(body)) return new TextDecoder().decode(body);
  if (typeof (body as { text?: unknown }).text === 'function') return (body as { text(): Promise<string> }).text();
  return String(body);
}

function headerRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (Array.isArray(h)) {
    for (const [k, v] of h as [string, string][]) out[k.toLowerCase()] = v;
  } else if (typeof (h as { forEach?: unknown }).forEach === 'function') {
    (h as Headers).forEach((v, k) => {
      out[k.toLowerCase()] = v;
    });
  } else {
    for (const [k, v] of Object.entries(h as Record<string, string>)) out[k.toLowerCase()] = String(v);
  }
  return out;
}

async function readFetchArgs(input: RequestInfo | URL, init?: RequestInit): Promise<FetchArgs> {
  let url: string;
  let method = 'GET';
  let headers: Record<string, string> = {};
  let body: string | null = null;
  let signal: AbortSignal | null = null;
  if (typeof input === 'string') url = input;
  else if (typeof (input as Request).method !== 'string') {
    // a URL (from any realm: happy-dom's URL is not Node's)
    url = (input as URL).href;
  } else {
    const r = input as Request;
    url = r.url;
    method = r.method;
    headers = headerRecord(r.headers);
    signal = r.signal ?? null;
    if (method !== 'GET' && method !== 'HEAD') body = await r.clone().text();
  }
  if (init) {
    if (init.method) method = init.method;
    if (init.headers) headers = { ...headers, ...headerRecord(init.headers) };
    if (init.body !== undefined) body = await readBody(init.body);
    if (init.signal) signal = init.signal;
  }
  return { request: { method: method.toUpperCase(), url, headers, body }, signal };
}
