/** The bidder's tables in IndexedDB: the audit sink, its filters and 90-day pruning, rules, and days of cover. */
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../lib/bidder/audit';
import {
  createDbAuditSink,
  daysOfCover,
  deleteRule,
  pruneAudit,
  putRule,
  queryAudit,
  sellerRules,
} from '../../../lib/db/bidder';
import { purgeSellerRows } from '../../../lib/db/seller-data';
import { SellerLensDb } from '../../../lib/db/schema';
import { addDayRows } from '../db/day-rows';
import { freshDbName } from '../sync/helpers';
import { rule, SELLER } from './fixtures';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 7, 20, 9, 0, 0);
const OTHER = 'aaaaaaaa-1111-2222-3333-444444444444';

function entry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: NOW,
    sellerId: SELLER,
    advertId: 1001,
    nmId: 501,
    placement: 'combined',
    ruleId: 'r1',
    mode: 'live',
    inputs: {
      position: 7,
      positionSource: 'fullstats',
      target: 3,
      currentBidKopecks: 500,
      minBidKopecks: 300,
      maxBidKopecks: 1000,
      budget: 1200,
      daysOfCover: 20,
      campaignStatus: 9,
    },
    firedRule: 'target',
    reasonCode: 'position-worse',
    reasonText: 'позиция 7 хуже цели 3: ставка +1,00 ₽',
    action: 'raise',
    oldBidKopecks: 500,
    newBidKopecks: 600,
    unreachable: false,
    minAboveMax: false,
    outcome: { kind: 'accepted', wbAnswer: 'WB принял ставку 6,00 ₽ (combined)' },
    ...over,
  };
}

describe('the Dexie audit sink', () => {
  it('keeps every entry with its inputs, rule and WB answer; newest first; filters by campaign, item, outcome', async () => {
    const db = new SellerLensDb(freshDbName());
    const sink = createDbAuditSink(db, { now: () => NOW });
    // Two entries of one check share a time: the sequence keeps both.
    await sink.append([
      entry({ at: NOW - 60_000 }),
      entry({ at: NOW - 60_000, nmId: 502, outcome: { kind: 'dry-run' } }),
    ]);
    await sink.append([
      entry({ advertId: 1002, outcome: { kind: 'rejected', status: 400, detail: 'wrong bid value' } }),
    ]);
    await sink.append([entry({ sellerId: OTHER })]);

    const all = await queryAudit(db, SELLER);
    expect(all).toHaveLength(3);
    expect(all.map((e) => e.at)).toEqual([NOW, NOW - 60_000, NOW - 60_000]);
    expect(all[0]).toMatchObject({ advertId: 1002, outcome: { kind: 'rejected', status: 400 } });
    expect(all[2]!.inputs).toEqual(entry().inputs);

    expect(await queryAudit(db, SELLER, { advertId: 1001 })).toHaveLength(2);
    expect((await queryAudit(db, SELLER, { nmId: 502 })).map((e) => e.outcome.kind)).toEqual(['dry-run']);
    expect(await queryAudit(db, SELLER, { outcome: 'accepted' })).toHaveLength(1);
    expect(await queryAudit(db, SELLER, {}, 1)).toHaveLength(1);
    expect(await queryAudit(db, OTHER)).toHaveLength(1);
    expect(await queryAudit(db, SELLER, { changesOnly: true })).toHaveLength(3);
    await sink.append([entry({ at: NOW + 1, oldBidKopecks: 600, newBidKopecks: 600, outcome: { kind: 'hold' } })]);
    expect(await queryAudit(db, SELLER, { changesOnly: true })).toHaveLength(3);
  });

  it('prunes the seller’s entries older than 90 days on append, and on demand', async () => {
    const db = new SellerLensDb(freshDbName());
    let now = NOW;
    const sink = createDbAuditSink(db, { now: () => now });
    await sink.append([entry({ at: NOW - 91 * DAY }), entry({ at: NOW - 89 * DAY }), entry({ at: NOW })]);
    expect((await queryAudit(db, SELLER)).map((e) => e.at)).toEqual([NOW, NOW - 89 * DAY]);
    await sink.append([entry({ sellerId: OTHER, at: NOW - 100 * DAY })]);
    // Another seller's append prunes only that seller's rows.
    expect(await queryAudit(db, OTHER)).toHaveLength(0);
    now = NOW + 2 * DAY;
    expect(await pruneAudit(db, SELLER, now)).toBe(1);
    expect((await queryAudit(db, SELLER)).map((e) => e.at)).toEqual([NOW]);
    // A shorter retention is a setting of the sink.
    const short = createDbAuditSink(db, { now: () => now, retentionDays: 1 });
    await short.append([entry({ at: now })]);
    expect((await queryAudit(db, SELLER)).map((e) => e.at)).toEqual([now]);
  });
});

