// @vitest-environment node
/**
 * The simulated public search and card hosts (tests/sim/public-search.ts) and the simulated search report
 * (`product/search-texts`): determinism, paging, the seller's cards among competitors, ads, shapes, faults, the
 * request log, and WB's validation and limits on the report.
 */
import { describe, expect, it } from 'vitest';
import { createWbSimulator } from '../../sim/index';
import { basePosition, productQueries } from '../../sim/dataset/search-queries';
import { createPublicSearchSim, type PublicSearchSim } from '../../sim/public-search';
import { call, HOSTS } from './helpers';

const SEARCH = 'https://u-search.wb.ru/exactmatch/ru/common/v18/search';

function url(query: string, page = 1, dest = -1257786, base = SEARCH): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries({
    appType: 1,
    curr: 'rub',
    dest,
    query,
    resultset: 'catalog',
    page,
    sort: 'popular',
    spp: 30,
  }))
    u.searchParams.set(k, String(v));
  return u.toString();
}

async function get(pub: PublicSearchSim, u: string, headers: Record<string, string> = {}) {
  const res = await pub.handle({ method: 'GET', url: u, headers });
  return {
    status: res.status,
    headers: res.headers,
    json: res.body.startsWith('{') ? (JSON.parse(res.body) as Record<string, unknown>) : null,
    body: res.body,
  };
}

type P = {
  id: number;
  sizes: { price?: { basic: number; product: number } }[];
  log?: { promoPosition: number; position: number; cpm: number; tp: string };
};

function setup(seed = 1) {
  const sim = createWbSimulator({ orders: 200, seed });
  const pub = createPublicSearchSim(sim);
  const product = sim.dataset.products[0]!;
  const query = pub.queriesFor(product.nmId)[0]!;
  return { sim, pub, product, query };
}

