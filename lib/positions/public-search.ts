/**
 * The one adapter for WB's public (no-token) search and card endpoints (wb-api.md §7): it knows the current
 * endpoint version and answer shape, validates every answer with zod, and fails loudly and harmlessly when WB changes
 * them («WB изменил формат поиска: живые позиции временно недоступны»), so official positions keep working.
 *
 * Every request goes through one gate: live checks must be turned on, requests are spaced and capped per day
 * (./schedule.ts), an anti-bot or 429 answer pauses them all, and nothing that identifies the seller is sent: no
 * token (asserted), no cookies, no referrer.
 *
 * These endpoints are undocumented and UNVERIFIED; the fields read here are the ones wb-api.md §7 lists.
 * Contexts: background only (it keeps the pacing state and needs the optional host permissions of ./hosts.ts).
 */
import { z } from 'zod';
import { formatTimeMsk } from '../i18n';
import { realClock, type Clock } from '../wb-api/clock';
import { isWbApiUrl } from '../wb-api/hosts';
import {
  DEFAULT_LIVE_CHECKS,
  EMPTY_PACER,
  nextRequestSlot,
  recordPause,
  recordRequest,
  usedToday,
  type LiveChecksSettings,
  type PacerState,
  type PauseReason,
} from './schedule';
import { CARD_ENDPOINT, SEARCH_ENDPOINT } from './hosts';
import type { AdLog, PublicCard, SearchPage, SearchProduct } from './types';

export { CARD_ENDPOINT, PUBLIC_HOST_PERMISSIONS, SEARCH_ENDPOINT } from './hosts';

/** The exact message for a changed search answer (the UI shows it as is). */
export const SEARCH_FORMAT_CHANGED = 'WB изменил формат поиска: живые позиции временно недоступны';
/** The message for a changed card answer: competitors' ratings and prices are missing, positions still work. */
export const CARD_FORMAT_CHANGED = 'WB изменил формат карточек: рейтинг и отзывы конкурентов временно недоступны';

export type PublicSearchErrorKind =
  /** WB's answer no longer fits the fields we read (or the versioned path is gone: 404). */
  | 'format-changed'
  /** An anti-bot answer: 403, 498, or an HTML page where JSON was expected. */
  | 'blocked'
  /** HTTP 429. */
  | 'rate-limited'
  /** Any other HTTP error (400, 5xx, …). */
  | 'http'
  | 'network'
  | 'timeout'
  /** Today's cap of live requests is used up. */
  | 'daily-cap'
  /** Live checks are off in the settings. */
  | 'disabled';

/** Every failure of a live request, with a Russian message for the seller. Official positions are not affected. */
export class PublicSearchError extends Error {
  readonly kind: PublicSearchErrorKind;
  readonly endpoint: 'search' | 'card';
  readonly status: number | null;
  /** When live requests may go out again (clock ms), for pauses and the daily cap. */
  readonly retryAt: number | null;
  /** What exactly did not fit (the first zod issue), for the log; never shown as the message. */
  readonly detail: string | null;

  constructor(
    kind: PublicSearchErrorKind,
    endpoint: 'search' | 'card',
    message: string,
    extra: { status?: number | null; retryAt?: number | null; detail?: string | null } = {},
  ) {
    super(message);
    this.name = 'PublicSearchError';
    this.kind = kind;
    this.endpoint = endpoint;
    this.status = extra.status ?? null;
    this.retryAt = extra.retryAt ?? null;
    this.detail = extra.detail ?? null;
  }
}

// ---- zod schemas: tolerant of extra fields (zod drops them), strict on the fields we read ----

const kopecks = z.number().int().nonnegative();

const priceSchema = z.object({ basic: kopecks.optional(), product: kopecks });
/** Sizes without stock may come without a price. */
const sizeSchema = z.object({ price: priceSchema.nullish() });

const logSchema = z.object({
  position: z.number().int().nullish(),
  promoPosition: z.number().int().nullish(),
  cpm: z.number().nonnegative().nullish(),
  tp: z.string().nullish(),
});

