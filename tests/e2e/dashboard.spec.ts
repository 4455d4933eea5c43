/**
 * The analytics dashboard in real Chromium: a seller synced from the WB simulator shows figures equal to those
 * computed independently from the simulator's dataset; a table's CSV downloads and parses back to the table; demo
 * mode works with no token and is removed in one click. Screenshots go to artifacts/.
 */
import fs from 'node:fs';
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { parseCsv } from '../../lib/analytics/csv';
import { presetPeriod } from '../../lib/ui/period';
import { SELLER_A } from '../sim';

test.use({ simOptions: { orders: 3000, sellers: [{ id: SELLER_A, historyDays: 80 }] } });

async function syncStates(sw: Worker) {
  return sw.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    if (!(await indexedDB.databases()).some((d) => d.name === 'seller-lens')) return [];
    const db = await req(indexedDB.open('seller-lens'));
    const states = (await req(db.transaction('syncState').objectStore('syncState').getAll())) as {
      dataset: string;
      phase: string;
    }[];
    db.close();
    return states;
  });
}

/** «1 234» → 1234; «1 234,50 ₽» → 123450 (kopecks); «−12,00 ₽» → −1200. */
const count = (s: string) => Number(s.replace(/[^\d]/g, ''));
const kopecks = (s: string) => {
  const neg = /^[−-]/.test(s.trim());
  const v = Number(s.replace(/[^\d,]/g, '').replace(',', '.'));
  return Math.round((neg ? -1 : 1) * v * 100);
};

const msk = (sec: number) => new Date((sec + 3 * 3600) * 1000).toISOString().slice(0, 10);

async function kpi(page: Page, id: string): Promise<string> {
  return (await page.locator(`[data-kpi="${id}"] .kpi-value`).textContent()) ?? '';
}

