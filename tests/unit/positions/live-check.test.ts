/**
 * Live checks end to end against the simulated public search (tests/sim/public-search.ts): positions across pages,
 * ad-boosted against organic, competitors with their cards, drop-out between two checks, WB changing its format
 * (official positions keep working), pushback, spacing and the daily cap, and no credentials on public hosts.
 * Expected values come from the simulator's own result lists, not from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { checkSnapshot, livePositions, readingsFromLiveCheck, runLiveCheck } from '../../../lib/positions/live-check';
import { fetchSearchTexts, readingsFromSearchReport, sideBySide } from '../../../lib/positions/official';
import { createPublicSearch, PublicSearchError, SEARCH_FORMAT_CHANGED } from '../../../lib/positions/public-search';
import { detectFirstPageChanges } from '../../../lib/positions/rank';
import type { LiveChecksSettings } from '../../../lib/positions/schedule';
import { createWbSimulator } from '../../sim/index';
import { simQueryKey } from '../../sim/dataset/search-queries';
import { createPublicSearchSim, type PublicSearchSim, type SimResult } from '../../sim/public-search';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { enabled } from './helpers';

const DAY = 86_400_000;

function setup(overrides: Partial<LiveChecksSettings> = {}) {
  const sim = createWbSimulator({ orders: 200 });
  const pub = createPublicSearchSim(sim, { fallbackFetch: sim.fetch });
  const clock = createVirtualClock(0, sim.clock);
  const settings = enabled(overrides);
  const search = createPublicSearch({ fetch: pub.fetch, clock, random: () => 0, settings });
  return { sim, pub, clock, search, settings };
}

/** The first of the seller's queries whose own cards (in the simulator's truth) satisfy `want`. */
function findQuery(
  sim: ReturnType<typeof createWbSimulator>,
  pub: PublicSearchSim,
  want: (own: SimResult[]) => boolean,
) {
  for (const p of sim.dataset.products) {
    for (const q of pub.queriesFor(p.nmId)) {
      const own = pub.results(q).filter((r) => r.own);
      if (want(own)) return { query: q, own };
    }
  }
  throw new Error('no such query in the simulated data');
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

describe('a live check of a phrase', () => {
  it('finds each of the seller’s cards where WB lists it, up to three pages, and says which it did not find', async () => {
    const { sim, pub, search } = setup();
    const { query, own } = findQuery(
      sim,
      pub,
      (o) => o.length >= 2 && o.some((r) => r.position <= 100) && o.some((r) => r.position > 300),
    );
    const check = await runLiveCheck(search, { query, nmIds: own.map((r) => r.nmId), maxPages: 3 });
    expect(check.pagesFetched).toBe(3);
    expect(check.normQuery).toBe(pub.normqueryOf(query));
    expect(check.total).toBe(pub.results(query).length);
    for (const r of own) {
      const got = check.results.find((x) => x.nmId === r.nmId)!;
      if (r.position <= 300) expect(got).toMatchObject({ found: true, position: r.position, boosted: false });
      else expect(got).toEqual({ nmId: r.nmId, found: false, searchedTo: 300 });
    }
    expect(pub.requests.filter((x) => x.path.endsWith('/search')).map((x) => x.query.page)).toEqual(['1', '2', '3']);
  });

  it('stops after the first page when every card is on it', async () => {
    const { sim, pub, search } = setup({ competitorCards: 0 });
    const { query, own } = findQuery(sim, pub, (o) => o.length > 0 && o.every((r) => r.position <= 100));
    const check = await runLiveCheck(search, { query, nmIds: own.map((r) => r.nmId) });
    expect(check.pagesFetched).toBe(1);
    expect(pub.requests).toHaveLength(1);
    expect(check.results.every((r) => r.found)).toBe(true);
  });

  it('an ad-boosted card: shown position, promo slot, organic position and bid', async () => {
    const { sim, pub, search } = setup();
    const { query, own } = findQuery(sim, pub, (o) => o.some((r) => r.position > 5 && r.position <= 100));
    const card = own.find((r) => r.position > 5 && r.position <= 100)!;
    pub.setAd(query, card.nmId, { cpm: 555, organicPosition: 230 });
    const check = await runLiveCheck(search, { query, nmIds: [card.nmId] });
    expect(check.results[0]).toEqual({
      nmId: card.nmId,
      found: true,
      page: 1,
      index: card.position - 1,
      position: card.position,
      boosted: true,
      organicPosition: 230,
      promoPosition: card.position,
      cpmRub: 555,
    });
    expect(livePositions(check)[0]).toMatchObject({ position: card.position, organicPosition: 230, boosted: true });
  });

  it('competitors above the best card: ads and bids as WB shows them, ratings from the nearest cards', async () => {
    const { sim, pub, search, clock } = setup();
    const { query, own } = findQuery(sim, pub, (o) => o.some((r) => r.position >= 30 && r.position <= 100));
    const truth = pub.results(query);
    const best = Math.min(...own.map((r) => r.position));
    const above = truth.filter((r) => r.position < best);
    const check = await runLiveCheck(search, {
      query,
      nmIds: own.map((r) => r.nmId),
      competitorCards: 5,
      sellerBidKopecks: 40_000,
    });
    expect(check.competitors.map((c) => [c.position, c.nmId, c.isAd, c.cpmRub])).toEqual(
      above.map((r) => [r.position, r.nmId, r.ad !== null, r.ad?.cpm ?? null]),
    );
    const withCards = check.competitors.filter((c) => c.ratingSource === 'card');
    expect(withCards.map((c) => c.nmId)).toEqual(above.slice(-5).map((r) => r.nmId));
    for (const c of withCards) {
      const r = above.find((x) => x.nmId === c.nmId)!;
      expect([c.rating, c.feedbacks, c.priceRub]).toEqual([r.rating, r.feedbacks, r.priceKopecks / 100]);
    }
    const cardRequest = pub.requests[pub.requests.length - 1]!;
    expect(cardRequest.host).toBe('card.wb.ru');
    expect(cardRequest.query.nm).toBe(
      above
        .slice(-5)
        .map((r) => r.nmId)
        .join(';'),
    );
    const adBids = above.filter((r) => r.ad).map((r) => Math.round(r.ad!.cpm * 100));
    expect(check.bid).toMatchObject({
      adsAbove: adBids.length,
      higherBids: adBids.filter((b) => b > 40_000).length,
      notHigherBids: adBids.filter((b) => b <= 40_000).length,
      highestKopecks: adBids.length ? Math.max(...adBids) : null,
    });
    expect(check.finishedAt - check.startedAt).toBe(pub.requests.length > 1 ? (pub.requests.length - 1) * 8000 : 0);
    expect(clock.now()).toBe(check.finishedAt);
  });

  it('a card that left the first page between two daily checks raises the alert', async () => {
    const { sim, pub, search, clock } = setup({ competitorCards: 0 });
    const { query, own } = findQuery(sim, pub, (o) => o.some((r) => r.position <= 100));
    const card = own.find((r) => r.position <= 100)!;
    const nmIds = own.map((r) => r.nmId);
    const first = await runLiveCheck(search, { query, nmIds });
    pub.setPosition(query, card.nmId, 150);
    clock.advance(DAY);
    const second = await runLiveCheck(search, { query, nmIds });
    const alerts = detectFirstPageChanges(checkSnapshot(first), checkSnapshot(second));
    expect(alerts.find((a) => a.nmId === card.nmId)).toEqual({
      nmId: card.nmId,
      kind: 'dropped',
      before: card.position,
      after: 150,
      at: second.startedAt,
    });
    // Any other alert is a card that the move shifted across position 100, in the simulator's truth.
    const now = pub.results(query);
    for (const a of alerts.filter((x) => x.nmId !== card.nmId)) {
      const before = own.find((r) => r.nmId === a.nmId)!.position;
      const after = now.find((r) => r.nmId === a.nmId)!.position;
      expect(before <= 100).not.toBe(after <= 100);
    }
  });

  it('a card request that fails leaves the positions and competitors, without ratings', async () => {
    const { sim, pub, search } = setup();
    const { query, own } = findQuery(sim, pub, (o) => o.some((r) => r.position >= 10 && r.position <= 100));
    pub.setCardShape('string-rating');
    const check = await runLiveCheck(search, { query, nmIds: own.map((r) => r.nmId), competitorCards: 3 });
    expect(check.cardsError?.kind).toBe('format-changed');
    expect(check.cardsError?.endpoint).toBe('card');
    expect(check.competitors.length).toBeGreaterThan(0);
    expect(check.competitors.every((c) => c.ratingSource === null)).toBe(true);
    expect(check.results.some((r) => r.found)).toBe(true);
  });
});

describe('when WB changes or pushes back', () => {
  it('a changed search shape: the exact message, no more requests, and official positions keep working', async () => {
    const { sim, pub, search, clock } = setup();
    const keyring = createKeyring({ now: () => clock.now() });
    const added = await keyring.add(sim.token());
    if (!added.ok) throw new Error(added.error.message);
    const api = createWbApi({ keyring, fetch: pub.fetch, clock, random: () => 0.5 });
    const product = sim.dataset.products[0]!;
    const [query] = pub.queriesFor(product.nmId);
    pub.setShape('renamed-list');
    const err = await failure(runLiveCheck(search, { query: query!, nmIds: [product.nmId] }));
    expect(err.message).toBe('WB изменил формат поиска: живые позиции временно недоступны');
    expect(err.message).toBe(SEARCH_FORMAT_CHANGED);
    expect(pub.requests).toHaveLength(1);
    const again = await failure(runLiveCheck(search, { query: query!, nmIds: [product.nmId] }));
    expect(again.message).toBe(SEARCH_FORMAT_CHANGED);
    expect(pub.requests).toHaveLength(1);
    const official = await fetchSearchTexts(api.client, added.token.sellerId, [product.nmId]);
    expect(official.length).toBeGreaterThan(0);
    expect(official.every((s) => s.nmId === product.nmId && s.avgPosition > 0)).toBe(true);
  });

  it('the anti-bot page pauses live checks; nothing is retried behind WB’s back', async () => {
    const { sim, pub, search, clock } = setup();
    const product = sim.dataset.products[0]!;
    const [query] = pub.queriesFor(product.nmId);
    pub.block({ status: 498 });
    const err = await failure(runLiveCheck(search, { query: query!, nmIds: [product.nmId] }));
    expect(err.kind).toBe('blocked');
    await failure(runLiveCheck(search, { query: query!, nmIds: [product.nmId] }));
    expect(pub.requests).toHaveLength(1);
    clock.set(err.retryAt!);
    await runLiveCheck(search, { query: query!, nmIds: [product.nmId] });
    expect(pub.requests.length).toBeGreaterThan(1);
  });
});

describe('pacing and credentials over many checks', () => {
  it('requests at least 8 s apart, the daily cap stops the run, and no token or cookie reaches a public host', async () => {
    const { sim, pub, search, clock } = setup({ dailyCap: 10, competitorCards: 2 });
    const keyring = createKeyring({ now: () => clock.now() });
    const added = await keyring.add(sim.token());
    if (!added.ok) throw new Error(added.error.message);
    const api = createWbApi({ keyring, fetch: pub.fetch, clock, random: () => 0.5 });
    const products = sim.dataset.products.slice(0, 20);
    let capped: PublicSearchError | null = null;
    for (const p of products) {
      // Official and live side by side, through the same fetch.
      await fetchSearchTexts(api.client, added.token.sellerId, [p.nmId]);
      try {
        await runLiveCheck(search, { query: pub.queriesFor(p.nmId)[0]!, nmIds: [p.nmId], competitorCards: 2 });
      } catch (e) {
        if (!(e instanceof PublicSearchError)) throw e;
        capped = e;
        break;
      }
    }
    expect(capped?.kind).toBe('daily-cap');
    expect(pub.requests).toHaveLength(10);
    for (let i = 1; i < pub.requests.length; i++) {
      expect(pub.requests[i]!.time - pub.requests[i - 1]!.time).toBeGreaterThanOrEqual(8000);
    }
    for (const r of pub.requests) {
      expect(r.authorization).toBe(false);
      expect(r.cookie).toBe(false);
      expect(r.credentials).toBe('omit');
    }
    // The seller-API calls did carry the token (the simulator knows whose it was).
    expect(sim.requests.length).toBeGreaterThan(0);
    expect(sim.requests.every((r) => r.sellerId === added.token.sellerId)).toBe(true);
  });
});

describe('official and live positions side by side', () => {
  it('one row per item and phrase cluster, a column per source', async () => {
    const { sim, pub, search, clock } = setup({ competitorCards: 0 });
    const keyring = createKeyring({ now: () => clock.now() });
    const added = await keyring.add(sim.token());
    if (!added.ok) throw new Error(added.error.message);
    const api = createWbApi({ keyring, fetch: pub.fetch, clock, random: () => 0.5 });
    const product = sim.dataset.products[2]!;
    const stats = await fetchSearchTexts(api.client, added.token.sellerId, [product.nmId]);
    // A query WB reports under one text only (the simulator's own grouping), so its row has one official number.
    const reversed = stats.find(
      (s) =>
        s.phrase.split(' ').length >= 2 &&
        stats.filter((o) => simQueryKey(o.phrase) === simQueryKey(s.phrase)).length === 1,
    )!;
    // The seller tracks the phrase with its words the other way round: still one row.
    const phrase = reversed.phrase.split(' ').reverse().join(' ');
    const check = await runLiveCheck(search, { query: phrase, nmIds: [product.nmId] });
    const rows = sideBySide([...readingsFromSearchReport(stats), ...readingsFromLiveCheck(check)]);
    const row = rows.find((r) => r.bySource.live)!;
    expect(row.nmId).toBe(product.nmId);
    expect(row.bySource['search-report-avg']?.position).toBe(reversed.avgPosition);
    expect(row.bySource['search-report-median']?.position).toBe(reversed.medianPosition);
    const truth = pub.results(phrase).find((r) => r.nmId === product.nmId)!;
    expect(row.bySource.live?.position).toBe(truth.position <= 300 ? truth.position : null);
    expect(rows.filter((r) => r.nmId === product.nmId && r.bySource.live)).toHaveLength(1);
  });
});
