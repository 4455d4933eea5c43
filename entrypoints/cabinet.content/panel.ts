/**
 * What a cabinet panel is, and the manager that mounts panels on the pages they belong to.
 * The cabinet is a single-page app: on every `wxt:locationchange` the manager aborts each mounted panel's
 * AbortController, removes its UI and re-evaluates the routes.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';

export interface Panel {
  /** Used for the host element (`wbx-<id>`) and in tests. */
  id: string;
  /** Pure route predicate: is this panel's page? */
  matches: (url: URL) => boolean;
  /** `closed` keeps the page's scripts out of the panel (no `host.shadowRoot`); default `open`. */
  shadowMode?: 'open' | 'closed';
  /**
   * Renders into the shadow root; every listener or timer must stop on `signal`, and what it rendered is unmounted
   * on `signal` too (the views are lazily loaded scripts with their own Preact: see lazy-panel.ts).
   */
  mount: (container: HTMLElement, signal: AbortSignal, url: URL) => void;
}

interface Mounted {
  controller: AbortController;
  ui: ShadowRootContentScriptUi<HTMLElement>;
}

/** Mounts the panels whose routes match, now and after every SPA navigation. Does nothing where none match. */
export function startPanelManager(ctx: ContentScriptContext, panels: readonly Panel[]): void {
  let mounted: Mounted[] = [];
  let generation = 0;

  const unmountAll = () => {
    for (const m of mounted) {
      m.controller.abort();
      m.ui.remove();
    }
    mounted = [];
  };

  const evaluate = async (url: URL) => {
    const gen = ++generation;
    unmountAll();
    for (const panel of panels) {
      if (!panel.matches(url)) continue;
      const controller = new AbortController();
      const ui = await createShadowRootUi<HTMLElement>(ctx, {
        name: `wbx-${panel.id}`,
        mode: panel.shadowMode ?? 'open',
        position: 'inline',
        anchor: 'body',
        append: 'last',
        onMount(container) {
          panel.mount(container, controller.signal, url);
          return container;
        },
      });
      if (gen !== generation || ctx.isInvalid) {
        controller.abort();
        return;
      }
      ui.mount();
      mounted.push({ controller, ui });
    }
  };

  // The event's URL, not `location`: with the Navigation API the event comes before `location` changes.
  ctx.addEventListener(window, 'wxt:locationchange', (e) => void evaluate(e.newUrl));
  ctx.onInvalidated(unmountAll);
  void evaluate(new URL(location.href));
}
