import { describe, expect, it } from 'vitest';
import {
  campaignIdOf,
  CMP_HOST,
  isCabinetPage,
  isCampaignPage,
  isFinanceReportPage,
  isMainPage,
  isRegionSalePage,
  isStocksPage,
  isTokenPage,
  SELLER_HOST,
  TOKEN_PAGE_URL,
} from '../../lib/cabinet/routes';

/** Real cabinet pages (seller and ads cabinets). */
const CABINET = [
  'https://seller.wildberries.ru/',
  'https://seller.wildberries.ru',
  'https://seller.wildberries.ru/api-integrations',
  'https://seller.wildberries.ru/api-integrations?tab=1',
  'https://seller.wildberries.ru/supplier-settings/access-to-api',
  'https://seller.wildberries.ru/analytics-reports/sales-funnel',
  'https://seller.wildberries.ru/new-goods/all-goods',
  'https://seller.wildberries.ru/dp-promo-calendar?action=123',
  'https://seller.wildberries.ru/#/section',
  'https://SELLER.WILDBERRIES.RU/api-integrations',
  'https://cmp.wildberries.ru/campaigns/list',
  'https://cmp.wildberries.ru/campaigns/list/all?type=auction',
  'https://cmp.wildberries.ru/',
];

const NOT_CABINET = [
  'http://seller.wildberries.ru/',
  'http://seller.wildberries.ru/api-integrations',
  'http://cmp.wildberries.ru/campaigns/list',
  'https://www.wildberries.ru/',
  'https://wildberries.ru/',
  'https://www.wildberries.ru/catalog/12345/detail.aspx',
  'https://seller.wildberries.ru.evil.com/',
  'https://seller.wildberries.ru.evil.com/api-integrations',
  'https://evil.com/seller.wildberries.ru',
  'https://evil.com/?next=https://seller.wildberries.ru/',
  'https://seller.wildberries.ru@evil.com/',
  'https://xseller.wildberries.ru/',
  'https://seller-wildberries.ru/',
  'https://seller.wb.ru/',
  'https://seller-auth.wildberries.ru/',
  'https://statistics-api.wildberries.ru/ping',
  'https://cmp.wildberries.ru.evil.com/campaigns/list',
  'ftp://seller.wildberries.ru/',
  'wss://seller.wildberries.ru/',
  'chrome-extension://abc/popup.html',
  'seller.wildberries.ru/api-integrations',
  '//seller.wildberries.ru/',
  'not a url',
  '',
];

const TOKEN_PAGES = [
  'https://seller.wildberries.ru/api-integrations',
  'https://seller.wildberries.ru/api-integrations/',
  'https://seller.wildberries.ru/api-integrations?tab=1',
  'https://seller.wildberries.ru/api-integrations#create',
  'https://seller.wildberries.ru/supplier-settings/access-to-api',
  'https://seller.wildberries.ru/supplier-settings/access-to-api/',
  'https://seller.wildberries.ru/supplier-settings/access-to-api?x=1',
  'https://seller.wildberries.ru/supplier-settings/access-to-new-api',
];

const NOT_TOKEN_PAGES = [
  'https://seller.wildberries.ru/',
  'https://seller.wildberries.ru/api-integrations/tokens/123',
  'https://seller.wildberries.ru/api-integrations-old',
  'https://seller.wildberries.ru/old/api-integrations',
  'https://seller.wildberries.ru/supplier-settings',
  'https://seller.wildberries.ru/supplier-settings/access-to-api/edit',
  'https://seller.wildberries.ru/supplier-settings/access-to-old-api',
  'https://seller.wildberries.ru/?page=/api-integrations',
  'https://seller.wildberries.ru/#/api-integrations',
  'http://seller.wildberries.ru/api-integrations',
  'http://seller.wildberries.ru/supplier-settings/access-to-api',
  'https://cmp.wildberries.ru/api-integrations',
  'https://cmp.wildberries.ru/campaigns/list',
  'https://www.wildberries.ru/api-integrations',
  'https://seller.wildberries.ru.evil.com/api-integrations',
  'https://evil.com/seller.wildberries.ru/api-integrations',
  'https://evil.com/api-integrations',
  'not a url',
  '',
];

