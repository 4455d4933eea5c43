/**
 * Demo mode: fills the demo seller with generated data through the same writes sync uses (orders and sales through
 * the roll-up-maintaining puts), and removes it with one call. The flag lives in local storage so every page can
 * label the demo seller «Демо». Contexts: background (writes); the flag is read by extension pages too.
 */
import { putFeed } from '../db/order-feed';
import { ORDER_TABLES, putOrders, putSales, SALE_TABLES } from '../db/orders';
import { DATASETS, ofSeller, sellerTables, type SellerLensDb } from '../db/schema';
import { putStocks } from '../db/stocks';
import { initialState } from '../db/sync-state';
import type { Handlers } from '../messaging';
import { generateDemo } from './generate';
import { DEMO_SELLER_ID, demoItem } from './state';

async function clearDemo(db: SellerLensDb): Promise<void> {
  const tables = sellerTables(db);
  await db.transaction('rw', tables, async () => {
    for (const t of tables) await ofSeller(t, DEMO_SELLER_ID).delete();
  });
}

/** Replaces the demo seller's data with freshly generated data ending at `now`. Returns the number of orders. */
export async function fillDemo(db: SellerLensDb, now: number = Date.now()): Promise<number> {
  const data = generateDemo(now);
  const id = DEMO_SELLER_ID;
  await clearDemo(db);
  await db.transaction('rw', [...new Set([...ORDER_TABLES(db), ...SALE_TABLES(db)])], async () => {
    await putOrders(db, id, data.orders);
    await putSales(db, id, data.sales);
  });
  await db.transaction(
    'rw',
    [db.orderFeed, db.stocks, db.finance, db.campaigns, db.adStats, db.cards, db.syncState],
    async () => {
      await putFeed(db, id, data.feed);
      await putStocks(db, id, data.stocks, now, true);
      await db.finance.bulkPut(data.finance.map((r) => ({ ...r, sellerId: id })));
      await db.campaigns.bulkPut(data.campaigns.map((r) => ({ ...r, sellerId: id })));
      await db.adStats.bulkPut(data.adStats.map((r) => ({ ...r, sellerId: id })));
      await db.cards.bulkPut(data.cards.map((r) => ({ ...r, sellerId: id })));
      await db.syncState.bulkPut(
        DATASETS.map((d) => ({
          ...initialState(id, d, now),
          phase: 'incremental' as const,
          backfillDoneAt: now,
          lastRunAt: now,
          lastSuccessAt: now,
          nextRunAt: null,
        })),
      );
    },
  );
  await demoItem.setValue({ on: true, filledAt: now });
  return data.orders.length;
}

/** Removes every demo row and the flag. */
export async function removeDemo(db: SellerLensDb): Promise<void> {
  await clearDemo(db);
  await demoItem.setValue({ on: false, filledAt: null });
}

/** The demo messages of the background. */
export function demoHandlers(db: SellerLensDb): Handlers {
  return {
    'demo.fill': async () => ({ ok: true, orders: await fillDemo(db) }),
    'demo.remove': async () => {
      await removeDemo(db);
      return { ok: true };
    },
  };
}
