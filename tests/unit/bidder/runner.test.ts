/**
 * The bidder's runner against the WB simulator's auction, on a virtual clock shared by the client and the simulator.
 * Expected positions are computed here from the competitors' bids (1 + those bidding more), not by the bidder.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryAuditLog } from '../../../lib/bidder/audit';
import { createBidderMemory, type RejectionRecord } from '../../../lib/bidder/memory';
import { newRule, withMode, type BidderSettings, type NewRuleInput, type Rule } from '../../../lib/bidder/rules';
import {
  ALL_PAUSED_MESSAGE,
  BIDDER_CHECK_INTERVAL_MS,
  KILL_SWITCH_MESSAGE,
  NO_TOKEN_MESSAGE,
  LIVE_POSITION_MAX_AGE_MS,
  runBidderCheck,
  type BidderCheckSummary,
  type LivePositionLookup,
} from '../../../lib/bidder/runner';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import type { BidsBody } from '../../../lib/wb-api/promotion';
import { createWbSimulator, type Campaign, type CampaignItem } from '../../sim';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { plain } from './fixtures';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface SetupOptions {
  type?: 'personal' | 'base';
  readOnly?: boolean;
  bidType?: 'unified' | 'manual';
  /** Live positions for rules that opted in. */
  livePosition?: LivePositionLookup;
  /** Sees every request the client sends. */
  onFetch?: (url: string, init: RequestInit | undefined) => void;
}

async function setup(opts: SetupOptions = {}) {
  const sim = createWbSimulator({ orders: 200 });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const added = await keyring.add(
    sim.token({ type: opts.type ?? 'personal', categories: ['promotion'], readOnly: opts.readOnly ?? false }),
  );
  if (!added.ok) throw new Error(added.error.message);
  const sellerId = added.token.sellerId;
  const patches: { at: number; body: BidsBody }[] = [];
  const fetch: typeof globalThis.fetch = (url, init) => {
    opts.onFetch?.(String(url), init);
    if (init?.method === 'PATCH') patches.push({ at: clock.now(), body: JSON.parse(String(init.body)) as BidsBody });
    return sim.fetch(url, init);
  };
  const api = createWbApi({ keyring, fetch, clock, random: () => 0.5 });
  const bidType = opts.bidType ?? 'unified';
  const campaign: Campaign | undefined = sim.dataset.campaigns.find(
    (c) => c.status === 9 && c.bidType === bidType && c.items.length > 0 && c.placements.search,
  );
  if (!campaign) throw new Error(`no active ${bidType} campaign in the dataset`);
  const item: CampaignItem = campaign.items[0]!;
  const placement = bidType === 'unified' ? ('combined' as const) : ('search' as const);
  const minBid = bidType === 'unified' ? item.minBids.combined : item.minBids.search;
  const memory = createBidderMemory();
  const audit = createMemoryAuditLog({ now: () => clock.now() });
  const rejections = new Map<string, RejectionRecord>();
  let daysOfCover: number | null = null;
  const summaries: BidderCheckSummary[] = [];

  const run = async (rules: Rule[], settings: BidderSettings = { killSwitch: false }) => {
    const s = await runBidderCheck({
      api,
      sellerId,
      rules,
      settings,
      clock,
      audit,
      daysOfCover: (nm) => (nm === item.nmId ? daysOfCover : null),
      rejections,
      memory,
      tokenType: opts.type ?? 'personal',
      ...(opts.livePosition ? { livePosition: opts.livePosition } : {}),
    });
    summaries.push(s);
    return s;
  };
  /** Runs a check, then moves the clock to the next one. */
  const tick = async (rules: Rule[], settings?: BidderSettings) => {
    const s = await run(rules, settings);
    clock.advance(BIDDER_CHECK_INTERVAL_MS);
    return s;
  };
  const makeRule = (over: Partial<NewRuleInput>, mode: 'live' | 'dry-run' = 'live') =>
    withMode(
      newRule({
        sellerId,
        advertId: campaign.id,
        nmId: item.nmId,
        placement,
        strategy: { kind: 'target-position', target: 3 },
        maxBidKopecks: minBid + 10_000,
        stepKopecks: 1000,
        deadZone: 0,
        ...over,
      }),
      mode,
    );
  const setBid = (k: number) => {
    item.bids = bidType === 'unified' ? { search: k, recommendations: k } : { ...item.bids, search: k };
  };
  const bid = () => item.bids.search;
  /** Where the item stands in the auction now, computed from the competitors' bids. */
  const expectedPosition = (competitors: readonly number[]) => 1 + competitors.filter((c) => c > bid()).length;
  const sentBids = () =>
    patches.flatMap((p) =>
      p.body.bids.flatMap((b) => b.nm_bids.map((n) => ({ at: p.at, advertId: b.advert_id, ...n }))),
    );
  return {
    sim,
    clock,
    api,
    sellerId,
    campaign,
    item,
    placement,
    minBid,
    audit,
    rejections,
    patches,
    summaries,
    run,
    tick,
    makeRule,
    setBid,
    bid,
    expectedPosition,
    sentBids,
    setDaysOfCover: (d: number | null) => {
      daysOfCover = d;
    },
    patchRequests: () => sim.requests.filter((r) => r.method === 'PATCH'),
  };
}