describe('bidder rules and a seller’s removal', () => {
  it('stores rules per seller; removing the seller deletes its rules and audit log', async () => {
    const db = new SellerLensDb(freshDbName());
    await putRule(db, rule({ id: 'a' }));
    await putRule(db, rule({ id: 'b', advertId: 1002 }));
    await putRule(db, rule({ id: 'a', sellerId: OTHER }));
    expect((await sellerRules(db, SELLER)).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await sellerRules(db, SELLER))[0]!.mode).toBe('dry-run');
    expect(await deleteRule(db, SELLER, 'b')).toBe(true);
    expect(await deleteRule(db, SELLER, 'b')).toBe(false);
    await createDbAuditSink(db, { now: () => NOW }).append([entry(), entry({ sellerId: OTHER })]);

    await purgeSellerRows(db, SELLER);
    expect(await sellerRules(db, SELLER)).toEqual([]);
    expect(await queryAudit(db, SELLER)).toEqual([]);
    expect(await sellerRules(db, OTHER)).toHaveLength(1);
    expect(await queryAudit(db, OTHER)).toHaveLength(1);
  });

  it('opens a version-1 database and adds the bidder tables without touching its rows', async () => {
    const name = freshDbName();
    const Dexie = (await import('dexie')).default;
    const v1 = new Dexie(name);
    v1.version(1).stores({ campaigns: '[sellerId+advertId]', bids: '[sellerId+advertId+nmId]' });
    await v1.table('campaigns').put({ sellerId: SELLER, advertId: 1, name: 'old' });
    v1.close();
    const db = new SellerLensDb(name);
    expect(await db.campaigns.count()).toBe(1);
    expect(await db.bidderRules.count()).toBe(0);
    // Later versions (other tables) may follow; the bidder tables came with version 2.
    expect(db.verno).toBeGreaterThanOrEqual(2);
  });
});

describe('days of cover for the stock guard', () => {
  it('is the stock over the average daily orders of the last 14 full Moscow days', async () => {
    const db = new SellerLensDb(freshDbName());
    const stock = (nmId: number, warehouseId: number, quantity: number) => ({
      sellerId: SELLER,
      nmId,
      chrtId: 1,
      warehouseId,
      warehouseName: 'Коледино',
      regionName: 'Центральный',
      quantity,
      inWayToClient: 0,
      inWayFromClient: 0,
      snapshotAt: NOW,
    });
    const orders = (day: string, nmId: number, n: number) => ({
      sellerId: SELLER,
      day,
      nmId,
      region: 'Москва',
      okrug: '',
      country: 'Россия',
      orders: n,
      orderSum: 0,
      cancels: 0,
      cancelSum: 0,
      sales: 0,
      saleSum: 0,
      returns: 0,
      returnSum: 0,
      revenue: 0,
      forPay: 0,
    });
    expect((await daysOfCover(db, SELLER, NOW)).size).toBe(0);
    await db.stocks.bulkPut([stock(1, 1, 20), stock(1, 2, 8), stock(2, 1, 0), stock(3, 1, 5)]);
    // NOW is 2026-08-20 (Moscow): the window is 08-06 … 08-19; today's and older orders do not count.
    await addDayRows(db, [
      orders('2026-08-06', 1, 7),
      orders('2026-08-19', 1, 7),
      orders('2026-08-20', 1, 100),
      orders('2026-08-05', 1, 100),
      orders('2026-08-10', 2, 3),
    ]);
    const cover = await daysOfCover(db, SELLER, NOW);
    expect(cover.get(1)).toBe(28); // 28 in stock, 14 orders in 14 days
    expect(cover.get(2)).toBe(0); // none in stock
    expect(cover.has(3)).toBe(false); // in stock, no orders: unknown, the guard stays off
  });
});