test('a synced seller: the overview, products and geography equal the simulator’s figures; CSV parses back', async ({
  context,
  sim,
  sw,
  openPopup,
  extensionId,
}) => {
  test.setTimeout(150_000);
  const popup = await openPopup();
  await popup.getByLabel('API-токен').fill(sim.token());
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');
  await expect
    .poll(async () => (await syncStates(sw)).filter((s) => s.phase === 'incremental').length, {
      timeout: 100_000,
      intervals: [500],
    })
    .toBe(7);

  // Expected figures from the dataset, as WB showed it at the last orders and sales requests.
  const lastAt = (path: string) =>
    Math.floor(Math.max(...sim.requests.filter((r) => r.path === path && r.status === 200).map((r) => r.time)) / 1000);
  const ordersAt = lastAt('/api/v1/supplier/orders');
  const salesAt = lastAt('/api/v1/supplier/sales');
  const period = presetPeriod('30d');
  const inPeriod = (sec: number) => msk(sec) >= period.from && msk(sec) <= period.to;
  const o = sim.dataset.orders;
  const want = { orders: 0, orderSum: 0, cancels: 0, sales: 0, returns: 0 };
  const perNm = new Map<number, number>();
  for (let i = 0; i < o.count; i++) {
    if (!o.orderVisible(i, ordersAt)) continue;
    const f = o.facts(i);
    if (!inPeriod(f.dateSec)) continue;
    want.orders++;
    want.orderSum += Math.round(f.priceWithDisc * 100);
    if (f.cancelSec !== null && f.cancelSec <= ordersAt) want.cancels++;
    perNm.set(f.nmId, (perNm.get(f.nmId) ?? 0) + 1);
  }
  for (let s = 0; s < o.saleCount; s++) {
    if (!o.saleVisible(s, salesAt)) continue;
    const f = o.saleFacts(s);
    if (!inPeriod(f.dateSec)) continue;
    if (f.kind === 'sale') want.sales++;
    else want.returns++;
  }
  expect(want.orders).toBeGreaterThan(100);

  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/overview`);
  await expect(page.locator('[data-section="overview"]')).toBeVisible({ timeout: 15_000 });
  expect({
    orders: count(await kpi(page, 'orders')),
    orderSum: kopecks(await kpi(page, 'orderSum')),
    cancels: count(await kpi(page, 'cancels')),
    sales: count(await kpi(page, 'sales')),
    returns: count(await kpi(page, 'returns')),
  }).toEqual(want);
  await expect(page.locator('[data-section="overview"] [data-age]')).toContainText(/данные на \d\d:\d\d МСК/);
  await expect(page.locator('[data-chart="orders-by-day"] canvas')).toBeVisible();
  const renderMs = Number(await page.locator('[data-section="overview"]').getAttribute('data-ms'));
  console.log(`overview (30 days, ${want.orders} orders): loaded and computed in ${renderMs} ms`);
  await page.screenshot({ path: 'artifacts/dashboard-overview.png', fullPage: true });
  // The README's picture (docs/dashboard.png) is copied from this viewport shot by hand: tests never write the repo.
  await page.screenshot({ path: 'artifacts/dashboard-viewport.png' });

  // The per-day table's CSV: downloads, parses back to the table, sums to the overview.
  const dayTable = page.locator('[data-table="overview-days"]');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dayTable.getByRole('button', { name: 'Скачать CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^seller-lens-overview-days-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync((await download.path())!, 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  const csv = parseCsv(text);
  const headers = await dayTable.locator('thead th').allTextContents();
  expect(csv[0]).toEqual(headers.map((h) => h.replace(/[ ▲▼]+$/u, '')));
  const shown = await dayTable
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
  expect(csv.length - 1).toBe(shown.length);
  csv.slice(1).forEach((row, i) => {
    expect(row[0]).toBe(shown[i]![0]); // the day
    expect(Number(row[1])).toBe(count(shown[i]![1]!)); // orders
    expect(Math.round(Number(row[2]!.replace(',', '.')) * 100)).toBe(kopecks(shown[i]![2]!)); // orders amount
  });
  expect(csv.slice(1).reduce((s, r) => s + Number(r[1]), 0)).toBe(want.orders);

  // Products: each item's orders equal the dataset's.
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/products`);
  const skus = page.locator('[data-table="skus"]');
  await expect(skus).toBeVisible({ timeout: 15_000 });
  const [skuDownload] = await Promise.all([
    page.waitForEvent('download'),
    skus.getByRole('button', { name: 'Скачать CSV' }).click(),
  ]);
  const skuCsv = parseCsv(fs.readFileSync((await skuDownload.path())!, 'utf8'));
  const ordersCol = skuCsv[0]!.indexOf('Заказы');
  const gotPerNm = new Map(
    skuCsv
      .slice(1)
      .map((r) => [Number(r[0]), Number(r[ordersCol])] as const)
      .filter(([, n]) => n > 0),
  );
  expect(gotPerNm).toEqual(perNm);
  await page.getByRole('button', { name: 'Посчитать корзины и размеры за период' }).click();
  await expect(page.locator('[data-basket-average]')).toContainText('Товаров в заказе в среднем');
  await page.screenshot({ path: 'artifacts/dashboard-products.png', fullPage: true });

  // Geography: regions' orders add up to the overview's.
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/geography`);
  const geo = page.locator('[data-table="geo-okrug"]');
  await expect(geo).toBeVisible({ timeout: 15_000 });
  const okrugOrders = await geo.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(okrugOrders.reduce((s, x) => s + count(x), 0)).toBe(want.orders);
  await page.screenshot({ path: 'artifacts/dashboard-geography.png', fullPage: true });

  for (const id of ['stocks', 'finance', 'ads']) {
    await page.goto(`chrome-extension://${extensionId}/dashboard.html#/${id}`);
    await expect(page.locator(`[data-section="${id}"]`)).toBeVisible({ timeout: 15_000 });
    await expect(page.locator(`[data-section="${id}"] [data-age]`)).toContainText('данные на');
    await page.screenshot({ path: `artifacts/dashboard-${id}.png`, fullPage: true });
  }
  // Stocks: every item of the simulator's snapshot appears once in the cover table's CSV.
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/stocks`);
  const stockTable = page.locator('[data-table="stock-items"]');
  const [stockDownload] = await Promise.all([
    page.waitForEvent('download'),
    stockTable.getByRole('button', { name: 'Скачать CSV' }).click(),
  ]);
  const stockCsv = parseCsv(fs.readFileSync((await stockDownload.path())!, 'utf8'));
  const qty = new Map<number, number>();
  for (const s of sim.dataset.stocks) qty.set(s.nmId, (qty.get(s.nmId) ?? 0) + s.quantity);
  const gotQty = new Map(
    stockCsv
      .slice(1)
      .map((r) => [Number(r[0]), Number(r[1])] as const)
      .filter(([nm]) => qty.has(nm)),
  );
  expect(gotQty).toEqual(qty);
});

test('demo mode with no token: fills a labelled demo seller, every section shows it, one click removes it', async ({
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(90_000);
  const popup = await openPopup();
  await popup.getByRole('button', { name: 'Показать демо-данные' }).click();
  await expect(popup.locator('[data-summary]')).toContainText('Демо', { timeout: 30_000 });
  await expect(popup.locator('[data-summary]')).toContainText('Сегодня');
  await popup.screenshot({ path: 'artifacts/popup-demo.png', fullPage: true });

  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/overview`);
  await expect(page.locator('.demo-banner')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('h1 .demo-badge')).toHaveText('Демо');
  await expect.poll(async () => count(await kpi(page, 'orders'))).toBeGreaterThan(300);
  await page.screenshot({ path: 'artifacts/dashboard-demo-overview.png', fullPage: true });
  for (const id of ['geography', 'products', 'stocks', 'finance', 'ads']) {
    await page.goto(`chrome-extension://${extensionId}/dashboard.html#/${id}`);
    await expect(page.locator(`[data-section="${id}"] tbody tr`).first()).toBeVisible({ timeout: 15_000 });
    await expect(page.locator(`[data-section="${id}"] .empty-cell`)).toHaveCount(0);
  }
  // The finance reconciliation names the deduction WB does not pass per item, and nothing stays unexplained.
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/finance`);
  await expect(page.locator('[data-table="reconciliation"]')).toContainText('WB.Продвижение');
  await expect(page.locator('[data-no-cost]')).toBeVisible();
  await page.screenshot({ path: 'artifacts/dashboard-demo-finance.png', fullPage: true });

  await page.getByRole('button', { name: 'Удалить демо-данные' }).click();
  await expect(page.locator('.demo-banner')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Показать демо-данные' })).toBeVisible();
});
