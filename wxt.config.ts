import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { API_HOST_PERMISSIONS } from './lib/wb-api/hosts';
import { PUBLIC_HOST_PERMISSIONS } from './lib/positions/hosts';
import { writeLocales } from './scripts/locales';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // `SELLER_LENS_OUT` builds into `.output/<name>` instead (parallel work on one machine; WXT empties its output
  // directory first). `npm test` and the README use the default.
  outDirTemplate: process.env.SELLER_LENS_OUT ?? '{{browser}}-mv{{manifestVersion}}{{modeSuffix}}',
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // The UI strings live in lib/i18n (one place); the manifest's own strings are generated from them.
    'build:publicAssets': (_wxt, assets) => {
      assets.push(...writeLocales());
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'ru',
    permissions: ['storage', 'alarms', 'notifications'],
    host_permissions: [...API_HOST_PERMISSIONS],
    // WB's public search and card hosts for live position checks: requested only when the seller turns them on.
    optional_host_permissions: [...PUBLIC_HOST_PERMISSIONS],
    action: { default_title: '__MSG_extName__' },
    // The cabinet content script: the router of entrypoints/cabinet.ts, an unlisted script declared here (WXT's own
    // content-script wrapper costs more main-thread time on every cabinet page than the whole router; see that file).
    content_scripts: [
      {
        matches: ['https://seller.wildberries.ru/*', 'https://cmp.wildberries.ru/*'],
        js: ['cabinet.js'],
        run_at: 'document_idle',
      },
    ],
    // Code the cabinet content script imports only where it is needed: the token guide on the token pages, the
    // panels' views on pages with a panel.
    web_accessible_resources: [
      { resources: ['token-guide.js'], matches: ['https://seller.wildberries.ru/*'], use_dynamic_url: true },
      {
        resources: ['cabinet-panels.js'],
        matches: ['https://seller.wildberries.ru/*', 'https://cmp.wildberries.ru/*'],
        use_dynamic_url: true,
      },
    ],
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'seller-lens@seller-lens.example',
          strict_min_version: '142.0',
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
});