describe('runBidderCheck against the simulator’s auction', () => {
  it('from a low bid reaches the target position within a bounded number of checks, never above the maximum', async () => {
    const t = await setup();
    const { minBid } = t;
    t.setBid(minBid);
    const competitors = [minBid + 5500, minBid + 4500, minBid + 3500, minBid + 2500, minBid + 1500];
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, competitors);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 3 }, stepKopecks: 1000 });
    expect(t.expectedPosition(competitors)).toBe(6);

    // Position 3 needs at most two competitors above: a bid of at least minBid + 3500, i.e. 4 steps of 10 ₽.
    const steps = Math.ceil(3500 / 1000);
    // A position read within 30 s of a change does not count, so a step may take two checks.
    const bound = 2 * steps + 2;
    let reachedAt: number | null = null;
    for (let i = 1; i <= bound && reachedAt === null; i++) {
      await t.tick([rule]);
      expect(t.bid()).toBeLessThanOrEqual(rule.maxBidKopecks);
      if (t.expectedPosition(competitors) <= 3) reachedAt = i;
    }
    expect(reachedAt).not.toBeNull();
    expect(t.bid()).toBe(minBid + 4000);

    // Once there, it holds: no more writes while nothing changes.
    const writes = t.patches.length;
    for (let i = 0; i < 10; i++) await t.tick([rule]);
    expect(t.patches.length).toBe(writes);
    expect(t.summaries.at(-1)!.decisions[0]!.decision.firedRule).toBe('dead-zone');

    // Competitors outbid us: the position falls and the bidder climbs back.
    const raised = competitors.map((c) => c + 2000);
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, raised);
    expect(t.expectedPosition(raised)).toBeGreaterThan(3);
    for (let i = 0; i < 2 * 2 + 2 && t.expectedPosition(raised) > 3; i++) await t.tick([rule]);
    expect(t.expectedPosition(raised)).toBeLessThanOrEqual(3);

    for (const s of t.sentBids()) {
      expect(s.bid_kopecks).toBeLessThanOrEqual(rule.maxBidKopecks);
      expect(s.bid_kopecks).toBeGreaterThanOrEqual(minBid);
      expect(s.placement).toBe('combined');
    }
    expect(t.patchRequests().every((r) => r.status === 200)).toBe(true);
    // Every change is in the audit log with its inputs and WB's answer.
    const accepted = t.audit.entries().filter((e) => e.outcome.kind === 'accepted');
    expect(accepted).toHaveLength(t.sentBids().length);
    expect(accepted[0]).toMatchObject({
      advertId: t.campaign.id,
      nmId: t.item.nmId,
      placement: 'combined',
      firedRule: 'target',
      oldBidKopecks: minBid,
      newBidKopecks: minBid + 1000,
      inputs: { position: 6, target: 3, currentBidKopecks: minBid, minBidKopecks: minBid, campaignStatus: 9 },
    });
  });

  it('when competitors bid above the maximum it stops at the maximum and says the target is unreachable', async () => {
    const t = await setup();
    const { minBid } = t;
    t.setBid(minBid);
    const max = minBid + 3000;
    const competitors = [max + 1000, max + 2000, max + 3000];
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, competitors);
    const rule = t.makeRule({
      strategy: { kind: 'target-position', target: 1 },
      maxBidKopecks: max,
      stepKopecks: 1000,
    });
    for (let i = 0; i < 15; i++) {
      await t.tick([rule]);
      expect(t.bid()).toBeLessThanOrEqual(max);
    }
    expect(t.bid()).toBe(max);
    // Three steps of 10 ₽ from the minimum to the maximum, then nothing more.
    expect(t.sentBids().map((s) => s.bid_kopecks)).toEqual([minBid + 1000, minBid + 2000, max]);
    expect(t.expectedPosition(competitors)).toBe(4);
    const last = t.summaries.at(-1)!;
    expect(last.decisions[0]!.decision).toMatchObject({ firedRule: 'max-reached', unreachable: true, action: 'hold' });
    expect(last.messages.some((m) => plain(m).includes('цель недостижима'))).toBe(true);
    // The unreachable hold is logged once, not every 30 seconds.
    expect(t.audit.entries().filter((e) => e.unreachable)).toHaveLength(1);
  });

  it('dry-run sends no PATCH: it computes and logs what it would do', async () => {
    const t = await setup();
    t.setBid(t.minBid);
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.minBid + 9000, t.minBid + 8000, t.minBid + 7000]);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 1 } }, 'dry-run');
    for (let i = 0; i < 6; i++) await t.tick([rule]);
    expect(t.patchRequests()).toHaveLength(0);
    expect(t.patches).toHaveLength(0);
    expect(t.bid()).toBe(t.minBid);
    const s = t.summaries.at(-1)!;
    expect(s.decisions[0]).toMatchObject({ mode: 'dry-run', outcome: { kind: 'dry-run' } });
    expect(s.decisions[0]!.decision).toMatchObject({ action: 'raise', newBidKopecks: t.minBid + 1000 });
    expect(s.messages.some((m) => m.startsWith('Пробный режим'))).toBe(true);
    // Six identical decisions, one log entry.
    expect(t.audit.entries()).toHaveLength(1);
    expect(t.audit.entries()[0]).toMatchObject({
      mode: 'dry-run',
      outcome: { kind: 'dry-run' },
      inputs: { position: 4 },
    });
  });

  it('the kill switch stops writes within one check, and lifting it lets them resume', async () => {
    const t = await setup();
    t.setBid(t.minBid);
    const competitors = [t.minBid + 9500, t.minBid + 8500, t.minBid + 7500, t.minBid + 6500];
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, competitors);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 1 } });
    await t.tick([rule]);
    expect(t.patchRequests()).toHaveLength(1);
    const stopped = { killSwitch: true };
    for (let i = 0; i < 5; i++) {
      const s = await t.tick([rule], stopped);
      expect(s.messages).toContain(KILL_SWITCH_MESSAGE);
      expect(s.decisions[0]).toMatchObject({ outcome: { kind: 'kill-switch' } });
    }
    expect(t.patchRequests()).toHaveLength(1);
    expect(t.bid()).toBe(t.minBid + 1000);
    await t.tick([rule], { killSwitch: false });
    expect(t.patchRequests()).toHaveLength(2);
  });

  it('a Base token over a simulated day: never a 429, never more than 2 PATCH an hour, and it says why', async () => {
    const t = await setup({ type: 'base' });
    const { minBid } = t;
    t.setBid(minBid);
    let competitors = [minBid + 3000, minBid + 6000, minBid + 9000];
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, competitors);
    const rule = t.makeRule({
      strategy: { kind: 'target-position', target: 1 },
      maxBidKopecks: minBid + 40_000,
      stepKopecks: 1500,
    });
    const start = t.clock.now();
    const checks = (24 * HOUR) / BIDDER_CHECK_INTERVAL_MS;
    for (let i = 0; i < checks; i++) {
      // Every three hours the competitors outbid us again.
      if (i > 0 && i % ((3 * HOUR) / BIDDER_CHECK_INTERVAL_MS) === 0) {
        competitors = competitors.map((c) => c + 1500);
        t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, competitors);
      }
      await t.tick([rule]);
    }
    expect(t.clock.now() - start).toBeGreaterThanOrEqual(24 * HOUR);
    expect(t.sim.requests.filter((r) => r.status === 429)).toEqual([]);
    const patchTimes = t.patchRequests().map((r) => r.time);
    expect(patchTimes.length).toBeGreaterThanOrEqual(6);
    for (let i = 2; i < patchTimes.length; i++)
      expect(patchTimes[i]! - patchTimes[i - 2]!).toBeGreaterThanOrEqual(HOUR);
    expect(t.patchRequests().every((r) => r.status === 200)).toBe(true);
    expect(t.bid()).toBeLessThanOrEqual(rule.maxBidKopecks);
    const said = t.summaries.flatMap((s) => s.messages).map(plain);
    expect(said.some((m) => m.includes('Базовый токен') && m.includes('нужен Персональный токен'))).toBe(true);
  });

  it('a minimum raised above the bid: WB’s refusal is logged once, the same bid is never sent again', async () => {
    const t = await setup();
    const { minBid } = t;
    t.setBid(minBid);
    const first = t.makeRule({
      strategy: { kind: 'fixed-bid', bidKopecks: minBid + 1000 },
      maxBidKopecks: minBid + 5000,
    });
    await t.tick([first]);
    expect(t.bid()).toBe(minBid + 1000);
    // WB raises its minimum; the seller, unaware, asks for a bid below it.
    const newMin = minBid + 1500;
    t.item.minBids.combined = newMin;
    const second = { ...first, strategy: { kind: 'fixed-bid' as const, bidKopecks: minBid + 1200 } };
    const rejectedCheck = await t.tick([second]);
    expect(rejectedCheck.decisions[0]!.outcome).toMatchObject({ kind: 'rejected', status: 400 });
    expect(rejectedCheck.writes).toMatchObject([{ outcome: 'rejected' }]);
    expect(t.rejections.size).toBe(1);
    // The next checks read WB's minimum again (its input changed) and set the new minimum instead.
    for (let i = 0; i < 5; i++) await t.tick([second]);
    expect(t.bid()).toBe(newMin);
    expect(t.sentBids().filter((s) => s.bid_kopecks === minBid + 1200)).toHaveLength(1);
    expect(t.sentBids().map((s) => s.bid_kopecks)).toEqual([minBid + 1000, minBid + 1200, newMin]);
    const rejected = t.audit.entries().filter((e) => e.outcome.kind === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.outcome).toMatchObject({ detail: `wrong bid value: ${minBid + 1200}; min: ${newMin}` });
    expect(t.rejections.size).toBe(0);
  });

  it('a campaign stopped in the cabinet: the refused bid is left alone until the inputs change (Base token)', async () => {
    const t = await setup({ type: 'base' });
    const { minBid } = t;
    t.setBid(minBid);
    const rule = t.makeRule({
      strategy: { kind: 'fixed-bid', bidKopecks: minBid + 1000 },
      maxBidKopecks: minBid + 5000,
    });
    await t.tick([rule]);
    expect(t.patchRequests()).toHaveLength(1);
    // The seller cancels the campaign in the cabinet, then raises the rule's bid. A Base token reads campaigns once
    // an hour, so for a while the bidder still believes the campaign is active.
    t.sim.mutate.setCampaignStatus(t.campaign.id, 8);
    const raised = { ...rule, strategy: { kind: 'fixed-bid' as const, bidKopecks: minBid + 2000 } };
    for (let i = 0; i < (90 * MINUTE) / BIDDER_CHECK_INTERVAL_MS; i++) await t.tick([raised]);
    const patches = t.patchRequests();
    expect(patches.map((r) => r.status)).toEqual([200, 400]);
    expect(t.sim.requests.filter((r) => r.status === 429)).toEqual([]);
    const entries = t.audit.entries();
    expect(entries.filter((e) => e.outcome.kind === 'rejected')).toHaveLength(1);
    expect(entries.filter((e) => e.firedRule === 'rejected-before')).toHaveLength(1);
    // Once the campaign is read again, its status says why: no more attempts.
    const last = t.summaries.at(-1)!;
    expect(last.decisions).toEqual([]);
    expect(last.skipped).toMatchObject([{ advertId: t.campaign.id }]);
    expect(last.skipped[0]!.reason).toContain('отменена');
  });

  it('one bid WB refuses in a batch does not hold back the others: the batch is split and only it is left alone', async () => {
    const t = await setup();
    const c = t.sim.dataset.campaigns.find((x) => x.status === 9 && x.bidType === 'unified' && x.items.length >= 3);
    if (!c) throw new Error('no active unified campaign with three items');
    const base = Math.max(...c.items.map((i) => i.minBids.combined));
    for (const i of c.items) i.bids = { search: base, recommendations: base };
    // One rule for the whole campaign: a fixed bid for every item.
    const rule = withMode(
      newRule({
        sellerId: t.sellerId,
        advertId: c.id,
        strategy: { kind: 'fixed-bid', bidKopecks: base },
        maxBidKopecks: base + 5000,
        stepKopecks: 100,
      }),
      'live',
    );
    await t.tick([rule]);
    expect(t.patches).toHaveLength(0);
    // WB raises the minimum of one item; then the seller raises the campaign's bid, below that new minimum.
    const bad = c.items[1]!;
    bad.minBids.combined = base + 2000;
    const raised = { ...rule, strategy: { kind: 'fixed-bid' as const, bidKopecks: base + 1000 } };
    const s = await t.tick([raised]);
    const outcome = (nm: number) => s.decisions.find((d) => d.nmId === nm)!.outcome.kind;
    expect(outcome(bad.nmId)).toBe('rejected');
    for (const i of c.items) {
      if (i !== bad) {
        expect(outcome(i.nmId)).toBe('accepted');
        expect(i.bids.search).toBe(base + 1000);
      }
    }
    expect(bad.bids.search).toBe(base);
    expect(s.writes.filter((w) => w.outcome === 'rejected').length).toBeGreaterThanOrEqual(2);
    // The next check reads the minimum again and sets it for that item alone.
    const writes = t.patches.length;
    const next = await t.tick([raised]);
    expect(t.patches.length).toBe(writes + 1);
    expect(next.writes).toMatchObject([{ outcome: 'accepted', items: 1 }]);
    expect(bad.bids.search).toBe(base + 2000);
  });

  it('WB down: the client retries, then the bidder pauses writes instead of trying every 30 seconds', async () => {
    const t = await setup();
    t.setBid(t.minBid);
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.minBid + 9000, t.minBid + 8000]);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 1 } });
    t.sim.faults.serverError({ count: 100, status: 503, method: 'PATCH' });
    const s = await t.tick([rule]);
    expect(s.decisions[0]!.outcome).toMatchObject({ kind: 'error', errorKind: 'unavailable' });
    const attempts = t.patchRequests().length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    // For the next five minutes: decisions, no PATCH.
    for (let i = 0; i < 9; i++) {
      const later = await t.tick([rule]);
      expect(later.decisions[0]!.outcome.kind).toBe('deferred');
    }
    expect(t.patchRequests().length).toBe(attempts);
    t.sim.faults.clear();
    for (let i = 0; i < 2; i++) await t.tick([rule]);
    expect(t.patchRequests().length).toBeGreaterThan(attempts);
    expect(t.bid()).toBeGreaterThan(t.minBid);
  });

  it('the stock guard drops the bid to WB’s minimum', async () => {
    const t = await setup();
    t.setBid(t.minBid + 4000);
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.minBid + 9000]);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 1 }, stockGuard: { minDaysOfCover: 3 } });
    t.setDaysOfCover(1.5);
    const s = await t.tick([rule]);
    expect(s.decisions[0]!.decision).toMatchObject({ firedRule: 'stock-guard', newBidKopecks: t.minBid });
    expect(t.bid()).toBe(t.minBid);
    expect(t.audit.entries()[0]!.inputs.daysOfCover).toBe(1.5);
  });

  it('a manual campaign’s search bid is written with the search placement', async () => {
    const t = await setup({ bidType: 'manual' });
    const recommendations = t.item.bids.recommendations;
    t.setBid(t.minBid);
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.minBid + 500, t.minBid + 400, t.minBid + 300]);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 1 }, stepKopecks: 600 });
    await t.tick([rule]);
    expect(t.sentBids()).toMatchObject([
      { advertId: t.campaign.id, nm_id: t.item.nmId, placement: 'search', bid_kopecks: t.minBid + 600 },
    ]);
    expect(t.item.bids).toEqual({ search: t.minBid + 600, recommendations });
  });

  it('without a promotion token that may write, it says so and sends nothing', async () => {
    const t = await setup({ readOnly: true });
    const s = await t.run([t.makeRule({})]);
    expect(s.ran).toBe(false);
    expect(s.messages).toEqual([NO_TOKEN_MESSAGE]);
    expect(s.decisions).toEqual([]);
    expect(t.sim.requests).toHaveLength(0);
  });

  it('with no rules it reads nothing', async () => {
    const t = await setup();
    const s = await t.run([]);
    expect(s.ran).toBe(false);
    expect(t.sim.requests).toHaveLength(0);
  });

  it('a read the limits do not allow is skipped, with the time it runs next, never waited for in a loop', async () => {
    const t = await setup({ type: 'base' });
    const rule = t.makeRule({});
    // Someone else (the sync engine) has just spent the Base token's hourly read of campaigns.
    await t.api.promotion.adverts(t.sellerId, [t.campaign.id]);
    const before = t.sim.requests.length;
    const s = await t.run([rule]);
    expect(t.sim.requests.length).toBe(before);
    expect(s.decisions).toEqual([]);
    expect(s.skipped[0]!.reason).toMatch(/лимит WB, следующее чтение в \d\d:\d\d МСК/);
    expect(s.nextRunAt).toBeGreaterThanOrEqual(t.clock.now() + 50 * MINUTE);
  });
});

