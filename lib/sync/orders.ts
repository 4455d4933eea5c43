/** Orders (statistics API), keyed by `srid`, from 90 days back, then by `lastChangeDate`. Contexts: background. */
import { ORDER_TABLES, putOrders } from '../db/orders';
import { ofSeller } from '../db/schema';
import { ordersEndpoint, type OrderRow } from '../wb-api/statistics';
import { statisticsJob } from './statistics';

export const ordersJob = statisticsJob<OrderRow>('orders', ordersEndpoint, ORDER_TABLES, putOrders, {
  hasRows: async (db, sellerId) => (await ofSeller(db.orders, sellerId).first()) !== undefined,
});
