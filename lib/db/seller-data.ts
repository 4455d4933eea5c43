/**
 * A seller's data as a whole: deleting everything of a removed seller, and clearing history older than a day (rows
 * and their roll-ups together, so roll-ups stay equal to the rows they sum). Contexts: background.
 */
import { dayOf } from './orders';
import { clearPeriodRollupsBefore } from './period-rollups';
import { ofSeller, sellerTables, type SellerLensDb } from './schema';

/** Deletes every row of the seller, sync state included, in one transaction. */
export async function purgeSellerRows(db: SellerLensDb, sellerId: string): Promise<void> {
  const tables = sellerTables(db);
  await db.transaction('rw', tables, async () => {
    for (const t of tables) await ofSeller(t, sellerId).delete();
  });
}

/**
 * Deletes orders, sales and returns, order-feed rows, finance rows and ad stats dated before `day` (`YYYY-MM-DD`,
 * Moscow), with the roll-up days before it. Cursors stay: WB is not asked for the cleared history again.
 * Returns the number of rows deleted.
 */
export async function clearHistoryBefore(db: SellerLensDb, sellerId: string, day: string): Promise<number> {
  const tables = [db.orders, db.sales, db.orderFeed, db.finance, db.adStats, db.periodRollups];
  return db.transaction('rw', tables, async () => {
    let n = 0;
    n += await ofSeller(db.orders, sellerId)
      .filter((r) => dayOf(r.date) < day)
      .delete();
    n += await ofSeller(db.sales, sellerId)
      .filter((r) => dayOf(r.date) < day)
      .delete();
    n += await ofSeller(db.orderFeed, sellerId)
      .filter((r) => dayOf(r.createdAt) < day)
      .delete();
    n += await ofSeller(db.finance, sellerId)
      .filter((r) => r.rrDate.slice(0, 10) < day)
      .delete();
    n += await ofSeller(db.adStats, sellerId)
      .filter((r) => r.date < day)
      .delete();
    await clearPeriodRollupsBefore(db, sellerId, day);
    return n;
  });
}
