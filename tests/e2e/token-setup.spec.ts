/**
 * The guided token setup in real Chromium: the guide on the replicas of WB's token page, one-click capture into the
 * keyring, the check against the goals, and what the page's own scripts can see afterwards.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, fixtureHtml, storedKeyring, test } from './fixtures';
import { closedPanel, type ClosedPanel } from './closed-shadow';

const TOKEN_PAGE = 'https://seller.wildberries.ru/api-integrations';
const OLD_TOKEN_PAGE = 'https://seller.wildberries.ru/supplier-settings/access-to-api';
const HOST = 'wbx-token-setup';

async function guideOn(page: Page): Promise<ClosedPanel> {
  const guide = await closedPanel(page, HOST);
  // Patient: the content script waits for the page to be idle, then loads the guide's script.
  await expect.poll(() => guide.present(), { timeout: 20_000 }).toBe(true);
  await expect.poll(() => guide.text(), { timeout: 20_000 }).toContain('Seller Lens: создание токена');
  return guide;
}

/** The guide draws one outline around `control`, and the guide itself does not cover it. */
async function pointsAt(guide: ClosedPanel, control: Locator): Promise<boolean> {
  const target = await control.boundingBox();
  const pointers = await guide.rects('.wbx-pointer');
  const [panel] = await guide.rects('aside');
  if (!target || !panel || pointers.length !== 1) return false;
  const p = pointers[0]!;
  const near = (a: number, b: number) => Math.abs(a - b) <= 6;
  const covered =
    panel.x < target.x + target.width &&
    target.x < panel.x + panel.width &&
    panel.y < target.y + target.height &&
    target.y < panel.y + panel.height;
  return (
    !covered &&
    near(p.x, target.x - 4) &&
    near(p.y, target.y - 4) &&
    near(p.width, target.width + 8) &&
    near(p.height, target.height + 8)
  );
}

