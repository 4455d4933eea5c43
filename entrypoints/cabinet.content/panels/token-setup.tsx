/**
 * The guided token setup on WB's token pages (`/api-integrations`, `/supplier-settings/access-to-api`).
 * The guide itself (../token-guide.tsx, with token-setup.css) is loaded only here, on demand, from `token-guide.js`.
 */
import { isTokenPage } from '@/lib/cabinet/routes';
import type { Panel } from '../panel';

export const tokenSetupPanel: Panel = {
  id: 'token-setup',
  matches: (url) => isTokenPage(url),
  script: 'token-guide',
  // Closed: the page's scripts cannot reach into the guide (and its paste field) through `host.shadowRoot`.
  shadowMode: 'closed',
};
