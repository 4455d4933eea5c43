/**
 * The background's keyring handlers, the expiry reminder task and the toolbar badge.
 * Contexts: background only.
 */
import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import { formatDateMsk, formatDuration, t, type Lang } from '../i18n';
import { KEYRING_CHANGED, type Handlers } from '../messaging';
import { badgeState, dueReminders } from '../token/expiry';
import type { Keyring } from '../token/keyring';
import { pingHostFor, pingToken } from '../wb-api/common';
import type { AlarmTask } from '../sync/alarm-tasks';

export const langItem = storage.defineItem<Lang>('local:uiLang', { fallback: 'ru', version: 1 });

export interface KeyringServiceDeps {
  keyring: Keyring;
  fetch: typeof fetch;
  now?: () => number;
  /** Fetches the seller's name for a newly added seller (WB's /api/v1/seller-info). */
  sellerName?: (sellerId: string) => Promise<string | null>;
}

/** Tells open extension pages to refetch; no page open is not an error. */
function broadcastKeyringChanged(): void {
  browser.runtime.sendMessage({ ns: KEYRING_CHANGED }).catch(() => undefined);
}

export function keyringHandlers({ keyring, fetch, now = Date.now, sellerName }: KeyringServiceDeps): Handlers {
  const changed = async () => {
    broadcastKeyringChanged();
    await refreshBadge(keyring, now);
  };
  const learnSellerName = async (sellerId: string) => {
    const name = await sellerName?.(sellerId).catch(() => null);
    if (name) {
      await keyring.setSellerName(sellerId, name);
      broadcastKeyringChanged();
    }
  };
  return {
    'keyring.get': async () => ({ sellers: await keyring.sellers(), lang: await langItem.getValue() }),
    'keyring.add': async ({ raw, label }) => {
      const result = await keyring.add(raw, label);
      if (result.ok) {
        await runExpiryCheck(keyring, now);
        await changed();
        const seller = (await keyring.sellers()).find((s) => s.sellerId === result.token.sellerId);
        // Not awaited: the seller sees the token at once; the name follows when WB answers.
        if (sellerName && seller && seller.name === null) void learnSellerName(result.token.sellerId);
      }
      return result;
    },
    'keyring.remove': async ({ tokenId }) => {
      const ok = await keyring.remove(tokenId);
      await changed();
      return { ok };
    },
    'keyring.removeSeller': async ({ sellerId }) => {
      const ok = await keyring.removeSeller(sellerId);
      await changed();
      return { ok };
    },
    'keyring.check': async ({ tokenId }) => {
      const token = await keyring.get(tokenId);
      if (!token) return { kind: 'not-found', host: '' };
      const result = await pingToken(fetch, token.raw, pingHostFor(token.info.categories), now);
      if (result.kind === 'ok') await keyring.setStatus(tokenId, { kind: 'ok', checkedAt: now() });
      if (result.kind === 'rejected') {
        await keyring.setStatus(tokenId, { kind: 'rejected', reason: result.reason, checkedAt: now() });
      }
      await changed();
      return result;
    },
    'settings.setLang': async ({ lang }) => {
      await langItem.setValue(lang);
      broadcastKeyringChanged();
      return { ok: true };
    },
  };
}

/** Sets the toolbar badge from the soonest-expiring token. */
export async function refreshBadge(keyring: Keyring, now: () => number = Date.now): Promise<void> {
  const state = badgeState(await keyring.expiryInputs(), now());
  await browser.action.setBadgeText({ text: state.text });
  if (state.text) await browser.action.setBadgeBackgroundColor({ color: state.color });
}

/** Sends the reminders that are due and records them, so each threshold is reminded once. */
export async function runExpiryCheck(keyring: Keyring, now: () => number = Date.now): Promise<number> {
  const inputs = await keyring.expiryInputs();
  const due = dueReminders(inputs, now());
  const l = await langItem.getValue();
  for (const r of due) {
    const input = inputs.find((i) => i.tokenId === r.tokenId);
    if (!input) continue;
    const expired = r.threshold === 0;
    await browser.notifications
      .create(`token-expiry:${r.tokenId}:${r.threshold}`, {
        type: 'basic',
        iconUrl: browser.runtime.getURL('/icon/128.png'),
        title: t(expired ? 'expiredTitle' : 'reminderTitle', undefined, l),
        message: t(
          expired ? 'expiredBody' : 'reminderBody',
          {
            label: input.label,
            left: formatDuration(input.expiresAt - now(), l),
            date: formatDateMsk(new Date(input.expiresAt)),
          },
          l,
        ),
      })
      .catch(() => undefined);
    await keyring.markReminded(r.tokenId, r.settles);
    if (expired) await keyring.setStatus(r.tokenId, { kind: 'expired' });
  }
  await refreshBadge(keyring, now);
  return due.length;
}

/** Checks expiry hourly; a reminder missed while the browser was closed is sent on wake. */
export function expiryTask(keyring: Keyring, now: () => number = Date.now): AlarmTask {
  return { name: 'token-expiry', periodInMinutes: 60, run: async () => void (await runExpiryCheck(keyring, now)) };
}
