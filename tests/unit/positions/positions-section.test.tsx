/**
 * The dashboard's «Позиции» section in happy-dom, talking by message to the real positions service (WB simulator and
 * its public-search twin behind it): the switch asks the browser for the public hosts from the click and stays off
 * when the seller refuses; with the grant, a phrase is added with the keyboard and checked, and the section shows the
 * position, the history and the competitors above; WB's suggestions for the SKU are listed.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Runtime } from 'webextension-polyfill';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { positionsSection } from '../../../entrypoints/dashboard/sections/positions';
import { createPositionsBackground, loadLiveSettings } from '../../../lib/background/positions-service';
import { putCards } from '../../../lib/db/cards';
import { SellerLensDb } from '../../../lib/db/schema';
import { handleMessages } from '../../../lib/messaging';
import { PUBLIC_HOST_PERMISSIONS } from '../../../lib/positions/hosts';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { pageCards } from '../../../lib/wb-api/content';
import { createWbSimulator, SELLER_A } from '../../sim';
import { createPublicSearchSim } from '../../sim/public-search';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { freshDbName } from '../sync/helpers';

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

async function setup() {
  const sim = createWbSimulator({ orders: 150, sellers: [{ id: SELLER_A, products: 8, historyDays: 10 }] });
  const pub = createPublicSearchSim(sim, { fallbackFetch: sim.fetch });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  await keyring.add(sim.token({ categories: ['analytics', 'content'] }));
  const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5 });
  const db = new SellerLensDb(freshDbName());
  // The SKUs the section offers come from synced cards.
  for await (const page of pageCards(api.client, SELLER_A)) await putCards(db, SELLER_A, page.cards);

  const granted = { value: false };
  const service = createPositionsBackground({
    db,
    api,
    fetch: pub.fetch,
    clock,
    random: () => 0,
    hasPermission: async () => granted.value,
    notify: async () => undefined,
  });
  // The page's messages reach the service's handlers through the real protocol checks, as from an extension page.
  const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
  handleMessages(service.handlers);
  const listener = add.mock.calls.at(-1)![0] as (m: unknown, s: Runtime.MessageSender) => unknown;
  const page: Runtime.MessageSender = {
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL('/dashboard.html'),
  };
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => listener(m, page) as never);
  const request = vi.spyOn(fakeBrowser.permissions, 'request');
  const pick = sim.dataset.products
    .flatMap((p) => pub.queriesFor(p.nmId).map((query) => ({ nmId: p.nmId, query })))
    .map((c) => ({ ...c, at: pub.results(c.query).findIndex((r) => r.nmId === c.nmId) + 1 }))
    .find((c) => c.at > 2 && c.at <= 60);
  if (!pick) throw new Error('no card of the seller on a first page in the dataset');
  return { pub, granted, request, pick };
}

async function settle(check: () => void, timeout = 10_000) {
  await vi.waitFor(
    async () => {
      await act(async () => {
        await new Promise((r) => setTimeout(r, 10));
      });
      check();
    },
    { timeout, interval: 20 },
  );
}

const q = <T extends Element = HTMLElement>(sel: string) => container.querySelector<T>(sel);

function mount() {
  render(
    <>{positionsSection.render({ sellerId: SELLER_A, period: { from: '2026-08-01', to: '2026-08-20' } })}</>,
    container,
  );
}

describe('«Позиции» in the dashboard', () => {
  it('the switch asks for the public hosts from the click; refused, live checks stay off and nothing is sent', async () => {
    const { request, pub } = await setup();
    // The fake browser types `request` loosely; the real one resolves to whether the seller allowed it.
    request.mockResolvedValue(false as never);
    mount();
    await settle(() => expect(q('[role="switch"]')).not.toBeNull());
    const toggle = q<HTMLInputElement>('[role="switch"]')!;
    expect(toggle.checked).toBe(false);
    expect(q('#positions-explained')!.textContent).toContain('без токена');
    await act(async () => {
      toggle.click();
    });
    await settle(() =>
      expect(q('[data-positions="settings"] [role="alert"]')?.textContent).toContain('остаются выключенными'),
    );
    expect(request).toHaveBeenCalledWith({ origins: [...PUBLIC_HOST_PERMISSIONS] });
    expect((await loadLiveSettings()).enabled).toBe(false);
    expect(q<HTMLInputElement>('[role="switch"]')!.checked).toBe(false);
    expect(pub.requests).toHaveLength(0);
  });

  it('granted: a phrase added from the form is checked, with its position, history and competitors', async () => {
    const { request, granted, pick, pub } = await setup();
    request.mockImplementation(async () => {
      granted.value = true;
      return true as never;
    });
    mount();
    await settle(() => expect(q('#positions-sku')).not.toBeNull());
    await act(async () => {
      q<HTMLInputElement>('[role="switch"]')!.click();
    });
    await settle(() => expect(q<HTMLInputElement>('[role="switch"]')!.checked).toBe(true));
    expect((await loadLiveSettings()).enabled).toBe(true);

    const sku = q<HTMLSelectElement>('#positions-sku')!;
    await act(async () => {
      sku.value = String(pick.nmId);
      sku.dispatchEvent(new Event('change', { bubbles: true }));
    });
    // WB's search report suggests phrases for the SKU.
    await settle(() =>
      expect(container.querySelectorAll('[data-positions="suggestions"] li').length).toBeGreaterThan(0),
    );

    const form = q<HTMLFormElement>('form[aria-label="Новая фраза"]')!;
    const input = form.querySelector<HTMLInputElement>('input[type="text"]')!;
    await act(async () => {
      input.value = pick.query;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await settle(() => expect(q('[data-table="positions-phrases"] tbody')!.textContent).toContain(pick.query));

    const checkNow = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Проверить сейчас')!;
    await act(async () => {
      checkNow.click();
    });
    await settle(() => expect(q('[role="status"]')!.textContent).toBe('Проверено фраз: 1.'));
    const cells = (sel: string) =>
      [...container.querySelectorAll(`${sel} tbody tr:first-child td`)].map((td) => td.textContent);
    await settle(() => expect(cells('[data-table="positions-phrases"]')[1]).toBe(String(pick.at)));
    await settle(() => expect(cells('[data-table="positions-history"]')[1]).toBe(String(pick.at)));
    const truth = pub.results(pick.query).slice(0, pick.at - 1);
    await settle(() =>
      expect(container.querySelectorAll('[data-table="positions-competitors"] tbody tr').length).toBe(truth.length),
    );
    expect(container.querySelectorAll('[data-table="positions-competitors"] [data-ad="true"]').length).toBe(
      truth.filter((r) => r.ad).length,
    );
  });
});
