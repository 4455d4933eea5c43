/**
 * The one content script for the seller cabinet and the ads cabinet. The import list below is the panel registry.
 * It holds no token and opens no database: panels get what they show from the background by message.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import './panels.css';
import { startPanelManager } from './panel';
import { keyringBadgePanel } from './panels/keyring-badge';
import { tokenSetupPanel } from './panels/token-setup';

export default defineContentScript({
  matches: ['https://seller.wildberries.ru/*', 'https://cmp.wildberries.ru/*'],
  cssInjectionMode: 'ui',
  runAt: 'document_idle',
  main(ctx) {
    startPanelManager(ctx, [keyringBadgePanel, tokenSetupPanel]);
  },
});
