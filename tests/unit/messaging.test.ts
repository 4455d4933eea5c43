import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  handleMessages,
  KEYRING_CHANGED,
  MessageError,
  protocol,
  sendMessage,
  senderKind,
  type Handlers,
  type MessageType,
} from '../../lib/messaging';

const NS = 'seller-lens/v1';
const EXT_ID = fakeBrowser.runtime.id;
const EXT_ORIGIN = fakeBrowser.runtime.getURL('/');
const TAB = {
  id: 7,
  index: 0,
  highlighted: false,
  active: true,
  pinned: false,
  incognito: false,
} as Runtime.MessageSender['tab'];

const extensionPage: Runtime.MessageSender = { id: EXT_ID, url: `${EXT_ORIGIN}popup.html` };
const cabinetTab: Runtime.MessageSender = {
  id: EXT_ID,
  url: 'https://seller.wildberries.ru/api-integrations',
  tab: TAB,
};

describe('senderKind', () => {
  it('the fake browser gives a chrome-extension origin ending in a slash', () => {
    expect(EXT_ORIGIN).toBe(`chrome-extension://${EXT_ID}/`);
  });

  it.each([
    ['the popup', { id: EXT_ID, url: `${EXT_ORIGIN}popup.html` }, 'extension'],
    ['the dashboard with a hash', { id: EXT_ID, url: `${EXT_ORIGIN}dashboard.html#/orders` }, 'extension'],
    ['an extension page inside a tab', { id: EXT_ID, url: `${EXT_ORIGIN}dashboard.html`, tab: TAB }, 'extension'],
    ['the extension root', { id: EXT_ID, url: EXT_ORIGIN }, 'extension'],
    ['content script on the seller cabinet', cabinetTab, 'content'],
    [
      'content script on the seller cabinet root',
      { id: EXT_ID, url: 'https://seller.wildberries.ru/', tab: TAB },
      'content',
    ],
    [
      'content script on the ads cabinet',
      { id: EXT_ID, url: 'https://cmp.wildberries.ru/campaigns/list', tab: TAB },
      'content',
    ],
    ['cabinet URL without a tab', { id: EXT_ID, url: 'https://seller.wildberries.ru/' }, null],
    ['http:// cabinet', { id: EXT_ID, url: 'http://seller.wildberries.ru/', tab: TAB }, null],
    ['http:// ads cabinet', { id: EXT_ID, url: 'http://cmp.wildberries.ru/', tab: TAB }, null],
    ['the WB shop', { id: EXT_ID, url: 'https://www.wildberries.ru/', tab: TAB }, null],
    ['a look-alike host', { id: EXT_ID, url: 'https://seller.wildberries.ru.evil.com/', tab: TAB }, null],
    ['the host in the path', { id: EXT_ID, url: 'https://evil.com/seller.wildberries.ru', tab: TAB }, null],
    ['the host as userinfo', { id: EXT_ID, url: 'https://seller.wildberries.ru@evil.com/', tab: TAB }, null],
    ['a WB API host', { id: EXT_ID, url: 'https://statistics-api.wildberries.ru/', tab: TAB }, null],
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }, null],
    ['another extension id claiming our page', { id: 'other-extension', url: `${EXT_ORIGIN}popup.html` }, null],
    ['another extension id on the cabinet', { id: 'other-extension', url: cabinetTab.url, tab: TAB }, null],
    [
      'our id with another extension’s page',
      { id: EXT_ID, url: 'chrome-extension://other-extension/popup.html' },
      null,
    ],
    ['a prefix of our id', { id: EXT_ID, url: `chrome-extension://${EXT_ID}x/popup.html` }, null],
    ['no url', { id: EXT_ID }, null],
    ['no url, with a tab', { id: EXT_ID, tab: TAB }, null],
    ['an unparsable url', { id: EXT_ID, url: 'not a url', tab: TAB }, null],
    ['no id', { url: `${EXT_ORIGIN}popup.html` }, null],
    ['an empty sender', {}, null],
  ] as [string, Runtime.MessageSender, 'extension' | 'content' | null][])('%s → %s', (_name, sender, kind) => {
    expect(senderKind(sender, EXT_ID, EXT_ORIGIN)).toBe(kind);
  });

  it('recognises a Firefox moz-extension page', () => {
    const id = 'seller-lens@seller-lens.example';
    const origin = 'moz-extension://3a1f0c2e-8b7d-4e6f-9a5b-1c2d3e4f5a6b/';
    expect(senderKind({ id, url: `${origin}popup.html` }, id, origin)).toBe('extension');
    expect(senderKind({ id, url: 'moz-extension://00000000-0000-4000-8000-000000000000/popup.html' }, id, origin)).toBe(
      null,
    );
  });
});

