/**
 * Statistics API (statistics-api, category «Статистика»): orders and sales/returns, paged by `lastChangeDate`.
 * Contexts: background only.
 */
import { z } from 'zod';
import type { Endpoint, WbClient } from './client';

/**
 * Times are Moscow time without a zone, as WB sends them (`2022-03-04T18:08:31`); WB's schema says RFC 3339
 * date-time, so a zone (`Z`, `+03:00`) is accepted too.
 */
const mskDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/, 'ожидалась дата-время');

const rowBase = {
  date: mskDateTime,
  lastChangeDate: mskDateTime,
  warehouseName: z.string(),
  warehouseType: z.string(),
  countryName: z.string(),
  oblastOkrugName: z.string(),
  regionName: z.string(),
  supplierArticle: z.string(),
  nmId: z.number().int(),
  barcode: z.string(),
  category: z.string(),
  subject: z.string(),
  brand: z.string(),
  techSize: z.string(),
  incomeID: z.number().int(),
  isSupply: z.boolean(),
  isRealization: z.boolean(),
  totalPrice: z.number(),
  discountPercent: z.number(),
  spp: z.number(),
  finishedPrice: z.number(),
  priceWithDisc: z.number(),
  sticker: z.string(),
  gNumber: z.string(),
  srid: z.string().min(1),
};

export const orderRow = z.object({
  ...rowBase,
  isCancel: z.boolean(),
  /** `0001-01-01T00:00:00` when the order is not cancelled. */
  cancelDate: mskDateTime,
});
export type OrderRow = z.infer<typeof orderRow>;

export const saleRow = z.object({
  ...rowBase,
  paymentSaleAmount: z.number(),
  /** May be 0 for up to a day while WB fills it in: a later change brings the value. */
  forPay: z.number(),
  /** `S…` a sale, `R…` a return. */
  saleID: z.string().min(1),
});
export type SaleRow = z.infer<typeof saleRow>;

export const ordersEndpoint: Endpoint<OrderRow[]> = {
  method: 'GET',
  path: '/api/v1/supplier/orders',
  category: 'statistics',
  write: false,
  response: z.array(orderRow),
};

export const salesEndpoint: Endpoint<SaleRow[]> = {
  method: 'GET',
  path: '/api/v1/supplier/sales',
  category: 'statistics',
  write: false,
  response: z.array(saleRow),
};

/** WB's page is "about 80,000 rows"; a page shorter than this means the stream has caught up. */
export const STATISTICS_PAGE_ROWS = 80_000;

const MSK_OFFSET_MS = 3 * 3_600_000;

/** A `dateFrom` in Moscow time, e.g. `2026-08-01T00:00:00`, for an instant. */
export function mskDateFrom(at: number): string {
  return new Date(at + MSK_OFFSET_MS).toISOString().slice(0, 19);
}

/** Milliseconds of a WB time string: a date or date-time in Moscow time, or one with its own zone. */
export function mskToMs(s: string): number {
  const full = s.length === 10 ? `${s}T00:00:00` : s;
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(full) ? full : `${full}+03:00`);
}

export interface StatisticsPage<T> {
  rows: T[];
  /** The `dateFrom` for the next page (the last row's `lastChangeDate`). */
  cursor: string;
}

/**
 * Pages a statistics stream from `dateFrom` (`flag=0`). WB returns rows with `lastChangeDate >= dateFrom`, so the
 * boundary rows come again on the next page (callers upsert). Ends on `[]`, on a page that brings nothing past the
 * cursor, or on a page shorter than a full one (caught up: the next run continues from the cursor, so nothing is
 * lost even if WB's page size differs). A full page of one single `lastChangeDate` cannot be paged past by WB's
 * API; the cursor then moves one second on, so it never loops.
 */
export async function* pageStatistics<T extends { lastChangeDate: string }>(
  client: WbClient,
  endpoint: Endpoint<T[]>,
  sellerId: string,
  dateFrom: string,
  opts: { pageRows?: number; signal?: AbortSignal } = {},
): AsyncGenerator<StatisticsPage<T>> {
  const pageRows = opts.pageRows ?? STATISTICS_PAGE_ROWS;
  let cursor = dateFrom;
  for (;;) {
    const rows =
      (await client.call(endpoint, sellerId, { query: { dateFrom: cursor, flag: 0 }, signal: opts.signal })) ?? [];
    if (rows.length === 0) return;
    const cursorMs = mskToMs(cursor);
    const last = rows[rows.length - 1]!.lastChangeDate;
    const progressed = mskToMs(last) > cursorMs;
    if (!progressed) {
      if (rows.length < pageRows) {
        yield { rows, cursor };
        return;
      }
      // A full page of one timestamp: step past it.
      const next = mskDateFrom(cursorMs + 1000);
      yield { rows, cursor: next };
      cursor = next;
      continue;
    }
    yield { rows, cursor: last };
    if (rows.length < pageRows) return;
    cursor = last;
  }
}