export const searchProductSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  brand: z.string(),
  supplier: z.string().nullish(),
  supplierId: z.number().int().nullish(),
  sizes: z.array(sizeSchema),
  log: logSchema.nullish(),
  reviewRating: z.number().nullish(),
  feedbacks: z.number().int().nullish(),
});

const metadataSchema = z.object({ normquery: z.string().nullish() }).nullish();

/** Current versions put `products` at the top; older ones under `data` (wb-api.md §7). Both are read. */
export const searchResponseSchema = z.union([
  z.object({ products: z.array(searchProductSchema), total: z.number().int().nullish(), metadata: metadataSchema }),
  z.object({
    data: z.object({ products: z.array(searchProductSchema), total: z.number().int().nullish() }),
    metadata: metadataSchema,
  }),
]);

export const cardProductSchema = z.object({
  id: z.number().int().positive(),
  name: z.string(),
  brand: z.string(),
  reviewRating: z.number().min(0).max(5),
  feedbacks: z.number().int().nonnegative(),
  pics: z.number().int().nonnegative(),
  sizes: z.array(sizeSchema),
});

export const cardResponseSchema = z.union([
  z.object({ products: z.array(cardProductSchema) }),
  z.object({ data: z.object({ products: z.array(cardProductSchema) }) }),
]);

// ---- request building and the credential guard ----

export interface PublicEndpoints {
  searchHost: string;
  searchVersion: string;
  cardHost: string;
  cardVersion: string;
}

const DEFAULT_ENDPOINTS: PublicEndpoints = {
  searchHost: SEARCH_ENDPOINT.host,
  searchVersion: SEARCH_ENDPOINT.version,
  cardHost: CARD_ENDPOINT.host,
  cardVersion: CARD_ENDPOINT.version,
};

/** `GET https://{host}/exactmatch/ru/common/{v}/search?…` for a query, region and 1-based page. */
export function searchUrl(query: string, dest: number, page: number, ep: PublicEndpoints = DEFAULT_ENDPOINTS): string {
  const u = new URL(`https://${ep.searchHost}/exactmatch/ru/common/${ep.searchVersion}/search`);
  const params: [string, string][] = [
    ['appType', '1'],
    ['curr', 'rub'],
    ['dest', String(dest)],
    ['query', query],
    ['resultset', 'catalog'],
    ['page', String(page)],
    ['sort', 'popular'],
    ['spp', '30'],
  ];
  for (const [k, v] of params) u.searchParams.set(k, v);
  return u.toString();
}

/** `GET https://{host}/cards/{v}/detail?…&nm=a;b;c` (several items separated by `;`, as trackers send them). */
export function cardUrl(nmIds: readonly number[], dest: number, ep: PublicEndpoints = DEFAULT_ENDPOINTS): string {
  const u = new URL(`https://${ep.cardHost}/cards/${ep.cardVersion}/detail`);
  for (const [k, v] of [
    ['appType', '1'],
    ['curr', 'rub'],
    ['dest', String(dest)],
    ['spp', '30'],
  ] as const) {
    u.searchParams.set(k, v);
  }
  // `;` stays literal: that is how the endpoint separates items.
  return `${u.toString()}&nm=${nmIds.join(';')}`;
}

/**
 * Throws unless a request is safe to send to a public WB host: HTTPS, one of the allowed hosts, never a WB API host,
 * and no Authorization or Cookie header. The token must never reach these hosts.
 */
export function assertPublicRequest(url: string, headers: Headers, allowedHosts: readonly string[]): void {
  const u = new URL(url);
  if (u.protocol !== 'https:' || !allowedHosts.includes(u.hostname) || isWbApiUrl(url)) {
    throw new Error(`Refusing a live request to ${u.origin}: not a public WB search or card host`);
  }
  if (headers.has('authorization') || headers.has('cookie')) {
    throw new Error('Refusing a live request with credentials: public WB hosts never get a token or cookies');
  }
}