type Listener = (message: unknown, sender: Runtime.MessageSender) => Promise<unknown> | undefined;

/** Registers `handlers` and returns the runtime.onMessage listener that handleMessages added. */
function register(handlers: Handlers): Listener {
  const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
  const before = add.mock.calls.length;
  handleMessages(handlers);
  expect(add.mock.calls.length).toBe(before + 1);
  return add.mock.calls.at(-1)![0] as Listener;
}

const envelope = (type: string, payload: unknown) => ({ ns: NS, type, payload });

const sellersAnswer = { sellers: [], lang: 'ru' as const };
const collapsedAnswer = { ok: true };
const collapse = { panel: 'overview', collapsed: true };

function allHandlers() {
  return {
    'keyring.get': vi.fn(async () => sellersAnswer),
    'keyring.add': vi.fn(async () => ({
      ok: false as const,
      error: { code: 'empty' as const, message: 'Вставьте API-токен' },
    })),
    'keyring.remove': vi.fn(async () => ({ ok: true })),
    'keyring.removeSeller': vi.fn(async () => ({ ok: true })),
    'keyring.check': vi.fn(async () => ({ kind: 'ok' as const, host: 'statistics-api.wildberries.ru' })),
    'settings.setLang': vi.fn(async () => ({ ok: true })),
    'panel.setCollapsed': vi.fn(async () => collapsedAnswer),
  } satisfies Handlers;
}

