/**
 * The seller's sync settings (poll interval, how far back the finance report goes) and per-seller stops (storage
 * full), in `local:` extension storage. Stops live outside IndexedDB on purpose: they are written when IndexedDB
 * refuses to store more. Contexts: background.
 */
import { storage } from 'wxt/utils/storage';

export interface SyncSettings {
  /** How often a stream that has caught up is polled, in minutes (5–60). WB refreshes orders and sales every 30. */
  pollMinutes: number;
  /** How many days back the first finance sync goes (WB keeps the report from 29 Jan 2024). */
  financeMaxDays: number;
  /**
   * WB's statistics page size (about 80,000 rows, see STATISTICS_PAGE_ROWS): a shorter page means the stream has
   * caught up. Not shown in the UI; tests against the simulator, whose pages are smaller, set it to match.
   */
  pageRows: { orders?: number; sales?: number };
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { pollMinutes: 5, financeMaxDays: 365, pageRows: {} };
export const POLL_MINUTES_MIN = 5;
export const POLL_MINUTES_MAX = 60;

/** Why a seller's sync stopped (the browser's storage is full), until the seller acts. */
export interface SellerStop {
  message: string;
  at: number;
}

export interface SyncPrefs {
  settings(): Promise<SyncSettings>;
  setSettings(patch: Partial<SyncSettings>): Promise<SyncSettings>;
  stops(): Promise<Record<string, SellerStop>>;
  setStop(sellerId: string, stop: SellerStop | null): Promise<void>;
}

export function clampPollMinutes(n: number): number {
  if (!Number.isFinite(n)) return DEFAULT_SYNC_SETTINGS.pollMinutes;
  return Math.min(POLL_MINUTES_MAX, Math.max(POLL_MINUTES_MIN, Math.round(n)));
}

function normalise(s: Partial<SyncSettings> | null | undefined): SyncSettings {
  return {
    pollMinutes: clampPollMinutes(s?.pollMinutes ?? DEFAULT_SYNC_SETTINGS.pollMinutes),
    financeMaxDays: Math.max(7, Math.round(s?.financeMaxDays ?? DEFAULT_SYNC_SETTINGS.financeMaxDays)),
    pageRows: { ...(s?.pageRows ?? {}) },
  };
}

const settingsItem = storage.defineItem<SyncSettings>('local:syncSettings', {
  fallback: DEFAULT_SYNC_SETTINGS,
  version: 1,
});
const stopsItem = storage.defineItem<Record<string, SellerStop>>('local:syncStops', { fallback: {}, version: 1 });

/** The settings and stops in extension storage. */
export const storageSyncPrefs: SyncPrefs = {
  settings: async () => normalise(await settingsItem.getValue()),
  async setSettings(patch) {
    const next = normalise({ ...(await settingsItem.getValue()), ...patch });
    await settingsItem.setValue(next);
    return next;
  },
  stops: () => stopsItem.getValue(),
  async setStop(sellerId, stop) {
    const all = { ...(await stopsItem.getValue()) };
    if (stop) all[sellerId] = stop;
    else delete all[sellerId];
    await stopsItem.setValue(all);
  },
};

/** In-memory settings (tests, and a fallback where extension storage is absent). */
export function memorySyncPrefs(initial: Partial<SyncSettings> = {}): SyncPrefs {
  let settings = normalise(initial);
  const stops: Record<string, SellerStop> = {};
  return {
    settings: async () => settings,
    async setSettings(patch) {
      settings = normalise({ ...settings, ...patch });
      return settings;
    },
    stops: async () => ({ ...stops }),
    async setStop(sellerId, stop) {
      if (stop) stops[sellerId] = stop;
      else delete stops[sellerId];
    },
  };
}
