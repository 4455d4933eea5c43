/**
 * A simulated WB public search and card host (search.wb.ru, u-search.wb.ru, card.wb.ru, u-card.wb.ru), built on the
 * WB simulator's dataset: for a query, the seller's cards that WB would find for it (dataset/search-queries.ts)
 * stand among generated competitors, some of them ad-boosted with `log {position, promoPosition, cpm, tp}`, all
 * deterministic per query and region. Tests move cards, boost them, switch the answer to a changed shape, and make
 * WB push back (429, anti-bot 403/498) or drop the connection. It records every request, with whether it carried an
 * Authorization or Cookie header (it never should).
 *
 * Separate from the seller-API simulator (./index.ts): these hosts take no token and have no rate-limit table.
 * Shapes follow wb-api.md §7 (undocumented, UNVERIFIED endpoints): search `products[]` (`data.products[]` in the
 * legacy shape) with id, name, brand, supplier, supplierId, totalQuantity, sizes[].price.basic/product (kopecks),
 * `log` for ads, `metadata.normquery`, `total`; card `products[]` with id, name, brand, reviewRating, feedbacks,
 * pics, sizes[].price.
 *
 * ```ts
 * const sim = createWbSimulator();
 * const pub = createPublicSearchSim(sim);
 * const [query] = pub.queriesFor(sim.dataset.products[0]!.nmId);
 * const res = await pub.fetch(`https://u-search.wb.ru/exactmatch/ru/common/v18/search?query=${query}&page=1&dest=-1257786`);
 * pub.setPosition(query, nmId, 150); // the card drops to page 2
 * pub.setShape('renamed-list');      // WB changed the answer
 * pub.block({ status: 498 });        // the next request meets the anti-bot page
 * ```
 */
import type { BrowserContext, Route } from '@playwright/test';
import { BRANDS, COLORS, SUBJECTS, type Subject } from './catalog';
import type { Product } from './dataset/products';
import { basePosition, fnv1a, productQueries, regionalPosition, simQueryKey } from './dataset/search-queries';
import type { WbSimulator } from './index';
import { hash32, hashInt, hashUnit } from './prng';
import { SimNetworkError, STATUS_TEXT, type SimRequest, type SimResponse } from './types';

export const DEST_MOSCOW = -1257786;
export const SEARCH_HOSTS = ['u-search.wb.ru', 'search.wb.ru'] as const;
export const CARD_HOSTS = ['card.wb.ru', 'u-card.wb.ru'] as const;
const PAGE = 100;

/** How the search answer is shaped: as now, as older versions, or changed in one of the ways WB has changed it. */
export type SearchShape =
  | 'current'
  /** `data.products[]` (older versions). */
  | 'legacy'
  /** The list is renamed (`goods[]`). */
  | 'renamed-list'
  /** `id` becomes a string. */
  | 'string-ids'
  /** Prices leave `sizes[].price` for per-item `priceU`/`salePriceU` (as WB once moved them the other way). */
  | 'price-moved';

export type CardShape = 'current' | 'legacy' | 'string-rating';

export interface PublicSearchSimOptions {
  /** The seller whose cards stand among the results (default: the simulator's first seller). */
  seller?: string;
  /** Versions the search path answers (others get 404, as retired versions do). Default `['v18']`. */
  searchVersions?: readonly string[];
  /** Versions the card path answers. Default `['v4']`. */
  cardVersions?: readonly string[];
  /** Share of first-page slots that are ads (default about 0.16); later pages have fewer. */
  adShare?: number;
  /** Where requests to other hosts go (e.g. the seller-API simulator's fetch); default: a network error. */
  fallbackFetch?: typeof fetch;
}

/** One line of the request log. */
export interface PublicSimLogEntry {
  time: number;
  host: string;
  path: string;
  query: Record<string, string>;
  status: number;
  /** Lower-case names of the request headers. */
  headerNames: string[];
  authorization: boolean;
  cookie: boolean;
  /** `credentials` of the fetch init, when given. */
  credentials: string | null;
  outcome: 'response' | 'network-error';
  reason?: string;
}

