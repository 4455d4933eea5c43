// `chrome` exists inside the extension's service worker, where tests run code with `sw.evaluate`.
import type { Browser } from '@wxt-dev/browser';

declare global {
  const chrome: typeof Browser;
}