describe('isCabinetPage', () => {
  it.each(CABINET)('%s is a cabinet page', (url) => {
    expect(isCabinetPage(url)).toBe(true);
  });

  it.each(NOT_CABINET)('%j is not a cabinet page', (url) => {
    expect(isCabinetPage(url)).toBe(false);
  });

  it('accepts URL objects', () => {
    expect(isCabinetPage(new URL('https://cmp.wildberries.ru/campaigns/list'))).toBe(true);
    expect(isCabinetPage(new URL('https://www.wildberries.ru/'))).toBe(false);
  });

  it('defaults to the current location (not a cabinet in the test page)', () => {
    expect(isCabinetPage()).toBe(isCabinetPage(location.href));
    expect(isCabinetPage()).toBe(false);
  });

  it('uses the two cabinet hosts', () => {
    expect([SELLER_HOST, CMP_HOST]).toEqual(['seller.wildberries.ru', 'cmp.wildberries.ru']);
  });
});

describe('isTokenPage', () => {
  it.each(TOKEN_PAGES)('%s is a token page', (url) => {
    expect(isTokenPage(url)).toBe(true);
    expect(isCabinetPage(url)).toBe(true);
  });

  it.each(NOT_TOKEN_PAGES)('%j is not a token page', (url) => {
    expect(isTokenPage(url)).toBe(false);
  });

  it('the page the extension links to is a token page', () => {
    expect(TOKEN_PAGE_URL).toBe('https://seller.wildberries.ru/api-integrations');
    expect(isTokenPage(TOKEN_PAGE_URL)).toBe(true);
    expect(isTokenPage(new URL(TOKEN_PAGE_URL))).toBe(true);
  });

  it('a token page is always a cabinet page; no non-cabinet URL is a token page', () => {
    for (const url of [...CABINET, ...NOT_CABINET]) {
      if (isTokenPage(url)) expect(isCabinetPage(url)).toBe(true);
    }
    for (const url of NOT_CABINET) expect(isTokenPage(url)).toBe(false);
  });
});

