/**
 * Analytics API (seller-analytics-api, category «Аналитика»): the real-time order feed and WB-warehouse stocks.
 * Contexts: background only.
 */
import { z } from 'zod';
import type { Endpoint, WbClient } from './client';

export const orderFeedStatus = z.enum(['created', 'buyout', 'cancel', 'return', 'returnDefective']);

export const orderFeedItem = z.object({
  srid: z.string().min(1),
  nmId: z.number().int(),
  chrtId: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  status: orderFeedStatus,
  cancelType: z.enum(['app', 'receipt', 'expire', 'other']).nullish(),
  warehouseName: z.string(),
  warehouseRegion: z.string(),
  isMp: z.boolean(),
  destinationCity: z.string(),
  destinationDistrict: z.string(),
  sellerPrice: z.number(),
  isB2b: z.boolean(),
});
export type OrderFeedItem = z.infer<typeof orderFeedItem>;

export const orderFeedResponse = z.object({
  snapshotTime: z.string(),
  currency: z.string(),
  orders: z.array(orderFeedItem),
});
export type OrderFeedResponse = z.infer<typeof orderFeedResponse>;

export const orderFeedEndpoint: Endpoint<OrderFeedResponse> = {
  method: 'POST',
  path: '/api/analytics/v1/order-feed',
  category: 'analytics',
  write: false,
  // WB wraps it as its other analytics answers: `{ data: OrderFeedResponse }` (OpenAPI, components.schemas).
  response: z.object({ data: orderFeedResponse }).transform((r) => r.data),
};

export const ORDER_FEED_PAGE = 10_000;

/**
 * Pages the order feed for a period (≤ 31 days); later pages pass the first page's `snapshotTime`. `from` resumes a
 * snapshot that an earlier (stopped) run began, at the offset where it stopped.
 */
export async function* pageOrderFeed(
  client: WbClient,
  sellerId: string,
  period: { start: string; end?: string },
  opts: { limit?: number; signal?: AbortSignal; from?: { offset: number; snapshotTime: string } } = {},
): AsyncGenerator<{ orders: OrderFeedItem[]; snapshotTime: string; currency: string; offset: number }> {
  const limit = opts.limit ?? ORDER_FEED_PAGE;
  let offset = opts.from?.offset ?? 0;
  let snapshotTime: string | undefined = opts.from?.snapshotTime;
  for (;;) {
    const page = await client.call(orderFeedEndpoint, sellerId, {
      body: { selectedPeriod: period, pagination: { limit, offset, ...(snapshotTime ? { snapshotTime } : {}) } },
      signal: opts.signal,
    });
    if (!page) return;
    snapshotTime ??= page.snapshotTime;
    yield { orders: page.orders, snapshotTime, currency: page.currency, offset };
    if (page.orders.length < limit) return;
    offset += page.orders.length;
  }
}

export const stockItem = z.object({
  nmId: z.number().int(),
  chrtId: z.number().int(),
  warehouseId: z.number().int(),
  warehouseName: z.string(),
  regionName: z.string(),
  quantity: z.number().int(),
  inWayToClient: z.number().int(),
  inWayFromClient: z.number().int(),
});
export type StockItem = z.infer<typeof stockItem>;

export const stocksResponse = z.object({ data: z.object({ items: z.array(stockItem) }) });

export const wbWarehouseStocksEndpoint: Endpoint<z.infer<typeof stocksResponse>> = {
  method: 'POST',
  path: '/api/analytics/v1/stocks-report/wb-warehouses',
  category: 'analytics',
  write: false,
  response: stocksResponse,
};

export const STOCKS_PAGE = 250_000;

/** Pages WB-warehouse stocks (offset paging, up to 250,000 rows a page). */
export async function* pageWbStocks(
  client: WbClient,
  sellerId: string,
  opts: { limit?: number; signal?: AbortSignal } = {},
): AsyncGenerator<StockItem[]> {
  const limit = opts.limit ?? STOCKS_PAGE;
  for (let offset = 0; ;) {
    const page = await client.call(wbWarehouseStocksEndpoint, sellerId, {
      body: { limit, offset },
      signal: opts.signal,
    });
    const items = page?.data.items ?? [];
    if (items.length > 0) yield items;
    if (items.length < limit) return;
    offset += items.length;
  }
}
