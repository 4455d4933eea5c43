/**
 * Seller Lens on the cabinet's main page: orders, buyouts, returns and payout of the last 7 days against the 7 before, and the leading SKUs.
 */
import { isMainPage } from '@/lib/cabinet/routes';
import { analyticsPanel } from '../analytics-panel';

export const overviewPanel = analyticsPanel('overview', isMainPage);
