/**
 * Sync status as extension pages (popup, dashboard) see it: fetched by message, refreshed on the background's
 * broadcast and, while a sync runs, every second (stopped when the page closes). Contexts: extension pages.
 */
import { signal } from '@preact/signals';
import browser from 'webextension-polyfill';
import { t } from '../i18n';
import { sendMessage, SYNC_CHANGED, type ResponseOf } from '../messaging';

export const syncStatus = signal<ResponseOf<'sync.status'> | null>(null);

export async function refreshSync(): Promise<void> {
  try {
    syncStatus.value = await sendMessage('sync.status', {});
  } catch {
    // The keyring view already says when the background does not answer.
  }
}

/** Refetches on the background's broadcast, and every second while a sync runs. Returns the stop function. */
export function watchSync(intervalMs = 1_000): () => void {
  const listener = (msg: unknown) => {
    if (typeof msg === 'object' && msg !== null && (msg as { ns?: unknown }).ns === SYNC_CHANGED) void refreshSync();
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  const timer = setInterval(() => {
    const s = syncStatus.value;
    const busy = s?.running || s?.sellers.some((x) => x.datasets.some((d) => d.state === 'backfill'));
    if (busy) void refreshSync();
  }, intervalMs);
  return () => {
    browser.runtime.onMessage.removeListener(listener);
    clearInterval(timer);
  };
}

export async function syncNow(sellerId: string): Promise<void> {
  await sendMessage('sync.now', { sellerId });
  await refreshSync();
}

export async function setPollMinutes(minutes: number): Promise<void> {
  await sendMessage('sync.setPollMinutes', { minutes });
  await refreshSync();
}

/** The Moscow day `days` before `now`, as `YYYY-MM-DD`. */
export function mskDayBefore(days: number, now = Date.now()): string {
  return new Date(now + 3 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

/** Deletes the seller's history older than `days`; resolves to the message for the seller. */
export async function clearHistory(sellerId: string, days: number): Promise<string> {
  const r = await sendMessage('sync.clearHistory', { sellerId, beforeDay: mskDayBefore(days) });
  await refreshSync();
  return t('syncCleared', { n: r.deleted.toLocaleString('ru-RU') });
}
