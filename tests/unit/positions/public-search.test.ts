/**
 * The public search adapter against recorded-shape fixtures (tests/fixtures/public-search, built from the fields
 * wb-api.md §7 documents): current and legacy shapes, changed shapes that must give the exact Russian error, WB's
 * pushback, the off switch, the spacing and daily cap, and that no credentials ever leave.
 */
import { describe, expect, it } from 'vitest';
import {
  assertPublicRequest,
  CARD_FORMAT_CHANGED,
  createPublicSearch,
  memoryPacerStore,
  PUBLIC_HOST_PERMISSIONS,
  PublicSearchError,
  SEARCH_FORMAT_CHANGED,
  type PublicSearchDeps,
} from '../../../lib/positions/public-search';
import { EMPTY_PACER, nextMskMidnight } from '../../../lib/positions/schedule';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { AD_CARD_AT_117, CARD_AT_42, enabled, fixture, fixtureFetch, QUERY, THREE_PAGES } from './helpers';

const START = Date.UTC(2026, 10, 26, 9, 0, 0); // 12:00 MSK
const HOUR = 3_600_000;

type Raw = { products: { id: number; log?: { position: number; promoPosition: number; cpm: number; tp: string } }[] };

function setup(
  fetchOpts: Parameters<typeof fixtureFetch>[0] = { pages: THREE_PAGES },
  deps: Partial<PublicSearchDeps> = {},
) {
  const clock = createVirtualClock(START);
  const ff = fixtureFetch(fetchOpts);
  const times: number[] = [];
  const fetchFn = ((input: RequestInfo | URL, init?: RequestInit) => {
    times.push(clock.now());
    return ff.fetch(input, init);
  }) as typeof fetch;
  const search = createPublicSearch({ fetch: fetchFn, clock, random: () => 0.5, settings: enabled(), ...deps });
  return { search, clock, seen: ff.seen, times };
}

async function failure(p: Promise<unknown>): Promise<PublicSearchError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PublicSearchError) return e;
    throw e;
  }
  throw new Error('expected a PublicSearchError');
}

