/**
 * The detailed realization report, row by row (`rrdId`), with WB's money strings kept exact and `reportId` as its
 * exact decimal string. Contexts: background (writes), extension pages (reads).
 */
import type { FinanceRow } from '../wb-api/finance';
import { ofSeller, type FinanceRecord, type SellerLensDb } from './schema';

export function toFinanceRecord(sellerId: string, r: FinanceRow): FinanceRecord {
  return {
    sellerId,
    rrdId: r.rrdId,
    reportId: r.reportId,
    dateFrom: r.dateFrom,
    dateTo: r.dateTo,
    currency: r.currency,
    reportType: r.reportType,
    rrDate: r.rrDate,
    orderDt: r.orderDt,
    saleDt: r.saleDt,
    nmId: r.nmId,
    vendorCode: r.vendorCode,
    techSize: r.techSize,
    sku: r.sku,
    subjectName: r.subjectName,
    brandName: r.brandName,
    docTypeName: r.docTypeName,
    sellerOperName: r.sellerOperName,
    bonusTypeName: r.bonusTypeName ?? null,
    officeName: r.officeName,
    quantity: r.quantity,
    deliveryAmount: r.deliveryAmount,
    returnAmount: r.returnAmount,
    retailPrice: r.retailPrice,
    retailAmount: r.retailAmount,
    retailPriceWithDisc: r.retailPriceWithDisc,
    deliveryService: r.deliveryService,
    ppvzSalesCommission: r.ppvzSalesCommission,
    forPay: r.forPay,
    ppvzReward: r.ppvzReward,
    acquiringFee: r.acquiringFee,
    vw: r.vw,
    vwNds: r.vwNds,
    penalty: r.penalty,
    additionalPayment: r.additionalPayment,
    paidStorage: r.paidStorage,
    deduction: r.deduction,
    paidAcceptance: r.paidAcceptance,
    country: r.country,
    srid: r.srid,
  };
}

export const FINANCE_TABLES = (db: SellerLensDb) => [db.finance];

/** Upserts report rows. Returns the number of new rrdIds. */
export async function putFinance(db: SellerLensDb, sellerId: string, rows: readonly FinanceRow[]): Promise<number> {
  const recs = rows.map((r) => toFinanceRecord(sellerId, r));
  const keys = recs.map((r) => [sellerId, r.rrdId] as [string, number]);
  const before = await db.finance.bulkGet(keys);
  await db.finance.bulkPut(recs);
  return new Set(keys.filter((_, i) => before[i] === undefined).map((k) => k[1])).size;
}

export function countFinance(db: SellerLensDb, sellerId: string): Promise<number> {
  return ofSeller(db.finance, sellerId).count();
}
