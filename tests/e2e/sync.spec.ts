/**
 * The first sync of a new token in real Chromium, against the WB simulator on real time and WB's real limits:
 * the popup's progress bar, a multi-page orders backfill, the service worker stopped mid-backfill (Chrome DevTools
 * Protocol `ServiceWorker.stopAllWorkers`) and resuming on wake, and exact row counts in the extension's IndexedDB
 * against counts computed from the simulator's dataset. Prints the request counts against the minimum possible.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, test } from './fixtures';
import { SELLER_A, type SimRequest, type SimResponse } from '../sim';
import { feedStatusAt } from '../sim/dataset/feed';
import { mskDay, parseWbDate } from '../sim/msk-time';

const ORDERS = 16_000;
/** Orders per statistics page in this simulator (WB's is about 80,000): the orders backfill takes several pages. */
const ORDERS_PAGE = 2_500;

test.use({
  simOptions: {
    orders: ORDERS,
    // 80 days of history: every order is inside WB's 90-day window, so "visible" does not drift during the test.
    sellers: [{ id: SELLER_A, historyDays: 80 }],
    // Orders come in pages of 2,500; sales in one page (WB's 80,000), so the test never waits for sales' 1/min.
    statisticsPageCap: { orders: ORDERS_PAGE },
  },
});

interface Recorded {
  path: string;
  query: URLSearchParams;
  status: number;
  /** The simulator's clock when it took the request and when it answered. */
  at: number;
  body: string | null | undefined;
}

/** Everything in the extension's IndexedDB that the checks need. */
async function readDb(sw: Worker) {
  return sw.evaluate(async () => {
    const req = <T>(r: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('seller-lens')) return null;
    const db = await req(indexedDB.open('seller-lens'));
    const counts: Record<string, number> = {};
    for (const name of Array.from(db.objectStoreNames))
      counts[name] = await req(db.transaction(name).objectStore(name).count());
    const states = (await req(db.transaction('syncState').objectStore('syncState').getAll())) as {
      dataset: string;
      phase: string;
      pages: number;
      rowsSoFar: number;
      lastError: string | null;
      skipReason: string | null;
      cursor: Record<string, unknown> | null;
    }[];
    const orderKeys = (await req(db.transaction('orders').objectStore('orders').getAllKeys())) as [string, string][];
    // The period roll-ups' total per day: counters in ROLLUP_COUNTERS order (orders 0, sales 4, returns 6).
    const days = (
      (await req(db.transaction('periodRollups').objectStore('periodRollups').getAll())) as {
        dim: string;
        grain: string;
        counters: Float64Array;
      }[]
    ).filter((r) => r.dim === 'total' && r.grain === 'day');
    db.close();
    return {
      counts,
      states,
      srids: orderKeys.map((k) => k[1]),
      rollup: days.reduce(
        (a, d) => ({
          orders: a.orders + d.counters[0]!,
          salesAndReturns: a.salesAndReturns + d.counters[4]! + d.counters[6]!,
        }),
        { orders: 0, salesAndReturns: 0 },
      ),
    };
  });
}

