/**
 * WB's ad positions in the positions' side-by-side table (issue #8, «official first»): what a bidder check reads of
 * fullstats' average position (unified-bid CPM campaigns) and of the search clusters' `avg_pos` (manual-bid
 * campaigns) reaches the positions service through the bidder service's `adsPositions` callback, is stored in the
 * official table under its source, and comes back in `positions.sideBySide` beside the search report and the live
 * checks, with no WB request of its own. Expected positions come from the simulator's auction.
 */
import { describe, expect, it } from 'vitest';
import { createBidderBackground, type AdsPositionsRead } from '../../../lib/background/bidder-service';
import { createPositionsBackground } from '../../../lib/background/positions-service';
import { putCampaigns } from '../../../lib/db/ads';
import { putAdsReadings, putOfficial, sellerAdsReadings, sellerOfficial } from '../../../lib/db/positions';
import { ofSeller, SellerLensDb } from '../../../lib/db/schema';
import { protocol, type MessageType, type RequestOf, type ResponseOf } from '../../../lib/messaging';
import { clusterKey } from '../../../lib/positions/clusters';
import { readingsFromAdsRows, type OfficialQueryStat } from '../../../lib/positions/official';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { createWbSimulator, SELLER_A } from '../../sim';
import { createPublicSearchSim } from '../../sim/public-search';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { freshDbName } from '../sync/helpers';

const mskDate = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);

async function setup(opts: { adsPositions?: 'positions' | 'spy' | 'failing' } = {}) {
  const sim = createWbSimulator({ orders: 200, sellers: [{ id: SELLER_A, products: 40, campaigns: 12 }] });
  const pub = createPublicSearchSim(sim, { fallbackFetch: sim.fetch });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const added = await keyring.add(sim.token({ categories: ['analytics', 'content', 'promotion'] }));
  if (!added.ok) throw new Error(added.error.message);
  const api = createWbApi({ keyring, fetch: sim.fetch, clock, random: () => 0.5 });
  const db = new SellerLensDb(freshDbName());
  const positions = createPositionsBackground({
    db,
    api,
    fetch: pub.fetch,
    clock,
    random: () => 0,
    hasPermission: async () => true,
    notify: async () => undefined,
  });
  const received: AdsPositionsRead[] = [];
  /** WB requests (API and public hosts) made while the positions service stored a read: there should be none. */
  let storeRequests = 0;
  const mode = opts.adsPositions ?? 'positions';
  const bidder = createBidderBackground({
    db,
    api,
    keyring,
    clock,
    adsPositions: async (sellerId, rows) => {
      received.push(rows);
      if (mode === 'failing') throw new Error('disk full');
      if (mode === 'positions') {
        const before = sim.requests.length + pub.requests.length;
        await positions.storeAdsPositions(sellerId, rows);
        storeRequests += sim.requests.length + pub.requests.length - before;
      }
    },
  });
  const live = (c: (typeof sim.dataset.campaigns)[number]) =>
    c.status === 9 && c.paymentType === 'cpm' && c.items.length > 0 && c.placements.search;
  const unified = sim.dataset.campaigns.find((c) => live(c) && c.bidType === 'unified');
  const manual = sim.dataset.campaigns.find((c) => live(c) && c.bidType === 'manual');
  if (!unified || !manual) throw new Error('the dataset lacks a running unified or manual CPM campaign');
  const uItem = unified.items[0]!;
  const mItem = manual.items.find((i) => i.nmId !== uItem.nmId)!;
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
  // Two competitors above the unified item, four above the manual one: positions 3 and 5 in WB's ad stats.
  sim.auction.setCompetitors(unified.id, uItem.nmId, [uItem.bids.search + 3000, uItem.bids.search + 2000]);
  sim.auction.setCompetitors(
    manual.id,
    mItem.nmId,
    [4000, 3000, 2000, 1000].map((d) => mItem.bids.search + d),
  );

  async function call<T extends MessageType>(
    handlers: Record<string, unknown>,
    type: T,
    payload: RequestOf<T>,
  ): Promise<ResponseOf<T>> {
    const req = protocol[type].request.safeParse(payload);
    expect(req.success, `request of ${type}`).toBe(true);
    const answer = await (handlers[type] as (p: unknown, s: unknown) => Promise<unknown>)(req.data, {});
    const res = protocol[type].response.safeParse(answer);
    expect(res.success, `answer of ${type}: ${JSON.stringify(res.error?.issues ?? null)}`).toBe(true);
    return res.data as ResponseOf<T>;
  }
  const bidderCall = <T extends MessageType>(type: T, payload: RequestOf<T>) => call(bidder.handlers, type, payload);
  const positionsCall = <T extends MessageType>(type: T, payload: RequestOf<T>) =>
    call(positions.handlers, type, payload);
  for (const [c, item] of [
    [unified, uItem],
    [manual, mItem],
  ] as const) {
    const saved = await bidderCall('bidder.saveRule', {
      sellerId: SELLER_A,
      advertId: c.id,
      nmId: item.nmId,
      strategy: { kind: 'target-position', target: 1 },
      maxBidKopecks: item.bids.search + 20_000,
      stepKopecks: 500,
      deadZone: 0,
    });
    if (!saved.ok) throw new Error(saved.error);
  }
  const adRequests = () =>
    sim.requests.filter((r) => r.path === '/adv/v3/fullstats' || r.path === '/adv/v0/normquery/stats').length;
  return {
    sim,
    pub,
    clock,
    db,
    positions,
    bidder,
    received,
    unified,
    manual,
    uItem,
    mItem,
    bidderCall,
    positionsCall,
    adRequests,
    storeRequests: () => storeRequests,
  };
}

