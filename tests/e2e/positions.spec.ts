/**
 * Position monitoring in real Chromium (issue #8): the WB simulator answers the seller API (cards, the official
 * search report) and its public-search twin answers u-search.wb.ru and card.wb.ru. The seller turns live checks on
 * in «Позиции» (the optional hosts are granted the way the seller's «Разрешить» would: see `preGrantedHosts`), adds
 * a phrase for a SKU, runs a check, and sees the history and the competitors above with their ad slots. Then WB
 * changes the search answer's shape: the section says so plainly while WB's official positions stay on screen.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { SELLER_A } from '../sim';
import { createPublicSearchSim, routePublicSearch } from '../sim/public-search';
import { PUBLIC_HOST_PERMISSIONS } from '../../lib/positions/hosts';
import { SEARCH_FORMAT_CHANGED } from '../../lib/positions/public-search';

test.use({
  simOptions: { orders: 300, sellers: [{ id: SELLER_A, products: 12, campaigns: 2, historyDays: 20 }] },
  preGrantedHosts: [...PUBLIC_HOST_PERMISSIONS],
});

/**
 * Live-check settings with the shortest spacing the adapter allows (3 s, no jitter) and one search page, so a check
 * takes seconds; still off: the seller turns them on in the dashboard.
 */
async function fastSettings(sw: Worker): Promise<void> {
  await sw.evaluate(async () => {
    await chrome.storage.local.set({
      positionsSettings: {
        enabled: false,
        dest: -1257786,
        minSpacingMs: 3_000,
        jitterMs: 0,
        dailyCap: 300,
        maxPages: 1,
        defaultIntervalMs: 86_400_000,
        competitorCards: 20,
        blockPauseMs: 3_600_000,
        formatPauseMs: 3_600_000,
      },
    });
  });
}

async function checkNow(page: Page, expected: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Проверить сейчас' }).click();
  await expect(page.locator('[data-section="positions"] [role="status"]')).toHaveText(expected, { timeout: 60_000 });
}

