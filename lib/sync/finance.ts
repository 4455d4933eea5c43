/**
 * The detailed realization report (finance API), weekly reports, from the start of what WB offers (29 Jan 2024),
 * capped by the seller's setting; then continued from the last `rrdId` until WB answers 204 or a short page.
 * Contexts: background.
 */
import { FINANCE_TABLES, putFinance } from '../db/finance';
import { financeDetailedEndpoint, pageFinance } from '../wb-api/finance';
import { mskDateFrom, mskToMs } from '../wb-api/statistics';
import { clamp01, DAY_MS, type DatasetJob } from './job';

/** The first day WB's finance API has data for. */
export const FINANCE_FIRST_DAY = '2024-01-29';

export const financeJob: DatasetJob = {
  dataset: 'finance',
  endpoints: [financeDetailedEndpoint],
  async run(ctx) {
    const cursor = ctx.state.cursor as { dateFrom?: string; rrdId?: number } | null;
    const today = mskDateFrom(ctx.now()).slice(0, 10);
    const capped = mskDateFrom(ctx.now() - ctx.settings.financeMaxDays * DAY_MS).slice(0, 10);
    const dateFrom = cursor?.dateFrom ?? (capped > FINANCE_FIRST_DAY ? capped : FINANCE_FIRST_DAY);
    const fromMs = mskToMs(dateFrom);
    const pages = pageFinance(
      ctx.client,
      ctx.sellerId,
      { dateFrom, dateTo: today, period: 'weekly' },
      { rrdId: cursor?.rrdId ?? 0, signal: ctx.signal },
    );
    for await (const page of pages) {
      const lastDate = page.rows[page.rows.length - 1]!.rrDate;
      const progress =
        ctx.state.phase === 'backfill'
          ? clamp01((mskToMs(lastDate.slice(0, 10)) - fromMs) / (ctx.now() - fromMs))
          : null;
      await ctx.commit(FINANCE_TABLES(ctx.db), { cursor: { dateFrom, rrdId: page.rrdId }, progress }, () =>
        putFinance(ctx.db, ctx.sellerId, page.rows),
      );
    }
  },
};
