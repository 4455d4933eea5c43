/**
 * The bidder in real Chromium against the WB simulator's auction: a token with «Продвижение», the ads sync, a rule
 * made in the dashboard (Реклама → Биддер) that starts in dry-run and sends nothing, then switched live: the
 * simulator receives `PATCH /api/advert/v1/bids` and the dashboard's audit log shows the change with its reason.
 * The rule is edited on the way (the schema's message for a wrong maximum, then a new maximum and step).
 * Checks run by «Проверить сейчас» (the 30 s alarm is too slow for a test).
 */
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { formatRub } from '../../lib/bidder/strategy';
import { SELLER_A } from '../sim';

test.use({
  simOptions: { orders: 300, sellers: [{ id: SELLER_A, products: 40, campaigns: 8, historyDays: 40 }] },
});

/** Campaigns and bids rows in the extension's IndexedDB. */
async function adRows(sw: Worker): Promise<{ campaigns: number; bids: number }> {
  return sw.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    if (!(await indexedDB.databases()).some((d) => d.name === 'seller-lens')) return { campaigns: 0, bids: 0 };
    const db = await req(indexedDB.open('seller-lens'));
    const count = (name: string) =>
      db.objectStoreNames.contains(name) ? req(db.transaction(name).objectStore(name).count()) : Promise.resolve(0);
    const out = { campaigns: await count('campaigns'), bids: await count('bids') };
    db.close();
    return out;
  });
}

