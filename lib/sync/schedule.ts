/**
 * When a dataset runs next. A backfill runs as fast as WB's limits allow; a stream that has caught up is polled
 * every `pollMinutes` (WB refreshes orders and sales only every 30 minutes) and, in the background, takes at most
 * half of any limit (POLL_SHARE), because the seller's other integrations draw on the same account quota. A manual
 * «Синхронизировать сейчас» may use the whole limit. Contexts: background.
 */
import type { Dataset } from '../db/schema';
import { clampPollMinutes } from './settings';

/** The part of each WB limit background polling may use. */
export const POLL_SHARE = 0.5;

/** Some data changes slowly: polling it more often than this gains nothing and costs quota. */
export const MIN_POLL_MINUTES: Record<Dataset, number> = {
  orders: 0,
  sales: 0,
  orderFeed: 0,
  stocks: 30,
  ads: 30,
  cards: 60,
  finance: 60,
};

/** The poll interval of a caught-up dataset. */
export function pollIntervalMs(dataset: Dataset, pollMinutes: number): number {
  return Math.max(clampPollMinutes(pollMinutes), MIN_POLL_MINUTES[dataset]) * 60_000;
}

/** The share of a limit a run may use: all of it to backfill or when the seller asks, else POLL_SHARE. */
export function shareFor(manual: boolean, phase: 'backfill' | 'incremental'): number {
  return manual || phase === 'backfill' ? 1 : POLL_SHARE;
}

/** After a complete pass: the next poll, and never before the limiter allows a background request. */
export function nextPollAt(now: number, dataset: Dataset, pollMinutes: number, limiterAt: number): number {
  return Math.max(now + pollIntervalMs(dataset, pollMinutes), limiterAt);
}

/** After an error WB gave no time for: 1, 2, 4 … minutes, at most an hour. */
export function errorBackoffMs(errorCount: number): number {
  return Math.min(60, 2 ** Math.max(0, errorCount - 1)) * 60_000;
}
