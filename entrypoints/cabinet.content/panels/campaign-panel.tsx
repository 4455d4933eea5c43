/**
 * Seller Lens on a campaign's page in the ads cabinet (cmp.wildberries.ru): that campaign's views, clicks, CTR, CPC,
 * spend, orders and ДРР for the last 7 days, and its items with their current bids. The id comes from the URL.
 */
import { campaignIdOf } from '@/lib/cabinet/routes';
import { analyticsPanel } from '../analytics-panel';

export const campaignPanel = analyticsPanel(
  'campaign',
  (url) => campaignIdOf(url) !== null,
  (url) => {
    const campaignId = campaignIdOf(url);
    return campaignId === null ? null : { panel: 'campaign', campaignId };
  },
);
