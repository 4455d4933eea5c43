/**
 * WB API hosts the simulator answers (wb-api.md §2): the token category each one needs, its sandbox twin, and the
 * `origin` WB's gateway writes into error bodies there.
 */
import type { WbCategory } from '../../lib/token/categories';
import { CATEGORY_HOSTS, COMMON_HOST } from '../../lib/wb-api/hosts';

/** Category bit a token needs on each production host; null = any token (common-api). */
export const HOST_CATEGORY: Readonly<Record<string, WbCategory | null>> = {
  [COMMON_HOST]: null,
  [CATEGORY_HOSTS.content!]: 'content',
  [CATEGORY_HOSTS.analytics!]: 'analytics',
  [CATEGORY_HOSTS.statistics!]: 'statistics',
  [CATEGORY_HOSTS.promotion!]: 'promotion',
  [CATEGORY_HOSTS.finance!]: 'finance',
  'advert-media-api.wildberries.ru': 'promotion',
  'discounts-prices-api.wildberries.ru': 'prices',
  'dp-calendar-api.wildberries.ru': 'prices',
  'marketplace-api.wildberries.ru': 'marketplace',
  'feedbacks-api.wildberries.ru': 'feedbacks',
  'buyer-chat-api.wildberries.ru': 'chat',
  'supplies-api.wildberries.ru': 'supplies',
  'returns-api.wildberries.ru': 'returns',
  'documents-api.wildberries.ru': 'documents',
  'user-management-api.wildberries.ru': 'users',
};

/** Production hosts that have a `-sandbox` twin (only Test tokens work there). */
const SANDBOXED = new Set([
  'content-api.wildberries.ru',
  'discounts-prices-api.wildberries.ru',
  'marketplace-api.wildberries.ru',
  'statistics-api.wildberries.ru',
  'advert-api.wildberries.ru',
  'feedbacks-api.wildberries.ru',
  'supplies-api.wildberries.ru',
]);

export interface HostInfo {
  /** The production host (the sandbox twin maps to it). */
  host: string;
  sandbox: boolean;
  category: WbCategory | null;
}

/** Which WB API host a hostname is; null for anything the simulator does not answer. */
export function hostInfo(hostname: string): HostInfo | null {
  const h = hostname.toLowerCase();
  if (h in HOST_CATEGORY) return { host: h, sandbox: false, category: HOST_CATEGORY[h]! };
  const m = /^([a-z-]+)-sandbox\.wildberries\.ru$/.exec(h);
  if (m) {
    const prod = `${m[1]}.wildberries.ru`;
    if (SANDBOXED.has(prod)) return { host: prod, sandbox: true, category: HOST_CATEGORY[prod]! };
  }
  return null;
}

/** Every hostname the simulator answers (production and sandbox). */
export function allSimHosts(): string[] {
  return [
    ...Object.keys(HOST_CATEGORY),
    ...[...SANDBOXED].map((h) => h.replace('.wildberries.ru', '-sandbox.wildberries.ru')),
  ];
}

const ORIGINS: Readonly<Record<string, string>> = {
  [COMMON_HOST]: 's2s-api-auth-catalog',
  'statistics-api.wildberries.ru': 's2s-api-auth-stat',
  'seller-analytics-api.wildberries.ru': 's2s-api-auth-analytics',
  'advert-api.wildberries.ru': 's2s-api-auth-adv',
  'content-api.wildberries.ru': 's2s-api-auth-content',
  'finance-api.wildberries.ru': 's2s-finance',
};

/** `origin` of the auth gateway's error bodies on a host. */
export function authOrigin(host: string): string {
  return ORIGINS[host] ?? 's2s-api-auth-catalog';
}
