/**
 * The cabinet's analytics panels in real Chromium: a seller synced from the WB simulator, then each panel on its
 * routed cabinet page (saved-like HTML served as seller.wildberries.ru / cmp.wildberries.ru) with its figures, and on
 * no other page; SPA navigation away removes it; folding is remembered. The expected figures are computed here from
 * the rows in the extension's IndexedDB, independently of the extension's own code. Screenshots go to artifacts/.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, fixtureHtml, test } from './fixtures';
import { SELLER_A } from '../sim';

test.use({ simOptions: { sellers: [SELLER_A], orders: 2000 } });

type PanelId = 'overview' | 'regions' | 'stocks' | 'finance' | 'campaign';

const PAGES: { panel: PanelId; url: string; fixture: string }[] = [
  { panel: 'overview', url: 'https://seller.wildberries.ru/', fixture: 'cabinet/main.html' },
  {
    panel: 'regions',
    url: 'https://seller.wildberries.ru/analytics-reports/region-sale',
    fixture: 'cabinet/region-sale.html',
  },
  {
    panel: 'stocks',
    url: 'https://seller.wildberries.ru/analytics-reports/warehouse-remains',
    fixture: 'cabinet/warehouse-remains.html',
  },
  {
    panel: 'stocks',
    url: 'https://seller.wildberries.ru/marketplace-stocks-management',
    fixture: 'cabinet/marketplace-stocks.html',
  },
  {
    panel: 'finance',
    url: 'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly-new',
    fixture: 'cabinet/finance-reports.html',
  },
];

const MSK = 3 * 3_600_000;
const mskDay = (ms: number) => new Date(ms + MSK).toISOString().slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Whitespace-free, so the thousands separators of either side do not matter. */
const squash = (s: string | null) => (s ?? '').replace(/\s/g, '');
/** Kopecks as «1234,50₽» (squashed), as Russians write amounts. */
const rubSquashed = (kopecks: number) => {
  const neg = kopecks < 0;
  const a = Math.abs(kopecks);
  return `${neg ? '−' : ''}${Math.floor(a / 100)},${String(a % 100).padStart(2, '0')}₽`;
};

interface Rows {
  orders: { date: string; regionName: string; gNumber: string }[];
  stocks: { quantity: number; inWayToClient: number; inWayFromClient: number }[];
  finance: Record<string, string | number>[];
  adStats: { advertId: number; date: string; views: number; clicks: number }[];
  campaigns: { advertId: number; name: string }[];
  states: { dataset: string; phase: string; lastError: string | null; skipReason: string | null }[];
}

/** The rows the checks need, straight from the extension's IndexedDB. */
async function readRows(sw: Worker): Promise<Rows | null> {
  return sw.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    if (!(await indexedDB.databases()).some((d) => d.name === 'seller-lens')) return null;
    const db = await req(indexedDB.open('seller-lens'));
    const all = (name: string) => req(db.transaction(name).objectStore(name).getAll());
    const out = {
      orders: await all('orders'),
      stocks: await all('stocks'),
      finance: await all('finance'),
      adStats: await all('adStats'),
      campaigns: await all('campaigns'),
      states: await all('syncState'),
    };
    db.close();
    return out as never;
  });
}

/** The value shown for a stat label in a panel. */
const stat = (page: Page, panel: PanelId, label: string) =>
  page
    .locator(`#wbx-${panel} .wbx-stat`)
    .filter({ has: page.locator('dt', { hasText: label }) })
    .locator('dd');

/** A stat's figure without its note (the note is a block of its own under the figure). */
const statValue = (page: Page, panel: PanelId, label: string) =>
  stat(page, panel, label)
    .first()
    .evaluate((dd) =>
      [...dd.childNodes]
        .filter((n) => !(n instanceof Element && n.classList.contains('wbx-note')))
        .map((n) => n.textContent)
        .join(''),
    );

/** Which of our hosts (`wbx-*` elements) are on the page. */
const hosts = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('wbx-')).map((e) => e.localName.slice(4)),
  );

/**
 * The extension files the page has requested so far (the content script's lazily loaded panel scripts), seen through
 * the DevTools protocol: Playwright's request events do not include a content script's `chrome-extension:` loads.
 */
async function extensionFiles(page: Page): Promise<() => string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const files = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => {
    const u = new URL(e.request.url);
    if (u.protocol === 'chrome-extension:') files.add(u.pathname);
  });
  return () => [...files];
}