describe('reading WB’s public search', () => {
  it('a current-shape page: items in order, the lowest size price, ads with their log, normquery and total', async () => {
    const { search } = setup();
    const raw = fixture('search-page1.json') as Raw;
    const page = await search.searchPage({ query: QUERY, page: 1 });
    expect(page.products).toHaveLength(100);
    expect(page.products.map((p) => p.nmId)).toEqual(raw.products.map((p) => p.id));
    expect(page.normQuery).toBe('платье летнее');
    expect(page.total).toBe(245);
    expect(page.page).toBe(1);
    expect(page.dest).toBe(-1257786);
    // The first item is an ad: the log as WB wrote it.
    const log = raw.products[0]!.log!;
    expect(page.products[0]!.ad).toEqual({ position: log.position, promoPosition: 1, cpm: 1450, tp: 'b' });
    // Item 11 has three sizes: 3500 ₽ and 3360 ₽ after discounts, one without a price.
    expect(page.products[10]!.priceKopecks).toBe(336_000);
    expect(page.products[10]!.basicPriceKopecks).toBe(480_000);
    expect(page.products[41]).toMatchObject({ nmId: CARD_AT_42, brand: 'Flax Store', ad: null });
    expect(page.products.filter((p) => p.ad).length).toBe(raw.products.filter((p) => p.log).length);
    // Extra fields WB adds are not carried along.
    expect(Object.keys(page.products[0]!).sort()).toEqual(
      [
        'ad',
        'basicPriceKopecks',
        'brand',
        'feedbacks',
        'name',
        'nmId',
        'priceKopecks',
        'rating',
        'supplier',
        'supplierId',
      ].sort(),
    );
  });

  it('an ad-boosted card on page 2 keeps its organic position and bid', async () => {
    const { search } = setup();
    const page = await search.searchPage({ query: QUERY, page: 2 });
    expect(page.products[16]).toMatchObject({
      nmId: AD_CARD_AT_117,
      ad: { position: 160, promoPosition: 117, cpm: 300, tp: 'b' },
    });
  });

  it('the legacy shape (data.products) reads the same way', async () => {
    const { search } = setup({ pages: { 1: 'search-legacy.json' } });
    const page = await search.searchPage({ query: 'летнее платье', page: 1 });
    expect(page.products).toHaveLength(3);
    expect(page.normQuery).toBe('платье летнее');
    expect(page.total).toBe(3);
    expect(page.products[1]!.ad).toEqual({ position: 57, promoPosition: 2, cpm: 800, tp: 'b' });
    expect(page.products[0]!.ad).toBeNull();
  });

  it.each([
    ['the list renamed', 'search-changed-list.json'],
    ['ids as strings', 'search-changed-id.json'],
    ['prices moved out of sizes', 'search-changed-price.json'],
  ])('a changed shape (%s) gives the exact Russian error', async (_label, name) => {
    const { search } = setup({ pages: { 1: name } });
    const err = await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(err.kind).toBe('format-changed');
    expect(err.message).toBe('WB изменил формат поиска: живые позиции временно недоступны');
    expect(err.message).toBe(SEARCH_FORMAT_CHANGED);
    expect(err.detail).toBeTruthy();
  });

  it('a 404 on the versioned path (a retired version) and a body that is not JSON are format changes too', async () => {
    const gone = setup({ answer: () => new Response('404 page not found', { status: 404 }) });
    expect((await failure(gone.search.searchPage({ query: QUERY, page: 1 }))).message).toBe(SEARCH_FORMAT_CHANGED);
    const garbled = setup({ answer: () => new Response('{"products": [', { status: 200 }) });
    expect((await failure(garbled.search.searchPage({ query: QUERY, page: 1 }))).kind).toBe('format-changed');
  });

  it('after a format change live requests pause (no request goes out), then try again', async () => {
    let broken = true;
    const { search, clock, seen } = setup({
      pages: THREE_PAGES,
      answer: () => (broken ? new Response(JSON.stringify(fixture('search-changed-list.json'))) : undefined),
    });
    await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(seen).toHaveLength(1);
    const again = await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(again.message).toBe(SEARCH_FORMAT_CHANGED);
    expect(again.retryAt).toBe(START + 6 * HOUR);
    expect(seen).toHaveLength(1);
    broken = false;
    clock.set(START + 6 * HOUR);
    expect((await search.searchPage({ query: QUERY, page: 1 })).products).toHaveLength(100);
    expect(seen).toHaveLength(2);
  });
});

describe('reading public cards', () => {
  it('rating, reviews, photos and the lowest price; several items in one request', async () => {
    const { search, seen } = setup({ card: 'card-detail.json' });
    const cards = await search.cards({ nmIds: [180_000_000, 180_007_919, 180_055_433] });
    expect(cards).toEqual([
      expect.objectContaining({ nmId: 180_000_000, rating: 4.7, feedbacks: 1532, pics: 9, priceKopecks: 339_000 }),
      expect.objectContaining({ nmId: 180_007_919, rating: 4.9, feedbacks: 87, pics: 5, priceKopecks: 273_000 }),
      expect.objectContaining({ nmId: 180_055_433, rating: 0, feedbacks: 0, pics: 3, priceKopecks: 203_000 }),
    ]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url.host).toBe('card.wb.ru');
    expect(seen[0]!.url.pathname).toBe('/cards/v4/detail');
    expect(seen[0]!.url.search).toContain('nm=180000000;180007919;180055433');
  });

  it('a changed card shape is its own error and does not stop the search', async () => {
    const { search, seen } = setup({ pages: THREE_PAGES, card: 'card-changed.json' });
    const err = await failure(search.cards({ nmIds: [180_000_000] }));
    expect(err.kind).toBe('format-changed');
    expect(err.endpoint).toBe('card');
    expect(err.message).toBe(CARD_FORMAT_CHANGED);
    expect((await search.searchPage({ query: QUERY, page: 1 })).products).toHaveLength(100);
    expect(seen).toHaveLength(2);
  });
});