test('a phrase for a SKU: live check, history and competitors; a changed search format leaves official positions', async ({
  sim,
  sw,
  context,
  extensionId,
  openPopup,
}) => {
  test.setTimeout(180_000);
  const pub = createPublicSearchSim(sim);
  await routePublicSearch(context, pub);
  await fastSettings(sw);

  // A card of the seller found on the first page for one of its queries, below a few ads.
  const pick = sim.dataset.products
    .flatMap((p) => pub.queriesFor(p.nmId).map((q) => ({ nmId: p.nmId, query: q })))
    .map((c) => ({ ...c, at: pub.results(c.query).findIndex((r) => r.nmId === c.nmId) + 1 }))
    .find((c) => c.at > 5 && c.at <= 90);
  if (!pick) throw new Error('no card of the seller on the first page of its queries in the dataset');
  const { nmId, query } = pick;

  const popup = await openPopup();
  await popup
    .getByLabel('API-токен')
    .fill(sim.token({ categories: ['content', 'analytics', 'statistics', 'promotion'] }));
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');
  await popup.close();

  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/positions`);
  await expect(page.getByRole('tab', { name: 'Позиции' })).toHaveAttribute('aria-selected', 'true');
  const section = page.locator('[data-section="positions"]');
  // The switch is off until the seller turns it on, and says what live checks do.
  const toggle = section.getByRole('switch', { name: 'Живые проверки позиций' });
  await expect(toggle).not.toBeChecked();
  await expect(section.locator('#positions-explained')).toContainText('без токена');

  // The SKU list fills once cards are synced (the section refreshes on every background broadcast).
  const sku = section.getByLabel('Товар', { exact: true });
  await expect(async () => {
    await page.reload();
    await expect(sku.locator(`option[value="${nmId}"]`)).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000] });
  await sku.selectOption(String(nmId));
  // Suggestions from WB's search report for this SKU (the official data: queries with opens or orders).
  await expect(section.locator('[data-positions="suggestions"] li').first()).toBeVisible({ timeout: 30_000 });

  await toggle.click();
  await expect(toggle).toBeChecked();
  await expect(section.getByText(/Запросов к поиску сегодня: 0 из 300/)).toBeVisible();

  const form = section.getByRole('form', { name: 'Новая фраза' });
  await form.getByLabel('Фраза').fill(query);
  await form.getByRole('button', { name: 'Добавить фразу' }).click();
  const phrases = section.locator('[data-table="positions-phrases"] tbody');
  await expect(phrases).toContainText(query);
  await expect(phrases).toContainText('ещё не проверялась');

  await checkNow(page, 'Проверено фраз: 1.');
  // The position the simulated search shows, in the list and the history; only public hosts got the request.
  await expect(phrases.locator('tr').first().locator('td').nth(1)).toHaveText(String(pick.at));
  const history = section.locator('[data-table="positions-history"] tbody');
  await expect(history.locator('tr')).toHaveCount(1);
  await expect(history.locator('tr').first().locator('td').nth(1)).toHaveText(String(pick.at));
  expect(pub.requests.some((r) => r.authorization || r.cookie)).toBe(false);
  expect(pub.requests.filter((r) => r.path.includes('/search')).length).toBe(1);

  // Competitors above: every result before the card, ads marked with their slot, bids and cards' ratings.
  const truth = pub.results(query).slice(0, pick.at - 1);
  const competitors = section.locator('[data-table="positions-competitors"] tbody tr');
  await expect(competitors).toHaveCount(truth.length);
  const ads = truth.filter((r) => r.ad);
  await expect(section.locator('[data-table="positions-competitors"] [data-ad="true"]')).toHaveCount(ads.length);
  // The nearest above (the one to pass next) has its public card: rating and reviews.
  const nearest = truth[truth.length - 1]!;
  await expect(competitors.last().locator('td').nth(1)).toHaveText(String(nearest.nmId));
  await expect(competitors.last().locator('td').nth(8)).toHaveText(nearest.feedbacks.toLocaleString('ru-RU'));
  if (ads.length) await expect(section.locator('[data-positions="bid"]')).toContainText('Рекламных мест выше');

  // Official and live positions side by side, labelled by source.
  const side = section.locator('[data-table="positions-side-by-side"]');
  await expect(side.locator('thead')).toContainText('WB: средняя позиция (поисковые запросы)');
  await expect(side.locator('thead')).toContainText('Живая проверка');
  const sideRow = side.locator('tbody tr', { hasText: query }).first();
  await expect(sideRow.locator('td').nth(3)).toHaveText(String(pick.at));
  const official = (await sideRow.locator('td').nth(1).textContent())?.trim();
  expect(official).toMatch(/^\d/);

  // The card moves up: a second check adds to the history, and the chart appears.
  pub.setPosition(query, nmId, 3);
  await checkNow(page, 'Проверено фраз: 1.');
  await expect(history.locator('tr')).toHaveCount(2);
  await expect(history.locator('tr').first().locator('td').nth(1)).toHaveText('3');
  await expect(section.locator('[data-chart="positions-history"]')).toBeVisible();

  // WB changes the search answer: the adapter refuses it loudly and harmlessly; official positions stay.
  pub.setShape('renamed-list');
  await page.getByRole('button', { name: 'Проверить сейчас' }).click();
  await expect(section.locator('[data-positions="live-error"]')).toContainText(SEARCH_FORMAT_CHANGED, {
    timeout: 60_000,
  });
  await expect(sideRow.locator('td').nth(1)).toHaveText(official!);
  await expect(history.locator('tr')).toHaveCount(2);
  // A fresh page shows the same: the failure is stored, not only answered.
  await page.reload();
  await expect(section.locator('[data-positions="live-error"]')).toContainText(SEARCH_FORMAT_CHANGED);
  await expect(side.locator('tbody tr', { hasText: query }).first().locator('td').nth(1)).toHaveText(official!);
});
