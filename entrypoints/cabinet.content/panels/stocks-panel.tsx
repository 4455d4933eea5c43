/**
 * Seller Lens on the stock pages (warehouse remains, marketplace stock management): WB-warehouse stock per SKU, in transit to and from clients, and days of cover at the last 14 days' pace.
 */
import { isStocksPage } from '@/lib/cabinet/routes';
import { analyticsPanel } from '../analytics-panel';

export const stocksPanel = analyticsPanel('stocks', isStocksPage);
