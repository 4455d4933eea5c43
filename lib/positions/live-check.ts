/**
 * One live check of a phrase: search pages through the adapter until the seller's cards are found (up to
 * `maxPages`), then the public cards of the competitors nearest above, and the result in the shapes the history,
 * the competitor view, the side-by-side table and the bidder use. Search failures throw (PublicSearchError); a card
 * failure only leaves competitors without ratings.
 * Contexts: background only.
 */
import type { PositionReading } from './official';
import { CARD_BATCH, PublicSearchError, type PublicSearch } from './public-search';
import {
  competitorsAbove,
  compareBid,
  locateCards,
  PAGE_SIZE,
  shouldFetchNextPage,
  snapshotOf,
  type BidComparison,
  type CardResult,
  type CheckSnapshot,
  type Competitor,
} from './rank';
import type { SearchPage } from './types';

export interface LiveCheckRequest {
  query: string;
  /** The seller's cards to look for. */
  nmIds: readonly number[];
  /** Region; the adapter's settings decide when absent. */
  dest?: number;
  /** Pages to look through at most (settings.maxPages; default 3). */
  maxPages?: number;
  /** Competitors above the seller's card to fetch public cards for, in one request (settings.competitorCards). */
  competitorCards?: number;
  /** The seller's current search bid for the best card, kopecks, to compare with the ad slots above. */
  sellerBidKopecks?: number | null;
  signal?: AbortSignal;
}

export interface LiveCheck {
  query: string;
  dest: number;
  startedAt: number;
  finishedAt: number;
  normQuery: string | null;
  total: number | null;
  pagesFetched: number;
  results: CardResult[];
  competitors: Competitor[];
  bid: BidComparison;
  /** Why competitors have no rating from their cards, if the card request failed. */
  cardsError: PublicSearchError | null;
}

/** Runs one live check (each request spaced and counted by the adapter). */
export async function runLiveCheck(search: PublicSearch, req: LiveCheckRequest): Promise<LiveCheck> {
  const maxPages = req.maxPages ?? 3;
  const startedAt = search.clock.now();
  const pages: SearchPage[] = [];
  while (shouldFetchNextPage(pages, req.nmIds, maxPages, PAGE_SIZE)) {
    pages.push(
      await search.searchPage({ query: req.query, page: pages.length + 1, dest: req.dest, signal: req.signal }),
    );
  }
  const results = locateCards(pages, req.nmIds);
  let competitors = competitorsAbove(pages, results);
  let cardsError: PublicSearchError | null = null;
  const wanted = Math.min(req.competitorCards ?? 0, CARD_BATCH);
  if (wanted > 0) {
    // The ones nearest above the seller's card: those it has to pass next.
    const need = competitors.filter((c) => c.ratingSource === null).slice(-wanted);
    if (need.length > 0) {
      try {
        const cards = await search.cards({ nmIds: need.map((c) => c.nmId), dest: req.dest, signal: req.signal });
        competitors = competitorsAbove(pages, results, cards);
      } catch (e) {
        if (!(e instanceof PublicSearchError)) throw e;
        cardsError = e;
      }
    }
  }
  const first = pages[0];
  return {
    query: req.query,
    dest: first?.dest ?? req.dest ?? 0,
    startedAt,
    finishedAt: search.clock.now(),
    normQuery: pages.find((p) => p.normQuery)?.normQuery ?? null,
    total: first?.total ?? null,
    pagesFetched: pages.length,
    results,
    competitors,
    bid: compareBid(competitors, req.sellerBidKopecks ?? null),
    cardsError,
  };
}

/** The check as a snapshot for drop-out detection (rank.ts `detectFirstPageChanges`). */
export function checkSnapshot(check: LiveCheck): CheckSnapshot {
  return snapshotOf(check.results, check.startedAt);
}

/** A live position as the bidder reads it for a rule that opted into live positions. */
export interface LivePosition {
  nmId: number;
  phrase: string;
  dest: number;
  at: number;
  /** Where the card shows (with its boost); null = not within `searchedTo`. */
  position: number | null;
  organicPosition: number | null;
  boosted: boolean;
  searchedTo: number;
}

export function livePositions(check: LiveCheck): LivePosition[] {
  return check.results.map((r) => ({
    nmId: r.nmId,
    phrase: check.query,
    dest: check.dest,
    at: check.startedAt,
    position: r.found ? r.position : null,
    organicPosition: r.found ? r.organicPosition : null,
    boosted: r.found && r.boosted,
    searchedTo: r.found ? r.position : r.searchedTo,
  }));
}

/** The check as readings for the side-by-side table (official.ts `sideBySide`). */
export function readingsFromLiveCheck(check: LiveCheck): PositionReading[] {
  return check.results.flatMap((r) => {
    const base = { nmId: r.nmId, phrase: check.query, at: check.startedAt };
    return [
      { ...base, source: 'live' as const, position: r.found ? r.position : null },
      { ...base, source: 'live-organic' as const, position: r.found ? r.organicPosition : null },
    ];
  });
}
