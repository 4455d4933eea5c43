import { describe, expect, it } from 'vitest';
import { newRule } from '../../../lib/bidder/rules';
import { createDbAuditSink, putRule } from '../../../lib/db/bidder';
import { dayOf } from '../../../lib/db/orders';
import { putPhrase } from '../../../lib/db/positions';
import { ofSeller, sellerTables } from '../../../lib/db/schema';
import { createKeyring } from '../../../lib/token/keyring';
import { SELLER_A, SELLER_B } from '../../sim';
import { expectRollupMatchesRows } from '../sync/expected';
import { rig, syncUntilIdle } from '../sync/helpers';

describe('a seller’s data as a whole', () => {
  it('removing a seller deletes every row of it and nothing of another seller', async () => {
    const r = await rig({ orders: 400, sellers: [SELLER_A, SELLER_B] });
    const b = await r.keyring.add(r.sim.token({ seller: SELLER_B }));
    expect(b.ok).toBe(true);
    const engine = r.engine();
    await syncUntilIdle(r, engine);
    await engine.runDue();
    // The bidder's tables are not synced from WB: a rule and a logged decision of each seller.
    for (const seller of [SELLER_A, SELLER_B]) {
      const rule = newRule({
        sellerId: seller,
        advertId: 1,
        strategy: { kind: 'fixed-bid', bidKopecks: 500 },
        maxBidKopecks: 1000,
        stepKopecks: 100,
      });
      await putRule(r.db, rule);
      await createDbAuditSink(r.db, { now: () => r.clock.now() }).append([
        {
          at: r.clock.now(),
          sellerId: seller,
          advertId: 1,
          nmId: 1,
          placement: 'combined',
          ruleId: rule.id,
          mode: 'dry-run',
          inputs: {
            position: null,
            positionSource: 'none',
            target: null,
            currentBidKopecks: 400,
            minBidKopecks: 300,
            maxBidKopecks: 1000,
            budget: null,
            daysOfCover: null,
            campaignStatus: 9,
          },
          firedRule: 'fixed',
          reasonCode: 'fixed-bid',
          reasonText: 'фиксированная ставка',
          action: 'raise',
          oldBidKopecks: 400,
          newBidKopecks: 500,
          unreachable: false,
          minAboveMax: false,
          outcome: { kind: 'dry-run' },
        },
      ]);
    }
    // Nor are position monitoring's: a tracked phrase, a live check, its competitors and an official reading each.
    for (const seller of [SELLER_A, SELLER_B]) {
      const base = { sellerId: seller, nmId: 1, clusterKey: 'летнее платье' };
      await putPhrase(r.db, {
        ...base,
        phrase: 'платье летнее',
        normQuery: null,
        intervalMs: null,
        dest: null,
        addedAt: r.clock.now(),
        lastCheckedAt: r.clock.now(),
        lastAttemptAt: r.clock.now(),
        lastError: null,
      });
      await r.db.positionChecks.put({
        ...base,
        at: r.clock.now(),
        phrase: 'платье летнее',
        dest: -1257786,
        position: 7,
        organicPosition: 7,
        page: 1,
        boosted: false,
        promoPosition: null,
        cpmRub: null,
        searchedTo: 7,
      });
      await r.db.positionCompetitors.put({
        sellerId: seller,
        clusterKey: base.clusterKey,
        phrase: 'платье летнее',
        dest: -1257786,
        at: r.clock.now(),
        normQuery: null,
        total: 100,
        competitors: [],
        bid: {
          adsAbove: 0,
          withBid: 0,
          highestKopecks: null,
          lowestKopecks: null,
          medianKopecks: null,
          nearestAboveKopecks: null,
          sellerBidKopecks: null,
          higherBids: 0,
          notHigherBids: 0,
        },
        cardsError: null,
      });
      await r.db.positionOfficial.put({
        ...base,
        phrase: 'платье летнее',
        period: { start: '2026-08-14', end: '2026-08-20' },
        avgPosition: 9,
        medianPosition: 8,
        frequency: 1000,
        openCard: 10,
        orders: 1,
        fetchedAt: r.clock.now(),
      });
    }
    const countOf = async (seller: string) => {
      const n: Record<string, number> = {};
      for (const t of sellerTables(r.db)) n[t.name] = await ofSeller(t, seller).count();
      return n;
    };
    const before = await countOf(SELLER_B);
    expect(Object.entries(before).filter(([, n]) => n === 0)).toEqual([]);
    expect((await countOf(SELLER_A)).orders).toBeGreaterThan(0);

    // The keyring's removeSeller calls the engine's purge (as the background wires it).
    const keyring = createKeyring({ now: () => r.clock.now(), purgeSellerData: (id) => engine.purgeSeller(id) });
    expect(await keyring.removeSeller(SELLER_A)).toBe(true);
    expect(Object.values(await countOf(SELLER_A)).every((n) => n === 0)).toBe(true);
    expect(await countOf(SELLER_B)).toEqual(before);
  }, 60_000);

  it('clearing old history deletes rows and roll-up days before the day, and the roll-up still sums the rows', async () => {
    const r = await rig({ orders: 1200, sellers: [SELLER_A] });
    const engine = r.engine();
    await syncUntilIdle(r, engine);
    // The simulator's data runs from April to 20 August 2026.
    const day = '2026-07-01';
    const oldOrders = (await ofSeller(r.db.orders, r.sellerId).toArray()).filter((o) => dayOf(o.date) < day).length;
    const oldFinance = (await ofSeller(r.db.finance, r.sellerId).toArray()).filter((f) => f.rrDate < day).length;
    expect(oldOrders).toBeGreaterThan(0);
    const remaining = (await ofSeller(r.db.orders, r.sellerId).count()) - oldOrders;
    const deleted = await engine.clearHistory(r.sellerId, day);
    expect(deleted).toBeGreaterThanOrEqual(oldOrders + oldFinance);
    expect(await ofSeller(r.db.orders, r.sellerId).count()).toBe(remaining);
    expect((await ofSeller(r.db.sales, r.sellerId).toArray()).every((s) => dayOf(s.date) >= day)).toBe(true);
    expect((await ofSeller(r.db.finance, r.sellerId).toArray()).every((f) => f.rrDate >= day)).toBe(true);
    // 1 July starts a week and a month: every roll-up bucket left starts on it or later.
    expect((await ofSeller(r.db.periodRollups, r.sellerId).toArray()).every((b) => b.bucket >= day)).toBe(true);
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);
});
