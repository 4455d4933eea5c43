import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Modules that hold the token, the WB client or the database: never in a content script or a component. */
const backgroundOnly = [
  '**/lib/token/keyring*',
  '**/lib/wb-api/**',
  '**/lib/db/**',
  '**/lib/sync/**',
  '**/lib/background/**',
];

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.webextensions } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: [
      'entrypoints/cabinet.ts',
      'entrypoints/cabinet.content/**',
      'entrypoints/cabinet-panels.ts',
      'entrypoints/token-guide.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: backgroundOnly,
              message: 'Content scripts never hold the token or open IndexedDB: ask the background by message.',
            },
            { group: ['dexie'], message: 'Content scripts never open IndexedDB.' },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'webextension-polyfill', message: 'Components get data and callbacks by props: no browser.*.' },
            { name: 'dexie', message: 'Components do not query the database.' },
          ],
          patterns: [
            {
              group: backgroundOnly,
              message: 'Components never import background-only modules.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
