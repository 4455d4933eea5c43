/**
 * Official positions: the search report (`product/search-texts`) through the WB client against the simulator,
 * phrase suggestions, what happens where the token does not allow it, and the side-by-side table of every source.
 */
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi, WbApiError } from '../../../lib/wb-api';
import {
  fetchSearchTexts,
  lastDays,
  POSITION_SOURCE_LABELS,
  readingsFromBoosterStats,
  readingsFromNormqueryStats,
  readingsFromSearchReport,
  searchTextsEndpoint,
  sideBySide,
  suggestionsFrom,
  suggestPhrases,
  type OfficialQueryStat,
  type PositionSource,
} from '../../../lib/positions/official';
import { createWbSimulator, type SimTokenOptions } from '../../sim/index';
import { productQueries } from '../../sim/dataset/search-queries';
import { createVirtualClock } from '../../helpers/virtual-clock';

const PATH = '/api/v2/search-report/product/search-texts';

async function setup(tokenOpts: SimTokenOptions = {}) {
  const sim = createWbSimulator({ orders: 200 });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const added = await keyring.add(sim.token(tokenOpts));
  if (!added.ok) throw new Error(added.error.message);
  const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5 });
  return { sim, clock, client: api.client, sellerId: added.token.sellerId };
}

describe('the search-report endpoint', () => {
  it('is WB’s POST on seller-analytics-api, category «Аналитика», read-only', () => {
    expect(searchTextsEndpoint).toMatchObject({ method: 'POST', path: PATH, category: 'analytics', write: false });
  });

  it('unwraps `data` and keeps what it reads; extra fields WB may add do no harm', () => {
    const row = {
      text: 'платье летнее',
      nmId: 1,
      frequency: { current: 10, dynamics: 5 },
      weekFrequency: 70,
      medianPosition: { current: 4 },
      avgPosition: { current: 5 },
      openCard: { current: 3, percentile: 50 },
      addToCart: { current: 1, percentile: 50 },
      openToCart: { current: 33, percentile: 50 },
      orders: { current: 1, percentile: 50 },
      cartToOrder: { current: 100, percentile: 50 },
      visibility: { current: 80 },
      somethingNew: true,
    };
    const parsed = searchTextsEndpoint.response.parse({ data: { items: [row], currency: 'RUB' } });
    expect(parsed.items[0]).toMatchObject({ text: 'платье летнее', avgPosition: { current: 5 } });
    const { avgPosition: _gone, ...withoutPosition } = row;
    expect(
      searchTextsEndpoint.response.safeParse({ data: { items: [withoutPosition], currency: 'RUB' } }).success,
    ).toBe(false);
  });

  it('the last 7 Moscow days', () => {
    expect(lastDays(Date.UTC(2026, 7, 20, 21, 30), 7)).toEqual({ start: '2026-08-15', end: '2026-08-21' });
  });
});

describe('fetching the search report', () => {
  it('one row per item and query, for the seller’s items; 50 items a request', async () => {
    const { sim, client, sellerId } = await setup();
    const products = sim.dataset.products.slice(0, 51);
    const stats = await fetchSearchTexts(
      client,
      sellerId,
      products.map((p) => p.nmId),
      { topOrderBy: 'openCard' },
    );
    expect(sim.requests.filter((r) => r.path === PATH).map((r) => r.status)).toEqual([200, 200]);
    const first = products[0]!;
    const texts = productQueries(first).flatMap((q) => q.texts);
    const mine = stats.filter((s) => s.nmId === first.nmId);
    // WB's top holds 30 rows per request (no «Джем»): whichever of this item's queries made it are its own.
    expect(stats.length).toBeLessThanOrEqual(60);
    for (const s of mine) expect(texts).toContain(s.phrase);
    for (const s of stats) {
      expect(s.avgPosition).toBeGreaterThan(0);
      expect(s.medianPosition).toBeLessThanOrEqual(s.avgPosition);
      expect(s.period).toEqual(lastDays(sim.clock.now(), 7));
    }
  });

  it('refuses a limit WB would refuse', async () => {
    const { client, sellerId } = await setup();
    await expect(fetchSearchTexts(client, sellerId, [1], { limit: 101 })).rejects.toThrow(/limit/);
  });
});

