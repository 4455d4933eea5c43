/**
 * The positions service against the WB simulator and its public-search twin: off until the seller turns live checks
 * on (and only with the hosts granted), the alarm task's schedule, the stored history and competitors, the bidder's
 * `livePositionFor`, first-page drop alerts, a changed search format that leaves official positions, and every
 * answer checked against the protocol's schemas. Expected positions come from the simulator's result lists.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  createPositionsBackground,
  HISTORY_DAYS,
  loadLiveSettings,
  POSITIONS_ALARM,
  POSITIONS_PERIOD_MINUTES,
} from '../../../lib/background/positions-service';
import { ofSeller, SellerLensDb } from '../../../lib/db/schema';
import { protocol, type MessageType, type RequestOf, type ResponseOf } from '../../../lib/messaging';
import { clusterKey } from '../../../lib/positions/clusters';
import { SEARCH_FORMAT_CHANGED } from '../../../lib/positions/public-search';
import type { FirstPageAlert } from '../../../lib/positions/rank';
import { registerAlarmTasks } from '../../../lib/sync/alarm-tasks';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { createWbSimulator, SELLER_A } from '../../sim';
import { createPublicSearchSim } from '../../sim/public-search';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { freshDbName } from '../sync/helpers';

const DAY = 86_400_000;

async function setup(opts: { permission?: boolean } = {}) {
  const sim = createWbSimulator({ orders: 200, sellers: [{ id: SELLER_A, products: 20, historyDays: 20 }] });
  const pub = createPublicSearchSim(sim, { fallbackFetch: sim.fetch });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  await keyring.add(sim.token({ categories: ['analytics', 'content', 'promotion'] }));
  const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5 });
  const db = new SellerLensDb(freshDbName());
  const permission = { granted: opts.permission ?? true };
  const alerts: { phrase: string; alert: FirstPageAlert }[] = [];
  const service = createPositionsBackground({
    db,
    api,
    fetch: pub.fetch,
    clock,
    random: () => 0,
    hasPermission: async () => permission.granted,
    notify: async (_sellerId, phrase, alert) => void alerts.push({ phrase, alert }),
  });
  /** Calls a handler the way the background does: the request and the answer both pass the protocol's schemas. */
  async function call<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
    const req = protocol[type].request.safeParse(payload);
    expect(req.success, `request of ${type}`).toBe(true);
    const handler = service.handlers[type] as (p: unknown, s: unknown) => Promise<unknown>;
    const answer = await handler(req.data, {});
    const res = protocol[type].response.safeParse(answer);
    expect(res.success, `answer of ${type}: ${JSON.stringify(res.error?.issues ?? null)}`).toBe(true);
    return res.data as ResponseOf<T>;
  }
  // A card of the seller on the first page of one of its queries.
  const pick = sim.dataset.products
    .flatMap((p) => pub.queriesFor(p.nmId).map((query) => ({ nmId: p.nmId, query })))
    .map((c) => ({ ...c, at: pub.results(c.query).findIndex((r) => r.nmId === c.nmId) + 1 }))
    .find((c) => c.at > 3 && c.at <= 80);
  if (!pick) throw new Error('no card of the seller on a first page in the dataset');
  return { sim, pub, clock, db, service, permission, alerts, call, pick };
}

const searchRequests = (pub: ReturnType<typeof createPublicSearchSim>) =>
  pub.requests.filter((r) => r.path.endsWith('/search')).length;

