/**
 * The panel scripts' side of lazy-panel.ts: each panel in a shadow root of its own (WXT's `createShadowRootUi`),
 * with the script's own stylesheet inside it, docked at the end of `<body>`, removed when the router aborts it.
 * Runs in the content script's isolated world; only on pages with a panel.
 */
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { publishPanel } from './lazy-panel';
import type { PanelScript } from './panel';

/**
 * Renders a panel into its container; every listener or timer stops on `signal`. Returns its unmount (the script's
 * own Preact must unmount what it rendered).
 */
export type RenderPanel = (container: HTMLElement, signal: AbortSignal, arg: unknown) => void | (() => void);

/** In a panel script: publishes the mount the router calls for each of the script's panels. */
export function publishPanelHost(name: PanelScript, css: string, render: RenderPanel): void {
  // One context per script and page: when the extension is reloaded, the new script's context invalidates this one,
  // and its panels are removed.
  const ctx = new ContentScriptContext(name);
  publishPanel(name, async (panel, arg, signal) => {
    const ui = await createShadowRootUi<(() => void) | void>(ctx, {
      name: `wbx-${panel.id}`,
      mode: panel.shadowMode ?? 'open',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      css,
      onMount: (container) => render(container, signal, arg),
      onRemove: (unmount) => unmount?.(),
    });
    if (signal.aborted || ctx.isInvalid) return;
    ui.mount();
    signal.addEventListener('abort', () => ui.remove(), { once: true });
  });
}
