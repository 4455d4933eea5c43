/**
 * The «Позиции» section's side-by-side table with WB's ad positions (issue #8, «official first»): once the bidder's
 * reads of keyword stats and fullstats are stored, the table gets their columns, labelled by source, beside the search
 * report's and the live checks'; a SKU without them keeps the four columns. happy-dom, talking by message to the real
 * positions service.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Runtime } from 'webextension-polyfill';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { positionsSection } from '../../../entrypoints/dashboard/sections/positions';
import { createPositionsBackground } from '../../../lib/background/positions-service';
import { putCards } from '../../../lib/db/cards';
import { SellerLensDb } from '../../../lib/db/schema';
import { handleMessages } from '../../../lib/messaging';
import { POSITION_SOURCE_LABELS } from '../../../lib/positions/official';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { pageCards } from '../../../lib/wb-api/content';
import { createWbSimulator, SELLER_A } from '../../sim';
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

describe('«Позиции»: WB ad positions in the side-by-side table', () => {
  it('shows the keyword-stats and fullstats columns with their labels and numbers', async () => {
    const sim = createWbSimulator({ orders: 150, sellers: [{ id: SELLER_A, products: 8, historyDays: 10 }] });
    const clock = createVirtualClock(0, sim.clock);
    const keyring = createKeyring({ now: () => clock.now() });
    await keyring.add(sim.token({ categories: ['content'] }));
    const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5 });
    const db = new SellerLensDb(freshDbName());
    for await (const page of pageCards(api.client, SELLER_A)) await putCards(db, SELLER_A, page.cards);
    const service = createPositionsBackground({
      db,
      api,
      fetch: sim.fetch,
      clock,
      hasPermission: async () => false,
      notify: async () => undefined,
    });
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    handleMessages(service.handlers);
    const listener = add.mock.calls.at(-1)![0] as (m: unknown, s: Runtime.MessageSender) => unknown;
    const sender: Runtime.MessageSender = {
      id: fakeBrowser.runtime.id,
      url: fakeBrowser.runtime.getURL('/dashboard.html'),
    };
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => listener(m, sender) as never);

    const nmId = sim.dataset.products[0]!.nmId;
    const phrase = 'платье летнее';
    await service.handlers['positions.addPhrase']!({ sellerId: SELLER_A, nmId, phrase }, sender);
    const day = new Date(clock.now() + 3 * 3_600_000).toISOString().slice(0, 10);
    // What a bidder check read: the item's cluster in keyword stats, and its fullstats average.
    expect(
      await service.storeAdsPositions(SELLER_A, {
        boosterStats: [{ date: day, nm: nmId, avg_position: 4 }],
        normqueryStats: [{ date: day, nm_id: nmId, norm_query: 'летнее платье', avg_pos: 6.5, views: 100 }],
      }),
    ).toBe(2);

    render(
      <>{positionsSection.render({ sellerId: SELLER_A, period: { from: '2026-08-01', to: '2026-08-20' } })}</>,
      container,
    );
    const table = () => container.querySelector('[data-table="positions-side-by-side"]');
    await settle(() => expect(table()?.querySelectorAll('tbody tr').length).toBe(2));
    const headers = [...table()!.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    const col = (label: string) => headers.findIndex((h) => h?.startsWith(label));
    const normCol = col(POSITION_SOURCE_LABELS['normquery-avg'].ru);
    const fullCol = col(POSITION_SOURCE_LABELS['fullstats-avg'].ru);
    expect(normCol).toBeGreaterThan(0);
    expect(fullCol).toBeGreaterThan(0);
    // The four columns the table always had keep their places before them.
    expect(col(POSITION_SOURCE_LABELS['search-report-avg'].ru)).toBe(1);
    expect(col(POSITION_SOURCE_LABELS['live'].ru)).toBe(3);

    const rows = [...table()!.querySelectorAll('tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()),
    );
    // WB's «летнее платье» cluster meets the seller's «платье летнее»: one row, with the ad position.
    const phraseRow = rows.find((r) => r[0] === phrase)!;
    expect(phraseRow[normCol]).toBe('6,5');
    expect(phraseRow[fullCol]).toBe('—');
    // fullstats averages over all queries: a row without a phrase.
    const itemRow = rows.find((r) => r[0] === '—')!;
    expect(itemRow[fullCol]).toBe('4');
    expect(itemRow[normCol]).toBe('—');
  });
});