/** «Проверить сейчас» until the audit log shows a row matching `text` (a check may wait for WB's limits). */
async function checkUntilLogged(page: Page, text: RegExp) {
  const audit = page.locator('[data-table="bidder-audit"] tbody');
  await expect(async () => {
    await page.getByRole('button', { name: 'Проверить сейчас' }).click();
    await expect(page.getByRole('button', { name: 'Проверить сейчас' })).toBeEnabled({ timeout: 15_000 });
    await expect(audit).toContainText(text, { timeout: 2_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000, 2_000, 5_000] });
}

test('a rule made in the dashboard runs dry first, then live: WB receives the bid and the log says why', async ({
  sim,
  sw,
  context,
  extensionId,
  openPopup,
  openCabinetPage,
}) => {
  test.setTimeout(150_000);
  const campaign =
    sim.dataset.campaigns.find(
      (c) => c.status === 9 && c.bidType === 'unified' && c.items.length > 0 && c.placements.search,
    ) ?? sim.dataset.campaigns.find((c) => c.status === 9 && c.items.length > 0 && c.placements.search);
  if (!campaign) throw new Error('no active campaign with the search placement in the dataset');
  const item = campaign.items[0]!;
  const start = item.bids.search;
  // Two competitors bid more: the item stands 3rd. The rule wants 1st, with room up to its maximum.
  sim.auction.setCompetitors(campaign.id, item.nmId, [start + 3_000, start + 2_000]);
  const maxRub = (start + 20_000) / 100;

  const popup = await openPopup();
  await popup
    .getByLabel('API-токен')
    .fill(sim.token({ categories: ['promotion', 'statistics', 'analytics', 'content'] }));
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');
  await expect.poll(async () => (await adRows(sw)).bids, { timeout: 60_000, intervals: [500] }).toBeGreaterThan(0);
  await popup.close();

  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#/bidder`);
  await expect(page.getByRole('tab', { name: 'Реклама → Биддер' })).toHaveAttribute('aria-selected', 'true');
  const form = page.getByRole('form', { name: 'Новое правило' });
  await form.getByLabel('Кампания').selectOption(String(campaign.id));
  await form.getByLabel('Товар').selectOption(String(item.nmId));
  await form.getByLabel('Стратегия').selectOption('target-position');
  await form.getByLabel('Целевая позиция').fill('1');
  await form.getByLabel('Максимальная ставка, ₽').fill(String(maxRub).replace('.', ','));
  await form.getByLabel('Шаг, ₽').fill('5');
  await form.getByLabel('Мёртвая зона, позиций').fill('0');
  await form.getByRole('button', { name: 'Создать правило (пробный режим)' }).click();
  await expect(form.getByRole('status')).toContainText('Правило сохранено в пробном режиме');

  const rules = page.getByRole('table', { name: 'Правила' });
  await expect(rules.locator('tbody tr')).toHaveCount(1);
  await expect(rules).toContainText('пробный режим');

  // Edit it from the keyboard: a wrong maximum is refused with the schema's message, then a higher maximum and a
  // bigger step are saved; the rule stays in dry-run.
  await rules.getByRole('button', { name: 'Изменить' }).focus();
  await page.keyboard.press('Enter');
  const edit = page.getByRole('form', { name: 'Изменение правила' });
  await expect(edit.getByLabel('Максимальная ставка, ₽')).toHaveValue(String(maxRub).replace('.', ','));
  await expect(edit.getByLabel('Целевая позиция')).toHaveValue('1');
  await edit.getByLabel('Максимальная ставка, ₽').fill('0');
  await edit.getByLabel('Максимальная ставка, ₽').press('Enter');
  await expect(edit.getByText('Максимальная ставка должна быть больше 0 ₽')).toBeVisible();
  await expect(edit.getByLabel('Максимальная ставка, ₽')).toHaveAttribute('aria-invalid', 'true');
  await expect(edit.getByLabel('Максимальная ставка, ₽')).toBeFocused();
  const maxKopecks = start + 25_000;
  await edit.getByLabel('Максимальная ставка, ₽').fill(String(maxKopecks / 100).replace('.', ','));
  await edit.getByLabel('Шаг, ₽').fill('10');
  await edit.getByRole('button', { name: 'Сохранить правило' }).click();
  await expect(edit.getByRole('status')).toHaveText('Правило сохранено.');
  await expect(rules).toContainText(formatRub(maxKopecks));
  await expect(rules).toContainText('пробный режим');
  await edit.getByLabel('Шаг, ₽').press('Escape');
  await expect(page.getByRole('form', { name: 'Новое правило' })).toBeVisible();

  // Dry-run: the decision is logged, nothing is sent.
  await checkUntilLogged(page, /пробный режим/);
  const patches = () => sim.requests.filter((r) => r.method === 'PATCH' && r.path === '/api/advert/v1/bids');
  expect(patches()).toHaveLength(0);
  expect(item.bids.search).toBe(start);
  await expect(page.locator('[data-table="bidder-audit"] tbody')).toContainText('позиция 3 хуже цели 1');

  // Live: WB receives the raised bid, and the log shows WB's answer with the reason.
  await rules.getByRole('button', { name: 'Включить ставки' }).click();
  await expect(rules).toContainText('работает');
  await checkUntilLogged(page, /WB принял/);
  expect(patches().length).toBeGreaterThanOrEqual(1);
  expect(patches().every((p) => p.status === 200)).toBe(true);
  // The edited step: 10 ₽ a check, within the edited maximum.
  expect(item.bids.search).toBeGreaterThanOrEqual(start + 1_000);
  expect((item.bids.search - start) % 1_000).toBe(0);
  expect(item.bids.search).toBeLessThanOrEqual(maxKopecks);

  const accepted = page.locator('[data-table="bidder-audit"] tbody tr', { hasText: 'WB принял' }).first();
  await expect(accepted).toContainText('хуже цели 1');
  await accepted.getByRole('button', { name: 'Почему?' }).click();
  const why = page.getByRole('region', { name: 'Почему изменилась ставка?' });
  await expect(why).toContainText('→');
  await expect(why).toContainText('Минимум WB');
  await expect(why).toContainText('WB принял ставку');

  // The outcome filter narrows the log to WB's accepted changes.
  await page.getByRole('region', { name: 'Журнал решений' }).getByLabel('Итог').selectOption('accepted');
  await expect(page.locator('[data-table="bidder-audit"] tbody tr', { hasText: 'пробный режим' })).toHaveCount(0);
  await expect(page.locator('[data-table="bidder-audit"] tbody tr', { hasText: 'WB принял' }).first()).toBeVisible();

  // Paused by the seller: a check sends nothing; resumed, the rule is live again.
  const beforePause = patches().length;
  await rules.getByRole('button', { name: 'Приостановить' }).click();
  await expect(rules).toContainText('приостановлено вами');
  await page.getByRole('button', { name: 'Проверить сейчас' }).click();
  await expect(page.getByRole('button', { name: 'Проверить сейчас' })).toBeEnabled({ timeout: 15_000 });
  expect(patches()).toHaveLength(beforePause);
  await rules.getByRole('button', { name: 'Возобновить' }).click();
  await expect(rules).toContainText('работает');

  // The kill switch: no further writes.
  const sent = patches().length;
  await page.getByLabel('Аварийная остановка: не отправлять ставки').check();
  await expect(rules).toContainText('остановлено');
  sim.auction.setCompetitors(campaign.id, item.nmId, [item.bids.search + 9_000]);
  await page.getByRole('button', { name: 'Проверить сейчас' }).click();
  await expect(page.getByRole('button', { name: 'Проверить сейчас' })).toBeEnabled({ timeout: 15_000 });
  expect(patches()).toHaveLength(sent);
  await page.screenshot({ path: 'artifacts/bidder-dashboard.png', fullPage: true });

  // The campaign's page in the ads cabinet: the bidder block inside the campaign panel, folded at first.
  const cmp = await openCabinetPage(`https://cmp.wildberries.ru/campaigns/list/all/edit/search/${campaign.id}`);
  const block = cmp.locator('#wbx-campaign #wbx-bidder');
  await expect(block).toBeVisible({ timeout: 15_000 });
  await block.locator('summary').click();
  const row = block.locator('tbody tr', { hasText: String(item.nmId) });
  await expect(row).toContainText('остановлено');
  await expect(row).toContainText(/\d,\d\d\u00a0₽/);
  await expect(block).toContainText('Аварийная остановка включена');
  await expect(block.locator('li', { hasText: '→' }).first()).toContainText('хуже цели 1');
});
