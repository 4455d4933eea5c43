/**
 * What a dataset job is and what it gets from the engine. A job pages its WB stream and commits each page with the
 * cursor that follows it (`commit`), so it can be stopped at any instant. Contexts: background.
 */
import type { Dataset, SellerLensDb, SyncStateRecord } from '../db/schema';
import type { BatchWrite } from '../db/sync-state';
import type { Endpoint, WbClient } from '../wb-api/client';
import type { SyncSettings } from './settings';

export interface JobContext {
  db: SellerLensDb;
  /** The WB client as this run may use it: within its share of the limits, never waiting long inline. */
  client: WbClient;
  sellerId: string;
  /** The state as last committed (its cursor is where this run continues). */
  readonly state: SyncStateRecord;
  settings: SyncSettings;
  now(): number;
  signal: AbortSignal;
  /**
   * Writes a page (`write` stores rows inside the transaction and returns how many keys were new) together with the
   * state patch (the cursor after the page), in one transaction.
   */
  commit(
    tables: readonly { name: string }[],
    patch: Partial<SyncStateRecord>,
    write: () => Promise<number>,
  ): Promise<void>;
  /**
   * Like `commit`, for a write that decides the state after it: `write` may store several chunks of a page in the
   * one transaction, and returns the new keys, the state patch after the last of them, and the pages they ended.
   */
  commitBatch(tables: readonly { name: string }[], write: () => Promise<BatchWrite>): Promise<void>;
}

export interface DatasetJob {
  dataset: Dataset;
  /** The endpoints a run calls: the next poll waits until each of them allows a background request. */
  endpoints: readonly Endpoint<unknown>[];
  run(ctx: JobContext): Promise<void>;
}

export const DAY_MS = 86_400_000;

export function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
