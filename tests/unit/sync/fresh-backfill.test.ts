/**
 * A backfill that starts on an empty table skips the lookup of stored versions for rows that cannot be stored yet
 * (mayBeStored): past the committed cursor and dated before the backfill began. These tests change and add rows
 * in the middle of such a backfill (WB sends a changed row again, later in the same pass) and check that rows and
 * roll-ups stay exact, and that the lookups were in fact skipped.
 */
import type { DBCore, DBCoreGetManyRequest, DBCoreTable } from 'dexie';
import { describe, expect, it } from 'vitest';
import { SellerLensDb } from '../../../lib/db/schema';
import { mayBeStored, STATISTICS_CHANGE_LAG_MS } from '../../../lib/sync/statistics';
import { mskDateFrom } from '../../../lib/wb-api/statistics';
import { SELLER_A } from '../../sim';
import {
  expectOrders,
  expectRollupMatchesRows,
  expectSales,
  lastOkSec,
  ORDERS_PATH,
  SALES_PATH,
  visibleOrders,
  visibleSales,
} from './expected';
import { rig, syncUntilIdle } from './helpers';

const MIN = 60_000;
const PAGE = 200;

/** Counts the keys looked up (bulkGet) per table on a connection. */
function countingLookups(db: SellerLensDb): Map<string, number> {
  const keys = new Map<string, number>();
  db.use({
    stack: 'dbcore',
    name: 'count-lookups',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const table = down.table(name);
          return {
            ...table,
            getMany(req: DBCoreGetManyRequest) {
              keys.set(name, (keys.get(name) ?? 0) + req.keys.length);
              return table.getMany(req);
            },
          };
        },
      };
    },
  });
  return keys;
}

describe('mayBeStored', () => {
  const at = (ms: number) => ({ lastChangeDate: mskDateFrom(ms) });
  const T0 = Date.UTC(2026, 10, 20, 12);
  const cursorMs = T0 - 40 * 86_400_000;

  it('looks up every row outside a fresh backfill', () => {
    expect(mayBeStored(null, 'backfill')).toBeUndefined();
    expect(mayBeStored({ dateFrom: mskDateFrom(cursorMs), startMs: 0 }, 'backfill')).toBeUndefined();
    expect(mayBeStored({ dateFrom: mskDateFrom(cursorMs), freshSince: T0 }, 'incremental')).toBeUndefined();
  });

  it('in a fresh backfill: rows at or before the cursor, and rows changed since it began, may be stored', () => {
    const may = mayBeStored({ dateFrom: mskDateFrom(cursorMs), freshSince: T0 }, 'backfill')!;
    expect(may(at(cursorMs - 1000))).toBe(true);
    expect(may(at(cursorMs))).toBe(true);
    expect(may(at(cursorMs + 1000))).toBe(false);
    expect(may(at(T0 - STATISTICS_CHANGE_LAG_MS - 1000))).toBe(false);
    expect(may(at(T0 - STATISTICS_CHANGE_LAG_MS))).toBe(true);
    expect(may(at(T0 + 3_600_000))).toBe(true);
  });

  it('before the first commit nothing is stored but rows changed since the start', () => {
    const may = mayBeStored({ startMs: 0, freshSince: T0 }, 'backfill')!;
    expect(may(at(T0 - 30 * 86_400_000))).toBe(false);
    expect(may(at(T0))).toBe(true);
  });
});

describe('a backfill on an empty table', () => {
  it('stays exact when rows change and arrive while it runs, and skips most lookups', async () => {
    const r = await rig(
      { orders: 1500, statisticsPageCap: PAGE, sellers: [{ id: SELLER_A, historyDays: 80 }] },
      {},
      { pageRows: { orders: PAGE, sales: PAGE } },
    );
    const lookups = countingLookups(r.db);
    // After the second page of orders, orders change (cancellations: WB sends them again later in the same pass,
    // dated now) and new ones arrive.
    let ordersPages = 0;
    let changed: unknown[] = [];
    const fetchMidway: typeof fetch = async (input, init) => {
      const res = await r.sim.fetch(input, init);
      if (new URL(String(input)).pathname === ORDERS_PATH && res.status === 200 && ++ordersPages === 2) {
        r.clock.advance(5 * MIN);
        changed = r.sim.mutate.changeOrders(60, { cancelShare: 0.5 });
        r.sim.mutate.addOrders(30);
      }
      return res;
    };
    await syncUntilIdle(r, r.engine({ fetch: fetchMidway }));
    expect(ordersPages).toBeGreaterThan(3);

    const o = r.sim.dataset.orders;
    const expected = visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH));
    await expectOrders(r.db, r.sellerId, expected);
    await expectSales(r.db, r.sellerId, visibleSales(r.sim.dataset.orders, lastOkSec(r.sim, SALES_PATH)));
    await expectRollupMatchesRows(r.db, r.sellerId);
    // Changed rows already stored were replaced, not added (their lookups found them).
    expect(changed.length).toBeGreaterThan(0);
    // Far fewer keys looked up than rows stored: only boundary rows and rows changed since the start.
    const stored = expected.size;
    expect(lookups.get('orders') ?? 0).toBeLessThan(stored / 4);
  }, 60_000);
});
