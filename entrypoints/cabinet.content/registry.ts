/**
 * The panel registry: every panel of the cabinet content script, each a route and the script that renders it.
 * A new panel is one file in panels/ and one line here (and its section in PANEL_SECTIONS).
 */
import type { Panel } from './panel';
import { campaignPanel } from './panels/campaign-panel';
import { financePanel } from './panels/finance-panel';
import { overviewPanel } from './panels/overview-panel';
import { regionsPanel } from './panels/regions-panel';
import { stocksPanel } from './panels/stocks-panel';
import { tokenSetupPanel } from './panels/token-setup';

export const PANELS: readonly Panel[] = [
  tokenSetupPanel,
  overviewPanel,
  regionsPanel,
  stocksPanel,
  financePanel,
  campaignPanel,
];

/**
 * The cabinet sections that have a panel somewhere, as a first look at a URL's path: on any other page (most of the
 * cabinet) the router runs no route predicate at all, which halves its main-thread time there. Every panel's route
 * implies it (tests/unit/cabinet-router.test.ts checks that on real cabinet URLs and on generated ones).
 */
export const PANEL_SECTIONS =
  /^\/+(?:$|api-integrations|supplier-settings\/|analytics-reports\/|marketplace-stocks-management|suppliers-mutual-settlements|campaigns|cmpf)/;

/** Whether a panel may be on the page at `url` (false: certainly none). */
export const mayHavePanel = (url: URL): boolean => PANEL_SECTIONS.test(url.pathname);
