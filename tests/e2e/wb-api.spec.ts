import { expect, test } from './fixtures';

test('the background asks WB (the simulator) for the seller’s name and stores it', async ({ openPopup, sim, sw }) => {
  const popup = await openPopup();
  const token = sim.token({ categories: ['statistics'] });
  await popup.getByLabel('API-токен').fill(token);
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');

  // The seller's name arrives from /api/v1/seller-info and the popup shows it.
  const name = sim.dataset.tradeMark || sim.dataset.name;
  await expect(popup.getByRole('heading', { name })).toBeVisible();
  const stored = await sw.evaluate(
    async () => (await chrome.storage.local.get('keyring')).keyring as { sellerNames: Record<string, string> },
  );
  expect(Object.values(stored.sellerNames)).toEqual([name]);

  const calls = sim.requests.filter((r) => r.path === '/api/v1/seller-info');
  expect(calls).toHaveLength(1);
  expect(calls[0]).toMatchObject({ host: 'common-api.wildberries.ru', status: 200, sellerId: sim.dataset.sellerId });
  // /ping is never called on its own.
  expect(sim.requests.filter((r) => r.path === '/ping')).toHaveLength(0);
});

test('«Проверить токен» calls WB’s /ping once and shows the answer', async ({ openPopup, sim }) => {
  const popup = await openPopup();
  await popup.getByLabel('API-токен').fill(sim.token({ categories: ['statistics', 'promotion'] }));
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await popup.getByRole('button', { name: 'Проверить токен' }).click();
  await expect(popup.locator('li.token [role="status"]')).toHaveText(
    'WB принял токен (statistics-api.wildberries.ru).',
  );
  await expect(popup.locator('.token-status')).toContainText('Работает');
  const pings = sim.requests.filter((r) => r.path === '/ping');
  expect(pings).toHaveLength(1);
  expect(pings[0]!.host).toBe('statistics-api.wildberries.ru');
});

test('a token WB rejects is marked with WB’s reason', async ({ openPopup, sim }) => {
  const popup = await openPopup();
  // Valid for our decoder today, but WB's clock says it has expired.
  sim.clock.advance(200 * 86_400_000);
  await popup
    .getByLabel('API-токен')
    .fill(sim.token({ categories: ['statistics'], expiresAt: new Date(Date.now() + 30 * 86_400_000) }));
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await popup.getByRole('button', { name: 'Проверить токен' }).click();
  await expect(popup.locator('li.token [role="status"]')).toContainText('WB отклонил токен: token expired');
  await expect(popup.locator('.token-status')).toHaveText('Отклонён WB: token expired');
});
