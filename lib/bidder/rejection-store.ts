/**
 * WB's rejections, kept across a stopped service worker: a rejected bid is left alone until its inputs change, even
 * when the worker that saw the rejection is gone. One storage item (`local:bidderRejections`), per seller and item;
 * a check loads its seller's part once and saves it once. Records older than 30 days are dropped.
 * Contexts: background only.
 */
import { storage } from 'wxt/utils/storage';
import { z } from 'zod';
import type { RejectionRecord, RejectionStore } from './memory';

const MAX_AGE_MS = 30 * 86_400_000;
/** Per seller: enough for 50 campaigns × 50 items × 2 placements, and a bound on what storage keeps. */
const MAX_PER_SELLER = 5_000;

const rejectionRecord = z.object({
  fingerprint: z.string(),
  at: z.number(),
  bidKopecks: z.number(),
  detail: z.string(),
});
const storedRejections = z.record(z.string(), z.record(z.string(), rejectionRecord));
type StoredRejections = z.infer<typeof storedRejections>;

export const bidderRejectionsItem = storage.defineItem<StoredRejections>('local:bidderRejections', {
  fallback: {},
  version: 1,
});

/** A seller's rejections for one check: read once, written back with `save` if anything changed. */
export interface PersistedRejections extends RejectionStore {
  get(key: string): RejectionRecord | undefined;
  save(): Promise<void>;
}

async function readAll(): Promise<StoredRejections> {
  const parsed = storedRejections.safeParse(await bidderRejectionsItem.getValue());
  // Unreadable data costs at most one repeated bid per item: start afresh rather than fail every check.
  return parsed.success ? parsed.data : {};
}

/** Loads a seller's rejections younger than 30 days. */
export async function loadRejections(sellerId: string, now: number): Promise<PersistedRejections> {
  const all = await readAll();
  const fresh = Object.entries(all[sellerId] ?? {}).filter(([, r]) => now - r.at <= MAX_AGE_MS);
  const map = new Map<string, RejectionRecord>(fresh);
  let dirty = fresh.length !== Object.keys(all[sellerId] ?? {}).length;
  return {
    get: (key) => map.get(key),
    set: (key, value) => {
      map.set(key, value);
      dirty = true;
    },
    delete: (key) => {
      if (map.delete(key)) dirty = true;
    },
    async save() {
      if (!dirty) return;
      const newest = [...map].sort((a, b) => b[1].at - a[1].at).slice(0, MAX_PER_SELLER);
      const current = await readAll();
      if (newest.length === 0) delete current[sellerId];
      else current[sellerId] = Object.fromEntries(newest);
      await bidderRejectionsItem.setValue(current);
      dirty = false;
    },
  };
}

/** Forgets a seller's rejections (the seller was removed). */
export async function forgetRejections(sellerId: string): Promise<void> {
  const current = await readAll();
  if (!(sellerId in current)) return;
  delete current[sellerId];
  await bidderRejectionsItem.setValue(current);
}