describe("WB's ad positions from the bidder in the side-by-side table", () => {
  it('the bidder service hands the positions its check read to the callback, and only fresh reads', async () => {
    const t = await setup({ adsPositions: 'spy' });
    const run = await t.bidderCall('bidder.runNow', { sellerId: SELLER_A });
    expect(run.lastCheck?.ran).toBe(true);
    const today = mskDate(t.clock.now());
    expect(t.received).toHaveLength(1);
    const [read] = t.received;
    // fullstats: today's average position of the unified campaign's item, as the auction puts it.
    expect(read!.boosterStats).toContainEqual({ date: today, nm: t.uItem.nmId, avg_position: 3 });
    // Search clusters: the manual campaign's item, every cluster at its auction position.
    const clusters = read!.normqueryStats.filter((r) => r.nm_id === t.mItem.nmId);
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) expect(c).toMatchObject({ date: today, avg_pos: 5 });
    expect(clusters.map((c) => c.norm_query)).toContain(t.mItem.subjectName);

    // 30 s later the bidder reuses its cached positions (no new read): nothing is handed on again.
    const requests = t.adRequests();
    t.clock.advance(30_000);
    await t.bidderCall('bidder.runNow', { sellerId: SELLER_A });
    expect(t.adRequests()).toBe(requests);
    expect(t.received).toHaveLength(1);
    // Once fullstats is due again (2 min), its new read is handed on.
    t.clock.advance(2 * 60_000);
    await t.bidderCall('bidder.runNow', { sellerId: SELLER_A });
    expect(t.received.length).toBe(2);
    expect(t.received[1]!.boosterStats.some((r) => r.nm === t.uItem.nmId)).toBe(true);
  });

  it("a failing callback costs the bidder nothing: the check's summary is kept", async () => {
    const t = await setup({ adsPositions: 'failing' });
    const run = await t.bidderCall('bidder.runNow', { sellerId: SELLER_A });
    expect(t.received).toHaveLength(1);
    expect(run.lastCheck?.ran).toBe(true);
    expect(run.lastCheck?.decisions).toBeGreaterThan(0);
  });

  it('the positions service stores them and shows them beside the search report and the live checks', async () => {
    const t = await setup();
    const { positionsCall, pub, mItem, uItem } = t;
    // The seller tracks the manual item's cluster named after its subject (a normquery of WB's ad stats) and a
    // search-report query of each item; the live check finds the manual item 7th.
    const subject = mItem.subjectName;
    const reportQuery = pub.queriesFor(mItem.nmId)[0]!;
    pub.setPosition(subject, mItem.nmId, 7);
    await positionsCall('positions.setSettings', { enabled: true, maxPages: 1 });
    for (const [nmId, phrase] of [
      [mItem.nmId, subject],
      [mItem.nmId, reportQuery],
      [uItem.nmId, pub.queriesFor(uItem.nmId)[0]!],
    ] as const) {
      expect(await positionsCall('positions.addPhrase', { sellerId: SELLER_A, nmId, phrase })).toEqual({ ok: true });
    }
    // The alarm task: the search report of the tracked items, then the live checks.
    await t.positions.runDue();
    expect(t.adRequests()).toBe(0);

    await t.bidderCall('bidder.runNow', { sellerId: SELLER_A });
    expect(t.received).toHaveLength(1);
    // The bidder's own reads (one fullstats, one keyword-stats call) and nothing more for the table.
    expect(t.adRequests()).toBe(2);
    expect(t.storeRequests()).toBe(0);

    const side = await positionsCall('positions.sideBySide', { sellerId: SELLER_A });
    const today = mskDate(t.clock.now());
    const row = (nmId: number, phrase: string | null) =>
      side.rows.find((r) => r.nmId === nmId && r.clusterKey === (phrase === null ? '' : clusterKey(phrase)));
    const source = (r: ReturnType<typeof row>, s: string) => r?.readings.find((x) => x.source === s);

    // The subject cluster: the live check and the keyword stats, side by side.
    const subjectRow = row(mItem.nmId, subject);
    expect(source(subjectRow, 'live')?.position).toBe(7);
    expect(source(subjectRow, 'normquery-avg')).toEqual({
      source: 'normquery-avg',
      position: 5,
      period: { start: today, end: today },
    });
    // The search report's query of the same item: its average and median, the live check, and no ad reading.
    const reportRow = row(mItem.nmId, reportQuery);
    expect(source(reportRow, 'search-report-avg')?.position).toBeGreaterThan(0);
    expect(source(reportRow, 'search-report-median')?.position).toBeGreaterThan(0);
    expect(source(reportRow, 'live')).toBeDefined();
    // fullstats averages over all queries: its own row per item, without a phrase.
    expect(source(row(uItem.nmId, null), 'fullstats-avg')).toEqual({
      source: 'fullstats-avg',
      position: 3,
      period: { start: today, end: today },
    });
    // The item the seller does not track is not in the table, though its positions were read.
    expect(side.rows.every((r) => r.nmId === mItem.nmId || r.nmId === uItem.nmId)).toBe(true);

    // Suggestions still come from the search report only: no ad cluster among them.
    const report = await sellerOfficial(t.db, SELLER_A, mItem.nmId);
    expect(report.length).toBeGreaterThan(0);
    expect(report.every((r) => !r.clusterKey.startsWith('#'))).toBe(true);
    const suggested = await positionsCall('positions.suggest', { sellerId: SELLER_A, nmId: mItem.nmId });
    expect(suggested.available).toBe(true);
    if (suggested.available) {
      const adOnly = new Set([`${subject} купить`, `${subject} недорого`].map(clusterKey));
      expect(suggested.suggestions.some((s) => adOnly.has(s.clusterKey))).toBe(false);
    }
  });

  it('search-report and ad rows share the official table without replacing each other', async () => {
    const db = new SellerLensDb(freshDbName());
    const period = { start: '2026-11-20', end: '2026-11-26' };
    const stat = (nmId: number, phrase: string, avg: number): OfficialQueryStat => ({
      nmId,
      phrase,
      period,
      avgPosition: avg,
      medianPosition: avg - 1,
      frequency: 100,
      weekFrequency: 100,
      openCard: 10,
      addToCart: 2,
      orders: 1,
      visibility: 50,
    });
    await putOfficial(db, SELLER_A, [1], [stat(1, 'платье летнее', 12)], 1);
    const day = '2026-11-26';
    const first = readingsFromAdsRows({
      boosterStats: [{ date: day, nm: 1, avg_position: 4 }],
      normqueryStats: [
        // The same cluster of one item in two campaigns: the one with more views stands.
        { date: day, nm_id: 1, norm_query: 'летнее платье', avg_pos: 9, views: 10 },
        { date: day, nm_id: 1, norm_query: 'летнее платье', avg_pos: 6, views: 500 },
        { date: day, nm_id: 1, norm_query: 'сарафан', avg_pos: 20, views: 5 },
        // No position in the cluster (WB sends 0 or null): no reading.
        { date: day, nm_id: 1, norm_query: 'платье', avg_pos: 0, views: 5 },
      ],
    });
    expect(await putAdsReadings(db, SELLER_A, first, 2)).toBe(3);
    // The same cluster key under two sources: two rows, not one.
    expect(await ofSeller(db.positionOfficial, SELLER_A).count()).toBe(4);
    const ads = await sellerAdsReadings(db, SELLER_A);
    expect(ads).toContainEqual({
      nmId: 1,
      phrase: 'летнее платье',
      source: 'normquery-avg',
      position: 6,
      period: { start: day, end: day },
    });
    expect(ads).toContainEqual({
      nmId: 1,
      phrase: null,
      source: 'fullstats-avg',
      position: 4,
      period: { start: day, end: day },
    });

    // A new search report of the item leaves the ad rows; its rows alone come back as the search report's.
    await putOfficial(db, SELLER_A, [1], [stat(1, 'платье летнее', 11)], 3);
    expect((await sellerOfficial(db, SELLER_A)).map((r) => [r.phrase, r.avgPosition])).toEqual([['платье летнее', 11]]);
    expect(await sellerAdsReadings(db, SELLER_A)).toHaveLength(3);

    // A later read of the item's clusters replaces its earlier ones (a cluster gone from the read goes); fullstats
    // and the search report stay.
    const next = '2026-11-27';
    await putAdsReadings(
      db,
      SELLER_A,
      readingsFromAdsRows({
        boosterStats: [],
        normqueryStats: [{ date: next, nm_id: 1, norm_query: 'платье летнее', avg_pos: 2, views: 1 }],
      }),
      4,
    );
    const after = await sellerAdsReadings(db, SELLER_A);
    expect(after.filter((r) => r.source === 'normquery-avg')).toEqual([
      { nmId: 1, phrase: 'платье летнее', source: 'normquery-avg', position: 2, period: { start: next, end: next } },
    ]);
    expect(after.filter((r) => r.source === 'fullstats-avg')).toHaveLength(1);
    expect(await sellerOfficial(db, SELLER_A)).toHaveLength(1);
  });
});
