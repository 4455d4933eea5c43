/** Shared helpers of the position tests: the recorded-shape fixtures and a fetch that serves them. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { liveChecksSettings, type LiveChecksSettings } from '../../../lib/positions/schedule';

/** A fixture of tests/fixtures/public-search as parsed JSON. */
export function fixture(name: string): unknown {
  // Vitest runs from the repository root (import.meta.url is not a file URL under happy-dom).
  const path = resolve(process.cwd(), 'tests/fixtures/public-search', name);
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

/** Live checks turned on, with the rest of the defaults (or the overrides given). */
export function enabled(overrides: Partial<LiveChecksSettings> = {}): LiveChecksSettings {
  return liveChecksSettings.parse({ enabled: true, ...overrides });
}

export interface SeenRequest {
  url: URL;
  init: RequestInit | undefined;
  headers: Headers;
}

/**
 * A fetch that answers search pages from fixtures by `page` (and cards from a card fixture), or with whatever
 * `answer` returns for a request; it records every request.
 */
export function fixtureFetch(opts: {
  pages?: Record<number, string>;
  card?: string;
  answer?: (url: URL) => Response | Promise<Response> | undefined;
}) {
  const seen: SeenRequest[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : 'href' in input ? input.href : input.url);
    seen.push({ url, init, headers: new Headers(init?.headers) });
    const custom = await opts.answer?.(url);
    if (custom) return custom;
    if (url.pathname.endsWith('/search')) {
      const name = opts.pages?.[Number(url.searchParams.get('page'))];
      if (!name) return new Response(JSON.stringify({ metadata: {}, products: [], total: 0 }), { status: 200 });
      return new Response(JSON.stringify(fixture(name)), { status: 200 });
    }
    if (url.pathname.endsWith('/detail') && opts.card) {
      return new Response(JSON.stringify(fixture(opts.card)), { status: 200 });
    }
    return new Response('404 page not found', { status: 404 });
  }) as typeof fetch;
  return { fetch: fetchFn, seen };
}

export const THREE_PAGES = { 1: 'search-page1.json', 2: 'search-page2.json', 3: 'search-page3.json' } as const;

/** The fixtures' query and the seller's cards in them (see tests/fixtures/public-search/generate.py). */
export const QUERY = 'платье летнее';
export const CARD_AT_42 = 111111111;
export const AD_CARD_AT_117 = 222222222;
export const MISSING_CARD = 333333333;