/** Real cabinet URLs of each analytics panel's pages, and look-alikes that must not match. */
const PANEL_ROUTES: { name: string; fn: (u: string) => boolean; yes: string[]; no: string[] }[] = [
  {
    name: 'isMainPage',
    fn: isMainPage,
    yes: [
      'https://seller.wildberries.ru/',
      'https://seller.wildberries.ru',
      'https://seller.wildberries.ru/?from=menu',
      'https://seller.wildberries.ru/#top',
      'https://SELLER.WILDBERRIES.RU/',
    ],
    no: [
      'http://seller.wildberries.ru/',
      'https://seller.wildberries.ru/analytics-reports/region-sale',
      'https://seller.wildberries.ru/api-integrations',
      'https://seller.wildberries.ru/new-goods/all-goods',
      'https://cmp.wildberries.ru/',
      'https://www.wildberries.ru/',
      'https://seller.wildberries.ru.evil.com/',
      'https://evil.com/?u=https://seller.wildberries.ru/',
      'not a url',
    ],
  },
  {
    name: 'isRegionSalePage',
    fn: isRegionSalePage,
    yes: [
      'https://seller.wildberries.ru/analytics-reports/region-sale',
      'https://seller.wildberries.ru/analytics-reports/region-sale/',
      'https://seller.wildberries.ru/analytics-reports/region-sale?dateFrom=2026-11-01&dateTo=2026-11-26',
    ],
    no: [
      'https://seller.wildberries.ru/analytics-reports/region-sale-old',
      'https://seller.wildberries.ru/analytics-reports/summary-report',
      'https://seller.wildberries.ru/analytics-reports/warehouse-remains',
      'https://seller.wildberries.ru/region-sale',
      'https://cmp.wildberries.ru/analytics-reports/region-sale',
      'http://seller.wildberries.ru/analytics-reports/region-sale',
      'https://seller.wildberries.ru/',
    ],
  },
  {
    name: 'isStocksPage',
    fn: isStocksPage,
    yes: [
      'https://seller.wildberries.ru/analytics-reports/warehouse-remains',
      'https://seller.wildberries.ru/analytics-reports/warehouse-remains?type=wb',
      'https://seller.wildberries.ru/marketplace-stocks-management',
      'https://seller.wildberries.ru/marketplace-stocks-management/',
      'https://seller.wildberries.ru/marketplace-stocks-management/warehouses/123',
    ],
    no: [
      'https://seller.wildberries.ru/analytics-reports/warehouse-remains-old',
      'https://seller.wildberries.ru/analytics-reports/paid-storage/storage',
      'https://seller.wildberries.ru/content-analytics/history-remains',
      'https://seller.wildberries.ru/marketplace-stocks',
      'https://seller.wildberries.ru/supplies-management/new-supply/choose-date',
      'https://cmp.wildberries.ru/marketplace-stocks-management',
      'https://seller.wildberries.ru/',
    ],
  },
  {
    name: 'isFinanceReportPage',
    fn: isFinanceReportPage,
    yes: [
      'https://seller.wildberries.ru/suppliers-mutual-settlements',
      'https://seller.wildberries.ru/suppliers-mutual-settlements/',
      'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly',
      'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly-new',
      'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-daily',
      'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly-new/details/298765432',
      'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly?period=2026-11',
    ],
    no: [
      'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/acquiring-reports',
      'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations',
      'https://seller.wildberries.ru/suppliers-mutual-settlements-old',
      'https://seller.wildberries.ru/dynamic-product-categories/commission',
      'https://cmp.wildberries.ru/suppliers-mutual-settlements',
      'https://seller.wildberries.ru/',
    ],
  },
  {
    name: 'isCampaignPage',
    fn: isCampaignPage,
    yes: [
      'https://cmp.wildberries.ru/campaigns/list/all/edit/search/12345678',
      'https://cmp.wildberries.ru/campaigns/list/active/edit/auction/24681357',
      'https://cmp.wildberries.ru/campaigns/edit/search/12345678',
      'https://cmp.wildberries.ru/campaigns/statistics/details/12345678?type=9',
      'https://cmp.wildberries.ru/cmpf/details/12345678',
      'https://cmp.wildberries.ru/cmpf/statistics/12345678',
      'https://cmp.wildberries.ru/cmpf/statistics?advertId=12345678',
      'https://cmp.wildberries.ru/campaigns/12345678',
    ],
    no: [
      'https://cmp.wildberries.ru/',
      'https://cmp.wildberries.ru/campaigns/list',
      'https://cmp.wildberries.ru/campaigns/list/all?type=auction',
      'https://cmp.wildberries.ru/campaigns/finances',
      'https://cmp.wildberries.ru/cmpf/list',
      'https://cmp.wildberries.ru/cmpf/statistics',
      'https://cmp.wildberries.ru/campaigns/edit/search/abc',
      'https://cmp.wildberries.ru/other/12345678',
      'https://seller.wildberries.ru/campaigns/edit/search/12345678',
      'http://cmp.wildberries.ru/campaigns/edit/search/12345678',
      'https://cmp.wildberries.ru.evil.com/campaigns/edit/search/12345678',
    ],
  },
];

describe.each(PANEL_ROUTES)('$name', ({ fn, yes, no }) => {
  it.each(yes)('%s matches', (url) => {
    expect(fn(url)).toBe(true);
    expect(isCabinetPage(url)).toBe(true);
  });
  it.each(no)('%j does not match', (url) => {
    expect(fn(url)).toBe(false);
  });
});

describe('analytics panel pages', () => {
  it('each panel page matches exactly one panel, and never a token page', () => {
    for (const url of PANEL_ROUTES.flatMap((r) => r.yes)) {
      expect(PANEL_ROUTES.filter((r) => r.fn(url)).map((r) => r.name)).toHaveLength(1);
      expect(isTokenPage(url)).toBe(false);
    }
  });

  it('token pages and other cabinet pages have no analytics panel', () => {
    for (const url of [
      ...TOKEN_PAGES,
      'https://seller.wildberries.ru/new-goods/all-goods',
      'https://cmp.wildberries.ru/campaigns/list',
    ]) {
      expect(PANEL_ROUTES.filter((r) => r.fn(url)).map((r) => r.name)).toEqual([]);
    }
  });

  it('parses the campaign id from the URL', () => {
    expect(campaignIdOf('https://cmp.wildberries.ru/campaigns/list/all/edit/search/12345678')).toBe(12345678);
    expect(campaignIdOf('https://cmp.wildberries.ru/cmpf/statistics?advertId=987654')).toBe(987654);
    expect(campaignIdOf('https://cmp.wildberries.ru/campaigns/statistics/details/555444?type=9')).toBe(555444);
    expect(campaignIdOf('https://cmp.wildberries.ru/campaigns/list')).toBeNull();
    expect(campaignIdOf('https://seller.wildberries.ru/campaigns/edit/search/12345678')).toBeNull();
  });
});
