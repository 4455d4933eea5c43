/**
 * Seller Lens on the finance reports: the latest realization report per SKU, and its reconciliation with the report's total (every difference named).
 */
import { isFinanceReportPage } from '@/lib/cabinet/routes';
import { analyticsPanel } from '../analytics-panel';

export const financePanel = analyticsPanel('finance', isFinanceReportPage);
