/**
 * Positions from pages of WB's public search: where each of the seller's cards stands (as shown, and organically
 * for an ad-boosted card), when to fetch another page, the competitors above the seller's best card with their ad
 * slots and bids, how the seller's bid compares, and whether a card dropped out of (or came back to) the first page.
 * Contexts: any (pure).
 */
import type { PublicCard, SearchPage, SearchProduct } from './types';

/** Items on one page of WB's search. */
export const PAGE_SIZE = 100;

/** Position of the item at `index` (0-based) on `page` (1-based): index + 1 + 100 × (page − 1). */
export function positionOf(index: number, page: number, pageSize = PAGE_SIZE): number {
  return index + 1 + pageSize * (page - 1);
}

type PageLike = Pick<SearchPage, 'page' | 'products'>;

export interface CardFound {
  nmId: number;
  found: true;
  page: number;
  index: number;
  /** Where the card shows in the results: index + 1 + 100 × (page − 1). */
  position: number;
  boosted: boolean;
  /**
   * Where it would stand without the ad: `log.position` for a boosted card (null if WB left it out), the shown
   * position otherwise.
   */
  organicPosition: number | null;
  /** The ad slot (`log.promoPosition`) of a boosted card. */
  promoPosition: number | null;
  /** The bid WB shows for the boosted card (`log.cpm`, roubles per 1000 views). */
  cpmRub: number | null;
}

export interface CardNotFound {
  nmId: number;
  found: false;
  /** The card is not among the first `searchedTo` results. */
  searchedTo: number;
}

export type CardResult = CardFound | CardNotFound;

function searchedTo(pages: readonly PageLike[], pageSize: number): number {
  if (pages.length === 0) return 0;
  const last = pages[pages.length - 1]!;
  return pageSize * (last.page - 1) + last.products.length;
}

/** Finds the seller's cards in the fetched pages (the first appearance counts), in the order of `nmIds`. */
export function locateCards(pages: readonly PageLike[], nmIds: Iterable<number>, pageSize = PAGE_SIZE): CardResult[] {
  const wanted = [...new Set(nmIds)];
  const hits = new Map<number, CardFound>();
  for (const page of pages) {
    page.products.forEach((p, index) => {
      if (hits.has(p.nmId) || !wanted.includes(p.nmId)) return;
      const position = positionOf(index, page.page, pageSize);
      const boosted = p.ad !== null;
      hits.set(p.nmId, {
        nmId: p.nmId,
        found: true,
        page: page.page,
        index,
        position,
        boosted,
        organicPosition: boosted ? p.ad!.position : position,
        promoPosition: p.ad?.promoPosition ?? null,
        cpmRub: p.ad?.cpm ?? null,
      });
    });
  }
  const depth = searchedTo(pages, pageSize);
  return wanted.map((nmId) => hits.get(nmId) ?? { nmId, found: false, searchedTo: depth });
}

/**
 * Whether another page is worth fetching: not when every card is found, the last page was short (the results
 * ended), WB's total is reached, or `maxPages` pages are in.
 */
export function shouldFetchNextPage(
  pages: readonly (PageLike & { total?: number | null })[],
  nmIds: Iterable<number>,
  maxPages: number,
  pageSize = PAGE_SIZE,
): boolean {
  if (pages.length === 0) return true;
  if (pages.length >= maxPages) return false;
  const last = pages[pages.length - 1]!;
  if (last.products.length < pageSize) return false;
  if (last.total != null && last.page * pageSize >= last.total) return false;
  return locateCards(pages, nmIds, pageSize).some((r) => !r.found);
}

/** The seller's best-placed card (smallest shown position), or null when none was found. */
export function bestCard(results: readonly CardResult[]): CardFound | null {
  let best: CardFound | null = null;
  for (const r of results) if (r.found && (!best || r.position < best.position)) best = r;
  return best;
}

export interface Competitor {
  position: number;
  nmId: number;
  name: string;
  brand: string;
  supplier: string | null;
  supplierId: number | null;
  /** An ad slot: the item is boosted. */
  isAd: boolean;
  promoPosition: number | null;
  /** Its organic position (`log.position` for an ad, the shown position otherwise). */
  organicPosition: number | null;
  /** The bid WB shows (`log.cpm`), roubles per 1000 views, and the same in kopecks as WB's bid API counts them. */
  cpmRub: number | null;
  bidKopecks: number | null;
  priceKopecks: number | null;
  /** Price in roubles (kopecks / 100). */
  priceRub: number | null;
  rating: number | null;
  feedbacks: number | null;
  /** Where rating and reviews came from: the public card, the search answer, or nowhere yet. */
  ratingSource: 'card' | 'search' | null;
}

export function rubToKopecks(rub: number): number {
  return Math.round(rub * 100);
}

export function kopecksToRub(kopecks: number): number {
  return kopecks / 100;
}