/** One result as the simulator holds it: the truth tests compare with. */
export interface SimResult {
  /** Shown position (1-based). */
  position: number;
  nmId: number;
  /** One of the seller's cards. */
  own: boolean;
  name: string;
  brand: string;
  supplier: string;
  supplierId: number;
  priceKopecks: number;
  basicPriceKopecks: number;
  rating: number;
  feedbacks: number;
  pics: number;
  /** The ad boost: bid (roubles per 1000 views) and the organic position WB reports in `log.position`. */
  ad: { cpm: number; organicPosition: number } | null;
}

interface Item extends Omit<SimResult, 'position'> {
  subjectId: number;
  quantity: number;
}

export interface PublicSearchSim {
  handle(req: SimRequest & { credentials?: string | null }): Promise<SimResponse>;
  fetch: typeof fetch;
  requests: PublicSimLogEntry[];
  /** The normqueries the seller's card is found by (dataset/search-queries.ts). */
  queriesFor(nmId: number): string[];
  /** The seller's cards found by a query (any way of typing it). */
  cardsFor(query: string): Product[];
  /** The full result list for a query and region, in order. */
  results(query: string, dest?: number): SimResult[];
  /** The normquery WB shows for a query (its own normalization where no seller card defines one). */
  normqueryOf(query: string): string;
  /** Moves a card to a shown position (1-based; past the end = last); null takes it out of the results. */
  setPosition(query: string, nmId: number, position: number | null, dest?: number): void;
  /** Boosts a result with an ad (`cpm` roubles per 1000 views; the organic position defaults to 40 places lower). */
  setAd(query: string, nmId: number, ad: { cpm: number; organicPosition?: number } | null, dest?: number): void;
  setShape(shape: SearchShape): void;
  setCardShape(shape: CardShape): void;
  /** The next `count` requests (to `target` hosts) get WB's pushback: 429, or the anti-bot 403/498 HTML page. */
  block(opts?: { count?: number; status?: 429 | 403 | 498; retryAfterSec?: number; target?: 'search' | 'card' }): void;
  /** The next `count` requests fail at the network. */
  networkError(opts?: { count?: number; target?: 'search' | 'card' }): void;
}

interface Fault {
  kind: 'block' | 'network';
  left: number;
  status: 429 | 403 | 498;
  retryAfterSec?: number;
  target?: 'search' | 'card';
}

const COMPETITOR_SUPPLIERS = [
  'ИП Абрамова Е. С.',
  'ООО «Торговый дом Вектор»',
  'ИП Гусейнов Р. А.',
  'ООО «Мода Плюс»',
  'ИП Лебедева Н. В.',
  'ООО «Северная звезда»',
  'ИП Ким Д. О.',
  'ООО «Домашний уют»',
];

const ANTI_BOT_PAGE =
  '<!DOCTYPE html><html><head><title>Почти готово...</title></head><body><div id="challenge">' +
  'Проверяем, что вы не робот</div><script src="/__wbaas/challenge.js"></script></body></html>';