describe('WB pushing back, and failures', () => {
  it('429 pauses every live request for WB’s Retry-After', async () => {
    let calls = 0;
    const { search, clock, seen } = setup({
      pages: THREE_PAGES,
      answer: () => (calls++ === 0 ? new Response('', { status: 429, headers: { 'Retry-After': '120' } }) : undefined),
    });
    const err = await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(err.kind).toBe('rate-limited');
    expect(err.status).toBe(429);
    expect(err.retryAt).toBe(START + 120_000);
    expect(err.message).toContain('12:02 МСК');
    expect((await failure(search.cards({ nmIds: [1] }))).kind).toBe('rate-limited');
    expect(seen).toHaveLength(1);
    clock.set(START + 120_000);
    await search.searchPage({ query: QUERY, page: 1 });
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['403 with the anti-bot page', 403],
    ['498 with the anti-bot page', 498],
    ['200 with an HTML page', 200],
  ])('%s counts as blocked and pauses for an hour', async (_label, status) => {
    const page = '<!DOCTYPE html><html><body>Проверяем, что вы не робот</body></html>';
    const { search, seen } = setup({
      answer: () => new Response(page, { status, headers: { 'Content-Type': 'text/html' } }),
    });
    const err = await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(err.kind).toBe('blocked');
    expect(err.retryAt).toBe(START + HOUR);
    expect(err.message).toBe('WB ограничил запросы к поиску из этого браузера: живые проверки на паузе до 13:00 МСК.');
    await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(seen).toHaveLength(1);
  });

  it('a network error and a 5xx are their own errors and pause nothing', async () => {
    let mode: 'net' | '502' | 'ok' = 'net';
    const { search, seen } = setup({
      pages: THREE_PAGES,
      answer: () => {
        if (mode === 'net') throw new TypeError('Failed to fetch');
        if (mode === '502') return new Response('<html>502 Bad Gateway</html>', { status: 502 });
        return undefined;
      },
    });
    const net = await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(net.kind).toBe('network');
    expect(net.message).toBe('Нет связи с поиском WB: проверим позже.');
    mode = '502';
    const http = await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(http.kind).toBe('http');
    expect(http.status).toBe(502);
    mode = 'ok';
    await search.searchPage({ query: QUERY, page: 1 });
    expect(seen).toHaveLength(3);
  });

  it('live checks are off by default: nothing is sent', async () => {
    const ff = fixtureFetch({ pages: THREE_PAGES });
    const search = createPublicSearch({ fetch: ff.fetch, clock: createVirtualClock(START) });
    const err = await failure(search.searchPage({ query: QUERY, page: 1 }));
    expect(err.kind).toBe('disabled');
    expect(ff.seen).toHaveLength(0);
    expect((await search.status()).enabled).toBe(false);
  });
});

