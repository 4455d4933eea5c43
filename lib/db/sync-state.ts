/**
 * Sync state per (seller, dataset): cursor, progress, last success and error, next run. A page's rows and its cursor
 * are committed together by `commitPage`, so a worker stopped at any instant resumes where the last committed page
 * ended. Contexts: background.
 */
import { ofSeller, type Dataset, type SellerLensDb, type SyncStateRecord } from './schema';

/** The state of a dataset that has never run. */
export function initialState(sellerId: string, dataset: Dataset, now: number): SyncStateRecord {
  return {
    sellerId,
    dataset,
    phase: 'backfill',
    cursor: null,
    rowsSoFar: 0,
    pages: 0,
    progress: null,
    backfillStartedAt: now,
    backfillDoneAt: null,
    lastRunAt: null,
    lastSuccessAt: null,
    lastError: null,
    lastErrorAt: null,
    errorCount: 0,
    nextRunAt: now,
    skipReason: null,
    skipKey: null,
  };
}

export function getSyncState(db: SellerLensDb, sellerId: string, dataset: Dataset) {
  return db.syncState.get([sellerId, dataset]);
}

export function sellerSyncStates(db: SellerLensDb, sellerId: string): Promise<SyncStateRecord[]> {
  return ofSeller(db.syncState, sellerId).toArray();
}

export async function putSyncState(db: SellerLensDb, state: SyncStateRecord): Promise<void> {
  await db.syncState.put(state);
}

/** What a write reports when it decides the state that follows it (one that stored several chunks of a page). */
export interface BatchWrite {
  /** Keys that were new. */
  inserted: number;
  /** The state after the rows (their cursor, progress). */
  patch: Partial<SyncStateRecord>;
  /** How many of WB's answers ended in the rows (a chunk within an answer ends none). */
  pagesEnded: number;
}

/**
 * Writes a page and the state that follows it in one transaction. `write` stores the rows and returns how many keys
 * were new (the committed state counts them and one page), or a BatchWrite with the patch it decided. Returns the
 * committed state.
 */
export function commitPage(
  db: SellerLensDb,
  tables: readonly { name: string }[],
  state: SyncStateRecord,
  write: () => Promise<number | BatchWrite>,
): Promise<SyncStateRecord> {
  return db.transaction('rw', [...tables.map((t) => t.name), 'syncState'], async () => {
    const out = await write();
    const w = typeof out === 'number' ? { inserted: out, patch: {}, pagesEnded: 1 } : out;
    const next: SyncStateRecord = {
      ...state,
      ...w.patch,
      rowsSoFar: state.rowsSoFar + w.inserted,
      pages: state.pages + w.pagesEnded,
    };
    await db.syncState.put(next);
    return next;
  });
}
