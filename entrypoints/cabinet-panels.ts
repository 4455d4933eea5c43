/**
 * The cabinet panels' views (the analytics panels and the keyring badge), loaded by the cabinet content script only
 * on a page that has one of them (see cabinet.content/lazy-panel.ts). It runs in the content script's isolated
 * world, never in the page.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { RequestOf } from '@/lib/messaging/protocol';
import { publishPanel } from './cabinet.content/lazy-panel';
import { mountAnalyticsPanel } from './cabinet.content/views/analytics-panel-view';
import { mountKeyringBadge } from './cabinet.content/views/keyring-badge-view';

type View = { view: 'keyring-badge' } | { view: 'analytics'; request: RequestOf<'panel.figures'> };

export default defineUnlistedScript(() =>
  publishPanel('cabinet-panels', (container, signal, arg) => {
    const v = arg as View;
    return v.view === 'keyring-badge'
      ? mountKeyringBadge(container, signal)
      : mountAnalyticsPanel(container, signal, v.request);
  }),
);
