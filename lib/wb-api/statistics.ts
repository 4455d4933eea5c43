/**
 * Statistics API (statistics-api, category «Статистика»): orders and sales/returns, paged by `lastChangeDate`.
 * Contexts: background only.
 */
import { z } from 'zod';
import type { ArrayEndpoint, WbClient } from './client';
import { WbApiError } from './errors';
import { flatRow, type FieldKind } from './flat-row';

const rowBase = {
  date: 'mskDateTime',
  lastChangeDate: 'mskDateTime',
  warehouseName: 'string',
  warehouseType: 'string',
  countryName: 'string',
  oblastOkrugName: 'string',
  regionName: 'string',
  supplierArticle: 'string',
  nmId: 'int',
  barcode: 'string',
  category: 'string',
  subject: 'string',
  brand: 'string',
  techSize: 'string',
  incomeID: 'int',
  isSupply: 'boolean',
  isRealization: 'boolean',
  totalPrice: 'number',
  discountPercent: 'number',
  spp: 'number',
  finishedPrice: 'number',
  priceWithDisc: 'number',
  sticker: 'string',
  gNumber: 'string',
  srid: 'nonEmptyString',
} as const satisfies Record<string, FieldKind>;

const orderFields = flatRow({
  ...rowBase,
  isCancel: 'boolean',
  /** `0001-01-01T00:00:00` when the order is not cancelled. */
  cancelDate: 'mskDateTime',
});
export const orderRow = orderFields.schema;
export type OrderRow = z.infer<typeof orderRow>;

const saleFields = flatRow({
  ...rowBase,
  paymentSaleAmount: 'number',
  /** May be 0 for up to a day while WB fills it in: a later change brings the value. */
  forPay: 'number',
  /** `S…` a sale, `R…` a return. */
  saleID: 'nonEmptyString',
});
export const saleRow = saleFields.schema;
export type SaleRow = z.infer<typeof saleRow>;

export const ordersEndpoint: ArrayEndpoint<OrderRow> = {
  method: 'GET',
  path: '/api/v1/supplier/orders',
  category: 'statistics',
  write: false,
  response: z.array(orderRow),
  element: orderRow,
  accepts: orderFields.accepts,
};

export const salesEndpoint: ArrayEndpoint<SaleRow> = {
  method: 'GET',
  path: '/api/v1/supplier/sales',
  category: 'statistics',
  write: false,
  response: z.array(saleRow),
  element: saleRow,
  accepts: saleFields.accepts,
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

/** Rows handed on per chunk of a page: small enough that a page is never held whole. */
export const STATISTICS_CHUNK_ROWS = 500;

/** Resumes of one pass after a connection cut mid-page (each from the rows already committed). */
const MID_PAGE_RESUMES = 3;

export interface StatisticsPage<T> {
  rows: T[];
  /**
   * The `dateFrom` to continue from once `rows` are stored. At the end of a page: the page's cursor (the last
   * row's `lastChangeDate`, or one second on after a full page of one timestamp). Within a page: the last row's
   * `lastChangeDate` so far, which WB's `>=` makes safe (every later row of the page has that or a later one).
   */
  cursor: string;
  /** Whether this chunk ends WB's answer (a page); chunks within one are parts of it. */
  endOfPage: boolean;
}

/** Failures after part of a page was handed on, that asking again from the committed cursor may cure. */
function resumable(err: unknown): err is WbApiError {
  return (
    err instanceof WbApiError &&
    err.retryAt !== null &&
    (err.kind === 'network' || err.kind === 'timeout' || (err.kind === 'invalid-response' && err.status !== null))
  );
}

/**
 * Pages a statistics stream from `dateFrom` (`flag=0`). WB returns rows with `lastChangeDate >= dateFrom`, sorted by
 * it, so the boundary rows come again on the next page (callers upsert). Ends on `[]`, on a page that brings nothing
 * past the cursor, or on a page shorter than a full one (caught up: the next run continues from the cursor, so
 * nothing is lost even if WB's page size differs). A full page of one single `lastChangeDate` cannot be paged past
 * by WB's API; the cursor then moves one second on, so it never loops.
 *
 * Each answer is read as a stream and handed on in chunks of `chunkRows` (the caller stores one before it asks for
 * the next), each with a cursor that is safe to resume from. A connection cut after a chunk was handed on is
 * resumed from that chunk's cursor (a new request), at most a few times; then the error is thrown.
 */
export async function* pageStatistics<T extends { lastChangeDate: string }>(
  client: WbClient,
  endpoint: ArrayEndpoint<T>,
  sellerId: string,
  dateFrom: string,
  opts: { pageRows?: number; chunkRows?: number; signal?: AbortSignal } = {},
): AsyncGenerator<StatisticsPage<T>> {
  const pageRows = opts.pageRows ?? STATISTICS_PAGE_ROWS;
  const chunkRows = opts.chunkRows ?? STATISTICS_CHUNK_ROWS;
  let cursor = dateFrom;
  let resumes = 0;
  for (;;) {
    const cursorMs = mskToMs(cursor);
    let count = 0;
    let last: string | null = null;
    let committed = cursor;
    let chunk: { rows: T[]; last: boolean } | undefined;
    try {
      for await (chunk of client.stream(endpoint, sellerId, {
        query: { dateFrom: cursor, flag: 0 },
        signal: opts.signal,
        chunkRows,
      })) {
        count += chunk.rows.length;
        if (chunk.rows.length > 0) last = chunk.rows[chunk.rows.length - 1]!.lastChangeDate;
        if (chunk.last) break;
        // Within the page: resuming from the last row so far re-reads its timestamp's rows, and misses none.
        if (last !== null && mskToMs(last) > mskToMs(committed)) committed = last;
        yield { rows: chunk.rows, cursor: committed, endOfPage: false };
      }
    } catch (err) {
      if (!resumable(err) || committed === cursor || resumes >= MID_PAGE_RESUMES) throw err;
      resumes++;
      const wait = err.retryAt! - client.clock.now();
      if (wait > 0) await client.clock.sleep(wait, opts.signal);
      cursor = committed;
      continue;
    }
    if (!chunk?.last) return;
    const rows = chunk.rows;
    if (count === 0 || last === null) return;
    const progressed = mskToMs(last) > cursorMs;
    if (!progressed) {
      if (count < pageRows) {
        yield { rows, cursor, endOfPage: true };
        return;
      }
      // A full page of one timestamp: step past it.
      const next = mskDateFrom(cursorMs + 1000);
      yield { rows, cursor: next, endOfPage: true };
      cursor = next;
      continue;
    }
    yield { rows, cursor: last, endOfPage: true };
    if (count < pageRows) return;
    cursor = last;
  }
}
