/**
 * What the live position checks work with: one page of WB's public search and one public card, as the adapter
 * (./public-search.ts) hands them out after validation. Contexts: any (pure types).
 */

/** `log` of an ad-boosted item in WB's public search (wb-api.md §7). */
export interface AdLog {
  /** Where the item would stand without the boost (organic position); null when WB left it out. */
  position: number | null;
  /** The ad slot the boost bought; null when WB left it out. */
  promoPosition: number | null;
  /** The bid WB shows, in roubles per 1000 views (UNVERIFIED unit: what open-source trackers read); null when absent. */
  cpm: number | null;
  /** WB's ad type marker (e.g. "b"); null when absent. */
  tp: string | null;
}

/** One item of a public search page. */
export interface SearchProduct {
  nmId: number;
  name: string;
  brand: string;
  supplier: string | null;
  supplierId: number | null;
  /** Price with discounts (`sizes[].price.product`, the lowest over sizes), kopecks; null when no size has a price. */
  priceKopecks: number | null;
  /** Price before discounts (`sizes[].price.basic`), kopecks; null when absent. */
  basicPriceKopecks: number | null;
  /** Rating and review count when the search answer carries them (not documented there; the card always does). */
  rating: number | null;
  feedbacks: number | null;
  /** The ad boost, or null for an organic item. */
  ad: AdLog | null;
}

/** One page (up to 100 items) of WB's public search for a query and region. */
export interface SearchPage {
  query: string;
  dest: number;
  /** 1-based page number. */
  page: number;
  products: SearchProduct[];
  /** WB's normalized query (`metadata.normquery`), when it gave one. */
  normQuery: string | null;
  /** WB's count of results for the query, when it gave one. */
  total: number | null;
  /** When the page was fetched (clock ms). */
  fetchedAt: number;
}

/** A product card from WB's public card endpoint. */
export interface PublicCard {
  nmId: number;
  name: string;
  brand: string;
  /** Rating by reviews (`reviewRating`), 0–5. */
  rating: number;
  /** Number of reviews (`feedbacks`). */
  feedbacks: number;
  /** Number of photos (`pics`). */
  pics: number;
  /** Price with discounts (`sizes[].price.product`, lowest), kopecks; null when no size has a price. */
  priceKopecks: number | null;
}
