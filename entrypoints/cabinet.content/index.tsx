/**
 * The one content script for the seller cabinet and the ads cabinet. The import list below is the panel registry.
 * It holds no token and opens no database: panels get what they show from the background by message.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import './panels.css';
import { startPanelManager } from './panel';
import { campaignPanel } from './panels/campaign-panel';
import { financePanel } from './panels/finance-panel';
import { keyringBadgePanel } from './panels/keyring-badge';
import { overviewPanel } from './panels/overview-panel';
import { regionsPanel } from './panels/regions-panel';
import { stocksPanel } from './panels/stocks-panel';
import { tokenSetupPanel } from './panels/token-setup';

export default defineContentScript({
  matches: ['https://seller.wildberries.ru/*', 'https://cmp.wildberries.ru/*'],
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main(ctx) {
    startPanelManager(ctx, [
      keyringBadgePanel,
      tokenSetupPanel,
      overviewPanel,
      regionsPanel,
      stocksPanel,
      financePanel,
      campaignPanel,
    ]);
  },
});
