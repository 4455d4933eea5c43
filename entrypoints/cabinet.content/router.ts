/**
 * The cabinet content script's router: all it does on every cabinet page. It checks the URL against the panels'
 * routes and watches the single-page app's navigations; only where a panel's route matches does it load the script
 * that renders the panel (lazy-panel.ts). On a page with no panel it loads nothing, builds nothing, and touches no
 * extension API (the first touch of `chrome.runtime` alone costs about 0.5 ms of main-thread time).
 *
 * On every navigation the mounted panels' AbortController is aborted (which removes their UI) and the routes are
 * evaluated again, unless the same panels with the same arguments match the new URL (a query-string change on the
 * same report): those stay.
 */
import { extensionRuntime, loadPanelScript } from './lazy-panel';
import type { MountPanel, Panel, PanelScript } from './panel';

/** How often the fallback checks the URL where the browser has no Navigation API. */
export const POLL_MS = 1000;

/** What the watcher reads: the page's window, its `navigation` if the browser has one, and its location. */
export interface NavigationSource {
  navigation?: Pick<EventTarget, 'addEventListener'> | null;
  window: Pick<EventTarget, 'addEventListener'>;
  location: { readonly href: string };
}

const pageSource = (): NavigationSource => ({
  navigation: (globalThis as { navigation?: EventTarget }).navigation ?? null,
  window,
  location,
});

/**
 * Calls `onChange` with the new URL after each navigation inside the page (pushState, replaceState, back and forward,
 * hash changes), until `signal` aborts. With the Navigation API: its `currententrychange` event, which comes after the
 * URL changed and costs nothing between navigations. Without it (older browsers): `popstate` and `hashchange`, and a
 * check of `location.href` every POLL_MS for `pushState` (a string comparison: microseconds).
 */
export function watchLocation(
  onChange: (url: URL) => void,
  signal: AbortSignal,
  source: NavigationSource = pageSource(),
): void {
  let last = source.location.href;
  const check = () => {
    const href = source.location.href;
    if (href === last) return;
    last = href;
    onChange(new URL(href));
  };
  if (typeof source.navigation?.addEventListener === 'function') {
    source.navigation.addEventListener('currententrychange', check, { signal });
    return;
  }
  source.window.addEventListener('popstate', check, { signal });
  source.window.addEventListener('hashchange', check, { signal });
  const timer = setInterval(check, POLL_MS);
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}

export interface RouterOptions {
  /** Loads a panel script; by default the web-accessible `/<script>.js`. */
  load?: (script: PanelScript) => Promise<MountPanel>;
  /** Watches navigations; by default `watchLocation` on the page. */
  watch?: (onChange: (url: URL) => void, signal: AbortSignal) => void;
  /** Whether the extension is still there (an orphaned content script must stop); by default its runtime id. */
  alive?: () => boolean;
  /** The URL at start; by default the page's. */
  url?: URL;
  /** A cheap first look: false when no panel can match the URL, so no predicate runs; by default always true. */
  mayHavePanel?: (url: URL) => boolean;
}

/** The panels whose routes match `url`: what the router mounts there (none on most cabinet pages). */
export function panelsFor(panels: readonly Panel[], url: URL, mayHavePanel = (_: URL) => true): Panel[] {
  return mayHavePanel(url) ? panels.filter((p) => p.matches(url)) : [];
}

/** Starts the router; returns its stop, which also removes what it mounted. */
export function startRouter(panels: readonly Panel[], options: RouterOptions = {}): () => void {
  const {
    load = loadPanelScript,
    watch = watchLocation,
    alive = () => extensionRuntime() !== null,
    url = new URL(location.href),
    mayHavePanel,
  } = options;
  const stopped = new AbortController();
  let mounted: { key: string; controller: AbortController } | null = null;

  const unmount = () => {
    mounted?.controller.abort();
    mounted = null;
  };
  const stop = () => {
    stopped.abort();
    unmount();
  };

  const route = (to: URL) => {
    const matching = panelsFor(panels, to, mayHavePanel);
    if (matching.length === 0) {
      unmount();
      return;
    }
    const args = matching.map((p) => p.arg?.(to));
    const key = JSON.stringify(matching.map((p, i) => [p.id, args[i] ?? null]));
    if (mounted?.key === key) return;
    unmount();
    if (!alive()) {
      stop();
      return;
    }
    const controller = new AbortController();
    mounted = { key, controller };
    matching.forEach((panel, i) => {
      load(panel.script)
        .then((mount) => {
          if (!controller.signal.aborted)
            return mount({ id: panel.id, shadowMode: panel.shadowMode }, args[i], controller.signal);
        })
        .catch((err: unknown) => {
          if (!controller.signal.aborted) console.warn(`Seller Lens: could not show the ${panel.id} panel`, err);
        });
    });
  };

  watch(route, stopped.signal);
  route(url);
  return stop;
}
