/**
 * Positions across pages, ad-boosted against organic, the competitor list, bid comparison and drop-out detection.
 * Pages come from the recorded-shape fixtures (read by the adapter's parser) or are built by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseCards, parseSearchPage } from '../../../lib/positions/public-search';
import {
  bestCard,
  compareBid,
  competitorsAbove,
  detectFirstPageChanges,
  locateCards,
  positionOf,
  shouldFetchNextPage,
  type CheckSnapshot,
  type Competitor,
} from '../../../lib/positions/rank';
import type { SearchPage, SearchProduct } from '../../../lib/positions/types';
import { AD_CARD_AT_117, CARD_AT_42, fixture, MISSING_CARD, QUERY, THREE_PAGES } from './helpers';

type Raw = { products: { id: number; log?: { cpm: number } }[] };

function fixturePages(): SearchPage[] {
  return Object.entries(THREE_PAGES).map(([n, name]) =>
    parseSearchPage(fixture(name), { query: QUERY, dest: -1257786, page: Number(n), fetchedAt: 0 }),
  );
}

function item(nmId: number, ad: SearchProduct['ad'] = null): SearchProduct {
  return {
    nmId,
    name: `item ${nmId}`,
    brand: 'B',
    supplier: null,
    supplierId: null,
    priceKopecks: 100_00,
    basicPriceKopecks: null,
    rating: null,
    feedbacks: null,
    ad,
  };
}

/** A page of `size` items numbered from `first`. */
function page(n: number, size: number, first = n * 1000): Pick<SearchPage, 'page' | 'products' | 'total'> {
  return { page: n, products: Array.from({ length: size }, (_, i) => item(first + i)), total: null };
}

describe('position = index + 1 + 100 × (page − 1)', () => {
  it.each([
    [0, 1, 1],
    [99, 1, 100],
    [0, 2, 101],
    [41, 1, 42],
    [16, 2, 117],
    [44, 3, 245],
    [99, 5, 500],
  ])('index %i on page %i is position %i', (index, p, expected) => {
    expect(positionOf(index, p)).toBe(expected);
  });
});

describe('finding the seller’s cards across pages', () => {
  it('organic on page 1, ad-boosted on page 2, missing after the last short page', () => {
    const results = locateCards(fixturePages(), [MISSING_CARD, AD_CARD_AT_117, CARD_AT_42]);
    expect(results).toEqual([
      { nmId: MISSING_CARD, found: false, searchedTo: 245 },
      {
        nmId: AD_CARD_AT_117,
        found: true,
        page: 2,
        index: 16,
        position: 117,
        boosted: true,
        organicPosition: 160,
        promoPosition: 117,
        cpmRub: 300,
      },
      {
        nmId: CARD_AT_42,
        found: true,
        page: 1,
        index: 41,
        position: 42,
        boosted: false,
        organicPosition: 42,
        promoPosition: null,
        cpmRub: null,
      },
    ]);
    expect(bestCard(results)?.nmId).toBe(CARD_AT_42);
  });

  it('the first appearance counts when a card shows twice', () => {
    const p1 = page(1, 100);
    p1.products[5] = item(7, { position: 80, promoPosition: 6, cpm: 500, tp: 'b' });
    p1.products[79] = item(7);
    const [r] = locateCards([p1], [7]);
    expect(r).toMatchObject({ found: true, position: 6, boosted: true, organicPosition: 80 });
  });

  it('an ad whose log has no organic position has none', () => {
    const p1 = page(1, 10);
    p1.products[2] = item(9, { position: null, promoPosition: 3, cpm: 200, tp: null });
    expect(locateCards([p1], [9])[0]).toMatchObject({ position: 3, boosted: true, organicPosition: null });
  });

  it('when to fetch another page', () => {
    const full1 = page(1, 100);
    const full2 = page(2, 100);
    const short2 = page(2, 40);
    const own1 = full1.products[10]!.nmId;
    expect(shouldFetchNextPage([], [own1], 3)).toBe(true);
    expect(shouldFetchNextPage([full1], [own1], 3)).toBe(false); // all found
    expect(shouldFetchNextPage([full1], [own1, 42], 3)).toBe(true); // one missing
    expect(shouldFetchNextPage([full1, short2], [42], 3)).toBe(false); // the results ended
    expect(shouldFetchNextPage([full1, full2], [42], 2)).toBe(false); // maxPages
    expect(shouldFetchNextPage([full1], [42], 1)).toBe(false);
    expect(shouldFetchNextPage([{ ...full1, total: 100 }], [42], 3)).toBe(false); // WB's total reached
    expect(shouldFetchNextPage([{ ...full1, total: 101 }], [42], 3)).toBe(true);
  });
});