test('from the popup: follow the guide, create a token, save it with one click, and the popup shows it', async ({
  context,
  openPopup,
  sw,
}) => {
  const html = fixtureHtml('cabinet/token-page-v1.html');
  await context.route(TOKEN_PAGE, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));

  const popup = await openPopup();
  const opened = context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Создать токен в кабинете' }).click();
  const page = await opened;
  await expect(page).toHaveURL(TOKEN_PAGE);
  const guide = await guideOn(page);

  // On the token page the guide is Seller Lens's only box (anything else would sit on WB's form).
  expect(
    await page.evaluate(() =>
      [...document.body.children].filter((e) => e.localName.startsWith('wbx-')).map((e) => e.localName),
    ),
  ).toEqual([HOST]);
  // The token created earlier and shown on the page is never offered.
  await expect(page.locator('[data-replica="old-token"]')).toHaveText(/^eyJ/);
  expect(await guide.names('button')).not.toContain('Сохранить в Seller Lens');

  // Step 1: goals. Orders are ticked; add the finance report.
  expect(await guide.prop('checkbox', 'Заказы и продажи', 'checked')).toBe(true);
  await guide.click('checkbox', 'Финансовый отчёт');
  await expect.poll(() => guide.text()).toContain('«Статистика», «Финансы»; «Только чтение»');
  expect(await guide.text()).toContain('Тип — Персональный');
  await guide.click('button', 'Дальше: к форме WB');

  // Step 2: the guide points at each control of WB's form in turn.
  await expect.poll(() => guide.focused()).toBe('H3 Форма WB');
  const opener = page.getByRole('button', { name: 'Создать токен' });
  await expect.poll(() => pointsAt(guide, opener)).toBe(true);
  await opener.click();
  await guide.click('button', 'Дальше');
  const manualTab = page.getByRole('tab', { name: 'Для интеграции вручную' });
  await expect.poll(() => pointsAt(guide, manualTab)).toBe(true);
  await manualTab.click();
  await guide.click('button', 'Дальше');
  const dialog = page.getByRole('dialog');
  await expect.poll(() => pointsAt(guide, dialog.locator('label').filter({ hasText: /^Персональный$/ }))).toBe(true);
  await dialog.getByText('Персональный', { exact: true }).click();
  await dialog.getByText('Я принимаю ответственность за использование токена').click();
  await guide.click('button', 'Дальше');
  const nameField = page.getByLabel('Название токена');
  await expect.poll(() => pointsAt(guide, nameField)).toBe(true);
  const suggested = /Введите название: (.+)/.exec(await guide.text())?.[1]?.trim();
  expect(suggested).toBe('Seller Lens · Статистика, Финансы');
  await nameField.fill(suggested!);
  await guide.click('button', 'Дальше');
  await expect.poll(async () => (await guide.rects('.wbx-pointer')).length).toBe(2);
  await dialog.getByText('Статистика', { exact: true }).click();
  await dialog.getByText('Финансы', { exact: true }).click();
  await guide.click('button', 'Дальше');
  await expect.poll(() => pointsAt(guide, dialog.locator('label').filter({ hasText: /^Только чтение$/ }))).toBe(true);
  await dialog.getByText('Только чтение', { exact: true }).click();
  await guide.click('button', 'Дальше');
  const submit = dialog.getByRole('button', { name: 'Создать токен' });
  await expect.poll(() => pointsAt(guide, submit)).toBe(true);
  expect(await guide.text()).toContain('WB показывает токен только один раз');

  // Nothing is stored before the seller's click, even once the token is on the page.
  await submit.click();
  const shown = page.locator('[data-replica="new-token"]');
  await expect(shown).toHaveValue(/^eyJ/);
  const token = await shown.inputValue();
  await expect.poll(() => guide.names('button')).toContain('Сохранить в Seller Lens');
  expect(await guide.text()).not.toContain(token);
  expect(Object.keys((await storedKeyring(sw))?.entries ?? {})).toHaveLength(0);

  await guide.click('button', 'Сохранить в Seller Lens');
  await expect.poll(() => guide.text()).toContain('Больше с токеном ничего делать не нужно');
  const text = await guide.text();
  expect(text).toContain(
    'Сохранено: «Seller Lens · Статистика, Финансы», Персональный, Только чтение, Статистика, Финансы.',
  );
  expect(text).toContain('Токен подходит для всего, что вы выбрали.');
  const entries = Object.values((await storedKeyring(sw))?.entries ?? {});
  expect(entries.map((e) => e.raw)).toEqual([token]);

  // The popup shows it, with its categories.
  await popup.reload();
  const card = popup.locator('li.token');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Seller Lens · Статистика, Финансы');
  await expect(card).toContainText('Категории: Статистика, Финансы');
  await expect(card).toContainText('Только чтение');

  // What the page's own scripts can read now: our host is there, its shadow root is closed, and nothing of ours
  // holds the token. Only WB's own field (the page's, which made it) still has it.
  const visible = await page.evaluate(
    ({ host, token }) => {
      const seen: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        for (const el of root.querySelectorAll('*')) {
          if (el.matches('[data-replica="new-token"]')) continue;
          for (const a of el.attributes) seen.push(a.value);
          if ('value' in el) seen.push(String((el as HTMLInputElement).value));
          if (el.shadowRoot) walk(el.shadowRoot);
        }
        for (const n of root.querySelectorAll('*'))
          for (const c of n.childNodes) if (c.nodeType === 3) seen.push(c.textContent ?? '');
      };
      walk(document);
      const el = document.querySelector(host);
      return {
        hostThere: !!el,
        shadowRoot: el?.shadowRoot ?? null,
        leaks: seen.filter((s) => s.includes(token) || s.includes(token.split('.')[2]!)).length,
      };
    },
    { host: HOST, token },
  );
  expect(visible).toEqual({ hostThere: true, shadowRoot: null, leaks: 0 });
  // And inside the guide (seen through DevTools, which the page cannot do): the masked form only.
  const inside = await guide.html();
  expect(inside).not.toContain(token);
  expect(inside).not.toContain(token.split('.')[1]!);
  expect(inside).toContain('…');
});

