/**
 * WB API hosts by token category (wb-api.md §2). Contexts: any (pure data).
 * Only hosts this extension actually calls are listed in the manifest's host permissions.
 */
import type { WbCategory } from '../token/categories';

/** Production host of each category's API; `null` where Seller Lens calls nothing there. */
export const CATEGORY_HOSTS: Partial<Record<WbCategory, string>> = {
  content: 'content-api.wildberries.ru',
  analytics: 'seller-analytics-api.wildberries.ru',
  statistics: 'statistics-api.wildberries.ru',
  promotion: 'advert-api.wildberries.ru',
  finance: 'finance-api.wildberries.ru',
};

/** The host that answers `/api/v1/seller-info` and takes a token of any category. */
export const COMMON_HOST = 'common-api.wildberries.ru';

/** Every WB API host the extension may reach with a token. Nothing else ever sees one. */
export const API_HOSTS: readonly string[] = [COMMON_HOST, ...Object.values(CATEGORY_HOSTS)];

export const API_HOST_PERMISSIONS: readonly string[] = API_HOSTS.map((h) => `https://${h}/*`);

/** Pages the content script runs on: the seller cabinet and the ads cabinet. */
export const CABINET_MATCHES = ['https://seller.wildberries.ru/*', 'https://cmp.wildberries.ru/*'];

/** True for a URL on one of WB's API hosts over HTTPS (the only place a token may be sent). */
export function isWbApiUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && API_HOSTS.includes(u.hostname);
  } catch {
    return false;
  }
}