// ---- reading answers ----

function lowestPrice(sizes: readonly z.infer<typeof sizeSchema>[]): { product: number | null; basic: number | null } {
  let product: number | null = null;
  let basic: number | null = null;
  for (const s of sizes) {
    if (!s.price) continue;
    if (product === null || s.price.product < product) {
      product = s.price.product;
      basic = s.price.basic ?? null;
    }
  }
  return { product, basic };
}

function adOf(log: z.infer<typeof logSchema> | null | undefined): AdLog | null {
  if (!log) return null;
  const promoPosition = log.promoPosition ?? null;
  const cpm = log.cpm ?? null;
  // WB marks a boosted item with its promo slot and bid; a `log` without either is not an ad.
  if ((promoPosition === null || promoPosition <= 0) && (cpm === null || cpm <= 0)) return null;
  return { position: log.position ?? null, promoPosition, cpm, tp: log.tp ?? null };
}

function toSearchProduct(p: z.infer<typeof searchProductSchema>): SearchProduct {
  const price = lowestPrice(p.sizes);
  return {
    nmId: p.id,
    name: p.name,
    brand: p.brand,
    supplier: p.supplier ?? null,
    supplierId: p.supplierId ?? null,
    priceKopecks: price.product,
    basicPriceKopecks: price.basic,
    rating: p.reviewRating ?? null,
    feedbacks: p.feedbacks ?? null,
    ad: adOf(p.log),
  };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown';
  return `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`;
}

/** Reads a search answer's JSON; throws the format error when it does not fit. */
export function parseSearchPage(
  body: unknown,
  args: { query: string; dest: number; page: number; fetchedAt: number },
): SearchPage {
  const parsed = searchResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new PublicSearchError('format-changed', 'search', SEARCH_FORMAT_CHANGED, {
      detail: describeIssue(parsed.error),
    });
  }
  const d = parsed.data;
  const list = 'products' in d ? d : d.data;
  const products = list.products.map(toSearchProduct);
  // A page of items none of which has a price means WB moved the price elsewhere: say so instead of showing blanks.
  if (products.length > 0 && products.every((p) => p.priceKopecks === null)) {
    throw new PublicSearchError('format-changed', 'search', SEARCH_FORMAT_CHANGED, {
      detail: 'sizes[].price: no item has a price',
    });
  }
  return {
    ...args,
    products,
    normQuery: d.metadata?.normquery?.trim() || null,
    total: list.total ?? null,
  };
}

/** Reads a card answer's JSON; throws the card format error when it does not fit. */
export function parseCards(body: unknown): PublicCard[] {
  const parsed = cardResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new PublicSearchError('format-changed', 'card', CARD_FORMAT_CHANGED, { detail: describeIssue(parsed.error) });
  }
  const list = 'products' in parsed.data ? parsed.data.products : parsed.data.data.products;
  return list.map((p) => ({
    nmId: p.id,
    name: p.name,
    brand: p.brand,
    rating: p.reviewRating,
    feedbacks: p.feedbacks,
    pics: p.pics,
    priceKopecks: lowestPrice(p.sizes).product,
  }));
}

// ---- the adapter ----

/** Where the pacing state lives; the background keeps it in extension storage so it survives a stopped worker. */
export interface PacerStore {
  load(): Promise<PacerState>;
  save(state: PacerState): Promise<void>;
}

export function memoryPacerStore(initial: PacerState = EMPTY_PACER): PacerStore {
  let state = initial;
  return {
    load: async () => state,
    save: async (s) => {
      state = s;
    },
  };
}

export interface PublicSearchDeps {
  fetch: typeof fetch;
  clock?: Clock;
  /** 0..1, for the jitter (inject for deterministic tests). */
  random?: () => number;
  /** The seller's settings (a getter, so a change applies at the next request). Default: off. */
  settings?: LiveChecksSettings | (() => LiveChecksSettings | Promise<LiveChecksSettings>);
  pacerStore?: PacerStore;
  /** Real-time timeout of one request. */
  timeoutMs?: number;
  /** Override the hosts and versions (when WB moves before a release does). */
  endpoints?: Partial<PublicEndpoints>;
}

