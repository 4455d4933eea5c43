/**
 * The bidder in the background: its alarm task, messages and audit log in IndexedDB, against the WB simulator's
 * auction on a virtual clock. Every answer is checked against the protocol's schema, as the messaging layer does.
 */
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  BIDDER_PERIOD_MINUTES,
  bidderSettingsItem,
  createBidderBackground,
  type BidderBackgroundDeps,
} from '../../../lib/background/bidder-service';
import { BIDDER_ALARM, KILL_SWITCH_MESSAGE, NO_TOKEN_MESSAGE } from '../../../lib/bidder/runner';
import { putCampaigns } from '../../../lib/db/ads';
import { SellerLensDb } from '../../../lib/db/schema';
import { protocol, type MessageType, type RequestOf, type ResponseOf } from '../../../lib/messaging';
import { registerAlarmTasks } from '../../../lib/sync/alarm-tasks';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { createWbSimulator, SELLER_A } from '../../sim';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { freshDbName } from '../sync/helpers';

async function setup(
  token: { type?: 'personal' | 'base'; readOnly?: boolean; categories?: string[] } | null = {},
  livePosition?: BidderBackgroundDeps['livePosition'],
) {
  const sim = createWbSimulator({ orders: 200, sellers: [{ id: SELLER_A, products: 40, campaigns: 6 }] });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  if (token) {
    const added = await keyring.add(
      sim.token({
        type: token.type ?? 'personal',
        categories: (token.categories ?? ['promotion']) as never,
        readOnly: token.readOnly ?? false,
      }),
    );
    if (!added.ok) throw new Error(added.error.message);
  }
  const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5 });
  const db = new SellerLensDb(freshDbName());
  const bidder = createBidderBackground({ db, api, keyring, clock, ...(livePosition ? { livePosition } : {}) });
  const campaign = sim.dataset.campaigns.find(
    (c) => c.status === 9 && c.bidType === 'unified' && c.items.length > 0 && c.placements.search,
  )!;
  const item = campaign.items[0]!;
  // The campaigns and bids as the ads sync stores them.
  const adverts = sim.dataset.campaigns.map((c) => ({
    id: c.id,
    status: c.status,
    bid_type: c.bidType,
    settings: { name: c.name, payment_type: c.paymentType, placements: c.placements },
    nm_settings: c.items.map((i) => ({
      nm_id: i.nmId,
      subject: { id: i.subjectId, name: i.subjectName },
      bids_kopecks: i.bids,
    })),
    timestamps: { created: '', updated: '', started: null, deleted: '' },
  }));
  await putCampaigns(db, SELLER_A, adverts as never, new Map());
  /** Calls a handler as the messaging layer would: request and answer checked against the protocol. */
  const call = async <T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> => {
    const req = protocol[type].request.safeParse(payload);
    expect(req.success, `${type} request`).toBe(true);
    const handler = bidder.handlers[type] as (p: unknown, s: unknown) => Promise<unknown>;
    const answer = await handler(req.data, {});
    const res = protocol[type].response.safeParse(answer);
    expect(res.success, `${type} answer: ${JSON.stringify(res.error?.issues)}`).toBe(true);
    return res.data as ResponseOf<T>;
  };
  const patches = () => sim.requests.filter((r) => r.method === 'PATCH' && r.path === '/api/advert/v1/bids');
  const newRule = async (over: Partial<RequestOf<'bidder.saveRule'>> = {}) => {
    const saved = await call('bidder.saveRule', {
      sellerId: SELLER_A,
      advertId: campaign.id,
      nmId: item.nmId,
      strategy: { kind: 'target-position', target: 1 },
      maxBidKopecks: item.minBids.combined + 20_000,
      stepKopecks: 500,
      deadZone: 0,
      ...over,
    });
    if (!saved.ok) throw new Error(saved.error);
    return saved.rule;
  };
  return { sim, clock, keyring, db, bidder, campaign, item, call, patches, newRule };
}