test('a new token backfills every dataset to exact counts, and a stopped worker resumes where it was', async ({
  context,
  sim,
  sw,
  openPopup,
}) => {
  test.setTimeout(150_000);
  // Record what WB (the simulator) answered, with its own clock, to compute the expected rows independently.
  const recorded: Recorded[] = [];
  const handle = sim.handle.bind(sim);
  sim.handle = async (req: SimRequest): Promise<SimResponse> => {
    const at = sim.clock.now();
    const res = await handle(req);
    const url = new URL(req.url);
    recorded.push({ path: url.pathname, query: url.searchParams, status: res.status, at, body: req.body });
    return res;
  };
  // The first orders pages answer slowly, so the worker can be stopped in the middle of the backfill.
  sim.faults.slow({ count: 3, ms: 1_500, realTime: true, path: '/api/v1/supplier/orders' });
  // The simulator pages orders by 2,500: tell the engine, as WB's ~80,000 would be told by default. Nothing else.
  await sw.evaluate(
    (rows) =>
      chrome.storage.local.set({ syncSettings: { pollMinutes: 5, financeMaxDays: 365, pageRows: { orders: rows } } }),
    ORDERS_PAGE,
  );

  let popup: Page = await openPopup();
  await popup.getByLabel('API-токен').fill(sim.token());
  await popup.getByRole('button', { name: 'Добавить' }).click();
  await expect(popup.getByRole('status')).toHaveText('Токен добавлен.');

  // The progress bar of the orders backfill, with rows and pages so far.
  const ordersBar = popup.getByRole('progressbar', { name: 'Загрузка: Заказы' });
  await expect(ordersBar).toBeVisible();
  await expect(ordersBar).toHaveAttribute('aria-valuetext', /строк: [\d\s\u00a0]+, страниц: \d+/);
  await expect
    .poll(async () => (await readDb(sw))?.states.find((s) => s.dataset === 'orders')?.pages ?? 0, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(1);
  const valueNow = async () => Number(await ordersBar.getAttribute('aria-valuenow'));
  await expect.poll(valueNow).toBeGreaterThan(0);
  expect(await valueNow()).toBeLessThan(100);

  // Stop the service worker in the middle of the orders backfill. The popup is closed first: its status polling
  // would wake the worker at once. A mark in the worker's globals tells the restarted worker from this one.
  const before = await readDb(sw);
  expect(before!.states.find((s) => s.dataset === 'orders')!.phase).toBe('backfill');
  await sw.evaluate(() => void ((globalThis as { beforeStop?: boolean }).beforeStop = true));
  await popup.close();
  const blank = await context.newPage();
  const cdp = await context.newCDPSession(blank);
  const running: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) if (v.scriptURL.endsWith('/background.js')) running.push(v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  const requestsAtStop = recorded.length;
  await cdp.send('ServiceWorker.stopAllWorkers');
  await expect.poll(() => running.at(-1), { timeout: 10_000 }).toBe('stopped');

  // Opening the popup sends a message: the worker wakes, and on start resumes the unfinished backfill. (Playwright
  // keeps the same Worker object for the restarted worker and emits no new 'serviceworker' event.)
  popup = await openPopup();
  await expect.poll(() => running.at(-1), { timeout: 10_000 }).toBe('running');
  const sw2 = context.serviceWorkers()[0]!;
  expect(await sw2.evaluate(() => (globalThis as { beforeStop?: boolean }).beforeStop ?? false)).toBe(false);
  await expect
    .poll(async () => (await readDb(sw2))?.states.filter((s) => s.phase === 'incremental').length ?? 0, {
      timeout: 90_000,
      intervals: [500],
    })
    .toBe(7);
  const db = (await readDb(sw2))!;
  for (const s of db.states) expect([s.dataset, s.lastError, s.skipReason]).toEqual([s.dataset, null, null]);

  // The resumed run went on from the committed cursor, not from the start.
  const ordersCalls = recorded.filter((r) => r.path === '/api/v1/supplier/orders');
  const firstAfterStop = recorded.slice(requestsAtStop).find((r) => r.path === '/api/v1/supplier/orders')!;
  expect(firstAfterStop).toBeDefined();
  const dateFrom = (r: Recorded) => parseWbDate(r.query.get('dateFrom')!)!;
  expect(dateFrom(firstAfterStop)).toBeGreaterThan(dateFrom(ordersCalls[0]!));

  // Expected rows, from the simulator's dataset.
  const d = sim.dataset;
  const o = d.orders;
  const lastOk = (path: string) => [...recorded].reverse().find((r) => r.path === path && r.status === 200)!;
  const ordersAt = Math.floor(lastOk('/api/v1/supplier/orders').at / 1000);
  const expectedSrids = new Set<string>();
  for (let i = 0; i < o.count; i++) if (o.orderVisible(i, ordersAt)) expectedSrids.add(o.srid(i));
  const salesAt = Math.floor(lastOk('/api/v1/supplier/sales').at / 1000);
  let expectedSales = 0;
  for (let s = 0; s < o.saleCount; s++) if (o.saleVisible(s, salesAt)) expectedSales++;
  const feedCall = lastOk('/api/analytics/v1/order-feed');
  const feedAt = Math.floor(feedCall.at / 1000);
  const feedStart = parseWbDate(JSON.parse(feedCall.body!).selectedPeriod.start)! / 1000;
  let expectedFeed = 0;
  for (let i = 0; i < o.count; i++) {
    const st = feedStatusAt(o, i, feedAt);
    if (st && st.sec >= feedStart && st.sec <= feedAt) expectedFeed++;
  }
  const financeCall = lastOk('/api/finance/v1/sales-reports/detailed');
  const fb = JSON.parse(financeCall.body!) as { dateFrom: string; dateTo: string };
  const [lo, hi] = d.finance.range(
    'weekly',
    mskDay(parseWbDate(fb.dateFrom)! / 1000),
    mskDay(parseWbDate(fb.dateTo)! / 1000),
    Math.floor(financeCall.at / 1000),
  );
  const campaigns = d.campaigns.filter((c) => c.status !== -1);
  const expected = {
    orders: expectedSrids.size,
    sales: expectedSales,
    orderFeed: expectedFeed,
    stocks: d.stocks.length,
    finance: hi - lo,
    campaigns: campaigns.length,
    bids: campaigns.reduce((n, c) => n + c.items.length, 0),
    cards: d.products.length,
  };
  const got = Object.fromEntries(Object.keys(expected).map((k) => [k, db.counts[k]]));
  expect(got).toEqual(expected);
  expect(new Set(db.srids)).toEqual(expectedSrids);
  // Roll-ups: every stored order and sale counted once.
  expect(db.rollup).toEqual({ orders: db.counts.orders, salesAndReturns: db.counts.sales });
  expect(db.counts.adStats).toBeGreaterThan(0);

  // After the backfill the popup says how fresh the data is.
  await expect(popup.locator('[data-dataset="orders"] .sync-fresh')).toHaveText(/^данные на \d\d:\d\d МСК$/);

  // Requests against the minimum possible for these row counts and WB's page sizes.
  const count = (path: string) => recorded.filter((r) => r.path === path).length;
  const statCampaigns = campaigns.filter((c) => [7, 9, 11].includes(c.status)).length;
  const minimum: Record<string, number> = {
    '/api/v1/supplier/orders': Math.ceil(expected.orders / ORDERS_PAGE),
    '/api/v1/supplier/sales': 1,
    '/api/analytics/v1/order-feed': Math.ceil((expected.orderFeed + 1) / 10_000),
    '/api/analytics/v1/stocks-report/wb-warehouses': 1,
    '/api/finance/v1/sales-reports/detailed': Math.ceil((expected.finance + 1) / 100_000),
    '/adv/v1/promotion/count': 1,
    '/api/advert/v2/adverts': Math.ceil(campaigns.length / 50),
    '/adv/v3/fullstats': Math.ceil(statCampaigns / 50),
    // A full page of 100 cards cannot be known to be the last: one more request ends the list.
    '/content/v2/get/cards/list': Math.floor(expected.cards / 100) + 1,
  };
  const actual = Object.fromEntries(Object.keys(minimum).map((p) => [p, count(p)]));
  const rows = Object.values(expected).reduce((a, b) => a + b, 0) + db.counts.adStats!;
  const totalMin = Object.values(minimum).reduce((a, b) => a + b, 0);
  const totalActual = Object.values(actual).reduce((a, b) => a + b, 0);
  console.log(
    `e2e sync: ${rows} rows (${JSON.stringify({ ...expected, adStats: db.counts.adStats })}); ` +
      `${totalActual} sync requests against a minimum of ${totalMin}; per endpoint actual/minimum: ` +
      Object.keys(minimum)
        .map((p) => `${p} ${actual[p]}/${minimum[p]}`)
        .join(', '),
  );
  // Nothing WB would refuse for rate; every endpoint within the minimum, plus the page cut off by the stop.
  expect(recorded.filter((r) => r.status === 429)).toEqual([]);
  for (const p of Object.keys(minimum)) {
    const extra = p === '/api/v1/supplier/orders' ? 2 : 0;
    expect(actual[p], p).toBeGreaterThanOrEqual(minimum[p]!);
    expect(actual[p], p).toBeLessThanOrEqual(minimum[p]! + extra);
  }
});