describe('competitors above the seller’s best card', () => {
  it('every card above it in order, ads marked with their bids, prices in roubles', () => {
    const pages = fixturePages();
    const raw = fixture('search-page1.json') as Raw;
    const results = locateCards(pages, [CARD_AT_42, AD_CARD_AT_117]);
    const list = competitorsAbove(pages, results);
    expect(list.map((c) => c.position)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(list.map((c) => c.nmId)).toEqual(raw.products.slice(0, 41).map((p) => p.id));
    expect(list.filter((c) => c.isAd).map((c) => [c.position, c.cpmRub, c.bidKopecks])).toEqual([
      [1, 1450, 145_000],
      [2, 1200, 120_000],
      [3, 1100, 110_000],
      [5, 900, 90_000],
      [8, 650, 65_000],
    ]);
    const eleventh = list[10]!;
    expect(eleventh.priceKopecks).toBe(336_000);
    expect(eleventh.priceRub).toBe(3360);
    expect(list.every((c) => c.ratingSource === null && c.rating === null)).toBe(true);
  });

  it('public cards add rating and reviews (and the card’s price)', () => {
    const pages = fixturePages();
    const results = locateCards(pages, [CARD_AT_42]);
    const cards = parseCards(fixture('card-detail.json'));
    const list = competitorsAbove(pages, results, cards);
    const byNm = new Map(list.map((c) => [c.nmId, c]));
    expect(byNm.get(180_000_000)).toMatchObject({
      rating: 4.7,
      feedbacks: 1532,
      ratingSource: 'card',
      priceKopecks: 339_000,
    });
    expect(byNm.get(180_055_433)).toMatchObject({
      rating: 0,
      feedbacks: 0,
      ratingSource: 'card',
      position: 8,
      isAd: true,
    });
    expect(list.filter((c) => c.ratingSource === 'card')).toHaveLength(3);
  });

  it('when none of the seller’s cards is found, the whole first page is the competition', () => {
    const pages = fixturePages();
    const list = competitorsAbove(pages, locateCards(pages, [MISSING_CARD]));
    expect(list).toHaveLength(100);
    expect(list[99]!.position).toBe(100);
  });

  it('the seller’s own cards are never competitors', () => {
    const p1 = page(1, 100);
    const own = [p1.products[3]!.nmId, p1.products[20]!.nmId];
    const list = competitorsAbove([p1], locateCards([p1], own));
    expect(list.map((c) => c.position)).toEqual([1, 2, 3]);
  });
});

describe('how the seller’s bid compares', () => {
  const ads = (bids: (number | null)[]): Competitor[] =>
    bids.map((b, i) => ({
      position: i + 1,
      nmId: i + 1,
      name: '',
      brand: '',
      supplier: null,
      supplierId: null,
      isAd: true,
      promoPosition: i + 1,
      organicPosition: null,
      cpmRub: b === null ? null : b / 100,
      bidKopecks: b,
      priceKopecks: null,
      priceRub: null,
      rating: null,
      feedbacks: null,
      ratingSource: null,
    }));

  it('against the fixture’s ad slots above position 42', () => {
    const pages = fixturePages();
    const list = competitorsAbove(pages, locateCards(pages, [CARD_AT_42]));
    expect(compareBid(list, 100_000)).toEqual({
      adsAbove: 5,
      withBid: 5,
      highestKopecks: 145_000,
      lowestKopecks: 65_000,
      medianKopecks: 110_000,
      nearestAboveKopecks: 65_000,
      sellerBidKopecks: 100_000,
      higherBids: 3,
      notHigherBids: 2,
    });
  });

  it('an even count takes the middle two for the median; ads without a bid count as ads only', () => {
    const c = compareBid(ads([40_000, null, 30_000, 20_000, 10_000]), 30_000);
    expect(c).toMatchObject({ adsAbove: 5, withBid: 4, medianKopecks: 25_000, higherBids: 1, notHigherBids: 3 });
    expect(c.nearestAboveKopecks).toBe(10_000);
  });

  it('no ads, or no bid of the seller', () => {
    expect(compareBid([], 10_000)).toMatchObject({ adsAbove: 0, highestKopecks: null, medianKopecks: null });
    expect(compareBid(ads([20_000]), null)).toMatchObject({ higherBids: 0, notHigherBids: 0, sellerBidKopecks: null });
  });
});

describe('dropping out of the first page between two checks', () => {
  const snap = (at: number, cards: [number, number | null, (number | null)?][]): CheckSnapshot => ({
    at,
    cards: cards.map(([nmId, position, organicPosition]) => ({ nmId, position, organicPosition })),
  });

  it.each([
    ['42 → 150', 42, 150, 'dropped'],
    ['42 → not found', 42, null, 'dropped'],
    ['100 → 101 (the boundary)', 100, 101, 'dropped'],
    ['150 → 42', 150, 42, 'returned'],
    ['not found → 7', null, 7, 'returned'],
    ['101 → 100', 101, 100, 'returned'],
    ['42 → 90', 42, 90, null],
    ['150 → 250', 150, 250, null],
    ['not found → not found', null, null, null],
  ])('%s', (_label, before, after, kind) => {
    const alerts = detectFirstPageChanges(snap(1, [[5, before]]), snap(2, [[5, after]]));
    if (kind === null) expect(alerts).toEqual([]);
    else expect(alerts).toEqual([{ nmId: 5, kind, before, after, at: 2 }]);
  });

  it('a card tracked only since the second check has nothing to compare with', () => {
    expect(detectFirstPageChanges(snap(1, [[5, 10]]), snap(2, [[6, 300]]))).toEqual([]);
  });

  it('on the organic basis, a boost that keeps the card on page 1 does not hide the drop', () => {
    const prev = snap(1, [[5, 30, 80]]);
    const curr = snap(2, [[5, 4, 160]]);
    expect(detectFirstPageChanges(prev, curr)).toEqual([]);
    expect(detectFirstPageChanges(prev, curr, { basis: 'organic' })).toEqual([
      { nmId: 5, kind: 'dropped', before: 80, after: 160, at: 2 },
    ]);
  });
});
