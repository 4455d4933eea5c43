import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MountPanel, Panel, PanelScript } from '../../entrypoints/cabinet.content/panel';
import { mayHavePanel, PANELS } from '../../entrypoints/cabinet.content/registry';
import { panelsFor, POLL_MS, startRouter, watchLocation } from '../../entrypoints/cabinet.content/router';

const ids = (url: string) => panelsFor(PANELS, new URL(url), mayHavePanel).map((p) => p.id);

/** Real cabinet URLs and the panels that belong on them. */
const ROUTES: [string, string[]][] = [
  ['https://seller.wildberries.ru/', ['overview']],
  ['https://seller.wildberries.ru', ['overview']],
  ['https://seller.wildberries.ru/?utm_source=main', ['overview']],
  ['https://seller.wildberries.ru/api-integrations', ['token-setup']],
  ['https://seller.wildberries.ru/api-integrations?tab=1', ['token-setup']],
  ['https://seller.wildberries.ru/supplier-settings/access-to-api', ['token-setup']],
  ['https://seller.wildberries.ru/supplier-settings/access-to-new-api', ['token-setup']],
  ['https://seller.wildberries.ru/analytics-reports/region-sale', ['regions']],
  ['https://seller.wildberries.ru/analytics-reports/region-sale/', ['regions']],
  ['https://seller.wildberries.ru/analytics-reports/warehouse-remains', ['stocks']],
  ['https://seller.wildberries.ru/analytics-reports/warehouse-remains?warehouse=507', ['stocks']],
  ['https://seller.wildberries.ru/marketplace-stocks-management', ['stocks']],
  ['https://seller.wildberries.ru/marketplace-stocks-management/warehouses', ['stocks']],
  ['https://seller.wildberries.ru/suppliers-mutual-settlements', ['finance']],
  [
    'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-weekly-new',
    ['finance'],
  ],
  [
    'https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-daily/12345',
    ['finance'],
  ],
  ['https://cmp.wildberries.ru/campaigns/list/all/edit/search/24681357', ['campaign']],
  ['https://cmp.wildberries.ru/campaigns/statistics/details/24681357', ['campaign']],
  ['https://cmp.wildberries.ru/cmpf/details/24681357', ['campaign']],
  ['https://cmp.wildberries.ru/campaigns/list?advertId=24681357', ['campaign']],
  // Cabinet pages with no panel: the router runs no predicate and loads nothing there.
  ['https://seller.wildberries.ru/new-goods/all-goods', []],
  ['https://seller.wildberries.ru/analytics-reports/sales-funnel', []],
  ['https://seller.wildberries.ru/analytics-reports', []],
  ['https://seller.wildberries.ru/dp-promo-calendar?action=123', []],
  ['https://seller.wildberries.ru/supplier-settings/supplier-card', []],
  ['https://seller.wildberries.ru/suppliers-mutual-settlements/reports-implementations/reports-acquiring', []],
  ['https://seller.wildberries.ru/feedbacks-questions/feedbacks', []],
  ['https://seller.wildberries.ru/bench-page', []],
  ['https://cmp.wildberries.ru/', []],
  ['https://cmp.wildberries.ru/campaigns/list', []],
  ['https://cmp.wildberries.ru/campaigns/list/all?type=auction', []],
  // Not the cabinet at all.
  ['https://www.wildberries.ru/', []],
  ['https://seller.wildberries.ru.evil.com/api-integrations', []],
  ['http://seller.wildberries.ru/', []],
];

describe('the panel registry and its routes', () => {
  it.each(ROUTES)('%s → %j', (url, expected) => {
    expect(ids(url)).toEqual(expected);
  });

  it('every panel has a real URL that mounts it, and no page gets two', () => {
    for (const p of PANELS)
      expect(
        ROUTES.some(([, e]) => e.includes(p.id)),
        p.id,
      ).toBe(true);
    for (const [url, expected] of ROUTES) expect(expected.length, url).toBeLessThanOrEqual(1);
  });

  it('the first look never hides a panel: wherever a route matches, mayHavePanel says so', () => {
    const segment = fc.constantFrom(
      '',
      'api-integrations',
      'supplier-settings',
      'access-to-api',
      'access-to-new-api',
      'analytics-reports',
      'region-sale',
      'warehouse-remains',
      'marketplace-stocks-management',
      'suppliers-mutual-settlements',
      'reports-implementations',
      'reports-weekly-new',
      'reports-acquiring',
      'campaigns',
      'cmpf',
      'details',
      'edit',
      'search',
      '24681357',
      'list',
      'new-goods',
      'x',
    );
    const url = fc
      .record({
        host: fc.constantFrom('seller.wildberries.ru', 'cmp.wildberries.ru'),
        path: fc.array(segment, { maxLength: 6 }),
        query: fc.constantFrom('', '?advertId=24681357', '?id=123', '?tab=2'),
        slash: fc.boolean(),
      })
      .map(({ host, path, query, slash }) => new URL(`https://${host}/${path.join('/')}${slash ? '/' : ''}${query}`));
    let matched = 0;
    fc.assert(
      fc.property(url, (u) => {
        const any = PANELS.some((p) => p.matches(u));
        if (any) matched++;
        return !any || mayHavePanel(u);
      }),
      { numRuns: 3000 },
    );
    // The generator does reach panel pages, so the property is not vacuous.
    expect(matched).toBeGreaterThan(100);
  });
});

