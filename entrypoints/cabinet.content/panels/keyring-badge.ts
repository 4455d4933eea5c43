/**
 * A small docked Seller Lens badge with the keyring's state, on cabinet pages that have no other Seller Lens panel:
 * not on the token pages (the token guide is Seller Lens there, and the badge would sit on WB's form), and not where
 * an analytics panel is mounted (one Seller Lens box per page). Its view is loaded lazily.
 */
import { isAnalyticsPanelPage, isCabinetPage, isTokenPage } from '@/lib/cabinet/routes';
import { lazyMount } from '../lazy-panel';
import type { Panel } from '../panel';

export const keyringBadgePanel: Panel = {
  id: 'keyring-badge',
  matches: (url) => isCabinetPage(url) && !isTokenPage(url) && !isAnalyticsPanelPage(url),
  mount: lazyMount('cabinet-panels', { view: 'keyring-badge' }),
};
