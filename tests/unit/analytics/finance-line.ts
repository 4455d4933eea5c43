/** A finance report line of `week` with every figure zero, then `over` (the finance tests' fixtures). */
import type { FinanceLine, ReportWeek } from '../../../lib/analytics/finance';

export function financeLine(week: ReportWeek, over: Partial<FinanceLine>): FinanceLine {
  return {
    ...week,
    nmId: 0,
    vendorCode: '',
    docTypeName: '',
    sellerOperName: '',
    bonusTypeName: null,
    quantity: 0,
    retailAmount: '0',
    retailPriceWithDisc: '0',
    forPay: '0',
    deliveryService: '0',
    paidStorage: '0',
    penalty: '0',
    deduction: '0',
    paidAcceptance: '0',
    additionalPayment: '0',
    ...over,
  };
}
