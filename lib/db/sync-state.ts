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

/**
 * Writes a page and the state that follows it in one transaction. `write` stores the rows and returns how many keys
 * were new; the committed state counts them and the page. Returns the committed state.
 */
export function commitPage(
  db: SellerLensDb,
  tables: readonly { name: string }[],
  state: SyncStateRecord,
  write: () => Promise<number>,
): Promise<SyncStateRecord> {
  return db.transaction('rw', [...tables.map((t) => t.name), 'syncState'], async () => {
    const inserted = await write();
    const next: SyncStateRecord = { ...state, rowsSoFar: state.rowsSoFar + inserted, pages: state.pages + 1 };
    await db.syncState.put(next);
    return next;
  });
}
