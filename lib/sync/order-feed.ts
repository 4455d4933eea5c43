/**
 * The real-time order feed (analytics API): every order of the last 31 days with its latest status, unpaid ones
 * too. A pass reads one snapshot (later pages pass its `snapshotTime`, so the pages agree with each other) and the
 * cursor keeps the snapshot and offset, so a stopped pass resumes inside the same snapshot. The next pass asks for
 * statuses from the previous snapshot on (with an overlap). Contexts: background.
 */
import { FEED_TABLES, putFeed } from '../db/order-feed';
import { ORDER_FEED_PAGE, orderFeedEndpoint, pageOrderFeed } from '../wb-api/analytics';
import { mskDateFrom, mskToMs } from '../wb-api/statistics';
import { DAY_MS, type DatasetJob } from './job';

/** How far back WB's order feed goes, in days before today (Moscow). */
export const ORDER_FEED_DAYS = 30;
/** A new pass starts this long before the last snapshot, in case WB's snapshot lags its clock. */
const OVERLAP_MS = 10 * 60_000;

/** The start of the feed's window: midnight (Moscow) 30 days before today. */
export function feedWindowStart(now: number): number {
  return mskToMs(mskDateFrom(now).slice(0, 10)) - ORDER_FEED_DAYS * DAY_MS;
}

export const orderFeedJob: DatasetJob = {
  dataset: 'orderFeed',
  endpoints: [orderFeedEndpoint],
  async run(ctx) {
    const cursor = ctx.state.cursor as { sinceMs?: number; snapshotTime?: string | null; offset?: number } | null;
    const sinceMs = Math.max(cursor?.sinceMs ?? 0, feedWindowStart(ctx.now()));
    const from =
      cursor?.snapshotTime && cursor.sinceMs === sinceMs
        ? { snapshotTime: cursor.snapshotTime, offset: cursor.offset ?? 0 }
        : undefined;
    const limit = ORDER_FEED_PAGE;
    const pages = pageOrderFeed(
      ctx.client,
      ctx.sellerId,
      { start: mskDateFrom(sinceMs) },
      {
        limit,
        from,
        signal: ctx.signal,
      },
    );
    for await (const page of pages) {
      const last = page.orders.length < limit;
      const next = last
        ? { sinceMs: Date.parse(page.snapshotTime) - OVERLAP_MS, snapshotTime: null, offset: 0 }
        : { sinceMs, snapshotTime: page.snapshotTime, offset: page.offset + page.orders.length };
      await ctx.commit(FEED_TABLES(ctx.db), { cursor: next }, () => putFeed(ctx.db, ctx.sellerId, page.orders));
    }
  },
};
