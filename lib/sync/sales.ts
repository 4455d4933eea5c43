/**
 * Sales and returns (statistics API), keyed by `saleID`, from 90 days back, then by `lastChangeDate`: a sale whose
 * `forPay` fills in later changes its `lastChangeDate` and comes again. Contexts: background.
 */
import { putSales, SALE_TABLES } from '../db/orders';
import { ofSeller } from '../db/schema';
import { salesEndpoint, type SaleRow } from '../wb-api/statistics';
import { statisticsJob } from './statistics';

export const salesJob = statisticsJob<SaleRow>('sales', salesEndpoint, SALE_TABLES, putSales, {
  hasRows: async (db, sellerId) => (await ofSeller(db.sales, sellerId).first()) !== undefined,
});
