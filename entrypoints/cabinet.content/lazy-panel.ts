/**
 * The panels' code is not in the content script: it is in unlisted scripts (web-accessible resources) that the
 * router imports into the content script's own isolated world only on a page with a panel, where each publishes its
 * mount function under a symbol; the page's scripts never see it.
 *
 * This file is imported by both sides, so it imports nothing: in particular not the webextension-polyfill, whose
 * evaluation (and the first touch of `chrome.runtime`, which builds the extension API bindings) costs about 1–2 ms of
 * main-thread time that a page without a panel should not pay.
 */
import type { MountPanel, PanelScript } from './panel';

const keyOf = (name: PanelScript) => Symbol.for(`seller-lens.panel.${name}`);

/** In a panel script: hands its mount function to the router that loaded it. */
export function publishPanel(name: PanelScript, mount: MountPanel): void {
  (globalThis as Record<symbol, unknown>)[keyOf(name)] = mount;
}

interface Runtime {
  id?: string;
  getURL(path: string): string;
}

/** The extension's runtime, or null once the extension was reloaded or removed (an orphaned content script). */
export function extensionRuntime(): Runtime | null {
  const g = globalThis as { browser?: { runtime?: Runtime }; chrome?: { runtime?: Runtime } };
  const runtime = g.browser?.runtime ?? g.chrome?.runtime;
  return runtime?.id ? runtime : null;
}

const loading = new Map<PanelScript, Promise<MountPanel>>();

/** In the router: imports `/<name>.js` once and resolves to the mount function it published. */
export function loadPanelScript(name: PanelScript): Promise<MountPanel> {
  let p = loading.get(name);
  if (!p) {
    const runtime = extensionRuntime();
    p = runtime
      ? import(/* @vite-ignore */ runtime.getURL(`/${name}.js`)).then(() => {
          const mount = (globalThis as Record<symbol, unknown>)[keyOf(name)];
          if (typeof mount !== 'function') throw new Error(`${name}.js did not publish a panel`);
          return mount as MountPanel;
        })
      : Promise.reject(new Error('Seller Lens was reloaded or removed'));
    // A failed load may be retried on the next navigation.
    p.catch(() => loading.delete(name));
    loading.set(name, p);
  }
  return p;
}