describe('no credentials ever reach the public hosts', () => {
  it('every request: no Authorization or Cookie header, credentials omitted, no referrer, documented URL', async () => {
    const { search, seen } = setup({ pages: THREE_PAGES, card: 'card-detail.json' });
    await search.searchPage({ query: QUERY, page: 1 });
    await search.searchPage({ query: QUERY, page: 2, dest: 12_358_062 });
    await search.cards({ nmIds: [180_000_000] });
    expect(seen).toHaveLength(3);
    for (const r of seen) {
      expect(r.headers.has('authorization')).toBe(false);
      expect(r.headers.has('cookie')).toBe(false);
      expect(r.init?.credentials).toBe('omit');
      expect(r.init?.referrerPolicy).toBe('no-referrer');
      expect(r.url.protocol).toBe('https:');
    }
    const s = seen[1]!.url;
    expect(s.host).toBe('u-search.wb.ru');
    expect(s.pathname).toBe('/exactmatch/ru/common/v18/search');
    expect(Object.fromEntries(s.searchParams)).toEqual({
      appType: '1',
      curr: 'rub',
      dest: '12358062',
      query: QUERY,
      resultset: 'catalog',
      page: '2',
      sort: 'popular',
      spp: '30',
    });
    expect(PUBLIC_HOST_PERMISSIONS).toEqual(['https://u-search.wb.ru/*', 'https://card.wb.ru/*']);
  });

  it.each([
    ['an Authorization header', 'https://u-search.wb.ru/x', { Authorization: 'eyJhbGciOi.token.sig' }, false],
    ['a lower-case authorization header', 'https://u-search.wb.ru/x', { authorization: 'Bearer x' }, false],
    ['a Cookie header', 'https://card.wb.ru/x', { Cookie: 'WBTokenV3=abc' }, false],
    ['plain HTTP', 'http://u-search.wb.ru/x', {}, false],
    ['a WB seller-API host', 'https://statistics-api.wildberries.ru/api/v1/supplier/orders', {}, false],
    ['another host', 'https://example.com/x', {}, false],
    ['a clean public request', 'https://u-search.wb.ru/exactmatch/ru/common/v18/search?query=x', {}, true],
  ])('the guard refuses %s (or lets a clean request through)', (_label, url, headers, ok) => {
    const check = () => assertPublicRequest(url, new Headers(headers), ['u-search.wb.ru', 'card.wb.ru']);
    if (ok) expect(check).not.toThrow();
    else expect(check).toThrow(/Refusing/);
  });
});

describe('spacing and the daily cap, on a virtual clock', () => {
  it('requests go at least 8 s apart plus jitter, one at a time even when asked at once', async () => {
    for (const [r, gap] of [
      [0, 8_000],
      [0.5, 10_000],
      [0.999, 11_996],
    ] as const) {
      const { search, times } = setup(undefined, { random: () => r });
      await Promise.all([1, 2, 3, 1, 2].map((page) => search.searchPage({ query: QUERY, page })));
      expect(times).toHaveLength(5);
      expect(times[0]).toBe(START);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(gap);
    }
  });

  it('a spacing below the 3 s floor is refused by the settings', () => {
    expect(() => enabled({ minSpacingMs: 1000 })).toThrow();
  });

  it('the daily cap refuses the next request until Moscow midnight, across a restart of the worker', async () => {
    const store = memoryPacerStore(EMPTY_PACER);
    const settings = enabled({ dailyCap: 5 });
    const first = setup(undefined, { pacerStore: store, settings });
    for (let i = 0; i < 3; i++) await first.search.searchPage({ query: QUERY, page: 1 });
    // The service worker restarts: a new adapter with the stored state.
    const second = setup(undefined, { pacerStore: store, settings });
    second.clock.set(first.clock.now());
    for (let i = 0; i < 2; i++) await second.search.searchPage({ query: QUERY, page: 1 });
    const err = await failure(second.search.searchPage({ query: QUERY, page: 1 }));
    expect(err.kind).toBe('daily-cap');
    const midnight = Date.UTC(2026, 10, 26, 21, 0, 0); // 00:00 MSK on 27 Nov
    expect(err.retryAt).toBe(midnight);
    expect(nextMskMidnight(second.clock.now())).toBe(midnight);
    expect(err.message).toBe('Дневной лимит живых проверок (5 запросов) исчерпан: продолжим после 00:00 МСК.');
    expect((await second.search.status()).usedToday).toBe(5);
    second.clock.set(midnight);
    await second.search.searchPage({ query: QUERY, page: 1 });
    expect((await second.search.status()).usedToday).toBe(1);
    expect(first.seen.length + second.seen.length).toBe(6);
  });
});
