/** The schema upgrade to version 5: the daily roll-up goes, everything else stays as it was. */
import { describe, expect, it } from 'vitest';
import { fillDemo } from '../../../lib/demo/demo-service';
import { DEMO_SELLER_ID } from '../../../lib/demo/state';
import { ORDER_TABLES, putOrders } from '../../../lib/db/orders';
import { ofSeller, SellerLensDb } from '../../../lib/db/schema';
import type { OrderRow } from '../../../lib/wb-api/statistics';
import { freshDbName } from '../sync/helpers';
import { DbV4 } from './old-schemas';

const NOW = Date.parse('2026-01-20T12:00:00+03:00');
const S = DEMO_SELLER_ID;

const COPIED = ['orders', 'sales', 'orderFeed', 'stocks', 'campaigns', 'adStats', 'cards', 'periodRollups'] as const;

describe('schema upgrade to version 5', () => {
  it('drops the daily roll-up and keeps every other row, and the roll-ups go on from the raw rows', async () => {
    const source = new SellerLensDb(freshDbName());
    await fillDemo(source, NOW);
    const copies = await Promise.all(COPIED.map((t) => source.table(t).toArray()));
    expect(copies.every((rows) => rows.length > 0)).toBe(true);

    const name = freshDbName();
    const v4 = new DbV4(name);
    await v4.open();
    await Promise.all(COPIED.map((t, i) => v4.table(t).bulkPut(copies[i]!)));
    await v4
      .table('dailyOrders')
      .put({ sellerId: S, day: '2026-01-01', nmId: 1, region: 'Москва', okrug: '', country: 'Россия', orders: 1 });
    await v4.table('bidderRules').put({ sellerId: S, id: 'r1', name: 'rule' });
    v4.close();

    const db = new SellerLensDb(name);
    await db.open();
    expect(db.verno).toBe(5);
    expect(db.tables.map((t) => t.name)).not.toContain('dailyOrders');
    expect(Array.from(db.backendDB().objectStoreNames)).not.toContain('dailyOrders');
    for (const [i, t] of COPIED.entries()) {
      expect(await db.table(t).toArray(), t).toEqual(copies[i]);
    }
    expect(await db.bidderRules.get([S, 'r1'])).toEqual({ sellerId: S, id: 'r1', name: 'rule' });

    // A later write keeps the upgraded roll-ups exact: the demo's first order again, cancelled, moves one order
    // of its day into the cancellations.
    const first = (await ofSeller(db.orders, S).first())!;
    const day = first.date.slice(0, 10);
    const totalOf = async () => (await db.periodRollups.get([S, 'total', 'day', day]))!.counters.slice(0, 4);
    const before = await totalOf();
    const row = { ...first, isCancel: !first.isCancel, cancelDate: '0001-01-01T00:00:00' } as unknown as OrderRow;
    await db.transaction('rw', ORDER_TABLES(db), () => putOrders(db, S, [row]));
    const after = await totalOf();
    const sign = first.isCancel ? -1 : 1;
    const sum = Math.round(first.priceWithDisc * 100);
    expect([...after]).toEqual([before[0], before[1], before[2]! + sign, before[3]! + sign * sum]);
    source.close();
    db.close();
  }, 60_000);
});