test('a read-only token captured for the bidder gets the warning (older cabinet URL, other page layout)', async ({
  openCabinetPage,
  sw,
  openPopup,
}) => {
  const page = await openCabinetPage(OLD_TOKEN_PAGE, 'cabinet/token-page-v2.html');
  const guide = await guideOn(page);
  await guide.click('checkbox', 'Заказы и продажи');
  await guide.click('checkbox', 'Биддер (изменение ставок)');
  await expect.poll(() => guide.text()).toContain('«Продвижение»; «Чтение и запись»');
  await guide.click('button', 'Дальше: к форме WB');

  // The seller makes the form by hand and leaves «Только чтение» on, against the guide's advice.
  await page.getByRole('button', { name: 'Создать новый токен' }).click();
  await page.getByRole('tab', { name: 'Для интеграции вручную' }).click();
  await page.getByLabel('Тип токена').selectOption('personal');
  await page.getByRole('checkbox', { name: 'Я принимаю ответственность' }).click();
  await page.getByPlaceholder('Название токена').fill('Биддер');
  await page.getByRole('checkbox', { name: 'Продвижение' }).click();
  await page.getByRole('radio', { name: 'Только чтение' }).click();
  await page.getByRole('button', { name: 'Создать', exact: true }).click();
  await expect(page.locator('[data-replica="new-token"]')).toHaveText(/^eyJ/);

  await expect.poll(() => guide.names('button')).toContain('Сохранить в Seller Lens');
  await guide.click('button', 'Сохранить в Seller Lens');
  await expect
    .poll(() => guide.text())
    .toContain(
      'Биддер (изменение ставок): токен только для чтения, а биддеру нужно менять ставки. Создайте токен с категорией «Продвижение» и «Чтение и запись».',
    );
  expect(Object.keys((await storedKeyring(sw))?.entries ?? {})).toHaveLength(1);

  const popup = await openPopup();
  await expect(popup.locator('li.token')).toContainText('Категории: Продвижение');
  await expect(popup.locator('[data-feature="bidder"]')).toContainText(
    'нужен токен с категорией «Продвижение» без флага «Только чтение»',
  );
});

test('only the token pages get the guide; it follows SPA navigation, stays dismissed, and the popup brings it back', async ({
  context,
  openCabinetPage,
  openPopup,
}) => {
  const home = await openCabinetPage('https://seller.wildberries.ru/');
  // The content script is there (some panel of ours is mounted), the guide is not.
  await expect
    .poll(() => home.evaluate(() => [...document.body.children].some((e) => e.localName.startsWith('wbx-'))))
    .toBe(true);
  expect(await home.evaluate((h) => !!document.querySelector(h), HOST)).toBe(false);

  // Into the token page inside the SPA (no page load): the guide comes; out again: it goes.
  await home.getByRole('link', { name: 'Интеграции по API' }).click();
  await expect.poll(() => home.evaluate((h) => !!document.querySelector(h), HOST)).toBe(true);
  await home.getByRole('link', { name: 'Продажи по регионам' }).click();
  await expect.poll(() => home.evaluate((h) => !!document.querySelector(h), HOST)).toBe(false);

  const page = await openCabinetPage(TOKEN_PAGE, 'cabinet/token-page-v1.html');
  const guide = await guideOn(page);
  await guide.click('button', 'Закрыть помощника');
  await expect.poll(() => guide.text()).toBe('');
  await page.reload();
  await page.waitForTimeout(1500);
  expect(await (await closedPanel(page, HOST)).text().catch(() => '')).toBe('');

  const popup = await openPopup();
  const opened = context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Создать токен в кабинете' }).click();
  await guideOn(await opened);
});