function competitorOf(p: SearchProduct, position: number, card: PublicCard | undefined): Competitor {
  const price = card?.priceKopecks ?? p.priceKopecks;
  const fromSearch = p.rating !== null || p.feedbacks !== null;
  return {
    position,
    nmId: p.nmId,
    name: p.name,
    brand: p.brand,
    supplier: p.supplier,
    supplierId: p.supplierId,
    isAd: p.ad !== null,
    promoPosition: p.ad?.promoPosition ?? null,
    organicPosition: p.ad ? p.ad.position : position,
    cpmRub: p.ad?.cpm ?? null,
    bidKopecks: p.ad?.cpm != null ? rubToKopecks(p.ad.cpm) : null,
    priceKopecks: price,
    priceRub: price === null ? null : kopecksToRub(price),
    rating: card ? card.rating : p.rating,
    feedbacks: card ? card.feedbacks : p.feedbacks,
    ratingSource: card ? 'card' : fromSearch ? 'search' : null,
  };
}

/**
 * The cards above the seller's best card, in result order, with ad slots marked. When no card of the seller was
 * found, the whole first page (the cards a buyer sees first) is returned instead. `cards` (from the public card
 * endpoint) add rating, reviews and a fresher price.
 */
export function competitorsAbove(
  pages: readonly PageLike[],
  results: readonly CardResult[],
  cards: readonly PublicCard[] = [],
  pageSize = PAGE_SIZE,
): Competitor[] {
  const best = bestCard(results);
  const limit = best ? best.position - 1 : pageSize;
  const own = new Set(results.map((r) => r.nmId));
  const byNm = new Map(cards.map((c) => [c.nmId, c]));
  const out: Competitor[] = [];
  for (const page of pages) {
    page.products.forEach((p, index) => {
      const position = positionOf(index, page.page, pageSize);
      if (position > limit || own.has(p.nmId)) return;
      out.push(competitorOf(p, position, byNm.get(p.nmId)));
    });
  }
  return out;
}

export interface BidComparison {
  /** Ad slots above the seller's card, and how many of them show a bid. */
  adsAbove: number;
  withBid: number;
  highestKopecks: number | null;
  lowestKopecks: number | null;
  medianKopecks: number | null;
  /** The bid of the nearest ad above the seller's card (the one to pass first). */
  nearestAboveKopecks: number | null;
  sellerBidKopecks: number | null;
  /** Ads above bidding more than the seller. */
  higherBids: number;
  /**
   * Ads above bidding less than (or the same as) the seller: WB ranks by more than the bid (CTR, relevance), so a
   * higher bid alone does not buy the slot.
   */
  notHigherBids: number;
}

/** How the seller's search bid (kopecks) compares with the bids WB shows for the ad slots above its card. */
export function compareBid(competitors: readonly Competitor[], sellerBidKopecks: number | null): BidComparison {
  const ads = competitors.filter((c) => c.isAd);
  const bids = ads.map((c) => c.bidKopecks).filter((b): b is number => b !== null);
  const sorted = [...bids].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
  const nearest = [...ads].reverse().find((c) => c.bidKopecks !== null);
  return {
    adsAbove: ads.length,
    withBid: bids.length,
    highestKopecks: sorted.length ? sorted[sorted.length - 1]! : null,
    lowestKopecks: sorted.length ? sorted[0]! : null,
    medianKopecks: median,
    nearestAboveKopecks: nearest?.bidKopecks ?? null,
    sellerBidKopecks,
    higherBids: sellerBidKopecks === null ? 0 : bids.filter((b) => b > sellerBidKopecks).length,
    notHigherBids: sellerBidKopecks === null ? 0 : bids.filter((b) => b <= sellerBidKopecks).length,
  };
}

/** The part of a finished check that drop-out detection needs. */
export interface CheckSnapshot {
  at: number;
  cards: readonly { nmId: number; position: number | null; organicPosition?: number | null }[];
}

/** A snapshot of a check's results (not found = null). */
export function snapshotOf(results: readonly CardResult[], at: number): CheckSnapshot {
  return {
    at,
    cards: results.map((r) =>
      r.found
        ? { nmId: r.nmId, position: r.position, organicPosition: r.organicPosition }
        : { nmId: r.nmId, position: null, organicPosition: null },
    ),
  };
}

export interface FirstPageAlert {
  nmId: number;
  kind: 'dropped' | 'returned';
  before: number | null;
  after: number | null;
  at: number;
}

/**
 * Cards that left the first page between two consecutive successful checks (or came back to it). Pass only
 * successful checks: a failed one says nothing about positions. `basis` picks the shown position (default: what a
 * buyer sees, with the boost) or the organic one.
 */
export function detectFirstPageChanges(
  prev: CheckSnapshot,
  curr: CheckSnapshot,
  opts: { basis?: 'shown' | 'organic'; pageSize?: number } = {},
): FirstPageAlert[] {
  const pageSize = opts.pageSize ?? PAGE_SIZE;
  const pick = (c: CheckSnapshot['cards'][number]) =>
    opts.basis === 'organic' ? (c.organicPosition ?? null) : c.position;
  const onFirst = (p: number | null) => p !== null && p <= pageSize;
  const before = new Map(prev.cards.map((c) => [c.nmId, pick(c)]));
  const alerts: FirstPageAlert[] = [];
  for (const c of curr.cards) {
    if (!before.has(c.nmId)) continue;
    const b = before.get(c.nmId)!;
    const a = pick(c);
    if (onFirst(b) && !onFirst(a)) alerts.push({ nmId: c.nmId, kind: 'dropped', before: b, after: a, at: curr.at });
    if (!onFirst(b) && onFirst(a)) alerts.push({ nmId: c.nmId, kind: 'returned', before: b, after: a, at: curr.at });
  }
  return alerts;
}