/** A router over fakes: the watcher is driven by `go`, scripts load when the test says. */
function harness(panels: readonly Panel[], start: string, opts: { alive?: () => boolean } = {}) {
  let onChange: ((url: URL) => void) | null = null;
  let watchSignal: AbortSignal | null = null;
  const mounts: { id: string; shadowMode?: string; arg: unknown; signal: AbortSignal }[] = [];
  const pending: { script: PanelScript; resolve: (m: MountPanel) => void; reject: (e: unknown) => void }[] = [];
  const mount: MountPanel = (panel, arg, signal) => {
    mounts.push({ id: panel.id, shadowMode: panel.shadowMode, arg, signal });
  };
  const load = vi.fn(
    (script: PanelScript) =>
      new Promise<MountPanel>((resolve, reject) => {
        pending.push({ script, resolve, reject });
      }),
  );
  const stop = startRouter(panels, {
    load,
    watch: (cb, signal) => {
      onChange = cb;
      watchSignal = signal;
    },
    alive: opts.alive,
    url: new URL(start),
    mayHavePanel,
  });
  /** Resolves every pending load with the fake mount, and lets the router's promise callbacks run. */
  const settle = async () => {
    for (const p of pending.splice(0)) p.resolve(mount);
    await new Promise((r) => setTimeout(r, 0));
  };
  return {
    go: (url: string) => onChange!(new URL(url)),
    load,
    mounts,
    pending,
    settle,
    stop,
    watchSignal: () => watchSignal!,
  };
}

const SELLER = 'https://seller.wildberries.ru';

