/**
 * Finance API (finance-api, category «Финансы»): the detailed realization report, paged by `rrdId` until 204.
 * Money comes as decimal strings and stays exact; `reportId` (int64, may exceed 2^53) is kept as a string.
 * Contexts: background only.
 */
import { z } from 'zod';
import type { Endpoint, WbClient } from './client';

/** A decimal amount as WB sends it: "367", "-12.5", "376.99". Kept as text; summed with exact decimal arithmetic. */
export const money = z.string().regex(/^-?\d+(\.\d+)?$/, 'ожидалась сумма строкой');
const exactId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const safeInt = z.number().int().refine(Number.isSafeInteger, 'число вне безопасного диапазона');

export const financeRow = z.object({
  reportId: exactId,
  rrdId: safeInt,
  dateFrom: z.string(),
  dateTo: z.string(),
  currency: z.string(),
  reportType: z.number().int(),
  subjectName: z.string(),
  nmId: z.number().int(),
  brandName: z.string(),
  vendorCode: z.string(),
  title: z.string(),
  techSize: z.string(),
  sku: z.string(),
  docTypeName: z.string(),
  quantity: z.number().int(),
  retailPrice: money,
  retailAmount: money,
  retailPriceWithDisc: money,
  officeName: z.string(),
  sellerOperName: z.string(),
  orderDt: z.string(),
  saleDt: z.string(),
  rrDate: z.string(),
  deliveryAmount: z.number().int(),
  returnAmount: z.number().int(),
  deliveryService: money,
  ppvzSalesCommission: money,
  forPay: money,
  ppvzReward: money,
  acquiringFee: money,
  vw: money,
  vwNds: money,
  penalty: money,
  additionalPayment: money,
  paidStorage: money,
  deduction: money,
  paidAcceptance: money,
  bonusTypeName: z.string().optional(),
  country: z.string(),
  srid: z.string(),
});
export type FinanceRow = z.infer<typeof financeRow>;

export const financeDetailedEndpoint: Endpoint<FinanceRow[]> = {
  method: 'POST',
  path: '/api/finance/v1/sales-reports/detailed',
  category: 'finance',
  write: false,
  response: z.array(financeRow),
  noContentIsEnd: true,
  bigIntFields: ['reportId'],
};

export const FINANCE_PAGE = 100_000;

/**
 * Pages the detailed report from `rrdId` (0 at the start). Ends when WB answers 204, or on a page shorter than
 * `limit`: nothing more is there now, and the next run continues from the last `rrdId`, so the request that would
 * only fetch the 204 is saved (it costs a whole minute of a Personal token's limit, half a day of a Base token's).
 */
export async function* pageFinance(
  client: WbClient,
  sellerId: string,
  period: { dateFrom: string; dateTo: string; period?: 'weekly' | 'daily' },
  opts: { rrdId?: number; limit?: number; signal?: AbortSignal } = {},
): AsyncGenerator<{ rows: FinanceRow[]; rrdId: number }> {
  const limit = opts.limit ?? FINANCE_PAGE;
  let rrdId = opts.rrdId ?? 0;
  for (;;) {
    const rows = await client.call(financeDetailedEndpoint, sellerId, {
      body: { dateFrom: period.dateFrom, dateTo: period.dateTo, period: period.period ?? 'weekly', limit, rrdId },
      signal: opts.signal,
    });
    if (!rows || rows.length === 0) return;
    rrdId = rows[rows.length - 1]!.rrdId;
    yield { rows, rrdId };
    if (rows.length < limit) return;
  }
}
