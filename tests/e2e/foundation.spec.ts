import type { Page } from '@playwright/test';
import { expect, fixtureHtml, storedKeyring, test } from './fixtures';
import { makeToken } from '../helpers/tokens';

test('the service worker starts and the manifest asks only for what it uses', async ({ sw }) => {
  const manifest = await sw.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.manifest_version).toBe(3);
  expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'notifications', 'storage']);
  for (const host of manifest.host_permissions ?? [])
    expect(host).toMatch(/^https:\/\/[a-z-]+-api\.wildberries\.ru\/\*$/);
  expect(JSON.stringify(manifest)).not.toContain('<all_urls>');
  // The alarm task for expiry reminders exists and survives the worker stopping.
  await expect.poll(() => sw.evaluate(async () => (await chrome.alarms.get('token-expiry'))?.periodInMinutes)).toBe(60);
});

test('the popup adds a pasted token and shows its categories and expiry', async ({ openPopup, sw }) => {
  const popup = await openPopup();
  await expect(popup.getByRole('heading', { name: 'Добавьте первый API-токен' })).toBeVisible();
  const expiresAt = new Date(Date.now() + 10 * 86_400_000 + 3_600_000);
  const token = makeToken({ categories: ['statistics', 'promotion'], readOnly: true, expiresAt });
  await popup.getByLabel('API-токен').fill(`  Bearer ${token}\n`);
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');

  const card = popup.locator('li.token');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Категории: Статистика, Продвижение');
  await expect(card).toContainText('Персональный');
  await expect(card).toContainText('Только чтение');
  await expect(card).toContainText('Истекает через 10 дней');
  // The full token is never shown.
  await expect(popup.locator('body')).not.toContainText(token);
  // Capability view: the bidder needs write access.
  await expect(popup.locator('[data-feature="bidder"]')).toContainText(
    'нужен токен с категорией «Продвижение» без флага «Только чтение»',
  );
  await expect(popup.locator('[data-feature="orders"]')).toContainText('есть');
  await popup.setViewportSize({ width: 400, height: 720 });
  await popup.screenshot({ path: 'artifacts/popup.png', fullPage: true });

  const stored = await storedKeyring(sw);
  const entries = Object.values(stored?.entries ?? {});
  expect(entries).toHaveLength(1);
  expect(entries[0]!.raw).toBe(token);
  // The badge counts the days left (reminders start at 14 days).
  await expect.poll(() => sw.evaluate(() => chrome.action.getBadgeText({}))).toBe('11');
});

test('a malformed token shows the Russian error and stores nothing', async ({ openPopup, sw }) => {
  const popup = await openPopup();
  await popup.getByLabel('API-токен').fill('eyJhbGciOiJFUzI1NiJ9.не-токен');
  await popup.getByRole('button', { name: 'Добавить' }).click();
  const alert = popup.getByRole('alert');
  await expect(alert).toContainText('Это не похоже на API-токен WB');
  await expect(popup.getByLabel('API-токен')).toHaveAttribute('aria-invalid', 'true');
  expect(Object.keys((await storedKeyring(sw))?.entries ?? {})).toHaveLength(0);
});

test('the content script runs on WB’s cabinets only: the main page gets its panel there and nowhere else', async ({
  context,
  guard,
  openCabinetPage,
  openPopup,
}) => {
  const popup = await openPopup();
  await popup.getByLabel('API-токен').fill(makeToken({ categories: ['statistics'] }));
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');
  const ourHosts = (page: Page) =>
    page.evaluate(() => [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('wbx-')).length);

  // The cabinet's main page gets the overview panel, in a shadow root under our own prefixed host element.
  const home = await openCabinetPage('https://seller.wildberries.ru/');
  await expect(home.locator('#wbx-overview')).toBeVisible();
  expect(await home.evaluate(() => !!document.querySelector('wbx-overview')?.shadowRoot)).toBe(true);

  // A cabinet page with no panel (the ads cabinet's list) gets nothing of ours.
  const cmp = await openCabinetPage('https://cmp.wildberries.ru/campaigns/list');
  await cmp.waitForTimeout(500);
  expect(await ourHosts(cmp)).toBe(0);

  // The same main page served from another host never gets the content script.
  guard.allowedHosts.add('shop.example.org');
  await context.route('https://shop.example.org/**', (r) =>
    r.fulfill({ contentType: 'text/html', body: fixtureHtml('cabinet/main.html') }),
  );
  const other = await context.newPage();
  await other.goto('https://shop.example.org/');
  await other.waitForLoadState('load');
  await other.waitForTimeout(500);
  expect(await ourHosts(other)).toBe(0);
});

test('the network guard catches an extension request to a host that is not WB’s', async ({ sw, guard }) => {
  // Proves the guard used by every test works: the extension's own fetch to another host is recorded and blocked.
  const outcome = await sw.evaluate(() =>
    fetch('https://collector.example.net/track').then(
      () => 'reached',
      () => 'blocked',
    ),
  );
  expect(outcome).toBe('blocked');
  expect(guard.violations).toEqual(['GET https://collector.example.net/track']);
  guard.violations.length = 0;
});