describe('positions in the background', () => {
  it('live checks stay off by default, and turning them on without the granted hosts leaves them off', async () => {
    const { service, call, pub, pick } = await setup({ permission: false });
    expect((await loadLiveSettings()).enabled).toBe(false);
    expect(await call('positions.addPhrase', { sellerId: SELLER_A, nmId: pick.nmId, phrase: pick.query })).toEqual({
      ok: true,
    });
    await service.runDue();
    expect(pub.requests).toHaveLength(0);
    const r = await call('positions.setSettings', { enabled: true });
    expect(r.ok).toBe(false);
    expect(r.settings.enabled).toBe(false);
    expect((await loadLiveSettings()).enabled).toBe(false);
    // «Проверить сейчас» while off says so and sends nothing.
    const now = await call('positions.checkNow', { sellerId: SELLER_A });
    expect(now.checked).toBe(0);
    expect(now.errors[0]).toMatch(/выключены/);
    expect(pub.requests).toHaveLength(0);
  });

  it('the alarm task checks a due phrase, stores history and competitors, and waits for the phrase’s interval', async () => {
    const { service, call, pub, pick, clock, db } = await setup();
    expect((await call('positions.setSettings', { enabled: true, maxPages: 1 })).ok).toBe(true);
    await call('positions.addPhrase', { sellerId: SELLER_A, nmId: pick.nmId, phrase: pick.query });
    await service.runDue();
    expect(searchRequests(pub)).toBe(1);
    // No token, no cookies to the public hosts.
    expect(pub.requests.every((r) => !r.authorization && !r.cookie && r.credentials === 'omit')).toBe(true);

    const key = clusterKey(pick.query);
    const history = await call('positions.history', { sellerId: SELLER_A, nmId: pick.nmId, clusterKey: key });
    expect(history.points).toHaveLength(1);
    expect(history.points[0]!.position).toBe(pick.at);
    expect(history.points[0]!.page).toBe(1);

    const { table } = await call('positions.competitors', { sellerId: SELLER_A, clusterKey: key });
    const truth = pub.results(pick.query).slice(0, pick.at - 1);
    expect(table?.competitors.map((c) => c.nmId)).toEqual(truth.map((r) => r.nmId));
    expect(table?.competitors.filter((c) => c.isAd).length).toBe(truth.filter((r) => r.ad).length);
    expect(table?.bid.adsAbove).toBe(truth.filter((r) => r.ad).length);

    const live = await service.livePositionFor(SELLER_A, pick.nmId, pick.query);
    expect(live).toEqual({
      position: pick.at,
      organicPosition: history.points[0]!.organicPosition,
      at: history.points[0]!.at,
    });
    // Another spelling of the same cluster finds the same check; an unknown phrase finds none.
    const reordered = pick.query.split(' ').reverse().join(' ');
    expect((await service.livePositionFor(SELLER_A, pick.nmId, reordered))?.position).toBe(pick.at);
    expect(await service.livePositionFor(SELLER_A, pick.nmId, 'фраза которой нет')).toBeNull();

    // Within the day nothing is due; a day later it is.
    clock.advance(2 * 60 * 60_000);
    await service.runDue();
    expect(searchRequests(pub)).toBe(1);
    clock.advance(DAY);
    await service.runDue();
    expect(searchRequests(pub)).toBe(2);
    const state = await call('positions.state', { sellerId: SELLER_A });
    expect(state.usedToday).toBeGreaterThan(0);
    expect(state.phrases[0]).toMatchObject({ nmId: pick.nmId, position: pick.at, lastError: null });

    // Half a year on, the first checks are pruned with the twice-a-day official refresh; the newest stays.
    clock.advance(HISTORY_DAYS * DAY - DAY / 2);
    await service.runDue();
    const kept = await call('positions.history', { sellerId: SELLER_A, nmId: pick.nmId, clusterKey: key });
    expect(kept.points.length).toBeGreaterThan(0);
    expect(kept.points.every((x) => x.at >= clock.now() - HISTORY_DAYS * DAY)).toBe(true);
    expect(await db.positionChecks.count()).toBe(kept.points.length);
  });

  it('a card that leaves the first page raises one alert', async () => {
    const { call, pub, pick, clock, alerts } = await setup();
    await call('positions.setSettings', { enabled: true, maxPages: 2 });
    await call('positions.addPhrase', { sellerId: SELLER_A, nmId: pick.nmId, phrase: pick.query });
    await call('positions.checkNow', { sellerId: SELLER_A });
    pub.setPosition(pick.query, pick.nmId, 150);
    clock.advance(60_000);
    const r = await call('positions.checkNow', { sellerId: SELLER_A });
    expect(r).toEqual({ checked: 1, errors: [] });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert).toMatchObject({ nmId: pick.nmId, kind: 'dropped', before: pick.at, after: 150 });
    // Coming back is no alarm.
    pub.setPosition(pick.query, pick.nmId, 2);
    clock.advance(60_000);
    await call('positions.checkNow', { sellerId: SELLER_A });
    expect(alerts).toHaveLength(1);
  });

  it('a changed search format: a clear error, stored and shown, while official positions stay', async () => {
    const { call, pub, pick, clock, db, sim } = await setup();
    await call('positions.setSettings', { enabled: true, maxPages: 1 });
    await call('positions.addPhrase', { sellerId: SELLER_A, nmId: pick.nmId, phrase: pick.query });
    const suggest = await call('positions.suggest', { sellerId: SELLER_A, nmId: pick.nmId });
    expect(suggest.available).toBe(true);
    // Suggestions never repeat the tracked phrase's cluster.
    if (suggest.available) {
      expect(suggest.suggestions.some((s) => s.clusterKey === clusterKey(pick.query))).toBe(false);
    }
    expect(await ofSeller(db.positionOfficial, SELLER_A).count()).toBeGreaterThan(0);
    // Asked again within the hour, the stored report answers: WB's limit (3 a minute, Base: 1 an hour) is spared.
    const reportCalls = () => sim.requests.filter((x) => x.path.endsWith('/search-report/product/search-texts')).length;
    expect(reportCalls()).toBe(1);
    expect(await call('positions.suggest', { sellerId: SELLER_A, nmId: pick.nmId })).toEqual(suggest);
    expect(reportCalls()).toBe(1);
    await call('positions.checkNow', { sellerId: SELLER_A });

    pub.setShape('renamed-list');
    clock.advance(60_000);
    const r = await call('positions.checkNow', { sellerId: SELLER_A });
    expect(r).toEqual({ checked: 0, errors: [SEARCH_FORMAT_CHANGED] });
    const state = await call('positions.state', { sellerId: SELLER_A });
    expect(state.liveError?.message).toBe(SEARCH_FORMAT_CHANGED);
    expect(state.phrases[0]!.lastError).toBe(SEARCH_FORMAT_CHANGED);
    // The last good position stays, and the official readings are still beside it.
    expect(state.phrases[0]!.position).toBe(pick.at);
    const side = await call('positions.sideBySide', { sellerId: SELLER_A });
    const row = side.rows.find((x) => x.nmId === pick.nmId && x.clusterKey === clusterKey(pick.query));
    expect(row?.readings.find((x) => x.source === 'live')?.position).toBe(pick.at);
    expect(side.rows.some((x) => x.readings.some((y) => y.source === 'search-report-avg'))).toBe(true);
    // The pause (6 h by default) holds further requests and says why; after it, one more try goes out.
    const before = pub.requests.length;
    clock.advance(60 * 60_000);
    expect(await call('positions.checkNow', { sellerId: SELLER_A })).toEqual({
      checked: 0,
      errors: [SEARCH_FORMAT_CHANGED],
    });
    expect(pub.requests.length).toBe(before);
    clock.advance(DAY);
    await call('positions.checkNow', { sellerId: SELLER_A });
    expect(pub.requests.length).toBe(before + 1);
  });

  it('one phrase per cluster per SKU; removing a phrase removes its history', async () => {
    const { call, pick, db } = await setup();
    await call('positions.setSettings', { enabled: true, maxPages: 1 });
    await call('positions.addPhrase', { sellerId: SELLER_A, nmId: pick.nmId, phrase: pick.query });
    const again = await call('positions.addPhrase', {
      sellerId: SELLER_A,
      nmId: pick.nmId,
      phrase: `  ${pick.query.split(' ').reverse().join('  ')} `,
    });
    expect(again.ok).toBe(false);
    await call('positions.checkNow', { sellerId: SELLER_A });
    expect(await ofSeller(db.positionChecks, SELLER_A).count()).toBe(1);
    const key = clusterKey(pick.query);
    expect(await call('positions.removePhrase', { sellerId: SELLER_A, nmId: pick.nmId, clusterKey: key })).toEqual({
      ok: true,
    });
    expect(await ofSeller(db.positionChecks, SELLER_A).count()).toBe(0);
    expect(await ofSeller(db.positionCompetitors, SELLER_A).count()).toBe(0);
    expect((await call('positions.state', { sellerId: SELLER_A })).phrases).toEqual([]);
  });

  it('the alarm task is registered under its name and period, and runs the due checks', async () => {
    const { service, call, pick, pub, clock } = await setup();
    await call('positions.setSettings', { enabled: true, maxPages: 1 });
    await call('positions.addPhrase', { sellerId: SELLER_A, nmId: pick.nmId, phrase: pick.query });
    await registerAlarmTasks([service.task], () => clock.now());
    expect((await fakeBrowser.alarms.get(POSITIONS_ALARM))?.periodInMinutes).toBe(POSITIONS_PERIOD_MINUTES);
    // The catch-up run on registration checked the never-checked phrase.
    expect(searchRequests(pub)).toBe(1);
  });
});
