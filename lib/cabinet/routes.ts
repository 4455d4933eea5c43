/**
 * What we know of WB's cabinet pages: pure route predicates, each tested against real cabinet URLs.
 * Contexts: any (pure).
 */

export const SELLER_HOST = 'seller.wildberries.ru';
export const CMP_HOST = 'cmp.wildberries.ru';

/** Where WB makes API tokens today. */
export const TOKEN_PAGE_URL = `https://${SELLER_HOST}/api-integrations`;

function asUrl(url: string | URL | Location): URL | null {
  try {
    return new URL(String(url));
  } catch {
    return null;
  }
}

/** Any page of the seller cabinet or the ads cabinet, over HTTPS. */
export function isCabinetPage(url: string | URL | Location = location): boolean {
  const u = asUrl(url);
  return !!u && u.protocol === 'https:' && (u.hostname === SELLER_HOST || u.hostname === CMP_HOST);
}

/** The token pages: `/api-integrations` (current) and `/supplier-settings/access-to-api` (older cabinets). */
export function isTokenPage(url: string | URL | Location = location): boolean {
  const u = asUrl(url);
  if (!u || u.protocol !== 'https:' || u.hostname !== SELLER_HOST) return false;
  return /^\/(api-integrations|supplier-settings\/access-to-(new-)?api)\/?$/.test(u.pathname);
}