describe('public search simulator', () => {
  it('is deterministic per seed and query; another region moves the seller’s cards a little', () => {
    const a = setup(3);
    const b = setup(3);
    expect(b.pub.results(a.query)).toEqual(a.pub.results(a.query));
    const spb = a.pub.results(a.query, 2);
    const ownMoscow = a.pub.results(a.query).filter((r) => r.own);
    for (const r of ownMoscow) {
      const there = spb.find((x) => x.nmId === r.nmId)!;
      expect(Math.abs(there.position - r.position)).toBeLessThanOrEqual(12);
    }
  });

  it('the seller’s cards stand at their starting positions among competitors, found by each way of typing', () => {
    const { pub, product, sim } = setup();
    for (const q of productQueries(product)) {
      const cards = pub.cardsFor(q.normquery);
      expect(cards.map((c) => c.nmId)).toContain(product.nmId);
      for (const text of q.texts) expect(pub.normqueryOf(text)).toBe(q.normquery);
      const list = pub.results(q.normquery);
      const own = list
        .filter((r) => r.own)
        .map((r) => r.nmId)
        .sort();
      expect(own).toEqual(cards.map((c) => c.nmId).sort());
      const expected = cards
        .map((c) => ({ nmId: c.nmId, at: basePosition(sim.dataset.seed, q.normquery, c.nmId) }))
        .sort((x, y) => x.at - y.at || x.nmId - y.nmId);
      // Inserted in order of their starting positions; a tie moves the later card one down.
      let last = 0;
      for (const e of expected) {
        const pos = list.find((r) => r.nmId === e.nmId)!.position;
        expect(pos).toBe(Math.max(e.at, last + 1));
        last = pos;
      }
    }
  });

  it('pages of 100 with positions, ads with their log, prices in kopecks, normquery and total', async () => {
    const { pub, query } = setup();
    const truth = pub.results(query);
    const pages = [];
    for (let p = 1; (p - 1) * 100 < truth.length + 100; p++) pages.push(await get(pub, url(query, p)));
    const products = pages.flatMap((p) => (p.json!.products as P[]) ?? []);
    expect(products.map((p) => p.id)).toEqual(truth.map((r) => r.nmId));
    expect((pages[0]!.json!.products as P[]).length).toBe(100);
    expect((pages[pages.length - 1]!.json!.products as P[]).length).toBe(0);
    expect(pages[0]!.json!.total).toBe(truth.length);
    expect((pages[0]!.json!.metadata as { normquery: string }).normquery).toBe(pub.normqueryOf(query));
    products.forEach((p, i) => {
      const r = truth[i]!;
      expect(p.sizes[0]!.price).toMatchObject({ basic: r.basicPriceKopecks, product: r.priceKopecks });
      if (r.ad)
        expect(p.log).toMatchObject({ promoPosition: i + 1, position: r.ad.organicPosition, cpm: r.ad.cpm, tp: 'b' });
      else expect(p.log).toBeUndefined();
    });
    expect(truth.filter((r) => r.ad && r.position <= 100).length).toBeGreaterThan(5);
    expect(truth.every((r) => !r.own || r.ad === null)).toBe(true);
  });

  it('moves and boosts cards when a test says so', async () => {
    const { pub, product, query } = setup();
    pub.setPosition(query, product.nmId, 150);
    expect(pub.results(query).find((r) => r.nmId === product.nmId)!.position).toBe(150);
    pub.setAd(query, product.nmId, { cpm: 777, organicPosition: 300 });
    const page2 = (await get(pub, url(query, 2))).json!.products as P[];
    expect(page2[49]).toMatchObject({ id: product.nmId, log: { promoPosition: 150, position: 300, cpm: 777 } });
    pub.setPosition(query, product.nmId, null);
    expect(pub.results(query).some((r) => r.nmId === product.nmId)).toBe(false);
  });

  it('answers the older host too, 404 for other versions, cards by `nm=a;b`', async () => {
    const { pub, query, product } = setup();
    expect(
      (await get(pub, url(query, 1, -1257786, 'https://search.wb.ru/exactmatch/ru/common/v18/search'))).status,
    ).toBe(200);
    expect(
      (await get(pub, url(query, 1, -1257786, 'https://u-search.wb.ru/exactmatch/ru/common/v13/search'))).status,
    ).toBe(404);
    const competitor = pub.results(query).find((r) => !r.own)!;
    const cards = await get(
      pub,
      `https://card.wb.ru/cards/v4/detail?appType=1&curr=rub&dest=-1257786&spp=30&nm=${product.nmId};${competitor.nmId};1`,
    );
    const list = cards.json!.products as { id: number; reviewRating: number; feedbacks: number }[];
    expect(list.map((c) => c.id)).toEqual([product.nmId, competitor.nmId]);
    expect(list[1]).toMatchObject({ reviewRating: competitor.rating, feedbacks: competitor.feedbacks });
    expect((await get(pub, 'https://card.wb.ru/cards/v2/detail?nm=1')).status).toBe(404);
    await expect(pub.fetch('https://example.com/x')).rejects.toBeInstanceOf(TypeError);
  });

  it('changed shapes and faults', async () => {
    const { pub, query } = setup();
    pub.setShape('legacy');
    expect(((await get(pub, url(query))).json!.data as { products: P[] }).products).toHaveLength(100);
    pub.setShape('renamed-list');
    const renamed = (await get(pub, url(query))).json!;
    expect(renamed.products).toBeUndefined();
    expect(renamed.goods).toHaveLength(100);
    pub.setShape('string-ids');
    expect(typeof ((await get(pub, url(query))).json!.products as { id: unknown }[])[0]!.id).toBe('string');
    pub.setShape('price-moved');
    const moved = ((await get(pub, url(query))).json!.products as (P & { salePriceU: number })[])[0]!;
    expect(moved.sizes[0]!.price).toBeUndefined();
    expect(moved.salePriceU).toBeGreaterThan(0);
    pub.setShape('current');
    pub.block({ status: 498, count: 2 });
    const b1 = await get(pub, url(query));
    expect(b1.status).toBe(498);
    expect(b1.body).toContain('<!DOCTYPE html>');
    expect((await get(pub, url(query))).status).toBe(498);
    pub.block({ status: 429, retryAfterSec: 60, target: 'card' });
    expect((await get(pub, url(query))).status).toBe(200);
    const limited = await get(pub, 'https://card.wb.ru/cards/v4/detail?nm=1');
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    pub.networkError();
    await expect(pub.fetch(url(query))).rejects.toBeInstanceOf(TypeError);
  });

  it('logs each request with whether it carried credentials', async () => {
    const { pub, query } = setup();
    await pub.fetch(url(query), { credentials: 'omit' });
    await pub.fetch(url(query), { headers: { Authorization: 'secret', Cookie: 'x=1' } });
    expect(pub.requests.map((r) => [r.authorization, r.cookie, r.credentials])).toEqual([
      [false, false, 'omit'],
      [true, true, null],
    ]);
    expect(JSON.stringify(pub.requests)).not.toContain('secret');
  });
});

