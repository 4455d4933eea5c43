/**
 * Typed messaging: `sendMessage` for popup, dashboard and content script; `handleMessages` for the background.
 * The receiver checks the sender first, then the payload, and answers nothing to what fails (fails closed).
 * Contexts: any.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { protocol, type MessageType, type RequestOf, type ResponseOf, type SenderKind } from './protocol';

export * from './protocol';

const ENVELOPE = 'seller-lens/v1';

interface Envelope {
  ns: typeof ENVELOPE;
  type: string;
  payload: unknown;
}

function isEnvelope(x: unknown): x is Envelope {
  return (
    typeof x === 'object' && x !== null && (x as Envelope).ns === ENVELOPE && typeof (x as Envelope).type === 'string'
  );
}

/** Hosts whose tabs our content script runs in. */
export const CABINET_HOSTS = ['seller.wildberries.ru', 'cmp.wildberries.ru'];

/** Classifies a message's sender, or null when it is not one of ours. */
export function senderKind(
  sender: Runtime.MessageSender,
  extensionId: string,
  extensionOrigin: string,
): SenderKind | null {
  if (sender.id !== extensionId || !sender.url) return null;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return null;
  }
  // Not `url.origin`: by the URL standard it is "null" for chrome-extension:/moz-extension: URLs.
  const origin = `${url.protocol}//${url.host}`;
  if (`${origin}/` === extensionOrigin || origin === extensionOrigin) return 'extension';
  if (sender.tab && url.protocol === 'https:' && CABINET_HOSTS.includes(url.hostname)) return 'content';
  return null;
}

export class MessageError extends Error {}

/** Sends a typed message to the background and validates the answer. */
export async function sendMessage<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const def = protocol[type];
  const answer: unknown = await browser.runtime.sendMessage({ ns: ENVELOPE, type, payload } satisfies Envelope);
  const parsed = def.response.safeParse(answer);
  if (!parsed.success) throw new MessageError(`Invalid answer to ${type}`);
  return parsed.data as ResponseOf<T>;
}

export type Handlers = {
  [T in MessageType]?: (payload: RequestOf<T>, sender: Runtime.MessageSender) => Promise<ResponseOf<T>>;
};

/** Registers the background's handlers. Call synchronously at the top of the background's main. */
export function handleMessages(handlers: Handlers): void {
  const extensionId = browser.runtime.id;
  const extensionOrigin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
    if (!isEnvelope(message) || !Object.hasOwn(protocol, message.type)) return undefined;
    const type = message.type as MessageType;
    const def = protocol[type];
    const kind = senderKind(sender, extensionId, extensionOrigin);
    if (!kind || !(def.from as readonly SenderKind[]).includes(kind)) return undefined;
    const parsed = def.request.safeParse(message.payload);
    const handler = handlers[type] as ((p: unknown, s: Runtime.MessageSender) => Promise<unknown>) | undefined;
    if (!parsed.success || !handler) return undefined;
    return handler(parsed.data, sender).then((answer) => {
      const checked = def.response.safeParse(answer);
      if (!checked.success) throw new MessageError(`Handler for ${type} produced an invalid answer`);
      return checked.data;
    });
  });
}