describe('positions by campaign type, and live positions where a rule opts in', () => {
  const reads = (t: { sim: { requests: { method: string; path: string }[] } }, path: string) =>
    t.sim.requests.filter((r) => r.path === path).length;

  it('a manual-bid campaign takes its position from the search clusters’ stats, a unified one from fullstats', async () => {
    const manual = await setup({ bidType: 'manual' });
    manual.setBid(manual.minBid);
    const competitors = [manual.minBid + 500, manual.minBid + 400, manual.minBid + 300, manual.minBid + 200];
    manual.sim.auction.setCompetitors(manual.campaign.id, manual.item.nmId, competitors);
    const s = await manual.run([manual.makeRule({ strategy: { kind: 'target-position', target: 2 } })]);
    expect(s.decisions[0]!.inputs).toMatchObject({ positionSource: 'keyword-stats', position: 5 });
    expect(reads(manual, '/adv/v0/normquery/stats')).toBe(1);
    expect(reads(manual, '/adv/v3/fullstats')).toBe(0);

    const unified = await setup();
    unified.sim.auction.setCompetitors(unified.campaign.id, unified.item.nmId, [unified.bid() + 100]);
    const u = await unified.run([unified.makeRule({})]);
    expect(u.decisions[0]!.inputs).toMatchObject({ positionSource: 'fullstats', position: 2 });
    expect(reads(unified, '/adv/v0/normquery/stats')).toBe(0);
    expect(reads(unified, '/adv/v3/fullstats')).toBe(1);
  });

  it('search-cluster reads carry at most 100 items each, grouping small campaigns and splitting a large one', async () => {
    const bodies: { items: { advert_id: number; nm_id: number }[] }[] = [];
    const t = await setup({
      bidType: 'manual',
      onFetch: (url, init) => {
        if (url.includes('/adv/v0/normquery/stats'))
          bodies.push(JSON.parse(String(init?.body)) as (typeof bodies)[number]);
      },
    });
    const products = t.sim.dataset.products;
    // Three manual campaigns: 150, 30 and 60 items.
    const campaigns = t.sim.dataset.campaigns.slice(0, 3);
    campaigns.forEach((c, ci) => {
      c.status = 9;
      c.bidType = 'manual';
      c.paymentType = 'cpm';
      c.placements = { search: true, recommendations: false };
      c.items = Array.from({ length: [150, 30, 60][ci]! }, (_, k) => {
        const p = products[(ci * 50 + k) % products.length]!;
        return {
          nmId: 10_000_000 + ci * 1000 + k,
          subjectId: p.subject.id,
          subjectName: p.subject.name.toLowerCase(),
          name: p.title,
          bids: { search: 20_000, recommendations: 20_000 },
          minBids: { combined: 20_000, search: 20_000, recommendation: 20_000 },
        };
      });
    });
    const rules = campaigns.map((c) =>
      newRule({
        sellerId: t.sellerId,
        advertId: c.id,
        strategy: { kind: 'target-position', target: 3 },
        maxBidKopecks: 30_000,
        stepKopecks: 100,
      }),
    );
    const s = await t.run(rules);
    expect(bodies.map((b) => b.items.length)).toEqual([100, 50, 90]);
    expect(bodies.every((b) => b.items.length <= 100)).toBe(true);
    const asked = bodies.flatMap((b) => b.items.map((i) => `${i.advert_id}:${i.nm_id}`));
    expect(new Set(asked).size).toBe(240);
    const withPosition = s.decisions.filter(
      (d) => d.inputs.positionSource === 'keyword-stats' && d.inputs.position !== null,
    );
    expect(withPosition).toHaveLength(240);
  });

  it('a CPC campaign (even with a unified bid) uses the search clusters too', async () => {
    const t = await setup();
    t.campaign.paymentType = 'cpc';
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.bid() + 100, t.bid() + 200]);
    const s = await t.run([t.makeRule({})]);
    expect(s.decisions[0]!.inputs).toMatchObject({ positionSource: 'keyword-stats', position: 3 });
    expect(reads(t, '/adv/v3/fullstats')).toBe(0);
  });

  it('keyword stats are read within their limits: cached between checks, read again once WB applied a change', async () => {
    const t = await setup({ bidType: 'manual' });
    t.setBid(t.minBid);
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.minBid + 5000]);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 1 }, stepKopecks: 2000 });
    for (let i = 0; i < 12; i++) await t.tick([rule]);
    // Position 1 needs a bid above the competitor: 3 steps; each step's position is read once WB has applied it.
    expect(t.bid()).toBe(t.minBid + 6000);
    const afterClimb = reads(t, '/adv/v0/normquery/stats');
    expect(afterClimb).toBeGreaterThanOrEqual(4);
    // Holding: one read per 5 minutes, not one per check (10 a minute at most, 100 items each).
    const before = reads(t, '/adv/v0/normquery/stats');
    for (let i = 0; i < 20; i++) await t.tick([rule]);
    expect(reads(t, '/adv/v0/normquery/stats') - before).toBeLessThanOrEqual(2);
    expect(t.sim.requests.every((r) => r.status !== 429)).toBe(true);
  });

  it('a Base token’s keyword-stats limit (5 an hour) is never exceeded over a simulated hour', async () => {
    const t = await setup({ type: 'base', bidType: 'manual' });
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.bid() + 100]);
    const rule = t.makeRule({ strategy: { kind: 'target-position', target: 1 }, stepKopecks: 50 });
    for (let i = 0; i < 120; i++) await t.tick([rule]);
    expect(reads(t, '/adv/v0/normquery/stats')).toBeLessThanOrEqual(5 + 1);
    expect(t.sim.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it('a live position, fresh, is used and logged as such', async () => {
    let calls = 0;
    const t = await setup({
      livePosition: (nmId, keyword) => {
        calls++;
        return nmId > 0 && keyword === 'платье летнее'
          ? { position: 9, organicPosition: 14, at: t.clock.now() - 60_000 }
          : null;
      },
    });
    const rule = t.makeRule({ positionSource: 'live', keyword: 'платье летнее' }, 'dry-run');
    const s = await t.run([rule]);
    expect(calls).toBe(1);
    expect(s.decisions[0]!.inputs).toMatchObject({ position: 9, positionSource: 'search' });
    expect(s.decisions[0]!.inputs.positionNote).toBeUndefined();
    expect(t.audit.entries()[0]!.inputs).toMatchObject({ position: 9, positionSource: 'search' });
  });

  it('a live position that is missing, stale or failed falls back to the official one, and the log says why', async () => {
    const cases: { live: LivePositionLookup | undefined; note: RegExp }[] = [
      { live: () => null, note: /нет живой позиции по фразе «платье»: взята официальная статистика/ },
      {
        live: () => ({ position: 1, organicPosition: null, at: 0 }),
        note: /живая позиция устарела \(\d\d:\d\d МСК\): взята официальная статистика/,
      },
      {
        live: () => {
          throw new Error('public search changed');
        },
        note: /живую позицию получить не удалось: взята официальная статистика/,
      },
      { live: undefined, note: /живые позиции выключены: взята официальная статистика/ },
    ];
    for (const c of cases) {
      const t = await setup(c.live ? { livePosition: c.live } : {});
      t.clock.advance(LIVE_POSITION_MAX_AGE_MS + 60_000);
      t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.bid() + 100, t.bid() + 200, t.bid() + 300]);
      const s = await t.run([t.makeRule({ positionSource: 'live', keyword: 'платье' }, 'dry-run')]);
      expect(s.decisions[0]!.inputs).toMatchObject({ position: 4, positionSource: 'fullstats' });
      expect(s.decisions[0]!.inputs.positionNote).toMatch(c.note);
      expect(t.audit.entries()[0]!.inputs.positionNote).toMatch(c.note);
    }
  });

  it('a paused rule leaves its items alone, and no wider rule takes them over', async () => {
    const t = await setup();
    t.sim.auction.setCompetitors(t.campaign.id, t.item.nmId, [t.bid() + 3000, t.bid() + 2000, t.bid() + 1000]);
    const item = { ...t.makeRule({}), paused: true };
    const campaignWide = { ...t.makeRule({ nmId: undefined }), id: 'wide' };
    const s = await t.run([item, campaignWide]);
    expect(s.decisions.some((d) => d.nmId === t.item.nmId)).toBe(false);
    // The campaign's other items follow the campaign-wide rule.
    expect(s.decisions.length).toBe(t.campaign.items.length - 1);
    // Only the paused rule: nothing is read or sent.
    const before = t.sim.requests.length;
    const only = await t.run([item]);
    expect(only.messages).toEqual([ALL_PAUSED_MESSAGE]);
    expect(t.sim.requests.length).toBe(before);
  });

  it('rules that did not opt in never ask for live positions', async () => {
    let calls = 0;
    const t = await setup({
      livePosition: () => {
        calls++;
        return null;
      },
    });
    await t.run([t.makeRule({})]);
    expect(calls).toBe(0);
  });
});
