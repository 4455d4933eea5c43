/**
 * The statistics streams (orders, sales/returns) as sync jobs. The first sync backfills from 90 days back (all WB keeps);
 * later runs continue from the last row's `lastChangeDate`. WB documents `>=`, so the boundary rows come again on
 * the next page and the upsert absorbs them; a page that brings nothing past the cursor ends the run, and a full
 * page of one `lastChangeDate` is stepped past (see pageStatistics). A page is read as a stream in chunks, so an
 * 80,000-row page is never held whole; the chunks that arrive while a transaction is open are stored in it (for up to
 * STATISTICS_TRANSACTION_MS), each transaction with the cursor after its last chunk. Contexts: background.
 */
import Dexie from 'dexie';
import { PeriodDeltas } from '../db/period-rollups';
import type { SellerLensDb } from '../db/schema';
import { mskDateFrom, mskToMs, pageStatistics, STATISTICS_PAGE_ROWS, type StatisticsPage } from '../wb-api/statistics';
import type { ArrayEndpoint, Endpoint } from '../wb-api/client';
import { clamp01, DAY_MS, type DatasetJob } from './job';

/** How far back the statistics API keeps orders and sales. */
export const STATISTICS_BACKFILL_DAYS = 90;
/**
 * WB loads orders and sales in batches every 30 minutes, and a row may appear with a `lastChangeDate` earlier than
 * the last one already seen: an incremental run asks again from 30 minutes before its cursor (the upsert absorbs
 * the rows that come twice).
 */
export const STATISTICS_OVERLAP_MS = 30 * 60_000;
/**
 * How long before it is visible a change may be dated: a row that changed while a backfill ran can come with a
 * `lastChangeDate` up to about this much before the backfill started (WB's half-hourly loads; generous).
 */
export const STATISTICS_CHANGE_LAG_MS = 3 * 3_600_000;

/**
 * How long one transaction of a statistics job keeps storing the chunks of a page: each transaction costs tens of
 * milliseconds on top of its rows, and the roll-ups are written once per transaction, so chunks share one while they
 * keep coming; a reader of the tables (a panel) waits for it at most about this long.
 */
export const STATISTICS_TRANSACTION_MS = 1_000;
/**
 * How long an open transaction waits for the next chunk of the same page (the client reads one ahead, so it is
 * usually there). Longer (a slow connection, a resumed page), the transaction commits what it has.
 */
export const NEXT_CHUNK_WAIT_MS = 50;

/** What `p` resolves to if it does within `ms`, else null (also when it rejects: the caller takes `p` again later). */
function resolvedWithin<T>(p: Promise<T>, ms: number): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

/** A statistics job's cursor, as committed with each chunk. */
type StatisticsCursor = {
  dateFrom?: string;
  startMs?: number;
  /**
   * Set when a backfill started on an empty table, at that time: until the backfill ends, a row past the committed
   * cursor and dated before this time (less STATISTICS_CHANGE_LAG_MS) cannot be stored yet, so its upsert skips
   * the lookup of an older version (the most expensive part of storing a page after the writes themselves).
   */
  freshSince?: number;
};

/**
 * Which rows of a chunk may already be stored, during a backfill that started on an empty table: those at or
 * before the committed cursor (the boundary rows WB's `>=` sends again) and those changed since the backfill began
 * (stored earlier in it with an older state). Every other row comes for the first time: WB sends each row once per
 * pass, in `lastChangeDate` order. Undefined when any row may be stored (incremental runs, a table that had rows).
 */
export function mayBeStored(
  cursor: StatisticsCursor | null,
  phase: 'backfill' | 'incremental',
): ((row: { lastChangeDate: string }) => boolean) | undefined {
  if (phase !== 'backfill' || cursor?.freshSince === undefined) return undefined;
  const atOrBefore = cursor.dateFrom === undefined ? -Infinity : mskToMs(cursor.dateFrom);
  const changedSince = cursor.freshSince - STATISTICS_CHANGE_LAG_MS;
  return (row) => {
    const t = mskToMs(row.lastChangeDate);
    return t <= atOrBefore || t >= changedSince;
  };
}

