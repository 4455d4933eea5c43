/**
 * WB-warehouse stocks (analytics API; Personal or Service tokens only): a snapshot per sync, replacing the previous
 * one when its last page is in. Contexts: background.
 */
import { putStocks, STOCK_TABLES } from '../db/stocks';
import { STOCKS_PAGE, wbWarehouseStocksEndpoint } from '../wb-api/analytics';
import type { DatasetJob } from './job';

export const stocksJob: DatasetJob = {
  dataset: 'stocks',
  endpoints: [wbWarehouseStocksEndpoint],
  async run(ctx) {
    const cursor = ctx.state.cursor as { snapshotAt?: number; offset?: number } | null;
    const snapshotAt = cursor?.snapshotAt ?? ctx.now();
    let offset = cursor?.offset ?? 0;
    const limit = STOCKS_PAGE;
    for (;;) {
      const page = await ctx.client.call(wbWarehouseStocksEndpoint, ctx.sellerId, {
        body: { limit, offset },
        signal: ctx.signal,
      });
      const items = page?.data.items ?? [];
      const last = items.length < limit;
      await ctx.commit(
        STOCK_TABLES(ctx.db),
        { cursor: last ? null : { snapshotAt, offset: offset + items.length } },
        () => putStocks(ctx.db, ctx.sellerId, items, snapshotAt, last),
      );
      if (last) return;
      offset += items.length;
    }
  },
};
