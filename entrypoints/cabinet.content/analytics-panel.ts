/**
 * What the analytics panels share: each is a route and the figures it asks the background for; the view is one
 * lazily loaded script (`cabinet-panels.js`), so the content script carries no Preact view, dictionary or schema
 * for them, and a page without a panel loads nothing.
 */
import type { RequestOf } from '@/lib/messaging/protocol';
import type { Panel } from './panel';

export type PanelRequest = RequestOf<'panel.figures'>;

/** A docked analytics panel: `request` says which figures, from the page's URL (a campaign's id). */
export function analyticsPanel(
  id: PanelRequest['panel'],
  matches: (url: URL) => boolean,
  request: (url: URL) => PanelRequest | null = () => ({ panel: id }) as PanelRequest,
): Panel {
  return {
    id,
    matches: (url) => matches(url) && request(url) !== null,
    script: 'cabinet-panels',
    arg: request,
  };
}
