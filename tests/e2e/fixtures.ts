/**
 * Playwright fixtures: the built extension in a fresh Chromium profile, with a network guard that fails the test
 * on any request to a host that is not WB's (or a page host the test itself serves), and helpers for pages
 * served as seller.wildberries.ru.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { EXTENSION_DIR, launchWithExtension, serviceWorker } from './browser';
import { createWbSimulator, type WbSimulator, type WbSimulatorOptions } from '../sim';
import { routeWbApi } from '../sim/playwright';

export { expect };

const WB_SUFFIX = '.wildberries.ru';

export interface NetworkGuard {
  /** Requests that went to hosts that are neither WB's nor served by the test. */
  violations: string[];
  /** Hosts the test serves pages for (e.g. a non-WB shop to prove the content script stays away). */
  allowedHosts: Set<string>;
}

interface Fixtures {
  /** Options of this test's simulator (`test.use({ simOptions })`); it always runs on real time. */
  simOptions: WbSimulatorOptions;
  /**
   * Optional host permissions to grant before the test, as if the seller had accepted Chrome's prompt: Playwright
   * cannot answer that prompt, so the test loads a copy of the build whose manifest already holds them; the
   * extension's `permissions.request` then resolves `true` at once and its code path is the shipped one.
   */
  preGrantedHosts: string[];
  context: BrowserContext;
  /** WB's API as the extension sees it in this test: every *-api.wildberries.ru request is answered by it. */
  sim: WbSimulator;
  guard: NetworkGuard;
  sw: Worker;
  extensionId: string;
  openPopup: () => Promise<Page>;
  /** Serves `fixture` (a file under tests/fixtures) at `url` and opens it. */
  openCabinetPage: (url: string, fixture?: string) => Promise<Page>;
}

/** A copy of the built extension whose manifest grants `hosts` (moved from optional to required host permissions). */
function grantedCopy(hosts: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seller-lens-granted-'));
  fs.cpSync(EXTENSION_DIR, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    host_permissions?: string[];
    optional_host_permissions?: string[];
  };
  for (const h of hosts) {
    if (!manifest.optional_host_permissions?.includes(h)) throw new Error(`${h} is not an optional host permission`);
  }
  manifest.host_permissions = [...(manifest.host_permissions ?? []), ...hosts];
  fs.writeFileSync(file, JSON.stringify(manifest));
  return dir;
}

export function fixtureHtml(name: string): string {
  return fs.readFileSync(path.resolve('tests/fixtures', name), 'utf8');
}

export const test = base.extend<Fixtures>({
  simOptions: [{}, { option: true }],
  preGrantedHosts: [[], { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  guard: async ({}, use) => {
    await use({ violations: [], allowedHosts: new Set() });
  },
  context: async ({ guard, preGrantedHosts }, use) => {
    const context = await launchWithExtension(preGrantedHosts.length ? grantedCopy(preGrantedHosts) : EXTENSION_DIR);
    // Registered first, so it runs last: only requests no test route answered reach it. WB's public search hosts
    // (*.wb.ru, live position checks) are not WB API hosts: a test that routes them (routePublicSearch) answers them
    // before this guard; unrouted, they count as violations like any other host.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return route.continue();
      if (url.hostname.endsWith(WB_SUFFIX)) {
        // A WB host the test did not route: answer as WB does for an unknown path, never the real network.
        return route.fulfill({
          status: 404,
          contentType: 'application/problem+json',
          body: JSON.stringify({
            title: 'path not found',
            detail: 'Please consult the https://dev.wildberries.ru/openapi/api-information',
            status: 404,
            statusText: 'Not Found',
            timestamp: new Date().toISOString(),
          }),
        });
      }
      if (guard.allowedHosts.has(url.hostname)) return route.fallback();
      guard.violations.push(`${route.request().method()} ${url.origin}${url.pathname}`);
      return route.abort('blockedbyclient');
    });
    await use(context);
    await context.close();
    expect(guard.violations, 'requests to hosts that are not WB’s').toEqual([]);
  },
  sim: [
    async ({ context, simOptions }, use) => {
      // Real time, so the extension's own clock and WB's agree; data generated around today.
      const sim = createWbSimulator({ orders: 2000, ...simOptions, clock: 'real', now: Date.now() });
      await routeWbApi(context, sim);
      await use(sim);
    },
    { auto: true },
  ],
  sw: async ({ context }, use) => {
    await use(await serviceWorker(context));
  },
  extensionId: async ({ sw }, use) => {
    await use(new URL(sw.url()).host);
  },
  openPopup: async ({ context, extensionId }, use) => {
    await use(async () => {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      await expect(page.locator('#popup-title')).toBeVisible();
      return page;
    });
  },
  openCabinetPage: async ({ context }, use) => {
    await use(async (url, fixture = 'cabinet/main.html') => {
      const html = fixtureHtml(fixture);
      await context.route(url, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      const page = await context.newPage();
      await page.goto(url);
      return page;
    });
  },
});

/** Reads the keyring straight from the extension's local storage (test-side only). */
export async function storedKeyring(
  sw: Worker,
): Promise<{ entries: Record<string, { raw: string; label: string }> } | null> {
  return sw.evaluate(async () => {
    const all = await chrome.storage.local.get('keyring');
    return (all.keyring as { entries: Record<string, { raw: string; label: string }> } | undefined) ?? null;
  });
}