describe('handleMessages', () => {
  let handlers: ReturnType<typeof allHandlers>;
  let listener: Listener;

  beforeEach(() => {
    handlers = allHandlers();
    listener = register(handlers);
  });

  const noHandlerCalled = () => {
    for (const h of Object.values(handlers)) expect(h).not.toHaveBeenCalled();
  };

  it('answers a valid message from an extension page with the handler’s answer', async () => {
    await expect(listener(envelope('keyring.get', {}), extensionPage)).resolves.toEqual(sellersAnswer);
    expect(handlers['keyring.get']).toHaveBeenCalledWith({}, extensionPage);
  });

  it('passes the parsed payload and strips unknown keys', async () => {
    await expect(
      listener(envelope('keyring.remove', { tokenId: 'tok-1', extra: 'x' }), extensionPage),
    ).resolves.toEqual({ ok: true });
    expect(handlers['keyring.remove']).toHaveBeenCalledWith({ tokenId: 'tok-1' }, extensionPage);
  });

  it('answers the content script’s panel.setCollapsed', async () => {
    await expect(listener(envelope('panel.setCollapsed', collapse), cabinetTab)).resolves.toEqual(collapsedAnswer);
  });

  it.each(['nope', 'keyring', 'KEYRING.GET', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
    'ignores the unknown type %j',
    (type) => {
      expect(listener(envelope(type, {}), extensionPage)).toBeUndefined();
      noHandlerCalled();
    },
  );

  it.each([
    ['null', null],
    ['a string', 'keyring.get'],
    ['a number', 42],
    ['no namespace', { type: 'keyring.get', payload: {} }],
    ['another namespace', { ns: 'other/v1', type: 'keyring.get', payload: {} }],
    ['the keyring-changed broadcast', { ns: KEYRING_CHANGED }],
    ['a non-string type', { ns: NS, type: 1, payload: {} }],
  ])('ignores a message that is not ours: %s', (_name, message) => {
    expect(listener(message, extensionPage)).toBeUndefined();
    noHandlerCalled();
  });

  const extensionOnly = (Object.keys(protocol) as MessageType[]).filter(
    (t) => !(protocol[t].from as readonly string[]).includes('content'),
  );

  it('keeps the keyring from the content script, which may fold its panels', () => {
    expect(extensionOnly).toEqual(expect.arrayContaining(['keyring.add', 'keyring.get', 'keyring.check']));
    expect(extensionOnly).not.toContain('panel.setCollapsed');
  });

  it.each([
    ['keyring.add', { raw: 'eyJ.x.y' }],
    ['keyring.get', {}],
    ['keyring.remove', { tokenId: 't' }],
    ['keyring.removeSeller', { sellerId: 's' }],
    ['keyring.check', { tokenId: 't' }],
    ['settings.setLang', { lang: 'en' }],
  ])('gives the content script no answer to %s', (type, payload) => {
    expect(listener(envelope(type, payload), cabinetTab)).toBeUndefined();
    expect(listener(envelope(type, payload), { ...cabinetTab, url: 'https://cmp.wildberries.ru/' })).toBeUndefined();
    noHandlerCalled();
  });

  it('gives an extension page no answer to panel.setCollapsed (content only)', () => {
    expect(listener(envelope('panel.setCollapsed', collapse), extensionPage)).toBeUndefined();
    noHandlerCalled();
  });

  it.each([
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }],
    ['a page on another site', { id: EXT_ID, url: 'https://evil.com/', tab: TAB }],
    ['http cabinet', { id: EXT_ID, url: 'http://seller.wildberries.ru/', tab: TAB }],
    ['an empty sender', {}],
  ] as [string, Runtime.MessageSender][])('gives %s no answer at all', (_name, sender) => {
    for (const type of Object.keys(protocol)) expect(listener(envelope(type, {}), sender)).toBeUndefined();
    noHandlerCalled();
  });

  it.each([
    ['keyring.add', undefined],
    ['keyring.add', {}],
    ['keyring.add', { raw: 42 }],
    ['keyring.add', { raw: 'x'.repeat(8193) }],
    ['keyring.add', { raw: 'eyJ', label: 'x'.repeat(81) }],
    ['keyring.remove', { tokenId: '' }],
    ['keyring.remove', { tokenId: 'x'.repeat(65) }],
    ['keyring.remove', { id: 'tok' }],
    ['keyring.check', { tokenId: null }],
    ['settings.setLang', { lang: 'de' }],
    ['keyring.get', null],
    ['keyring.get', 'all'],
  ])('gives no answer to %s with an invalid payload %j', (type, payload) => {
    expect(listener(envelope(type, payload), extensionPage)).toBeUndefined();
    noHandlerCalled();
  });

  it('accepts the largest valid payload', async () => {
    await listener(envelope('keyring.add', { raw: 'x'.repeat(8192), label: 'y'.repeat(80) }), extensionPage);
    expect(handlers['keyring.add']).toHaveBeenCalledTimes(1);
  });

  it('rejects when a handler produces an invalid answer', async () => {
    handlers['keyring.get'].mockImplementation(async () => ({ sellers: 'nope' }) as never);
    await expect(listener(envelope('keyring.get', {}), extensionPage)).rejects.toBeInstanceOf(MessageError);
  });

  it('rejects an answer that would put a raw token in `masked`', async () => {
    const raw = `eyJhbGciOiJFUzI1NiJ9.${'a'.repeat(200)}.sig`;
    handlers['keyring.add'].mockImplementation(
      async () =>
        ({
          ok: true,
          created: true,
          token: {
            id: 't',
            sellerId: 's',
            label: 'l',
            masked: raw,
            type: 'personal',
            categories: [],
            readOnly: false,
            sandbox: false,
            expiresAt: 1,
            addedAt: 1,
            status: { kind: 'unchecked' },
          },
        }) as never,
    );
    await expect(listener(envelope('keyring.add', { raw }), extensionPage)).rejects.toThrow(/invalid answer/);
  });

  it('propagates a handler failure as a rejection', async () => {
    handlers['keyring.check'].mockImplementation(async () => {
      throw new Error('boom');
    });
    await expect(listener(envelope('keyring.check', { tokenId: 't' }), extensionPage)).rejects.toThrow('boom');
  });

  it('gives no answer to a type without a registered handler', () => {
    const only = register({ 'keyring.get': async () => sellersAnswer });
    expect(only(envelope('keyring.remove', { tokenId: 't' }), extensionPage)).toBeUndefined();
  });
});

