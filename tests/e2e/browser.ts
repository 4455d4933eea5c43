/**
 * Launching the built extension in the system Chromium. Never downloads a browser; never skips silently.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Worker } from '@playwright/test';

/** The built extension; `SELLER_LENS_OUT` names another build under `.output/` (see wxt.config.ts). */
export const EXTENSION_DIR = path.resolve('.output', process.env.SELLER_LENS_OUT ?? 'chrome-mv3');

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium to drive: $CHROME_PATH, else the system one. Throws with the install command when there is none. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found for the e2e tests. Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROME_PATH to a Chromium/Chrome binary.',
    );
  }
  return found;
}

/** A fresh profile with the built extension (or a copy of it, `extensionDir`) loaded. */
export async function launchWithExtension(extensionDir: string = EXTENSION_DIR): Promise<BrowserContext> {
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error('The extension is not built: run `npm run build` first (npm test does it).');
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seller-lens-e2e-'));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1100, height: 700 },
    locale: 'ru-RU',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
}

/** The extension's service worker (waits for it to start). */
export async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
}
