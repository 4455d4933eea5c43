/**
 * Seller Lens on WB's «Продажи по регионам» report: our geography of the last 30 days with baskets (items per basket) per region.
 */
import { isRegionSalePage } from '@/lib/cabinet/routes';
import { analyticsPanel } from '../analytics-panel';

export const regionsPanel = analyticsPanel('regions', isRegionSalePage);
