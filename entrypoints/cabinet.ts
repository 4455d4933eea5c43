/**
 * The one content script for the seller cabinet and the ads cabinet (declared in wxt.config.ts's manifest as
 * `cabinet.js` on https://seller.wildberries.ru/* and https://cmp.wildberries.ru/*): the router of
 * cabinet.content/router.ts over the panel registry, and nothing else. It is an unlisted script rather than a WXT
 * `*.content` entrypoint because WXT's content-script wrapper builds a context that touches `chrome.runtime` and posts
 * a message to the page on every cabinet page (about 1.5 ms of main-thread time); the panel scripts build that
 * context only on pages with a panel (cabinet.content/panel-host.ts).
 *
 * It holds no token and opens no database: panels get what they show from the background by message.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mayHavePanel, PANELS } from './cabinet.content/registry';
import { startRouter } from './cabinet.content/router';

export default defineUnlistedScript(() => {
  startRouter(PANELS, { mayHavePanel });
});
