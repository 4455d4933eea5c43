import { describe, expect, it } from 'vitest';
import { ofSeller } from '../../../lib/db/schema';
import { sellerSyncStates } from '../../../lib/db/sync-state';
import {
  errorBackoffMs,
  MIN_POLL_MINUTES,
  nextPollAt,
  pollIntervalMs,
  POLL_SHARE,
  shareFor,
} from '../../../lib/sync/schedule';
import { clampPollMinutes } from '../../../lib/sync/settings';
import { operationLimits, ruleFor } from '../../../lib/wb-api/limiter';
import { SELLER_A } from '../../sim';
import { expectOrders, lastOkSec, ORDERS_PATH, visibleOrders } from './expected';
import { rig, syncUntilIdle } from './helpers';

const MIN = 60_000;
const HOUR = 3_600_000;

describe('the schedule', () => {
  it('polls a caught-up stream every 5 to 60 minutes, slow data less often', () => {
    expect(pollIntervalMs('orders', 5)).toBe(5 * MIN);
    expect(pollIntervalMs('orders', 1)).toBe(5 * MIN);
    expect(pollIntervalMs('sales', 90)).toBe(60 * MIN);
    expect(pollIntervalMs('finance', 5)).toBe(MIN_POLL_MINUTES.finance * MIN);
    expect(clampPollMinutes(Number.NaN)).toBe(5);
    expect(nextPollAt(0, 'orders', 5, 6 * HOUR)).toBe(6 * HOUR);
    expect(nextPollAt(0, 'orders', 15, 0)).toBe(15 * MIN);
    expect(shareFor(false, 'incremental')).toBe(POLL_SHARE);
    expect(shareFor(false, 'backfill')).toBe(1);
    expect(shareFor(true, 'incremental')).toBe(1);
    expect([1, 2, 3, 8, 20].map(errorBackoffMs)).toEqual([1, 2, 4, 60, 60].map((m) => m * MIN));
  });
});

describe('a Base token over a simulated day', () => {
  it('sends no request the limits forbid, polls at half of each limit, and shows the next request hours ahead', async () => {
    const r = await rig({ orders: 1500, sellers: [{ id: SELLER_A, historyDays: 80 }] }, { type: 'base' });
    const engine = r.engine();
    const start = r.clock.now();
    await engine.runDue();
    const firstOrders = r.sim.requests.find((q) => q.path === ORDERS_PATH)!;
    const status = (await engine.status())[0]!;
    const orders = status.datasets.find((d) => d.dataset === 'orders')!;
    // Base: 1 request per 3 hours; polling takes half of that, so the next one is 6 hours on, and the page says so.
    expect([orders.state, orders.nextAllowedAt]).toEqual(['caught-up', firstOrders.time + 6 * HOUR]);
    const stocks = status.datasets.find((d) => d.dataset === 'stocks')!;
    expect(stocks.state).toBe('skipped');
    expect(stocks.skipReason).toMatch(/Персональный токен/);

    // The alarm ticks every minute for a day; the seller gets new orders now and then.
    for (let minute = 1; minute <= 24 * 60; minute++) {
      r.clock.set(start + minute * MIN);
      if (minute % 200 === 0) r.sim.mutate.addOrders(5);
      await engine.runDue();
    }

    expect(r.sim.requests.filter((q) => q.status === 429)).toEqual([]);
    expect(r.sim.requests.filter((q) => q.path.includes('stocks-report'))).toEqual([]);
    const byPath = new Map<string, number[]>();
    for (const q of r.sim.requests) byPath.set(q.path, [...(byPath.get(q.path) ?? []), q.time]);
    for (const [path, times] of byPath) {
      const method = r.sim.requests.find((q) => q.path === path)!.method;
      const rule = ruleFor(operationLimits(`${method} ${path}`)!, 'base')!;
      // After the first (backfill) request, background polls come at most once per two intervals of WB's limit.
      for (let k = 1; k < times.length; k++) {
        const gap = times[k]! - times[k - 1]!;
        if (rule.burst === 1) expect(gap, `${path} #${k}`).toBeGreaterThanOrEqual(rule.intervalMs / POLL_SHARE);
      }
      const allowed = 1 + Math.floor((24 * HOUR) / (rule.intervalMs / POLL_SHARE));
      if (rule.burst === 1) expect(times.length, path).toBeLessThanOrEqual(allowed);
    }
    expect(byPath.get(ORDERS_PATH)!.length).toBe(5); // at 0, 6, 12, 18 and 24 hours
    // And the orders the seller got during the day are all there.
    await expectOrders(r.db, r.sellerId, visibleOrders(r.sim.dataset.orders, lastOkSec(r.sim, ORDERS_PATH)));
  }, 120_000);
});

describe('datasets the keyring cannot serve', () => {
  it('are skipped with the reason, never asked for, and run once a token that can serve them is added', async () => {
    const r = await rig({ orders: 600, sellers: [{ id: SELLER_A, historyDays: 80 }] }, { categories: ['statistics'] });
    const engine = r.engine();
    await syncUntilIdle(r, engine);
    const reasons = Object.fromEntries(
      (await sellerSyncStates(r.db, r.sellerId)).map((s) => [s.dataset, s.skipReason]),
    );
    expect(reasons).toEqual({
      orders: null,
      sales: null,
      orderFeed: 'Нет подходящего токена: добавьте токен с категорией «Аналитика».',
      stocks: 'Нет подходящего токена: добавьте токен с категорией «Аналитика».',
      finance: 'Нет подходящего токена: добавьте токен с категорией «Финансы».',
      ads: 'Нет подходящего токена: добавьте токен с категорией «Продвижение».',
      cards: 'Нет подходящего токена: добавьте токен с категорией «Контент».',
    });
    const hosts = () => new Set(r.sim.requests.map((q) => q.host));
    expect(hosts()).toEqual(new Set(['statistics-api.wildberries.ru']));
    // Hours of alarms: still nothing asked, nothing retried in a loop.
    const skippedBefore = await sellerSyncStates(r.db, r.sellerId);
    for (let k = 0; k < 36; k++) {
      r.clock.advance(10 * MIN);
      await engine.runDue();
    }
    expect(hosts()).toEqual(new Set(['statistics-api.wildberries.ru']));
    const skippedAfter = await sellerSyncStates(r.db, r.sellerId);
    for (const ds of ['orderFeed', 'stocks', 'finance', 'ads', 'cards']) {
      const a = skippedBefore.find((s) => s.dataset === ds)!;
      const b = skippedAfter.find((s) => s.dataset === ds)!;
      expect([b.lastRunAt, b.skipReason, b.nextRunAt]).toEqual([a.lastRunAt, a.skipReason, null]);
    }

    // The seller adds a token with the other categories: those datasets backfill.
    const added = await r.keyring.add(r.sim.token({ categories: ['analytics', 'finance', 'promotion', 'content'] }));
    expect(added.ok).toBe(true);
    await syncUntilIdle(r, engine);
    const states = await sellerSyncStates(r.db, r.sellerId);
    expect(states.every((s) => s.skipReason === null && s.phase === 'incremental')).toBe(true);
    expect(await ofSeller(r.db.stocks, r.sellerId).count()).toBe(r.sim.dataset.stocks.length);
  }, 60_000);
});