export interface PublicSearch {
  /** One page (1-based) of the public search for a query in a region. */
  searchPage(args: { query: string; page: number; dest?: number; signal?: AbortSignal }): Promise<SearchPage>;
  /** Public cards of up to `CARD_BATCH` items in one request; items WB does not return are missing. */
  cards(args: { nmIds: readonly number[]; dest?: number; signal?: AbortSignal }): Promise<PublicCard[]>;
  /** Where the pacing stands: requests used today, the cap, and the pause if any. */
  status(): Promise<{ enabled: boolean; usedToday: number; dailyCap: number; pause: PacerState['pause'] }>;
  readonly clock: Clock;
}

/** Items per card request. */
export const CARD_BATCH = 50;

const PAUSE_TEXT: Record<PauseReason, (until: string) => string> = {
  blocked: (t) => `WB ограничил запросы к поиску из этого браузера: живые проверки на паузе до ${t} МСК.`,
  'rate-limited': (t) => `WB просит реже обращаться к поиску: живые проверки на паузе до ${t} МСК.`,
  'format-changed': () => SEARCH_FORMAT_CHANGED,
};

function pauseError(endpoint: 'search' | 'card', reason: PauseReason, until: number, status?: number) {
  const kind: PublicSearchErrorKind = reason;
  const message =
    reason === 'format-changed' && endpoint === 'card'
      ? CARD_FORMAT_CHANGED
      : PAUSE_TEXT[reason](formatTimeMsk(new Date(until)));
  return new PublicSearchError(kind, endpoint, message, { retryAt: until, status: status ?? null });
}

/** Seconds from `Retry-After` or `X-Ratelimit-Retry`, when WB sent a number. */
function retryAfterMs(res: Response): number | null {
  for (const h of ['Retry-After', 'X-Ratelimit-Retry']) {
    const v = Number(res.headers.get(h));
    if (res.headers.has(h) && Number.isFinite(v) && v > 0) return v * 1000;
  }
  return null;
}

