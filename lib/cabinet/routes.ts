/**
 * What we know of WB's cabinet pages: pure route predicates, each tested against real cabinet URLs.
 * Contexts: any (pure).
 */

export const SELLER_HOST = 'seller.wildberries.ru';
export const CMP_HOST = 'cmp.wildberries.ru';

/** Where WB makes API tokens today. */
export const TOKEN_PAGE_URL = `https://${SELLER_HOST}/api-integrations`;

function asUrl(url: string | URL | Location): URL | null {
  // The router hands every predicate the same URL: no need to parse it again.
  if (url instanceof URL) return url;
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

function sellerPath(url: string | URL | Location): string | null {
  const u = asUrl(url);
  if (!u || u.protocol !== 'https:' || u.hostname !== SELLER_HOST) return null;
  return u.pathname.replace(/\/+$/, '') || '/';
}

/** The seller cabinet's main page (`/`), where the overview panel lives. */
export function isMainPage(url: string | URL | Location = location): boolean {
  return sellerPath(url) === '/';
}

/** WB's «Продажи по регионам» report (`/analytics-reports/region-sale`). */
export function isRegionSalePage(url: string | URL | Location = location): boolean {
  return sellerPath(url) === '/analytics-reports/region-sale';
}

/** Stock pages: the warehouse remains report and the marketplace stock management (with their sub-pages). */
export function isStocksPage(url: string | URL | Location = location): boolean {
  const p = sellerPath(url);
  return !!p && /^\/(analytics-reports\/warehouse-remains|marketplace-stocks-management)(\/|$)/.test(p);
}

/**
 * Finance reports: the mutual settlements page and its realization reports (`reports-implementations/reports-*`,
 * with a report id or not). Not the acquiring reports: they have no per-SKU figures.
 */
export function isFinanceReportPage(url: string | URL | Location = location): boolean {
  const p = sellerPath(url);
  if (!p) return false;
  return (
    p === '/suppliers-mutual-settlements' ||
    /^\/suppliers-mutual-settlements\/reports-implementations\/reports-(?!.*acquiring)[\w-]+(\/[\w-]+)*$/.test(p)
  );
}

const CAMPAIGN_ID = /^\d{3,12}$/;

/**
 * The campaign id of a campaign page on the ads cabinet, or null: `/campaigns/…/edit/search/123`,
 * `/campaigns/statistics/details/123`, `/cmpf/details/123`, `/cmpf/statistics/123`, or a list-free page of
 * `/campaigns` or `/cmpf` with `?advertId=123` (or `campaignId`, `id`).
 */
export function campaignIdOf(url: string | URL | Location = location): number | null {
  const u = asUrl(url);
  if (!u || u.protocol !== 'https:' || u.hostname !== CMP_HOST) return null;
  const parts = u.pathname.split('/').filter(Boolean);
  if (parts[0] !== 'campaigns' && parts[0] !== 'cmpf') return null;
  const last = parts.at(-1) ?? '';
  if (parts.length >= 2 && CAMPAIGN_ID.test(last)) return Number(last);
  for (const key of ['advertId', 'advert_id', 'campaignId', 'id']) {
    const v = u.searchParams.get(key);
    if (v && CAMPAIGN_ID.test(v)) return Number(v);
  }
  return null;
}

/** A campaign's page in the ads cabinet (cmp.wildberries.ru) with its id in the URL. */
export function isCampaignPage(url: string | URL | Location = location): boolean {
  return campaignIdOf(url) !== null;
}
