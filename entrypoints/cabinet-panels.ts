/**
 * The cabinet's analytics panels' views, loaded by the cabinet content script only on a page that has one of them
 * (see cabinet.content/router.ts). It runs in the content script's isolated world, never in the page.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { PanelRequest } from './cabinet.content/analytics-panel';
import { publishPanelHost } from './cabinet.content/panel-host';
import css from './cabinet.content/panels.css?inline';
import { mountAnalyticsPanel } from './cabinet.content/views/analytics-panel-view';

export default defineUnlistedScript(() =>
  publishPanelHost('cabinet-panels', css, (container, signal, request) =>
    mountAnalyticsPanel(container, signal, request as PanelRequest),
  ),
);