test('each analytics panel appears on its cabinet page with the synced figures, and on no other', async ({
  context,
  sim,
  sw,
  openPopup,
  openCabinetPage,
}) => {
  test.setTimeout(240_000);
  // Before any token: the panel says what to do instead of showing figures.
  const before = await openCabinetPage('https://seller.wildberries.ru/');
  await expect(before.locator('#wbx-overview-body > .wbx-empty')).toHaveText(
    'нет данных — добавьте токен в Seller Lens',
  );
  expect(await hosts(before)).toEqual(['overview']);
  await before.close();

  // Sync a seller, as the seller would: the token in the popup, then wait for every dataset's first pass.
  const popup = await openPopup();
  await popup.getByLabel('API-токен').fill(sim.token());
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');
  await expect
    .poll(async () => (await readRows(sw))?.states.filter((s) => s.phase === 'incremental').length ?? 0, {
      timeout: 180_000,
      intervals: [1_000],
    })
    .toBe(7);
  await popup.close();
  const rows = (await readRows(sw))!;
  for (const s of rows.states) expect([s.dataset, s.lastError, s.skipReason]).toEqual([s.dataset, null, null]);

  const today = mskDay(Date.now());
  const inDays = (date: string, n: number) =>
    date.slice(0, 10) >= addDays(today, -(n - 1)) && date.slice(0, 10) <= today;

  // Expected figures, from the stored rows.
  const orders7 = rows.orders.filter((o) => inDays(o.date, 7)).length;
  const orders30 = rows.orders.filter((o) => inDays(o.date, 30));
  const byRegion = new Map<string, { orders: number; baskets: Set<string> }>();
  for (const o of orders30) {
    const r = byRegion.get(o.regionName || '—') ?? { orders: 0, baskets: new Set<string>() };
    r.orders++;
    r.baskets.add(o.gNumber);
    byRegion.set(o.regionName || '—', r);
  }
  const [topRegion, top] = [...byRegion.entries()].sort(
    (a, b) => b[1].orders - a[1].orders || a[0].localeCompare(b[0]),
  )[0]!;
  const stockTotal = rows.stocks.reduce((s, r) => s + r.quantity, 0);
  const toClient = rows.stocks.reduce((s, r) => s + r.inWayToClient, 0);
  // The latest finance report's payout: forPay of sales less returns, less WB's services, plus additional payments.
  const latest = rows.finance.reduce((a, r) => (String(r.dateFrom) > a ? String(r.dateFrom) : a), '');
  const latestRows = rows.finance.filter((r) => r.dateFrom === latest);
  const k = (v: unknown) => Math.round(Number(v) * 100);
  let payout = 0;
  for (const r of latestRows) {
    if (r.docTypeName === 'Продажа') payout += k(r.forPay);
    if (r.docTypeName === 'Возврат') payout -= Math.abs(k(r.forPay));
    payout -= k(r.deliveryService) + k(r.paidStorage) + k(r.paidAcceptance) + k(r.penalty) + k(r.deduction);
    payout += k(r.additionalPayment);
  }
  // The campaign with the most views in the last 7 days.
  const views = new Map<number, { views: number; clicks: number }>();
  for (const a of rows.adStats.filter((s) => inDays(s.date, 7))) {
    const v = views.get(a.advertId) ?? { views: 0, clicks: 0 };
    v.views += a.views;
    v.clicks += a.clicks;
    views.set(a.advertId, v);
  }
  const [campaignId, ad] = [...views.entries()].sort((a, b) => b[1].views - a[1].views)[0]!;
  expect(orders7 > 0 && stockTotal > 0 && latestRows.length > 0 && ad.views > 0).toBe(true);

  const expected: Record<PanelId, [string, string][]> = {
    overview: [['Заказы', String(orders7)]],
    regions: [
      ['Заказы', String(orders30.length)],
      ['Корзины', String(new Set(orders30.map((o) => o.gNumber)).size)],
    ],
    stocks: [
      ['На складах WB', String(stockTotal)],
      ['В пути к клиентам', String(toClient)],
    ],
    finance: [['Итого к оплате', rubSquashed(payout)]],
    campaign: [
      ['Показы', String(ad.views)],
      ['Клики', String(ad.clicks)],
    ],
  };

  const pages = [
    ...PAGES,
    {
      panel: 'campaign' as const,
      url: `https://cmp.wildberries.ru/campaigns/list/all/edit/search/${campaignId}`,
      fixture: 'cabinet/cmp-campaign.html',
    },
  ];
  for (const { panel, url, fixture } of pages) {
    const page = await openCabinetPage(url, fixture);
    const box = page.locator(`#wbx-${panel}`);
    await expect(box).toBeVisible();
    await expect(box.locator('.wbx-meta')).toContainText(/данные на (\d\d\.\d\d )?\d\d:\d\d МСК · WB API/);
    for (const [label, value] of expected[panel]) {
      await expect
        // The figure alone: its note (e.g. «0% к предыдущим 7 дн.», shown on a line of its own) is not part of it.
        .poll(async () => squash(await statValue(page, panel, label)), {
          message: `${panel}: ${label}`,
        })
        .toMatch(new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\d,])`));
    }
    // Only this panel: no other Seller Lens box on the page.
    expect(await hosts(page)).toEqual([panel]);
    if (panel === 'regions') {
      const first = box.locator('tbody tr').first();
      await expect(first.locator('th')).toHaveText(topRegion);
      await expect(first.locator('td').nth(0)).toHaveText(new RegExp(`^${top.orders}$`));
      await expect(first.locator('td').nth(1)).toHaveText(new RegExp(`^${top.baskets.size}$`));
    }
    // Docked at the side: the page's own heading and buttons stay uncovered.
    const panelBox = (await box.boundingBox())!;
    for (const control of await page.locator('header button, main button, main input').all()) {
      // The page's own controls only (Playwright's CSS also reaches into our shadow root).
      if (await control.evaluate((e) => e.getRootNode() !== document)) continue;
      const b = await control.boundingBox();
      if (!b) continue;
      const overlaps =
        b.x < panelBox.x + panelBox.width &&
        b.x + b.width > panelBox.x &&
        b.y < panelBox.y + panelBox.height &&
        b.y + b.height > panelBox.y;
      expect(overlaps, `${panel} covers ${await control.textContent()}`).toBe(false);
    }
    await page.screenshot({
      path: `artifacts/panels-${panel}${url.includes('marketplace') ? '-marketplace' : ''}.png`,
    });

    // SPA navigation away (no page load): the panel goes, and nothing of ours stays.
    const away = page.getByRole('link', { name: panel === 'campaign' ? 'Кампании' : 'Карточки товаров' });
    await away.click();
    await expect(box).toHaveCount(0);
    await expect.poll(() => hosts(page)).toEqual([]);
    await page.close();
  }

  // A page of the cabinet without a panel: nothing of ours on it, and no panel script loaded.
  const plainUrl = 'https://seller.wildberries.ru/new-goods/all-goods';
  await context.route(plainUrl, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: fixtureHtml('cabinet/main.html') }),
  );
  const plain = await context.newPage();
  const loaded = await extensionFiles(plain);
  await plain.goto(plainUrl);
  await plain.waitForTimeout(1000);
  expect(await hosts(plain)).toEqual([]);
  expect(loaded()).toEqual([]);
  // Into a panel's page inside the SPA: the router was there all along; the panel comes, with its script.
  await plain.getByRole('link', { name: 'Продажи по регионам' }).click();
  await expect(plain.locator('#wbx-regions')).toBeVisible();
  await expect.poll(() => hosts(plain)).toEqual(['regions']);
  expect(loaded()).toEqual(['/cabinet-panels.js']);
  // Back (a popstate): the panel goes again.
  await plain.goBack();
  await expect.poll(() => hosts(plain)).toEqual([]);
  await plain.close();
});

test('a folded panel stays folded, by keyboard too; without a token a campaign panel says what to do', async ({
  openCabinetPage,
}) => {
  const page = await openCabinetPage(
    'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly-new',
    'cabinet/finance-reports.html',
  );
  const box = page.locator('#wbx-finance');
  const toggle = box.getByRole('button', { name: 'Свернуть' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(box.getByRole('button', { name: 'Развернуть' })).toHaveAttribute('aria-expanded', 'false');
  await expect(box.locator('.wbx-panel-body')).toHaveCount(0);
  await page.reload();
  await expect(box.getByRole('button', { name: 'Развернуть' })).toHaveAttribute('aria-expanded', 'false');
  // Other panels keep their own state.
  const home = await openCabinetPage('https://seller.wildberries.ru/');
  await expect(home.locator('#wbx-overview').getByRole('button', { name: 'Свернуть' })).toBeVisible();
  // Escape folds an open panel from inside it; the button unfolds it.
  await home.locator('#wbx-overview').getByRole('button', { name: 'Свернуть' }).focus();
  await home.keyboard.press('Escape');
  await expect(home.locator('#wbx-overview').getByRole('button', { name: 'Развернуть' })).toBeFocused();
  await home.keyboard.press('Space');
  await expect(home.locator('#wbx-overview .wbx-panel-body')).toBeVisible();

  const cmp = await openCabinetPage(
    'https://cmp.wildberries.ru/campaigns/edit/search/99999999',
    'cabinet/cmp-campaign.html',
  );
  await expect(cmp.locator('#wbx-campaign-body > .wbx-empty')).toHaveText('нет данных — добавьте токен в Seller Lens');
});
