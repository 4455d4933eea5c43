/**
 * WB's public search and card endpoints that live checks call, and the host permissions they need. Pure data, so
 * wxt.config.ts can import it for `optional_host_permissions`. Contexts: any.
 */

/**
 * The search endpoint in use. `u-search.wb.ru` with v18 is what 2026 trackers call; the older `search.wb.ru` host
 * "sometimes returns 400/429" (wb-api.md §7). There is deliberately no automatic fallback to it: a second try on
 * another host doubles the requests exactly when WB is pushing back, and its versions answer other shapes. When WB
 * moves, this constant (or the adapter's `endpoints` option) changes in one place.
 */
export const SEARCH_ENDPOINT = { host: 'u-search.wb.ru', version: 'v18' } as const;
/** The card endpoint in use (v1/v2 answer 404 in 2026). */
export const CARD_ENDPOINT = { host: 'card.wb.ru', version: 'v4' } as const;

/**
 * Host permissions live checks need. Declare them as `optional_host_permissions` and request them when the seller
 * turns live checks on (`browser.permissions.request({ origins: [...PUBLIC_HOST_PERMISSIONS] })`, from a click).
 */
export const PUBLIC_HOST_PERMISSIONS: readonly string[] = [
  `https://${SEARCH_ENDPOINT.host}/*`,
  `https://${CARD_ENDPOINT.host}/*`,
];