describe('the bidder service', () => {
  it('registers its alarm task every 30 s; a check with no rules does nothing', async () => {
    const { bidder, sim, clock } = await setup();
    expect(bidder.task).toMatchObject({ name: BIDDER_ALARM, periodInMinutes: 0.5 });
    await registerAlarmTasks([bidder.task], () => clock.now());
    expect((await fakeBrowser.alarms.get(BIDDER_ALARM))?.periodInMinutes).toBe(BIDDER_PERIOD_MINUTES);
    await bidder.runAll();
    expect(sim.requests).toHaveLength(0);
  });

  it('a new rule starts in dry-run: decisions are logged, nothing is sent; live sends the change with its reason', async () => {
    const t = await setup();
    const { sim, campaign, item, call, patches } = t;
    sim.auction.setCompetitors(campaign.id, item.nmId, [item.bids.search + 3000, item.bids.search + 2000]);
    // An edited rule's `mode` is not taken from the page: only setMode switches it.
    const rule = await t.newRule();
    expect(rule.mode).toBe('dry-run');

    const dry = await call('bidder.runNow', { sellerId: SELLER_A });
    expect(dry.lastCheck?.ran).toBe(true);
    expect(dry.lastCheck?.messages.join(' ')).toMatch(/Пробный режим/);
    expect(patches()).toHaveLength(0);
    const dryLog = await call('bidder.audit', { sellerId: SELLER_A, filters: { nmId: item.nmId }, limit: 50 });
    expect(dryLog.entries[0]).toMatchObject({ mode: 'dry-run', outcome: { kind: 'dry-run' }, firedRule: 'target' });
    expect(dryLog.entries[0]!.inputs.position).toBe(3);

    expect((await call('bidder.setMode', { sellerId: SELLER_A, ruleId: rule.id, mode: 'live' })).ok).toBe(true);
    const before = item.bids.search;
    t.clock.advance(30_000);
    await call('bidder.runNow', { sellerId: SELLER_A });
    expect(patches()).toHaveLength(1);
    expect(item.bids.search).toBe(before + 500);
    const log = await call('bidder.audit', { sellerId: SELLER_A, filters: { outcome: 'accepted' }, limit: 50 });
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]).toMatchObject({
      advertId: campaign.id,
      nmId: item.nmId,
      oldBidKopecks: before,
      newBidKopecks: before + 500,
      firedRule: 'target',
      inputs: { target: 1, position: 3, currentBidKopecks: before },
    });
    expect(log.entries[0]!.reasonText).toMatch(/позиция 3 хуже цели 1/);
    // The dashboard's bids follow the accepted change.
    expect((await t.db.bids.get([SELLER_A, campaign.id, item.nmId]))?.search).toBe(before + 500);
    const state = await call('bidder.state', { sellerId: SELLER_A });
    expect(state.ruleStates).toEqual([{ ruleId: rule.id, state: 'live', reason: null }]);
    expect(state.rules[0]!.mode).toBe('live');

    // Saving the rule again keeps it live.
    const again = await call('bidder.saveRule', { ...rule, stepKopecks: 1000 });
    expect(again.ok && again.rule.mode).toBe('live');
  });

  it('the kill switch stops every write at once and is shown as the rule’s state', async () => {
    const t = await setup();
    const { sim, campaign, item, call, patches } = t;
    sim.auction.setCompetitors(campaign.id, item.nmId, [item.bids.search + 3000]);
    const rule = await t.newRule();
    await call('bidder.setMode', { sellerId: SELLER_A, ruleId: rule.id, mode: 'live' });
    const on = await call('bidder.setKillSwitch', { on: true });
    expect(on.settings.killSwitch).toBe(true);
    expect((await bidderSettingsItem.getValue()).killSwitch).toBe(true);
    const r = await call('bidder.runNow', { sellerId: SELLER_A });
    expect(patches()).toHaveLength(0);
    expect(r.lastCheck?.messages).toContain(KILL_SWITCH_MESSAGE);
    const log = await call('bidder.audit', { sellerId: SELLER_A, filters: {}, limit: 10 });
    expect(log.entries[0]!.outcome.kind).toBe('kill-switch');
    const state = await call('bidder.state', { sellerId: SELLER_A });
    expect(state.ruleStates[0]).toEqual({ ruleId: rule.id, state: 'stopped', reason: KILL_SWITCH_MESSAGE });
    await call('bidder.setKillSwitch', { on: false });
    t.clock.advance(30_000);
    await call('bidder.runNow', { sellerId: SELLER_A });
    expect(patches()).toHaveLength(1);
  });

  it('without a promotion token with write access the bidder says so and does not run', async () => {
    for (const token of [null, { readOnly: true }, { categories: ['statistics'] }]) {
      const t = await setup(token);
      const rule = await t.newRule();
      const r = await t.call('bidder.runNow', { sellerId: SELLER_A });
      expect(r.lastCheck?.ran).toBe(false);
      expect(t.sim.requests.filter((q) => q.host.startsWith('advert-api'))).toHaveLength(0);
      const state = await t.call('bidder.state', { sellerId: SELLER_A });
      expect(state.blocked).toBe(NO_TOKEN_MESSAGE);
      expect(state.ruleStates[0]).toEqual({ ruleId: rule.id, state: 'stopped', reason: NO_TOKEN_MESSAGE });
    }
  });

  it('a Base token is flagged: real-time bidding needs a Personal token', async () => {
    const t = await setup({ type: 'base' });
    await t.newRule();
    const state = await t.call('bidder.state', { sellerId: SELLER_A });
    expect(state.baseLimited).toBe(true);
    expect(state.blocked).toBeNull();
  });

  it('a stock guard below its threshold shows the rule as paused, with the reason', async () => {
    const t = await setup();
    const { campaign, item, call, db } = t;
    await db.stocks.put({
      sellerId: SELLER_A,
      nmId: item.nmId,
      chrtId: 1,
      warehouseId: 1,
      warehouseName: 'Коледино',
      regionName: '',
      quantity: 0,
      inWayToClient: 0,
      inWayFromClient: 0,
      snapshotAt: 0,
    });
    const rule = await t.newRule({ stockGuard: { minDaysOfCover: 5 } });
    await call('bidder.runNow', { sellerId: SELLER_A });
    const state = await call('bidder.state', { sellerId: SELLER_A });
    expect(state.ruleStates[0]!.state).toBe('paused');
    expect(state.ruleStates[0]!.reason).toMatch(/запас|остат/i);
    const panel = await call('panel.bidder', { advertId: campaign.id });
    expect(panel.known).toBe(true);
    expect(panel.columns).toEqual(['Товар', 'Текущая ставка', 'Позиция', 'Состояние']);
    const row = panel.rows.find((r) => r[0] === String(item.nmId))!;
    expect(row[3]).toMatch(/^приостановлено — /);
    expect(rule.mode).toBe('dry-run');
  });

  it('rejects an invalid rule with the reason; deletes rules; the panel knows nothing of unknown campaigns', async () => {
    const t = await setup();
    const bad = await t.call('bidder.saveRule', {
      sellerId: SELLER_A,
      advertId: t.campaign.id,
      strategy: { kind: 'fixed-bid', bidKopecks: 5000 },
      maxBidKopecks: 1000,
      stepKopecks: 100,
    });
    expect(bad).toEqual({ ok: false, error: 'Фиксированная ставка выше максимальной' });
    const rule = await t.newRule();
    expect((await t.call('bidder.deleteRule', { sellerId: SELLER_A, ruleId: rule.id })).ok).toBe(true);
    expect((await t.call('bidder.state', { sellerId: SELLER_A })).rules).toEqual([]);
    expect((await t.call('panel.bidder', { advertId: 999_999_999 })).known).toBe(false);
  });

  it('the panel and audit messages are declared for the right senders', () => {
    expect(protocol['panel.bidder'].from).toEqual(['content']);
    for (const m of [
      'bidder.state',
      'bidder.saveRule',
      'bidder.deleteRule',
      'bidder.setMode',
      'bidder.setKillSwitch',
      'bidder.runNow',
      'bidder.audit',
    ] as const) {
      expect(protocol[m].from).toEqual(['extension']);
    }
  });

  it('a rule with live positions asks the positions service for its seller, item and keyword; the log says so', async () => {
    const asked: [string, number, string][] = [];
    const t = await setup({}, (sellerId, nmId, keyword) => {
      asked.push([sellerId, nmId, keyword]);
      return Promise.resolve({ position: 7, organicPosition: 12, at: t.clock.now() - 5 * 60_000 });
    });
    await t.newRule({ positionSource: 'live', keyword: 'футболка мужская' });
    await t.call('bidder.runNow', { sellerId: SELLER_A });
    expect(asked).toEqual([[SELLER_A, t.item.nmId, 'футболка мужская']]);
    const log = await t.call('bidder.audit', { sellerId: SELLER_A, filters: { nmId: t.item.nmId }, limit: 10 });
    expect(log.entries[0]!.inputs).toMatchObject({ position: 7, positionSource: 'search' });
    expect(log.entries[0]!.reasonText).toMatch(/позиция 7 хуже цели 1/);
  });

  it('a rule saved without a keyword for live positions is refused with the Russian reason', async () => {
    const t = await setup();
    const saved = await t.call('bidder.saveRule', {
      sellerId: SELLER_A,
      advertId: t.campaign.id,
      strategy: { kind: 'target-position', target: 1 },
      maxBidKopecks: 50_000,
      stepKopecks: 500,
      positionSource: 'live',
    });
    expect(saved).toEqual({ ok: false, error: 'Для живых позиций укажите ключевую фразу, по которой искать товар' });
  });

  it('pausing a rule leaves its bids alone and says so; resuming lets it bid; an edit keeps the pause', async () => {
    const t = await setup();
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.item.bids.search + 3000, t.item.bids.search + 2000]);
    const rule = await t.newRule();
    await t.call('bidder.setMode', { sellerId: SELLER_A, ruleId: rule.id, mode: 'live' });
    expect((await t.call('bidder.setPaused', { sellerId: SELLER_A, ruleId: rule.id, paused: true })).ok).toBe(true);
    // An edit of the paused rule keeps it paused.
    await t.newRule({ id: rule.id, stepKopecks: 700 });
    const state = await t.call('bidder.state', { sellerId: SELLER_A });
    expect(state.rules[0]).toMatchObject({ paused: true, stepKopecks: 700, mode: 'live' });
    expect(state.ruleStates[0]).toMatchObject({
      state: 'paused',
      reason: 'приостановлено вами: биддер не трогает эти ставки',
    });
    await t.call('bidder.runNow', { sellerId: SELLER_A });
    expect(t.patches()).toHaveLength(0);
    expect(t.sim.requests).toHaveLength(0);

    await t.call('bidder.setPaused', { sellerId: SELLER_A, ruleId: rule.id, paused: false });
    await t.call('bidder.runNow', { sellerId: SELLER_A });
    expect(t.patches()).toHaveLength(1);
  });
});
