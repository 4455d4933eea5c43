import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { keyringHandlers, langItem } from '../../../lib/background/keyring-service';
import { tokenGuideHandlers, tokenGuideItem } from '../../../lib/background/token-guide-service';
import { handleMessages, type Handlers } from '../../../lib/messaging';
import { createKeyring, keyringItem, type Keyring } from '../../../lib/token/keyring';
import { makeToken, SELLER_A } from '../../helpers/tokens';

/** Waits for an assertion to hold; generous, since the whole suite runs on two busy cores. */
const until = <T>(fn: () => T) => vi.waitFor(fn, { timeout: 5000, interval: 20 });

const EXT_ID = fakeBrowser.runtime.id;
const TAB = { id: 3, index: 0, highlighted: false, active: true, pinned: false, incognito: false };
const tokenPage = {
  id: EXT_ID,
  url: 'https://seller.wildberries.ru/api-integrations',
  tab: TAB,
} as Runtime.MessageSender;
const popup: Runtime.MessageSender = { id: EXT_ID, url: fakeBrowser.runtime.getURL('/popup.html') };

type Listener = (message: unknown, sender: Runtime.MessageSender) => Promise<unknown> | undefined;
const envelope = (type: string, payload: unknown) => ({ ns: 'seller-lens/v1', type, payload });

let keyring: Keyring;
let listener: Listener;
let sellerName: ReturnType<typeof vi.fn<(sellerId: string) => Promise<string | null>>>;

beforeEach(() => {
  keyring = createKeyring();
  sellerName = vi.fn(async () => 'Flax Store');
  const keyringApi = keyringHandlers({ keyring, fetch: vi.fn(), sellerName });
  const handlers: Handlers = { ...keyringApi, ...tokenGuideHandlers({ addToken: keyringApi['keyring.add']! }) };
  const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
  handleMessages(handlers);
  listener = add.mock.calls.at(-1)![0] as Listener;
});

const storedRaws = async () => Object.values((await keyringItem.getValue()).entries).map((e) => e.raw);

describe('capture.saveToken', () => {
  it('adds the captured token to the keyring and answers with its view and the goal check, never the token', async () => {
    const raw = makeToken({ categories: ['statistics', 'finance'], readOnly: true });
    const answer = await listener(
      envelope('capture.saveToken', { raw, goals: ['orders', 'finance'], label: 'Seller Lens · Статистика, Финансы' }),
      tokenPage,
    );
    expect(answer).toMatchObject({
      ok: true,
      created: true,
      token: {
        sellerId: SELLER_A,
        label: 'Seller Lens · Статистика, Финансы',
        type: 'personal',
        categories: ['statistics', 'finance'],
        readOnly: true,
      },
      check: { problems: [], baseLimited: false, sandbox: false },
    });
    expect(JSON.stringify(answer)).not.toContain(raw);
    expect(JSON.stringify(answer)).not.toContain(raw.split('.')[1]!);
    expect(await storedRaws()).toEqual([raw]);
    // Through the keyring's own handler: the seller's name is looked up as for a pasted token.
    await until(() => expect(sellerName).toHaveBeenCalledWith(SELLER_A));
  });

  it('a read-only token captured for the bidder is saved, with the warning that it cannot write', async () => {
    const raw = makeToken({ categories: ['promotion'], readOnly: true });
    const answer = await listener(envelope('capture.saveToken', { raw, goals: ['bidder'] }), tokenPage);
    expect(answer).toMatchObject({
      ok: true,
      check: { problems: [{ goal: 'bidder', missing: { kind: 'write', category: 'promotion' } }] },
    });
    expect(await storedRaws()).toEqual([raw]);
  });

  it('something that is not a WB token is refused and nothing is stored', async () => {
    const answer = await listener(envelope('capture.saveToken', { raw: 'eyJ.не.токен', goals: ['orders'] }), tokenPage);
    expect(answer).toMatchObject({ ok: false, error: { code: 'malformed' } });
    expect(await storedRaws()).toEqual([]);
  });

  it('only our content script on a WB cabinet tab may send a token; pages and strangers get no answer', async () => {
    const raw = makeToken();
    const payload = { raw, goals: ['orders'] };
    expect(listener(envelope('capture.saveToken', payload), popup)).toBeUndefined();
    expect(
      listener(envelope('capture.saveToken', payload), { ...tokenPage, url: 'https://evil.example/api-integrations' }),
    ).toBeUndefined();
    expect(listener(envelope('capture.saveToken', payload), { ...tokenPage, id: 'another-extension' })).toBeUndefined();
    expect(listener(envelope('capture.saveToken', { raw, goals: ['everything'] }), tokenPage)).toBeUndefined();
    expect(listener(envelope('capture.saveToken', { raw: 'x'.repeat(8193), goals: [] }), tokenPage)).toBeUndefined();
    expect(await storedRaws()).toEqual([]);
  });
});

describe('tokenGuide.get / tokenGuide.setDismissed', () => {
  it('remembers a dismissal; the popup can bring the guide back', async () => {
    await langItem.setValue('en');
    await expect(listener(envelope('tokenGuide.get', {}), tokenPage)).resolves.toEqual({
      dismissed: false,
      lang: 'en',
    });
    await expect(listener(envelope('tokenGuide.setDismissed', { dismissed: true }), tokenPage)).resolves.toEqual({
      ok: true,
    });
    expect(await tokenGuideItem.getValue()).toEqual({ dismissed: true });
    await expect(listener(envelope('tokenGuide.get', {}), tokenPage)).resolves.toMatchObject({ dismissed: true });
    await listener(envelope('tokenGuide.setDismissed', { dismissed: false }), popup);
    await expect(listener(envelope('tokenGuide.get', {}), tokenPage)).resolves.toMatchObject({ dismissed: false });
  });
});