export function createPublicSearch(deps: PublicSearchDeps): PublicSearch {
  const clock = deps.clock ?? realClock;
  const random = deps.random ?? Math.random;
  const store = deps.pacerStore ?? memoryPacerStore();
  const timeoutMs = deps.timeoutMs ?? 20_000;
  const ep: PublicEndpoints = { ...DEFAULT_ENDPOINTS, ...deps.endpoints };
  const allowedHosts = [ep.searchHost, ep.cardHost];
  const settingsOf = async (): Promise<LiveChecksSettings> => {
    const s = deps.settings ?? DEFAULT_LIVE_CHECKS;
    return typeof s === 'function' ? await s() : s;
  };

  // One request at a time: the spacing is between requests, never between two in flight.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  async function pause(reason: PauseReason, ms: number): Promise<number> {
    const now = clock.now();
    const next = recordPause(await store.load(), now, reason, ms);
    await store.save(next);
    return next.pause!.until;
  }

  /** Waits for the slot, counts the request, sends it, and turns every failure into a PublicSearchError. */
  async function send(endpoint: 'search' | 'card', url: string, signal?: AbortSignal): Promise<unknown> {
    const settings = await settingsOf();
    if (!settings.enabled) {
      throw new PublicSearchError(
        'disabled',
        endpoint,
        'Живые проверки позиций выключены: их можно включить в настройках.',
      );
    }
    const slot = nextRequestSlot(await store.load(), settings, clock.now(), random);
    if (slot.kind === 'paused') throw pauseError(endpoint, slot.reason, slot.until);
    if (slot.kind === 'daily-cap') {
      throw new PublicSearchError(
        'daily-cap',
        endpoint,
        `Дневной лимит живых проверок (${settings.dailyCap} запросов) исчерпан: продолжим после 00:00 МСК.`,
        { retryAt: slot.until },
      );
    }
    const wait = slot.at - clock.now();
    if (wait > 0) await clock.sleep(wait, signal);

    const headers = new Headers({ Accept: 'application/json' });
    assertPublicRequest(url, headers, allowedHosts);
    await store.save(recordRequest(await store.load(), clock.now()));

    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs);
    let res: Response;
    try {
      res = await deps.fetch(url, {
        method: 'GET',
        headers,
        // Nothing that ties the request to the seller: no cookies of wb.ru, no referrer.
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.aborted) {
        throw new PublicSearchError(
          'timeout',
          endpoint,
          `Поиск WB не ответил за ${Math.round(timeoutMs / 1000)} с: проверим позже.`,
          {
            detail: String(err),
          },
        );
      }
      throw new PublicSearchError('network', endpoint, 'Нет связи с поиском WB: проверим позже.', {
        detail: String(err),
      });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onOuterAbort);
    }

    const text = await res.text().catch(() => '');
    if (res.status === 429) {
      const until = await pause('rate-limited', retryAfterMs(res) ?? settings.blockPauseMs);
      throw pauseError(endpoint, 'rate-limited', until, 429);
    }
    // 403 and 498 are what WB's anti-bot layer answers; so is an HTML page where JSON belongs.
    const html = /^\s*</.test(text);
    if (res.status === 403 || res.status === 498 || (res.ok && html)) {
      const until = await pause('blocked', retryAfterMs(res) ?? settings.blockPauseMs);
      throw pauseError(endpoint, 'blocked', until, res.status);
    }
    // A versioned path that is gone (404) is WB moving to a new version: the same as a changed format.
    if (res.status === 404) return formatChanged(endpoint, settings, `HTTP 404 ${url.split('?')[0]}`);
    if (!res.ok) {
      throw new PublicSearchError('http', endpoint, `Поиск WB ответил ошибкой ${res.status}: проверим позже.`, {
        status: res.status,
      });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return formatChanged(endpoint, settings, 'not JSON');
    }
  }

  async function formatChanged(
    endpoint: 'search' | 'card',
    settings: LiveChecksSettings,
    detail: string,
  ): Promise<never> {
    // Only a search change pauses everything; without cards the positions still work.
    const until = endpoint === 'search' ? await pause('format-changed', settings.formatPauseMs) : null;
    throw new PublicSearchError(
      'format-changed',
      endpoint,
      endpoint === 'search' ? SEARCH_FORMAT_CHANGED : CARD_FORMAT_CHANGED,
      { detail, retryAt: until },
    );
  }

  return {
    clock,
    searchPage: (args) =>
      serial(async () => {
        const settings = await settingsOf();
        const dest = args.dest ?? settings.dest;
        const body = await send('search', searchUrl(args.query, dest, args.page, ep), args.signal);
        try {
          return parseSearchPage(body, { query: args.query, dest, page: args.page, fetchedAt: clock.now() });
        } catch (e) {
          if (e instanceof PublicSearchError && e.kind === 'format-changed') {
            const until = await pause('format-changed', settings.formatPauseMs);
            throw new PublicSearchError('format-changed', 'search', SEARCH_FORMAT_CHANGED, {
              detail: e.detail,
              retryAt: until,
            });
          }
          throw e;
        }
      }),
    cards: (args) =>
      serial(async () => {
        if (args.nmIds.length === 0) return [];
        if (args.nmIds.length > CARD_BATCH) throw new Error(`At most ${CARD_BATCH} cards per request`);
        const settings = await settingsOf();
        const body = await send('card', cardUrl(args.nmIds, args.dest ?? settings.dest, ep), args.signal);
        return parseCards(body);
      }),
    async status() {
      const settings = await settingsOf();
      const state = await store.load();
      const now = clock.now();
      return {
        enabled: settings.enabled,
        usedToday: usedToday(state, now),
        dailyCap: settings.dailyCap,
        pause: state.pause && state.pause.until > now ? state.pause : null,
      };
    },
  };
}
