/**
 * The WB API client factory: `createWbApi({ keyring, fetch, clock })`, one namespace per API area.
 * Contexts: background only (it holds the token for the length of a call).
 */
import * as analytics from './analytics';
import { createWbClient, type WbClientDeps } from './client';
import { sellerInfoEndpoint } from './common';
import * as content from './content';
import * as finance from './finance';
import * as promotion from './promotion';
import * as statistics from './statistics';

export { WbApiError, type WbErrorKind } from './errors';
export type { Endpoint, WbClient, ClientKeyring } from './client';

export type WbApi = ReturnType<typeof createWbApi>;

export function createWbApi(deps: WbClientDeps) {
  const client = createWbClient(deps);
  const opt = (signal?: AbortSignal) => ({ signal });
  return {
    client,
    common: {
      sellerInfo: (sellerId: string, signal?: AbortSignal) => client.call(sellerInfoEndpoint, sellerId, opt(signal)),
    },
    statistics: {
      orders: (sellerId: string, dateFrom: string, signal?: AbortSignal) =>
        client.call(statistics.ordersEndpoint, sellerId, { query: { dateFrom, flag: 0 }, signal }),
      sales: (sellerId: string, dateFrom: string, signal?: AbortSignal) =>
        client.call(statistics.salesEndpoint, sellerId, { query: { dateFrom, flag: 0 }, signal }),
      pageOrders: (sellerId: string, dateFrom: string, o?: { pageRows?: number; signal?: AbortSignal }) =>
        statistics.pageStatistics(client, statistics.ordersEndpoint, sellerId, dateFrom, o),
      pageSales: (sellerId: string, dateFrom: string, o?: { pageRows?: number; signal?: AbortSignal }) =>
        statistics.pageStatistics(client, statistics.salesEndpoint, sellerId, dateFrom, o),
    },
    analytics: {
      pageOrderFeed: (
        sellerId: string,
        period: { start: string; end?: string },
        o?: { limit?: number; signal?: AbortSignal; from?: { offset: number; snapshotTime: string } },
      ) => analytics.pageOrderFeed(client, sellerId, period, o),
      pageWbStocks: (sellerId: string, o?: { limit?: number; signal?: AbortSignal }) =>
        analytics.pageWbStocks(client, sellerId, o),
    },
    finance: {
      pageDetailed: (
        sellerId: string,
        period: { dateFrom: string; dateTo: string; period?: 'weekly' | 'daily' },
        o?: { rrdId?: number; limit?: number; signal?: AbortSignal },
      ) => finance.pageFinance(client, sellerId, period, o),
    },
    promotion: {
      count: (sellerId: string, signal?: AbortSignal) =>
        client.call(promotion.promotionCountEndpoint, sellerId, opt(signal)),
      /**
       * Up to 50 campaigns per call. The bidder polls them every check: an unchanged answer is handed back as the
       * frozen value checked before (`reuseUnchanged`).
       */
      adverts: (sellerId: string, ids: readonly number[], signal?: AbortSignal) =>
        client.call(promotion.advertsEndpoint, sellerId, {
          query: { ids: ids.join(',') },
          signal,
          reuseUnchanged: true,
        }),
      /** Up to 50 campaigns and 31 days per call; dates `YYYY-MM-DD`. */
      fullstats: (sellerId: string, ids: readonly number[], beginDate: string, endDate: string, signal?: AbortSignal) =>
        client.call(promotion.fullstatsEndpoint, sellerId, {
          query: { ids: ids.join(','), beginDate, endDate },
          signal,
        }),
      minBids: (
        sellerId: string,
        body: {
          advert_id: number;
          nm_ids: number[];
          payment_type: 'cpm' | 'cpc';
          placement_types: ('combined' | 'search' | 'recommendation')[];
        },
        signal?: AbortSignal,
      ) => client.call(promotion.minBidsEndpoint, sellerId, { body, signal }),
      /** Up to 50 campaigns × 50 items per call; bids in kopecks. Needs a token without «Только чтение». */
      setBids: (sellerId: string, body: promotion.BidsBody, signal?: AbortSignal) =>
        client.call(promotion.setBidsEndpoint, sellerId, { body: promotion.bidsBody.parse(body), signal }),
      budget: (sellerId: string, advertId: number, signal?: AbortSignal) =>
        client.call(promotion.budgetEndpoint, sellerId, { query: { id: advertId }, signal }),
    },
    content: {
      pageCards: (
        sellerId: string,
        o?: { limit?: number; from?: { updatedAt: string; nmID: number }; signal?: AbortSignal },
      ) => content.pageCards(client, sellerId, o),
    },
  };
}
