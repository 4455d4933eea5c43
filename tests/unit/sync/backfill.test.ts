import { describe, expect, it } from 'vitest';
import { ofSeller } from '../../../lib/db/schema';
import { sellerSyncStates } from '../../../lib/db/sync-state';
import { SELLER_A } from '../../sim';
import { fullStatsJson } from '../../sim/dataset/advert';
import { mskDay } from '../../sim/msk-time';
import {
  expectOrders,
  expectRollupMatchesRows,
  rollupTotals,
  expectSales,
  feedStatuses,
  lastOkSec,
  ORDERS_PATH,
  SALES_PATH,
  visibleOrders,
  visibleSales,
} from './expected';
import { rig, syncUntilIdle } from './helpers';

const PAGE = 400;

/** 3,000 orders over 80 days (all inside WB's 90-day window), statistics pages of 400 rows. */
function smallSeller() {
  return rig(
    { orders: 3000, statisticsPageCap: PAGE, sellers: [{ id: SELLER_A, historyDays: 80 }] },
    {},
    { pageRows: { orders: PAGE, sales: PAGE } },
  );
}

describe('the first sync of a new token', () => {
  it('backfills every dataset to exact counts, within the limits, with nothing WB refused', async () => {
    const r = await smallSeller();
    await syncUntilIdle(r);
    const d = r.sim.dataset;
    const o = d.orders;

    const ordersAt = lastOkSec(r.sim, ORDERS_PATH);
    const expectedOrders = visibleOrders(o, ordersAt);
    expect(expectedOrders.size).toBeGreaterThan(2 * PAGE);
    await expectOrders(r.db, r.sellerId, expectedOrders);
    const salesAt = lastOkSec(r.sim, SALES_PATH);
    const expectedSales = visibleSales(o, salesAt);
    expect(expectedSales.size).toBeGreaterThan(2 * PAGE);
    await expectSales(r.db, r.sellerId, expectedSales);
    await expectRollupMatchesRows(r.db, r.sellerId);

    // Order feed: every order with a status in WB's 31-day window, with that status.
    const feedAt = lastOkSec(r.sim, '/api/analytics/v1/order-feed');
    const feed = await ofSeller(r.db.orderFeed, r.sellerId).toArray();
    expect(new Map(feed.map((f) => [f.srid, f.status]))).toEqual(feedStatuses(o, feedAt));

    // Stocks: the snapshot, row for row.
    const stocks = await ofSeller(r.db.stocks, r.sellerId).toArray();
    expect(stocks.map(({ sellerId: _s, snapshotAt: _t, ...rest }) => rest)).toEqual(d.stocks);

    // Finance: every published weekly row, rrdId and its exact reportId (beyond 2^53).
    const financeAt = lastOkSec(r.sim, '/api/finance/v1/sales-reports/detailed');
    const [lo, hi] = d.finance.range('weekly', mskDay(financeAt) - 365, mskDay(financeAt), financeAt);
    const finance = await ofSeller(r.db.finance, r.sellerId).toArray();
    expect(finance.map((f) => f.rrdId)).toEqual(
      Array.from({ length: hi - lo }, (_, k) => d.finance.weeklyRrdBase + lo + k),
    );
    for (const f of finance.slice(0, 50)) {
      const p = f.rrdId - d.finance.weeklyRrdBase;
      expect(f.reportId).toBe(d.finance.report('weekly', d.finance.facts(p).timeSec).reportId);
    }

    // Ads: the campaigns WB lists, their items' bids, and 31 days of stats adding up to WB's totals.
    const listed = d.campaigns.filter((c) => c.status !== -1);
    const campaigns = await ofSeller(r.db.campaigns, r.sellerId).toArray();
    expect(campaigns.map((c) => c.advertId).sort()).toEqual(listed.map((c) => c.id).sort());
    const bids = await ofSeller(r.db.bids, r.sellerId).toArray();
    expect(bids.length).toBe(listed.reduce((n, c) => n + c.items.length, 0));
    const adsAt = lastOkSec(r.sim, '/adv/v3/fullstats');
    const stats = await ofSeller(r.db.adStats, r.sellerId).toArray();
    for (const c of listed.filter((x) => [7, 9, 11].includes(x.status))) {
      const wb = JSON.parse(fullStatsJson(d.seed, c, mskDay(adsAt) - 30, mskDay(adsAt), adsAt)) as {
        views: number;
        clicks: number;
      };
      const mine = stats.filter((s) => s.advertId === c.id);
      expect(
        [mine.reduce((n, s) => n + s.views, 0), mine.reduce((n, s) => n + s.clicks, 0)],
        `campaign ${c.id}`,
      ).toEqual([wb.views, wb.clicks]);
    }

    // Cards: every card, with its title.
    const cards = await ofSeller(r.db.cards, r.sellerId).toArray();
    expect(new Map(cards.map((c) => [c.nmId, c.title]))).toEqual(new Map(d.products.map((p) => [p.nmId, p.title])));

    // Nothing refused for rate; orders pages came in one burst, the minimum number of them.
    expect(r.sim.requests.filter((q) => q.status === 429)).toEqual([]);
    const states = await sellerSyncStates(r.db, r.sellerId);
    expect(states.map((s) => [s.dataset, s.phase, s.lastError, s.skipReason]).sort()).toEqual(
      ['ads', 'cards', 'finance', 'orderFeed', 'orders', 'sales', 'stocks'].map((x) => [x, 'incremental', null, null]),
    );
    const ordersState = states.find((s) => s.dataset === 'orders')!;
    expect(ordersState.rowsSoFar).toBe(expectedOrders.size);
    expect(r.sim.requests.filter((q) => q.path === ORDERS_PATH)).toHaveLength(ordersState.pages);
  }, 60_000);

  it('stores a row that comes again at a page boundary once, and counts it once', async () => {
    const r = await smallSeller();
    await syncUntilIdle(r, r.engine({ fetch: r.recordingFetch }));
    const pages = r.recorded.filter((x) => x.path === ORDERS_PATH && x.keys.length > 0);
    expect(pages.length).toBeGreaterThan(3);
    // WB's `>=`: each page starts with the row the previous one ended with.
    for (let k = 1; k < pages.length; k++) expect(pages[k]!.keys[0]).toBe(pages[k - 1]!.keys.at(-1));
    const sent = pages.flatMap((p) => p.keys);
    const distinct = new Set(sent);
    expect(sent.length).toBeGreaterThan(distinct.size);
    expect(await ofSeller(r.db.orders, r.sellerId).count()).toBe(distinct.size);
    expect((await rollupTotals(r.db, r.sellerId)).orders).toBe(distinct.size);

    // The boundary row (the stored cursor) changes later: the next run stores its new version over the old one.
    const cursorRow = pages.at(-1)!.keys.at(-1)!;
    const o = r.sim.dataset.orders;
    const i = [...Array(o.count).keys()].find((k) => o.srid(k) === cursorRow)!;
    r.clock.advance(10 * 60_000);
    const nowSec = Math.floor(r.clock.now() / 1000);
    o.touched[i] = nowSec;
    if (o.sale[i] === -1 && (o.cancel[i] === 0 || o.cancel[i]! > nowSec)) o.cancel[i] = nowSec;
    o.orderEvents.dirty = true;
    await syncUntilIdle(r);
    const stored = await r.db.orders.get([r.sellerId, cursorRow]);
    const wb = JSON.parse(o.orderJson(i, lastOkSec(r.sim, ORDERS_PATH)));
    expect([stored!.lastChangeDate, stored!.isCancel]).toEqual([wb.lastChangeDate, wb.isCancel]);
    await expectOrders(r.db, r.sellerId, visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH)));
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);

  it('ends a run on a page full of one lastChangeDate instead of asking for it forever', async () => {
    const r = await rig(
      { orders: 1200, statisticsPageCap: 100, sellers: [{ id: SELLER_A, historyDays: 80 }] },
      {},
      { pageRows: { orders: 100, sales: 100 } },
    );
    await syncUntilIdle(r);
    // 250 orders change in the same second: more than a page of one lastChangeDate, which WB's paging cannot pass.
    r.clock.advance(10 * 60_000);
    const o = r.sim.dataset.orders;
    const at = Math.floor(r.clock.now() / 1000);
    const same = [...Array(o.count).keys()].filter((i) => o.orderVisible(i, at)).slice(0, 250);
    for (const i of same) o.touched[i] = at;
    o.orderEvents.dirty = true;
    const before = r.sim.requests.length;
    await r.engine({ fetch: r.recordingFetch }).runDue({ manual: true });
    const calls = r.sim.requests.slice(before).filter((q) => q.path === ORDERS_PATH);
    expect(calls.length).toBeLessThanOrEqual(3);
    const state = (await r.db.syncState.get([r.sellerId, 'orders']))!;
    expect([state.phase, state.lastError]).toEqual(['incremental', null]);
    // The rows WB did send are stored once, with their new time; the roll-up still sums the rows.
    const newTime = JSON.parse(o.orderJson(same[0]!, at)).lastChangeDate as string;
    const sent = new Set(r.recorded.filter((x) => x.path === ORDERS_PATH).flatMap((x) => x.keys));
    const sentSame = same.map((i) => o.srid(i)).filter((srid) => sent.has(srid));
    expect(sentSame.length).toBeGreaterThan(50);
    for (const srid of sentSame) expect((await r.db.orders.get([r.sellerId, srid]))!.lastChangeDate).toBe(newTime);
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);

  it('ends every run when WB answers strictly by >= (the boundary row, never [])', async () => {
    const r = await rig(
      {
        orders: 1200,
        statisticsPageCap: 150,
        statisticsEmptyAtEnd: false,
        sellers: [{ id: SELLER_A, historyDays: 80 }],
      },
      {},
      { pageRows: { orders: 150, sales: 150 } },
    );
    await syncUntilIdle(r);
    const o = r.sim.dataset.orders;
    await expectOrders(r.db, r.sellerId, visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH)));
    await expectSales(r.db, r.sellerId, visibleSales(o, lastOkSec(r.sim, SALES_PATH)));
    // A caught-up poll is one request that brings the boundary row back, and it ends there.
    r.clock.advance(6 * 60_000);
    const before = r.sim.requests.length;
    await r.engine().runDue();
    expect(r.sim.requests.slice(before).filter((q) => q.path === ORDERS_PATH)).toHaveLength(1);
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);
});
