/**
 * What a cabinet panel is. A panel file holds only its route and which lazily loaded script renders it, so the
 * content script that runs on every cabinet page carries no view, no Preact and no shadow-root code: a page with no
 * panel runs the router (router.ts) and nothing else.
 */

/** The web-accessible scripts that render panels, loaded on demand (see lazy-panel.ts and panel-host.ts). */
export type PanelScript = 'cabinet-panels' | 'token-guide';

export interface Panel {
  /** Used for the host element (`wbx-<id>`) and in tests. */
  id: string;
  /** Pure route predicate: is this panel's page? */
  matches: (url: URL) => boolean;
  /** The script that renders it. */
  script: PanelScript;
  /** `closed` keeps the page's scripts out of the panel (no `host.shadowRoot`); default `open`. */
  shadowMode?: 'open' | 'closed';
  /** What the script's render gets for this URL (which figures, a campaign's id); JSON-comparable. */
  arg?: (url: URL) => unknown;
}

/** What a panel script publishes: mounts one panel in its own shadow root, removed when `signal` aborts. */
export type MountPanel = (
  panel: Pick<Panel, 'id' | 'shadowMode'>,
  arg: unknown,
  signal: AbortSignal,
) => void | Promise<void>;