export function createPublicSearchSim(sim: WbSimulator, options: PublicSearchSimOptions = {}): PublicSearchSim {
  const dataset = sim.seller(options.seller);
  const seed = dataset.seed;
  const searchVersions = options.searchVersions ?? ['v18'];
  const cardVersions = options.cardVersions ?? ['v4'];
  const adShare = options.adShare ?? 0.16;
  const requests: PublicSimLogEntry[] = [];
  const faults: Fault[] = [];
  let shape: SearchShape = 'current';
  let cardShape: CardShape = 'current';
  const sellerSupplierId = hashInt(100_000, 4_000_000, seed, fnv1a(dataset.sellerId));

  // normquery key → normquery, and normquery → the seller's cards.
  const normqueries = new Map<string, string>();
  const cardsByNormquery = new Map<string, Product[]>();
  const queriesByNm = new Map<number, string[]>();
  for (const p of dataset.products) {
    const qs = productQueries(p);
    queriesByNm.set(
      p.nmId,
      qs.map((q) => q.normquery),
    );
    for (const q of qs) {
      normqueries.set(simQueryKey(q.normquery), q.normquery);
      for (const t of q.texts) normqueries.set(simQueryKey(t), q.normquery);
      cardsByNormquery.set(q.normquery, [...(cardsByNormquery.get(q.normquery) ?? []), p]);
    }
  }

  const normqueryOf = (query: string): string => {
    const key = simQueryKey(query);
    return normqueries.get(key) ?? query.toLowerCase().replace(/ё/g, 'е').trim().replace(/\s+/g, ' ');
  };

  /** Every item any list has produced, by nmId (the card endpoint answers for them). */
  const known = new Map<number, Item>();
  const lists = new Map<string, Item[]>();

  function ownItem(p: Product): Item {
    return {
      nmId: p.nmId,
      own: true,
      name: p.title,
      brand: p.brand,
      supplier: dataset.name,
      supplierId: sellerSupplierId,
      // Price after the seller's discount, kopecks (p.price is roubles: × (100 − discount) = kopecks).
      priceKopecks: p.price * (100 - p.discount),
      basicPriceKopecks: p.price * 100,
      rating: Math.round((3.8 + hashUnit(seed, p.nmId, 0x7a7) * 1.2) * 10) / 10,
      feedbacks: hashInt(0, 4000, seed, p.nmId, 0x7a8),
      pics: Math.max(1, p.photos),
      ad: null,
      subjectId: p.subject.id,
      quantity: hashInt(1, 900, seed, p.nmId, 0x7a9),
    };
  }

  function competitor(nq: string, slot: number, subject: Subject, used: Set<number>): Item {
    const h = fnv1a(nq);
    let nmId = hashInt(500_000_000, 899_999_999, seed, h, slot, 0xc0);
    for (let k = 1; used.has(nmId); k++) nmId = hashInt(500_000_000, 899_999_999, seed, h, slot, 0xc0 + k);
    used.add(nmId);
    const existing = known.get(nmId);
    if (existing) return { ...existing, ad: null };
    const word = subject.words[hash32(seed, nmId, 1) % subject.words.length]!;
    const color = COLORS[hash32(seed, nmId, 2) % COLORS.length]!;
    const [lo, hi] = subject.price;
    const basic = Math.round((lo + hashUnit(seed, nmId, 3) * (hi - lo)) / 10) * 10;
    const discount = [0, 10, 20, 30, 40, 50][hash32(seed, nmId, 4) % 6]!;
    const item: Item = {
      nmId,
      own: false,
      name: `${subject.name} ${word} ${color}`,
      brand: BRANDS[hash32(seed, nmId, 5) % BRANDS.length]!,
      supplier: COMPETITOR_SUPPLIERS[hash32(seed, nmId, 6) % COMPETITOR_SUPPLIERS.length]!,
      supplierId: hashInt(100_000, 4_000_000, seed, nmId, 7),
      priceKopecks: basic * (100 - discount),
      basicPriceKopecks: basic * 100,
      rating: Math.round((3.6 + hashUnit(seed, nmId, 8) * 1.4) * 10) / 10,
      feedbacks: hashInt(0, 25_000, seed, nmId, 9),
      pics: hashInt(1, 14, seed, nmId, 10),
      ad: null,
      subjectId: subject.id,
      quantity: hashInt(0, 5000, seed, nmId, 11),
    };
    return item;
  }

  function listFor(query: string, dest: number): Item[] {
    const nq = normqueryOf(query);
    const key = `${dest}|${nq}`;
    const cached = lists.get(key);
    if (cached) return cached;
    const own = cardsByNormquery.get(nq) ?? [];
    const h = fnv1a(nq);
    const total = hashInt(420, 900, seed, h, dest);
    const subject = own[0]?.subject ?? SUBJECTS[h % SUBJECTS.length]!;
    const used = new Set<number>(dataset.products.map((p) => p.nmId));
    const list: Item[] = [];
    for (let slot = 0; list.length < total - own.length; slot++) list.push(competitor(nq, slot, subject, used));
    const placed = own
      .map((p) => ({ p, at: regionalPosition(seed, nq, p.nmId, dest) }))
      .sort((a, b) => a.at - b.at || a.p.nmId - b.p.nmId);
    for (const { p, at } of placed) list.splice(Math.min(at - 1, list.length), 0, ownItem(p));
    // Ads: many on the first page, fewer later, bids falling with the slot.
    list.forEach((item, i) => {
      const pos = i + 1;
      const share = pos <= PAGE ? adShare : adShare / 4;
      if (item.own || hashUnit(seed, h, dest, pos) >= share) return;
      const cpm = Math.round(150 + 1350 * Math.exp(-pos / 40) * (0.7 + 0.6 * hashUnit(seed, h, pos, 0xad)));
      item.ad = { cpm, organicPosition: pos + hashInt(5, 250, seed, h, pos, 0xae) };
    });
    for (const item of list) if (!known.has(item.nmId)) known.set(item.nmId, { ...item, ad: null });
    lists.set(key, list);
    return list;
  }

  function takeFault(target: 'search' | 'card'): Fault | null {
    const f = faults.find((x) => x.left > 0 && (!x.target || x.target === target));
    if (!f) return null;
    f.left--;
    if (f.left === 0) faults.splice(faults.indexOf(f), 1);
    return f;
  }

  function searchProductJson(item: Item, position: number): Record<string, unknown> {
    const price = { basic: item.basicPriceKopecks, product: item.priceKopecks, logistics: 0, return: 0 };
    const json: Record<string, unknown> = {
      id: shape === 'string-ids' ? String(item.nmId) : item.nmId,
      root: hash32(seed, item.nmId, 0x200) % 400_000_000,
      kindId: 0,
      brand: item.brand,
      brandId: hash32(seed, fnv1a(item.brand)) % 1_000_000,
      subjectId: item.subjectId,
      name: item.name,
      supplier: item.supplier,
      supplierId: item.supplierId,
      totalQuantity: item.quantity,
      sizes: [
        shape === 'price-moved'
          ? { name: '', origName: '0', rank: 0, wh: 507 }
          : { name: '', origName: '0', rank: 0, wh: 507, price },
      ],
      meta: { tokens: [], presetId: 0 },
    };
    if (shape === 'price-moved') {
      json.priceU = item.basicPriceKopecks;
      json.salePriceU = item.priceKopecks;
    }
    if (item.ad) {
      json.log = {
        cpm: item.ad.cpm,
        promotion: 1,
        promoPosition: position,
        position: item.ad.organicPosition,
        advertId: hash32(seed, item.nmId, 0xad1) % 30_000_000,
        tp: 'b',
      };
    }
    return json;
  }

  function search(url: URL): SimResponse {
    const query = url.searchParams.get('query') ?? '';
    const page = Number(url.searchParams.get('page') ?? '1');
    const dest = Number(url.searchParams.get('dest') ?? String(DEST_MOSCOW));
    if (!query.trim() || !Number.isInteger(page) || page < 1 || !Number.isInteger(dest)) {
      return { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'bad request' };
    }
    const list = listFor(query, dest);
    const products = list
      .slice((page - 1) * PAGE, page * PAGE)
      .map((item, i) => searchProductJson(item, (page - 1) * PAGE + i + 1));
    const metadata = {
      name: query,
      catalog_type: 'preset',
      catalog_value: `preset=${fnv1a(query)}`,
      normquery: normqueryOf(query),
    };
    let body: Record<string, unknown>;
    if (shape === 'legacy') {
      body = {
        state: 0,
        version: 2,
        params: { curr: 'rub', spp: 30, version: 1 },
        data: { products, total: list.length },
        metadata,
      };
    } else if (shape === 'renamed-list') {
      body = { metadata, state: 0, version: 3, goods: products, total: list.length };
    } else {
      body = { metadata, state: 0, version: 2, payloadVersion: 2, products, total: list.length };
    }
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
  }

  function cards(url: URL): SimResponse {
    // `nm` is `a;b;c`; URLSearchParams reads `;` literally.
    const ids = (url.searchParams.get('nm') ?? '')
      .split(';')
      .map((s) => Number(s))
      .filter((n) => Number.isInteger(n) && n > 0);
    const products = ids.flatMap((nmId) => {
      const own = dataset.product(nmId);
      const item = known.get(nmId) ?? (own ? ownItem(own) : undefined);
      if (!item) return [];
      return [
        {
          id: item.nmId,
          root: hash32(seed, item.nmId, 0x200) % 400_000_000,
          brand: item.brand,
          name: item.name,
          supplier: item.supplier,
          supplierId: item.supplierId,
          reviewRating: cardShape === 'string-rating' ? String(item.rating) : item.rating,
          nmReviewRating: item.rating,
          feedbacks: item.feedbacks,
          nmFeedbacks: item.feedbacks,
          pics: item.pics,
          totalQuantity: item.quantity,
          sizes: [{ name: '', origName: '0', price: { basic: item.basicPriceKopecks, product: item.priceKopecks } }],
        },
      ];
    });
    const body = cardShape === 'legacy' ? { state: 0, data: { products } } : { products };
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
  }

  async function handle(req: SimRequest & { credentials?: string | null }): Promise<SimResponse> {
    const url = new URL(req.url);
    const names = Object.keys(req.headers).map((k) => k.toLowerCase());
    const entry: PublicSimLogEntry = {
      time: sim.clock.now(),
      host: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      headerNames: names,
      authorization: names.includes('authorization'),
      cookie: names.includes('cookie'),
      credentials: req.credentials ?? null,
      outcome: 'response',
    };
    requests.push(entry);
    const isSearch = (SEARCH_HOSTS as readonly string[]).includes(url.hostname);
    const isCard = (CARD_HOSTS as readonly string[]).includes(url.hostname);
    if (url.protocol !== 'https:' || (!isSearch && !isCard)) {
      entry.outcome = 'network-error';
      entry.reason = 'unknown-host';
      throw new SimNetworkError(`getaddrinfo ENOTFOUND ${url.hostname}`);
    }
    const fault = takeFault(isSearch ? 'search' : 'card');
    if (fault?.kind === 'network') {
      entry.outcome = 'network-error';
      entry.reason = 'fault:network';
      throw new SimNetworkError('simulated network error');
    }
    const finish = (res: SimResponse): SimResponse => {
      entry.status = res.status;
      return res;
    };
    if (fault?.kind === 'block') {
      entry.reason = `fault:block:${fault.status}`;
      const headers: Record<string, string> =
        fault.status === 429 ? { 'content-type': 'text/plain' } : { 'content-type': 'text/html; charset=utf-8' };
      if (fault.retryAfterSec !== undefined) headers['retry-after'] = String(fault.retryAfterSec);
      return finish({ status: fault.status, headers, body: fault.status === 429 ? '' : ANTI_BOT_PAGE });
    }
    if (req.method.toUpperCase() !== 'GET') {
      return finish({ status: 405, headers: { 'content-type': 'text/plain' }, body: 'method not allowed' });
    }
    const m = isSearch
      ? /^\/exactmatch\/ru\/common\/(v\d+)\/search$/.exec(url.pathname)
      : /^\/cards\/(v\d+)\/detail$/.exec(url.pathname);
    if (!m || !(isSearch ? searchVersions : cardVersions).includes(m[1]!)) {
      entry.reason = 'path-not-found';
      return finish({
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: '404 page not found',
      });
    }
    return finish(isSearch ? search(url) : cards(url));
  }

  const simFetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : 'href' in input ? input.href : input.url;
    const host = new URL(url).hostname;
    if (![...SEARCH_HOSTS, ...CARD_HOSTS].includes(host as never) && options.fallbackFetch) {
      return options.fallbackFetch(input, init);
    }
    const headers: Record<string, string> = {};
    const source = init?.headers ?? (typeof input === 'object' && 'headers' in input ? input.headers : undefined);
    new Headers(source).forEach((v, k) => (headers[k] = v));
    if (init?.signal?.aborted) throw init.signal.reason;
    let res: SimResponse;
    try {
      res = await handle({ method: init?.method ?? 'GET', url, headers, credentials: init?.credentials ?? null });
    } catch (e) {
      if (e instanceof SimNetworkError) throw new TypeError('Failed to fetch', { cause: e });
      throw e;
    }
    return new Response(res.body, {
      status: res.status,
      statusText: STATUS_TEXT[res.status] ?? '',
      headers: res.headers,
    });
  }) as typeof fetch;

  function findIndex(list: Item[], nmId: number): number {
    return list.findIndex((x) => x.nmId === nmId);
  }

  return {
    handle,
    fetch: simFetch,
    requests,
    queriesFor: (nmId) => queriesByNm.get(nmId) ?? [],
    cardsFor: (query) => cardsByNormquery.get(normqueryOf(query)) ?? [],
    normqueryOf,
    results: (query, dest = DEST_MOSCOW) =>
      listFor(query, dest).map(({ subjectId: _s, quantity: _q, ...item }, i) => ({
        ...item,
        ad: item.ad ? { ...item.ad } : null,
        position: i + 1,
      })),
    setPosition(query, nmId, position, dest = DEST_MOSCOW) {
      const list = listFor(query, dest);
      const at = findIndex(list, nmId);
      let item: Item | undefined = at >= 0 ? list.splice(at, 1)[0] : undefined;
      if (!item) {
        const p = dataset.product(nmId);
        item = known.get(nmId) ?? (p ? ownItem(p) : undefined);
      }
      if (!item) throw new Error(`public search sim: unknown card ${nmId}`);
      if (position === null) return;
      if (!Number.isInteger(position) || position < 1) throw new Error('position is 1-based');
      list.splice(Math.min(position - 1, list.length), 0, item);
    },
    setAd(query, nmId, ad, dest = DEST_MOSCOW) {
      const list = listFor(query, dest);
      const at = findIndex(list, nmId);
      if (at < 0) throw new Error(`public search sim: card ${nmId} is not in the results for «${query}»`);
      list[at]!.ad = ad ? { cpm: ad.cpm, organicPosition: ad.organicPosition ?? at + 1 + 40 } : null;
    },
    setShape: (s) => void (shape = s),
    setCardShape: (s) => void (cardShape = s),
    block: (opts = {}) =>
      void faults.push({
        kind: 'block',
        left: opts.count ?? 1,
        status: opts.status ?? 429,
        retryAfterSec: opts.retryAfterSec,
        target: opts.target,
      }),
    networkError: (opts = {}) =>
      void faults.push({ kind: 'network', left: opts.count ?? 1, status: 429, target: opts.target }),
  };
}

/** Routes the public search and card hosts in `context` to `publicSim`; returns a function that removes the route. */
export async function routePublicSearch(
  context: BrowserContext,
  publicSim: PublicSearchSim,
): Promise<() => Promise<void>> {
  const pattern = /^https:\/\/(u-)?(search|card)\.wb\.ru\//;
  const handler = async (route: Route): Promise<void> => {
    const request = route.request();
    try {
      const res = await publicSim.handle({
        method: request.method(),
        url: request.url(),
        headers: await request.allHeaders(),
      });
      await route.fulfill({ status: res.status, headers: res.headers, body: res.body });
    } catch (e) {
      if (e instanceof SimNetworkError) await route.abort('failed');
      else throw e;
    }
  };
  await context.route(pattern, handler);
  return () => context.unroute(pattern, handler);
}

export { basePosition, productQueries };
