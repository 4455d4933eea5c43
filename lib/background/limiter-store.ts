/**
 * Persists the rate-limit buckets of long intervals (a Base token's 3 hours), so a restarted service worker
 * still knows it may not call yet. Contexts: background only.
 */
import { storage } from 'wxt/utils/storage';
import type { LimiterSnapshot, LimiterStore } from '../wb-api/limiter';

const limiterItem = storage.defineItem<LimiterSnapshot>('local:rateLimitBuckets', { fallback: {}, version: 1 });

export const storageLimiterStore: LimiterStore = {
  load: () => limiterItem.getValue(),
  save: (snapshot) => limiterItem.setValue(snapshot),
};