describe('suggesting phrases', () => {
  const stat = (phrase: string, orders: number, openCard: number, frequency = 100, nmId = 7): OfficialQueryStat => ({
    nmId,
    phrase,
    period: { start: '2026-08-14', end: '2026-08-20' },
    avgPosition: 10,
    medianPosition: 8,
    frequency,
    weekFrequency: frequency,
    openCard,
    addToCart: 0,
    orders,
    visibility: 50,
  });

  it('queries that brought orders or card opens, most orders first, one per cluster, none already tracked', () => {
    const stats = [
      stat('платье летнее', 2, 40),
      stat('летнее платье', 9, 10), // the same cluster, more orders: this one is suggested
      stat('сарафан', 0, 25),
      stat('платье миди', 0, 0), // nothing came of it
      stat('платье в цветочек', 2, 60),
      stat('платье макси', 5, 5, 100, 8), // another item
      stat('Платье льняное', 1, 1),
    ];
    expect(suggestionsFrom(stats, 7, ['платье, льняное']).map((s) => [s.phrase, s.orders, s.openCard])).toEqual([
      ['летнее платье', 9, 10],
      ['платье в цветочек', 2, 60],
      ['сарафан', 0, 25],
    ]);
  });

  it('for a SKU through the simulator: phrases buyers typed for it', async () => {
    const { sim, client, sellerId } = await setup();
    const product = sim.dataset.products[4]!;
    const res = await suggestPhrases(client, sellerId, product.nmId);
    expect(res.available).toBe(true);
    if (!res.available) return;
    const texts = productQueries(product).flatMap((q) => q.texts);
    for (const s of res.suggestions) expect(texts).toContain(s.phrase);
    const withSomething = res.stats.filter((s) => s.orders > 0 || s.openCard > 0);
    expect(res.suggestions.length).toBeGreaterThan(0);
    expect(res.suggestions.length).toBeLessThanOrEqual(withSomething.length);
  });

  it('where the token does not allow it: not available, with the client’s message for the seller', async () => {
    const { sim, client, sellerId } = await setup({ categories: ['statistics', 'promotion'] });
    const res = await suggestPhrases(client, sellerId, sim.dataset.products[0]!.nmId);
    expect(res.available).toBe(false);
    if (res.available) return;
    expect(res.error.kind).toBe('no-token');
    expect(res.error.message).toContain('«Аналитика»');
    expect(sim.requests).toHaveLength(0);
  });

  it('a Base token may ask once an hour: the second ask throws with the time to come back', async () => {
    const { sim, client, sellerId, clock } = await setup({ type: 'base' });
    const nm = sim.dataset.products[0]!.nmId;
    expect((await suggestPhrases(client, sellerId, nm)).available).toBe(true);
    let err: unknown;
    try {
      await suggestPhrases(client, sellerId, nm);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WbApiError);
    expect((err as WbApiError).kind).toBe('rate-limited');
    expect((err as WbApiError).retryAt).toBeGreaterThanOrEqual(clock.now() + 55 * 60_000);
    expect(sim.requests.filter((r) => r.path === PATH)).toHaveLength(1);
  });
});

describe('every source side by side', () => {
  it('rows per item and cluster, a column per source, the latest reading per source; labels for all', () => {
    const period = { start: '2026-08-14', end: '2026-08-20' };
    const report: OfficialQueryStat[] = [
      { ...baseStat(7, 'платье летнее', 12, 9), period },
      { ...baseStat(7, 'платье летнее', 15, 11), period: { start: '2026-08-07', end: '2026-08-13' } },
    ];
    const readings = [
      ...readingsFromSearchReport(report),
      ...readingsFromNormqueryStats([{ nm_id: 7, norm_query: 'летнее платье', avg_pos: 6.5 }], period),
      ...readingsFromBoosterStats([
        { date: '2026-08-19T00:00:00Z', nm: 7, avg_position: 4 },
        { date: '2026-08-20T00:00:00Z', nm: 7, avg_position: 3 },
      ]),
      { nmId: 7, phrase: 'Летнее платье!', source: 'live' as const, position: 5, at: Date.UTC(2026, 7, 20, 9) },
      { nmId: 8, phrase: 'платье летнее', source: 'live' as const, position: null, at: Date.UTC(2026, 7, 20, 9) },
    ];
    const rows = sideBySide(readings);
    expect(rows.map((r) => [r.nmId, r.clusterKey])).toEqual([
      [7, 'летнее платье'],
      [7, ''],
      [8, 'летнее платье'],
    ]);
    const dress = rows[0]!.bySource;
    expect(dress['search-report-avg']?.position).toBe(12);
    expect(dress['search-report-median']?.position).toBe(9);
    expect(dress['normquery-avg']?.position).toBe(6.5);
    expect(dress.live?.position).toBe(5);
    expect(rows[1]!.bySource['fullstats-avg']?.position).toBe(3);
    expect(rows[2]!.bySource.live?.position).toBeNull();
    const sources: PositionSource[] = [
      'live',
      'live-organic',
      'search-report-avg',
      'search-report-median',
      'normquery-avg',
      'fullstats-avg',
    ];
    for (const s of sources) expect(POSITION_SOURCE_LABELS[s].ru.length).toBeGreaterThan(3);
  });
});

function baseStat(nmId: number, phrase: string, avg: number, median: number): Omit<OfficialQueryStat, 'period'> {
  return {
    nmId,
    phrase,
    avgPosition: avg,
    medianPosition: median,
    frequency: 1,
    weekFrequency: 1,
    openCard: 1,
    addToCart: 0,
    orders: 0,
    visibility: 1,
  };
}