/** A job over one statistics stream. */
export function statisticsJob<T extends { lastChangeDate: string }>(
  dataset: 'orders' | 'sales',
  endpoint: ArrayEndpoint<T>,
  tables: (db: SellerLensDb) => { name: string }[],
  /**
   * Stores rows; `mayExist` (when given) says which rows may have a stored version to replace; the roll-up changes go
   * to `gathered` (written once per transaction).
   */
  put: (
    db: SellerLensDb,
    sellerId: string,
    rows: readonly T[],
    mayExist: ((row: T) => boolean) | undefined,
    gathered: PeriodDeltas,
  ) => Promise<number>,
  opts: {
    /** Rows per chunk of a page; default STATISTICS_CHUNK_ROWS. */
    chunkRows?: number;
    /** How long a transaction keeps storing chunks; default STATISTICS_TRANSACTION_MS (0: one chunk each). */
    transactionMs?: number;
    /**
     * Whether the seller has rows in the job's table. Given, a backfill that starts with none lets its upserts skip
     * the lookups of rows that cannot be stored yet (mayBeStored); not given, every row is looked up.
     */
    hasRows?: (db: SellerLensDb, sellerId: string) => Promise<boolean>;
  } = {},
): DatasetJob {
  const transactionMs = opts.transactionMs ?? STATISTICS_TRANSACTION_MS;
  return {
    dataset,
    endpoints: [endpoint as Endpoint<unknown>],
    async run(ctx) {
      const stored = ctx.state.cursor as StatisticsCursor | null;
      const startMs = stored?.startMs ?? ctx.now() - STATISTICS_BACKFILL_DAYS * DAY_MS;
      const dateFrom = !stored?.dateFrom
        ? mskDateFrom(startMs)
        : ctx.state.phase === 'incremental'
          ? mskDateFrom(Math.max(startMs, mskToMs(stored.dateFrom) - STATISTICS_OVERLAP_MS))
          : stored.dateFrom;
      // A backfill's first run notes whether it starts on an empty table (kept in the cursor until it ends).
      const freshSince =
        ctx.state.phase !== 'backfill'
          ? undefined
          : stored
            ? stored.freshSince
            : !opts.hasRows || (await opts.hasRows(ctx.db, ctx.sellerId))
              ? undefined
              : ctx.now();
      let cursor: StatisticsCursor = { dateFrom: stored?.dateFrom, startMs, freshSince };
      const pageRows = ctx.settings.pageRows[dataset] ?? STATISTICS_PAGE_ROWS;
      const pages = pageStatistics(ctx.client, endpoint, ctx.sellerId, dateFrom, {
        pageRows,
        chunkRows: opts.chunkRows,
        signal: ctx.signal,
      });
      const progressAt = (page: StatisticsPage<T>) =>
        ctx.state.phase === 'backfill' ? clamp01((mskToMs(page.cursor) - startMs) / (ctx.now() - startMs)) : null;
      /**
       * The next chunk, asked for outside any transaction's scope (the client's work is not the transaction's). It
       * may fail (WB's limit, the network) before it is awaited; it is then thrown where it is awaited.
       */
      const nextChunk = () => {
        const next = Dexie.ignoreTransaction(() => pages.next());
        next.catch(() => undefined);
        return next;
      };
      let pending: Promise<IteratorResult<StatisticsPage<T>>> | null = nextChunk();
      /** Whether the stream has ended (else it is closed on the way out). */
      let done = false;
      try {
        while (pending) {
          const first = await pending;
          pending = null;
          if (first.done) {
            done = true;
            break;
          }
          // One transaction: this chunk, and the next ones of the same page while they come promptly (each chunk
          // upserted with the cursor before it, as if committed alone); the roll-ups once, and the cursor after the
          // last chunk stored.
          await ctx.commitBatch(tables(ctx.db), async () => {
            const gathered = new PeriodDeltas();
            const t0 = performance.now();
            let inserted = 0;
            let pagesEnded = 0;
            let page = first.value;
            let progress: number | null;
            for (;;) {
              const mayExist = mayBeStored(cursor, ctx.state.phase);
              inserted += await put(ctx.db, ctx.sellerId, page.rows, mayExist, gathered);
              cursor = { dateFrom: page.cursor, startMs, freshSince };
              progress = progressAt(page);
              if (page.endOfPage) pagesEnded++;
              // Stopped: what is stored commits; the next commit throws (see the engine).
              if (ctx.signal.aborted) break;
              if (page.endOfPage || performance.now() - t0 >= transactionMs) {
                pending = nextChunk();
                break;
              }
              const next = nextChunk();
              const settled = await Dexie.waitFor(resolvedWithin(next, NEXT_CHUNK_WAIT_MS));
              // Not there yet, or failed: commit what is stored; the next chunk (or its error) is taken after.
              if (settled === null) {
                pending = next;
                break;
              }
              if (settled.done) {
                done = true;
                break;
              }
              page = settled.value;
            }
            await gathered.writeTo(ctx.db.periodRollups);
            return { inserted, patch: { cursor, progress }, pagesEnded };
          });
        }
      } finally {
        // Stopped early (an error, storage full, the worker stopped): the stream is closed once the chunk asked for
        // (if any) has come.
        if (!done) void (pending ?? Promise.resolve()).then(() => pages.return(undefined)).catch(() => undefined);
      }
    },
  };
}
