/**
 * The token guide's code, loaded by the cabinet content script only on WB's token pages (see
 * cabinet.content/router.ts). It runs in the content script's isolated world, never in the page.
 */
import { render } from 'preact';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { publishPanelHost } from './cabinet.content/panel-host';
import css from './cabinet.content/panels/token-setup.css?inline';
import { mountTokenGuide } from './cabinet.content/token-guide';

export default defineUnlistedScript(() =>
  publishPanelHost('token-guide', css, (container, signal) => {
    mountTokenGuide(container, signal);
    return () => render(null, container);
  }),
);