describe('startRouter', () => {
  it('on a page with no panel loads nothing and mounts nothing, also after navigations between such pages', async () => {
    const r = harness(PANELS, `${SELLER}/new-goods/all-goods`);
    r.go(`${SELLER}/feedbacks-questions/feedbacks`);
    r.go(`${SELLER}/analytics-reports/sales-funnel`);
    await r.settle();
    expect(r.load).not.toHaveBeenCalled();
    expect(r.mounts).toEqual([]);
  });

  it('loads a panel’s script on its page and mounts it with its argument; navigation away removes it', async () => {
    const r = harness(PANELS, `${SELLER}/new-goods/all-goods`);
    r.go(`${SELLER}/analytics-reports/region-sale`);
    expect(r.load.mock.calls).toEqual([['cabinet-panels']]);
    await r.settle();
    expect(r.mounts.map((m) => [m.id, m.arg])).toEqual([['regions', { panel: 'regions' }]]);
    expect(r.mounts[0]!.signal.aborted).toBe(false);
    r.go(`${SELLER}/new-goods/all-goods`);
    expect(r.mounts[0]!.signal.aborted).toBe(true);
  });

  it('the token guide comes from its own script, in a closed shadow root', async () => {
    const r = harness(PANELS, `${SELLER}/api-integrations`);
    expect(r.load.mock.calls).toEqual([['token-guide']]);
    await r.settle();
    expect(r.mounts.map((m) => [m.id, m.shadowMode])).toEqual([['token-setup', 'closed']]);
  });

  it('between two panel pages: the first is removed, the second mounted', async () => {
    const r = harness(PANELS, `${SELLER}/`);
    await r.settle();
    r.go(`${SELLER}/analytics-reports/warehouse-remains`);
    await r.settle();
    expect(r.mounts.map((m) => [m.id, m.signal.aborted])).toEqual([
      ['overview', true],
      ['stocks', false],
    ]);
  });

  it('keeps a panel through a query-string change on its page, but remounts for another campaign', async () => {
    const r = harness(PANELS, `${SELLER}/analytics-reports/warehouse-remains`);
    await r.settle();
    r.go(`${SELLER}/analytics-reports/warehouse-remains?warehouse=507`);
    await r.settle();
    expect(r.mounts.map((m) => [m.id, m.signal.aborted])).toEqual([['stocks', false]]);

    const c = harness(PANELS, 'https://cmp.wildberries.ru/campaigns/list/all/edit/search/111222');
    await c.settle();
    c.go('https://cmp.wildberries.ru/campaigns/list/all/edit/search/333444');
    await c.settle();
    expect(c.mounts.map((m) => [m.arg, m.signal.aborted])).toEqual([
      [{ panel: 'campaign', campaignId: 111222 }, true],
      [{ panel: 'campaign', campaignId: 333444 }, false],
    ]);
  });

  it('does not mount a panel whose page was left while its script loaded', async () => {
    const r = harness(PANELS, `${SELLER}/`);
    r.go(`${SELLER}/new-goods/all-goods`);
    await r.settle();
    expect(r.mounts).toEqual([]);
  });

  it('an orphaned content script (the extension reloaded) stops: it loads nothing and stops watching', () => {
    const r = harness(PANELS, `${SELLER}/new-goods/all-goods`, { alive: () => false });
    expect(r.watchSignal().aborted).toBe(false);
    r.go(`${SELLER}/`);
    expect(r.load).not.toHaveBeenCalled();
    expect(r.watchSignal().aborted).toBe(true);
  });

  it('a script that fails to load is reported once, quietly, and tried again on the next visit', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = harness(PANELS, `${SELLER}/`);
    r.pending.splice(0)[0]!.reject(new Error('blocked'));
    await new Promise((res) => setTimeout(res, 0));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(r.mounts).toEqual([]);
    r.go(`${SELLER}/new-goods/all-goods`);
    r.go(`${SELLER}/`);
    await r.settle();
    expect(r.load).toHaveBeenCalledTimes(2);
    expect(r.mounts.map((m) => m.id)).toEqual(['overview']);
  });

  it('stop removes what it mounted and stops watching', async () => {
    const r = harness(PANELS, `${SELLER}/`);
    await r.settle();
    r.stop();
    expect(r.mounts[0]!.signal.aborted).toBe(true);
    expect(r.watchSignal().aborted).toBe(true);
  });
});

describe('watchLocation', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('with the Navigation API: one listener, called after each URL change, no timer, gone on abort', () => {
    const navigation = new EventTarget();
    const location = { href: `${SELLER}/` };
    const seen: string[] = [];
    const stop = new AbortController();
    watchLocation((u) => seen.push(u.pathname), stop.signal, { navigation, window: new EventTarget(), location });
    expect(vi.getTimerCount()).toBe(0);
    location.href = `${SELLER}/api-integrations`;
    navigation.dispatchEvent(new Event('currententrychange'));
    navigation.dispatchEvent(new Event('currententrychange')); // same URL (e.g. a state-only replaceState)
    stop.abort();
    location.href = `${SELLER}/new-goods`;
    navigation.dispatchEvent(new Event('currententrychange'));
    expect(seen).toEqual(['/api-integrations']);
  });

  it('without it: popstate and hashchange at once, pushState within POLL_MS; the poll stops on abort', () => {
    const win = new EventTarget();
    const location = { href: `${SELLER}/` };
    const seen: string[] = [];
    const stop = new AbortController();
    watchLocation((u) => seen.push(u.pathname + u.hash), stop.signal, { navigation: null, window: win, location });
    location.href = `${SELLER}/a`;
    win.dispatchEvent(new Event('popstate'));
    location.href = `${SELLER}/a#b`;
    win.dispatchEvent(new Event('hashchange'));
    location.href = `${SELLER}/c`; // pushState: no event
    expect(seen).toEqual(['/a', '/a#b']);
    vi.advanceTimersByTime(POLL_MS);
    expect(seen).toEqual(['/a', '/a#b', '/c']);
    vi.advanceTimersByTime(10 * POLL_MS);
    expect(seen).toHaveLength(3);
    stop.abort();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on a page (happy-dom, which has no Navigation API: the fallback) sees history.pushState', () => {
    expect('navigation' in globalThis).toBe(false);
    history.replaceState(null, '', '/start');
    const seen: string[] = [];
    const stop = new AbortController();
    watchLocation((u) => seen.push(u.pathname), stop.signal);
    history.pushState(null, '', '/analytics-reports/region-sale');
    vi.advanceTimersByTime(POLL_MS);
    expect(seen).toEqual(['/analytics-reports/region-sale']);
    stop.abort();
  });
});
