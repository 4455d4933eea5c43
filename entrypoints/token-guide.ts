/**
 * The token guide's code, loaded by the cabinet content script only on WB's token pages (see
 * cabinet.content/lazy-panel.ts). It runs in the content script's isolated world, never in the page.
 */
import { render } from 'preact';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { publishPanel } from './cabinet.content/lazy-panel';
import { mountTokenGuide } from './cabinet.content/token-guide';

export default defineUnlistedScript(() =>
  publishPanel('token-guide', (container, signal) => {
    mountTokenGuide(container, signal);
    return () => render(null, container);
  }),
);