describe('handleMessages through fakeBrowser.runtime', () => {
  const noResponse = () => undefined;

  it('fakeBrowser delivers runtime.sendMessage with an empty sender, which gets no answer', async () => {
    const seen: Runtime.MessageSender[] = [];
    fakeBrowser.runtime.onMessage.addListener((_m: unknown, sender: Runtime.MessageSender) => {
      seen.push(sender);
      return undefined;
    });
    const get = vi.fn(async () => sellersAnswer);
    handleMessages({ 'keyring.get': get });
    await expect(fakeBrowser.runtime.sendMessage(envelope('keyring.get', {}))).resolves.toBeUndefined();
    expect(seen).toEqual([{}]);
    expect(get).not.toHaveBeenCalled();
  });

  it('onMessage.trigger with a crafted sender reaches the handler', async () => {
    const get = vi.fn(async () => sellersAnswer);
    handleMessages({ 'keyring.get': get });
    await expect(
      fakeBrowser.runtime.onMessage.trigger(envelope('keyring.get', {}), extensionPage as never, noResponse),
    ).resolves.toEqual([sellersAnswer]);
    await expect(
      fakeBrowser.runtime.onMessage.trigger(envelope('keyring.get', {}), cabinetTab as never, noResponse),
    ).resolves.toEqual([undefined]);
    expect(get).toHaveBeenCalledTimes(1);
  });
});

describe('sendMessage ↔ handleMessages round trip', () => {
  /** Routes runtime.sendMessage to the registered listener as if it came from `sender`. */
  function wire(handlers: Handlers, sender: Runtime.MessageSender) {
    const listener = register(handlers);
    const send = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockImplementation(async (message: unknown) => listener(message, sender));
    return send;
  }

  it('sends the envelope and returns the validated answer', async () => {
    const send = wire({ 'keyring.remove': async ({ tokenId }) => ({ ok: tokenId === 'tok' }) }, extensionPage);
    await expect(sendMessage('keyring.remove', { tokenId: 'tok' })).resolves.toEqual({ ok: true });
    expect(send).toHaveBeenCalledWith({ ns: NS, type: 'keyring.remove', payload: { tokenId: 'tok' } });
  });

  it('throws MessageError when the content script asks for the keyring (no answer)', async () => {
    wire({ 'keyring.get': async () => sellersAnswer }, cabinetTab);
    await expect(sendMessage('keyring.get', {})).rejects.toBeInstanceOf(MessageError);
  });

  it('throws MessageError on an answer that does not match the protocol', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: 'yes' } as never);
    await expect(sendMessage('keyring.remove', { tokenId: 't' })).rejects.toThrow(MessageError);
  });

  it('the content script gets its answer', async () => {
    wire({ 'panel.setCollapsed': async () => collapsedAnswer }, cabinetTab);
    await expect(sendMessage('panel.setCollapsed', { panel: 'overview', collapsed: true })).resolves.toEqual(
      collapsedAnswer,
    );
  });
});
