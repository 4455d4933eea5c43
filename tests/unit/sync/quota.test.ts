import type { DBCore, DBCoreMutateRequest, DBCoreTable } from 'dexie';
import { describe, expect, it } from 'vitest';
import { ofSeller, SellerLensDb } from '../../../lib/db/schema';
import { t } from '../../../lib/i18n';
import { SELLER_A } from '../../sim';
import { expectOrders, expectRollupMatchesRows, lastOkSec, ORDERS_PATH, visibleOrders } from './expected';
import { rig, syncUntilIdle } from './helpers';

const PAGE = 200;

/** A database that refuses to store more orders after `allowed` writes while `full()` says so. */
function fullDisk(name: string, allowed: number, full: () => boolean): SellerLensDb {
  const db = new SellerLensDb(name);
  let writes = 0;
  db.use({
    stack: 'dbcore',
    name: 'quota',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(tableName: string): DBCoreTable {
          const table = down.table(tableName);
          if (tableName !== 'orders') return table;
          return {
            ...table,
            mutate(req: DBCoreMutateRequest) {
              if (full() && req.type === 'put' && ++writes > allowed) {
                return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
              }
              return table.mutate(req);
            },
          };
        },
      };
    },
  });
  return db;
}

describe('storage full', () => {
  it('stops the seller’s sync with a clear message, keeps what is stored, and goes on when the seller asks', async () => {
    const r = await rig(
      { orders: 1500, statisticsPageCap: PAGE, sellers: [{ id: SELLER_A, historyDays: 80 }] },
      {},
      { pageRows: { orders: PAGE, sales: PAGE } },
    );
    let full = true;
    const engine = r.engine({ db: fullDisk(r.dbName, 2, () => full), fetch: r.recordingFetch });
    await engine.runDue();

    const message = t('syncStorageFull', undefined, 'ru');
    expect((await r.prefs.stops())[r.sellerId]?.message).toBe(message);
    const status = (await engine.status())[0]!;
    expect(status.stopped).toBe(message);
    expect(status.datasets.find((d) => d.dataset === 'orders')!.lastError).toBe(message);
    // The two pages stored before the disk filled up are kept, exactly.
    const pages = r.recorded.filter((x) => x.path === ORDERS_PATH);
    const kept = new Set(pages.slice(0, 2).flatMap((p) => p.keys));
    const stored = await ofSeller(r.db.orders, r.sellerId).toArray();
    expect(new Set(stored.map((o) => o.srid))).toEqual(kept);
    await expectRollupMatchesRows(r.db, r.sellerId);
    // Nothing else ran, and the alarms do not start it again.
    const requests = r.sim.requests.length;
    expect(r.sim.requests.every((q) => q.path === ORDERS_PATH)).toBe(true);
    for (let k = 0; k < 10; k++) {
      r.clock.advance(10 * 60_000);
      await engine.runDue();
    }
    expect(r.sim.requests.length).toBe(requests);

    // Space freed; «Синхронизировать сейчас» goes on from where it stopped.
    full = false;
    await engine.runDue({ manual: true });
    expect((await r.prefs.stops())[r.sellerId]).toBeUndefined();
    await syncUntilIdle(r, engine);
    await expectOrders(r.db, r.sellerId, visibleOrders(r.sim.dataset.orders, lastOkSec(r.sim, ORDERS_PATH)));
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);
});
