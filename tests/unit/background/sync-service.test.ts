import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createSyncBackground, SYNC_TASK, SYNC_WAKE_ALARM } from '../../../lib/background/sync-service';
import { SellerLensDb, ofSeller } from '../../../lib/db/schema';
import { protocol } from '../../../lib/messaging';
import { registerAlarmTasks } from '../../../lib/sync/alarm-tasks';
import { memorySyncPrefs } from '../../../lib/sync/settings';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { createWbSimulator, SELLER_A } from '../../sim';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { freshDbName } from '../sync/helpers';

function setup() {
  const sim = createWbSimulator({
    orders: 300,
    sellers: [{ id: SELLER_A, historyDays: 60, products: 60, campaigns: 4 }],
  });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5 });
  const db = new SellerLensDb(freshDbName());
  const prefs = memorySyncPrefs();
  const sync = createSyncBackground({ db, api, keyring, clock, prefs });
  return { sim, clock, keyring, db, prefs, sync };
}

const settle = async (sync: ReturnType<typeof setup>['sync']) => {
  await vi.waitFor(() => expect(sync.engine.isRunning()).toBe(false), { timeout: 10_000 });
};

describe('sync in the background', () => {
  it('a token added to the keyring starts its seller’s backfill at once', async () => {
    const { sim, keyring, db, sync } = setup();
    sync.start();
    await settle(sync);
    expect(sim.requests).toHaveLength(0);
    const added = await keyring.add(sim.token());
    expect(added.ok).toBe(true);
    await vi.waitFor(() => expect(sim.requests.length).toBeGreaterThan(0), { timeout: 5_000 });
    await settle(sync);
    expect(await ofSeller(db.orders, SELLER_A).count()).toBeGreaterThan(0);
    // A wake-up alarm is set for the next due job.
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get(SYNC_WAKE_ALARM)).toBeDefined());
  });

  it('the periodic alarm task runs what is due; its answers pass the protocol’s schemas', async () => {
    const { sim, keyring, sync, clock, prefs } = setup();
    await keyring.add(sim.token({ categories: ['statistics'] }));
    await registerAlarmTasks([sync.task], () => clock.now());
    expect((await fakeBrowser.alarms.get(SYNC_TASK))?.periodInMinutes).toBe(1);
    await settle(sync);
    const ordersCalls = () => sim.requests.filter((q) => q.path === '/api/v1/supplier/orders').length;
    expect(ordersCalls()).toBe(1);
    clock.advance(6 * 60_000);
    await fakeBrowser.alarms.onAlarm.trigger({
      name: SYNC_TASK,
      scheduledTime: clock.now(),
      periodInMinutes: 1,
      persistAcrossSessions: true,
    } as never);
    await vi.waitFor(() => expect(ordersCalls()).toBe(2));
    await settle(sync);

    const status = await sync.handlers['sync.status']!({}, {} as never);
    expect(protocol['sync.status'].response.safeParse(status).success).toBe(true);
    const seller = status.sellers[0]!;
    expect(seller.datasets.find((d) => d.dataset === 'orders')!.state).toBe('caught-up');
    expect(seller.datasets.find((d) => d.dataset === 'cards')!.skipReason).toMatch(/«Контент»/);

    expect(await sync.handlers['sync.setPollMinutes']!({ minutes: 30 }, {} as never)).toEqual({
      ok: true,
      pollMinutes: 30,
    });
    expect((await prefs.settings()).pollMinutes).toBe(30);
    expect(protocol['sync.setPollMinutes'].request.safeParse({ minutes: 4 }).success).toBe(false);

    expect(await sync.handlers['sync.now']!({ sellerId: SELLER_A }, {} as never)).toEqual({ ok: true });
    await vi.waitFor(() => expect(ordersCalls()).toBe(3));
    await settle(sync);
    const cleared = await sync.handlers['sync.clearHistory']!(
      { sellerId: SELLER_A, beforeDay: '2026-08-01' },
      {} as never,
    );
    expect(cleared.ok).toBe(true);
    expect(cleared.deleted).toBeGreaterThan(0);
  });
});