describe('search report simulator: product/search-texts', () => {
  const PATH = `${HOSTS.analytics}/api/v2/search-report/product/search-texts`;
  const body = (nmIds: number[], extra: Record<string, unknown> = {}) => ({
    currentPeriod: { start: '2026-08-14', end: '2026-08-20' },
    nmIds,
    topOrderBy: 'openCard',
    orderBy: { field: 'orders', mode: 'desc' },
    limit: 30,
    ...extra,
  });

  it('a row per item and typed query, positions near the card’s starting position, sorted as asked', async () => {
    const sim = createWbSimulator({ orders: 200, rateLimits: false });
    const token = sim.token();
    const product = sim.dataset.products[1]!;
    const res = await call(sim, 'POST', PATH, { token, body: body([product.nmId]) });
    expect(res.status).toBe(200);
    const items = (
      res.json as {
        data: {
          items: { text: string; nmId: number; avgPosition: { current: number }; orders: { current: number } }[];
          currency: string;
        };
      }
    ).data.items;
    const texts = productQueries(product).flatMap((q) => q.texts.map((t) => ({ t, nq: q.normquery })));
    expect(items.map((i) => i.text).sort()).toEqual(texts.map((x) => x.t).sort());
    for (const it of items) {
      const nq = texts.find((x) => x.t === it.text)!.nq;
      expect(Math.abs(it.avgPosition.current - basePosition(sim.dataset.seed, nq, product.nmId))).toBeLessThanOrEqual(
        3,
      );
    }
    const orders = items.map((i) => i.orders.current);
    expect(orders).toEqual([...orders].sort((a, b) => b - a));
  });

  it.each([
    ['limit above 30 (no «Джем»)', { limit: 31 }, 'limit'],
    ['no nmIds', { nmIds: [] }, 'nmIds'],
    ['51 items', { nmIds: Array.from({ length: 51 }, (_, i) => i + 1) }, 'nmIds'],
    ['a bad topOrderBy', { topOrderBy: 'views' }, 'topOrderBy'],
    ['start after end', { currentPeriod: { start: '2026-08-20', end: '2026-08-14' } }, 'currentPeriod'],
    ['both sources off', { includeSubstitutedSKUs: false, includeSearchTexts: false }, 'includeSubstitutedSKUs'],
  ])('400 for %s', async (_label, extra, word) => {
    const sim = createWbSimulator({ orders: 200, rateLimits: false });
    const res = await call(sim, 'POST', PATH, {
      token: sim.token(),
      body: body([sim.dataset.products[0]!.nmId], extra),
    });
    expect(res.status).toBe(400);
    expect((res.json as { detail: string; origin: string }).detail).toContain(word);
    expect((res.json as { origin: string }).origin).toBe('analytic-open-api');
  });

  it('WB’s limits: a Base token once an hour; a token without «Аналитика» gets 401', async () => {
    const sim = createWbSimulator({ orders: 200 });
    const nm = sim.dataset.products[0]!.nmId;
    const base = sim.token({ type: 'base' });
    expect((await call(sim, 'POST', PATH, { token: base, body: body([nm]) })).status).toBe(200);
    expect((await call(sim, 'POST', PATH, { token: base, body: body([nm]) })).status).toBe(429);
    sim.clock.advance(3_600_000);
    expect((await call(sim, 'POST', PATH, { token: base, body: body([nm]) })).status).toBe(200);
    const noAnalytics = sim.token({ categories: ['statistics'] });
    expect((await call(sim, 'POST', PATH, { token: noAnalytics, body: body([nm]) })).status).toBe(401);
  });
});
