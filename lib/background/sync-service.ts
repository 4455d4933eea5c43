/**
 * The background's side of sync: the engine over the real clock and IndexedDB, its message handlers, the 'sync'
 * alarm task (every minute, catching up after the worker was stopped), a one-shot wake-up alarm for the next due
 * job, a backfill as soon as a token is added, and resuming unfinished jobs whenever the worker starts.
 * Contexts: background only.
 */
import browser from 'webextension-polyfill';
import type { SellerLensDb } from '../db/schema';
import { SYNC_CHANGED, type Handlers } from '../messaging';
import type { AlarmTask } from '../sync/alarm-tasks';
import { createSyncEngine, type SyncEngine } from '../sync/engine';
import { storageSyncPrefs, type SyncPrefs } from '../sync/settings';
import { keyringItem, type Keyring } from '../token/keyring';
import type { WbApi } from '../wb-api';
import { realClock, type Clock } from '../wb-api/clock';

/** The periodic alarm task that runs whatever is due. */
export const SYNC_TASK = 'sync';
/** A one-shot alarm at the next due time, so a job waiting for WB's limit resumes on time. */
export const SYNC_WAKE_ALARM = 'sync-wake';

export interface SyncBackgroundDeps {
  db: SellerLensDb;
  api: Pick<WbApi, 'client'>;
  keyring: Pick<Keyring, 'sellers'>;
  clock?: Clock;
  prefs?: SyncPrefs;
}

export interface SyncBackground {
  engine: SyncEngine;
  handlers: Handlers;
  task: AlarmTask;
  /** Registers the wake-up listener and the token watch, and resumes unfinished jobs. Call synchronously in main. */
  start(): void;
}

let broadcastPending = false;

/** Tells open extension pages to refetch the sync status (at most every 200 ms; no page open is not an error). */
export function broadcastSyncChanged(): void {
  if (broadcastPending) return;
  broadcastPending = true;
  setTimeout(() => {
    broadcastPending = false;
    browser.runtime.sendMessage({ ns: SYNC_CHANGED }).catch(() => undefined);
  }, 200);
}

function scheduleWake(at: number | null): void {
  if (at === null) {
    void browser.alarms.clear(SYNC_WAKE_ALARM).catch(() => undefined);
    return;
  }
  // Chrome rounds alarms up to 30 s for packed extensions; the periodic task covers anything finer.
  void Promise.resolve(browser.alarms.create(SYNC_WAKE_ALARM, { when: Math.max(at, Date.now() + 1_000) })).catch(
    () => undefined,
  );
}

/** The message handlers of sync. */
export function syncHandlers(engine: SyncEngine, prefs: SyncPrefs): Handlers {
  return {
    'sync.status': async () => ({
      sellers: await engine.status(),
      pollMinutes: (await prefs.settings()).pollMinutes,
      running: engine.isRunning(),
    }),
    'sync.now': async ({ sellerId }) => {
      // Not awaited: the page sees progress through the status; a run may take minutes.
      void engine.runDue({ sellerId, manual: true });
      return { ok: true };
    },
    'sync.setPollMinutes': async ({ minutes }) => {
      const next = await prefs.setSettings({ pollMinutes: minutes });
      broadcastSyncChanged();
      return { ok: true, pollMinutes: next.pollMinutes };
    },
    'sync.clearHistory': async ({ sellerId, beforeDay }) => ({
      ok: true,
      deleted: await engine.clearHistory(sellerId, beforeDay),
    }),
  };
}

/** The ids of the tokens in the keyring (ids only: the raw tokens are not looked at). */
function tokenIds(data: { entries: Record<string, unknown> } | null | undefined): Set<string> {
  return new Set(Object.keys(data?.entries ?? {}));
}

export function createSyncBackground(deps: SyncBackgroundDeps): SyncBackground {
  const prefs = deps.prefs ?? storageSyncPrefs;
  const engine = createSyncEngine({
    db: deps.db,
    api: deps.api,
    keyring: deps.keyring,
    clock: deps.clock ?? realClock,
    prefs,
    onChange: broadcastSyncChanged,
    onIdle: scheduleWake,
  });
  return {
    engine,
    handlers: syncHandlers(engine, prefs),
    task: { name: SYNC_TASK, periodInMinutes: 1, run: () => engine.runDue() },
    start() {
      browser.alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === SYNC_WAKE_ALARM) void engine.runDue();
      });
      // A new token (pasted in the popup or captured on WB's page) starts its seller's backfill at once.
      keyringItem.watch((next, prev) => {
        const before = tokenIds(prev);
        if ([...tokenIds(next)].some((id) => !before.has(id))) void engine.runDue();
      });
      // An MV3 worker is stopped when idle; while a sync runs, a cheap API call every 20 s keeps it going. The
      // engine does not depend on it: a stopped worker resumes from the last committed page.
      setInterval(() => {
        if (engine.isRunning()) void browser.runtime.getPlatformInfo().catch(() => undefined);
      }, 20_000);
      // Whatever was due while the worker was stopped (or was cut off by the stop) runs now.
      void engine.runDue();
    },
  };
}
