/**
 * The guided token setup on WB's token pages (`/api-integrations`, `/supplier-settings/access-to-api`).
 * The guide itself (../token-guide.tsx) is loaded only here, on demand, to keep the cabinet content script small.
 */
import { isTokenPage } from '@/lib/cabinet/routes';
import { lazyMount } from '../lazy-panel';
import type { Panel } from '../panel';
import './token-setup.css';

export const tokenSetupPanel: Panel = {
  id: 'token-setup',
  matches: (url) => isTokenPage(url),
  // Closed: the page's scripts cannot reach into the guide (and its paste field) through `host.shadowRoot`.
  shadowMode: 'closed',
  mount: lazyMount('token-guide'),
};
