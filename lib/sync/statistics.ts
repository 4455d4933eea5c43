/**
 * The statistics streams (orders, sales/returns) as sync jobs. The first sync backfills from 90 days back (all WB keeps);
 * later runs continue from the last row's `lastChangeDate`. WB documents `>=`, so the boundary rows come again on
 * the next page and the upsert absorbs them; a page that brings nothing past the cursor ends the run, and a full
 * page of one `lastChangeDate` is stepped past (see pageStatistics). A page is read as a stream and stored in chunks
 * (one transaction each, with its cursor), so an 80,000-row page is never held whole. Contexts: background.
 */
import type { SellerLensDb } from '../db/schema';
import { mskDateFrom, mskToMs, pageStatistics, STATISTICS_PAGE_ROWS } from '../wb-api/statistics';
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

/** A job over one statistics stream. */
export function statisticsJob<T extends { lastChangeDate: string }>(
  dataset: 'orders' | 'sales',
  endpoint: ArrayEndpoint<T>,
  tables: (db: SellerLensDb) => { name: string }[],
  put: (db: SellerLensDb, sellerId: string, rows: readonly T[]) => Promise<number>,
  /** Rows per chunk of a page (one transaction each); default STATISTICS_CHUNK_ROWS. */
  opts: { chunkRows?: number } = {},
): DatasetJob {
  return {
    dataset,
    endpoints: [endpoint as Endpoint<unknown>],
    async run(ctx) {
      const cursor = ctx.state.cursor as { dateFrom?: string; startMs?: number } | null;
      const startMs = cursor?.startMs ?? ctx.now() - STATISTICS_BACKFILL_DAYS * DAY_MS;
      const dateFrom = !cursor?.dateFrom
        ? mskDateFrom(startMs)
        : ctx.state.phase === 'incremental'
          ? mskDateFrom(Math.max(startMs, mskToMs(cursor.dateFrom) - STATISTICS_OVERLAP_MS))
          : cursor.dateFrom;
      const pageRows = ctx.settings.pageRows[dataset] ?? STATISTICS_PAGE_ROWS;
      const pages = pageStatistics(ctx.client, endpoint, ctx.sellerId, dateFrom, {
        pageRows,
        chunkRows: opts.chunkRows,
        signal: ctx.signal,
      });
      for await (const page of pages) {
        const progress =
          ctx.state.phase === 'backfill' ? clamp01((mskToMs(page.cursor) - startMs) / (ctx.now() - startMs)) : null;
        // Each chunk of a page is a transaction of its own with a cursor safe to resume from (see pageStatistics).
        await ctx.commit(
          tables(ctx.db),
          { cursor: { dateFrom: page.cursor, startMs }, progress },
          () => put(ctx.db, ctx.sellerId, page.rows),
          { partOfPage: !page.endOfPage },
        );
      }
    },
  };
}
