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

/** What a page's write reports: the keys it added, the state after it, and the pages it ended. */
export interface BatchWrite {
  /** Keys that were new. */
  inserted: number;
  /** The state after the rows (their cursor, progress). */
  patch: Partial<SyncStateRecord>;
  /** How many of WB's answers ended in the rows (chunks within an answer end none; a whole answer ends one). */
  pagesEnded: number;
}

/**
 * Writes rows and the state that follows them in one transaction: `write` stores the rows (a page, or several
 * chunks of one) and reports what they changed. Returns the committed state.
 */
export function commitPage(
  db: SellerLensDb,
  tables: readonly { name: string }[],
  state: SyncStateRecord,
  write: () => Promise<BatchWrite>,
): Promise<SyncStateRecord> {
  return db.transaction('rw', [...tables.map((t) => t.name), 'syncState'], async () => {
    const w = await write();
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
