/**
 * The keyring as extension pages (popup, dashboard) see it: fetched by message, refreshed on the background's
 * broadcast. Contexts: extension pages.
 */
import { signal } from '@preact/signals';
import browser from 'webextension-polyfill';
import { formatDuration, lang, t, type Lang } from '../i18n';
import { KEYRING_CHANGED, sendMessage, type ResponseOf } from '../messaging';

type SellerList = ResponseOf<'keyring.get'>['sellers'];

export const sellers = signal<SellerList | null>(null);
export const loadError = signal<string | null>(null);

/** Loads the keyring view and the UI language. */
export async function refreshKeyring(): Promise<void> {
  try {
    const answer = await sendMessage('keyring.get', {});
    lang.value = answer.lang;
    sellers.value = answer.sellers;
    loadError.value = null;
  } catch {
    loadError.value = t('backgroundUnavailable');
  }
}

/** Refetches whenever the background says the keyring changed. */
export function watchKeyring(): () => void {
  const listener = (msg: unknown) => {
    if (typeof msg === 'object' && msg !== null && (msg as { ns?: unknown }).ns === KEYRING_CHANGED)
      void refreshKeyring();
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

export async function addToken(raw: string, label: string) {
  const r = await sendMessage('keyring.add', { raw: raw.slice(0, 8192), label: label.trim() || undefined });
  await refreshKeyring();
  return r.ok ? { ok: true as const, created: r.created } : { ok: false as const, message: tokenErrorText(r.error) };
}

function tokenErrorText(error: { code: string; message: string }): string {
  // The background's message is Russian; English readers get the same sentence by code.
  if (lang.value === 'ru') return error.message;
  const en: Record<string, string> = {
    empty: 'Paste an API token: copy it in the WB cabinet on the “API integrations” page.',
    malformed:
      'This does not look like a WB API token: it is one long string of three parts separated by dots, starting with “eyJ”. Copy it again in full.',
    'not-wb':
      'This is a token, but not a Wildberries API token: it has no seller data. Create one on the WB “API integrations” page.',
    expired: 'The token has expired. Create a new one in the WB cabinet on the “API integrations” page.',
  };
  return en[error.code] ?? error.message;
}

export async function removeToken(tokenId: string): Promise<void> {
  await sendMessage('keyring.remove', { tokenId });
  await refreshKeyring();
}

export async function removeSeller(sellerId: string): Promise<void> {
  await sendMessage('keyring.removeSeller', { sellerId });
  await refreshKeyring();
}

/** The seller's "check token": one /ping, and the answer in words. */
export async function checkToken(tokenId: string): Promise<string> {
  const r = await sendMessage('keyring.check', { tokenId });
  await refreshKeyring();
  switch (r.kind) {
    case 'ok':
      return t('pingOk', { host: r.host });
    case 'rejected':
      return t('pingRejected', { reason: r.reason });
    case 'rate-limited':
      return t('pingRateLimited', { seconds: r.retryAfterSec });
    case 'unavailable':
      return t('pingUnavailable', { status: r.status });
    case 'network':
      return t('pingNetwork');
    default:
      return t('pingNoHost');
  }
}

export async function setLang(l: Lang): Promise<void> {
  lang.value = l;
  await sendMessage('settings.setLang', { lang: l });
}

export { formatDuration };
