import { describe, expect, it } from 'vitest';
import { CMP_HOST, isCabinetPage, isTokenPage, SELLER_HOST, TOKEN_PAGE_URL } from '../../lib/cabinet/routes';

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
