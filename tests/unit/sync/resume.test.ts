/**
 * Stop-and-resume: the engine is stopped at a random point of a multi-page backfill (seeded): as a request goes out,
 * when an answer has arrived but is not yet written, or inside a page's write transaction. A new engine over the same
 * database (a restarted service worker, with the rate-limit buckets it persisted) then runs to the end, and every
 * dataset has exactly WB's rows.
 */
import { describe, expect, it } from 'vitest';
import { ofSeller, SellerLensDb } from '../../../lib/db/schema';
import { sellerSyncStates } from '../../../lib/db/sync-state';
import { SELLER_A } from '../../sim';
import { Rng } from '../../sim/prng';
import { mskDay } from '../../sim/msk-time';
import {
  expectOrders,
  expectRollupMatchesRows,
  expectSales,
  feedStatuses,
  lastOkSec,
  ORDERS_PATH,
  SALES_PATH,
  visibleOrders,
  visibleSales,
} from './expected';
import { killingDb, rig, syncUntilIdle } from './helpers';

const PAGE = 120;
const SEEDS = Array.from({ length: 24 }, (_, i) => i + 1);
type Mode = 'as a request goes out' | 'before the answer is written' | 'inside the write transaction';
const MODES: Mode[] = ['as a request goes out', 'before the answer is written', 'inside the write transaction'];

describe('a backfill stopped at a random point resumes to exact counts', () => {
  for (const seed of SEEDS) {
    const rng = new Rng(seed * 7919);
    const mode = MODES[seed % MODES.length]!;
    const k = rng.int(2, 16);
    it(`seed ${seed}: stopped ${mode} (#${k})`, async () => {
      const r = await rig(
        {
          seed,
          orders: 900,
          statisticsPageCap: PAGE,
          sellers: [{ id: SELLER_A, historyDays: 80, products: 150, campaigns: 10 }],
        },
        {},
        { pageRows: { orders: PAGE, sales: PAGE } },
      );
      const stopped = new AbortController();
      const stop = () => stopped.abort(new Error('the worker was stopped'));
      let started = 0;
      let answered = 0;
      const fetch: typeof globalThis.fetch = async (input, init) => {
        if (mode === 'as a request goes out' && ++started === k) stop();
        const res = await r.sim.fetch(input, init);
        if (mode === 'before the answer is written' && ++answered === k) stop();
        return res;
      };
      const db = mode === 'inside the write transaction' ? killingDb(r.dbName, k, stop) : r.db;
      const first = r.engine({ db, fetch });
      for (let run = 0; run < 50 && !stopped.signal.aborted; run++) {
        await first.runDue({ signal: stopped.signal });
        const next = await first.nextWakeAt();
        if (next !== null && next > r.clock.now()) r.clock.set(next);
      }
      expect(stopped.signal.aborted).toBe(true);
      const before = await sellerSyncStates(r.db, r.sellerId);
      expect(before.some((s) => s.phase === 'backfill') || before.length < 7).toBe(true);

      // The worker starts again: a new engine, a new connection to the same database.
      await syncUntilIdle(r, r.engine({ db: new SellerLensDb(r.dbName) }));

      const d = r.sim.dataset;
      const o = d.orders;
      await expectOrders(r.db, r.sellerId, visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH)));
      await expectSales(r.db, r.sellerId, visibleSales(o, lastOkSec(r.sim, SALES_PATH)));
      await expectRollupMatchesRows(r.db, r.sellerId);
      const feedAt = lastOkSec(r.sim, '/api/analytics/v1/order-feed');
      const feed = await ofSeller(r.db.orderFeed, r.sellerId).toArray();
      expect(new Map(feed.map((f) => [f.srid, f.status]))).toEqual(feedStatuses(o, feedAt));
      expect(await ofSeller(r.db.stocks, r.sellerId).count()).toBe(d.stocks.length);
      const financeAt = lastOkSec(r.sim, '/api/finance/v1/sales-reports/detailed');
      const [lo, hi] = d.finance.range('weekly', mskDay(financeAt) - 365, mskDay(financeAt), financeAt);
      expect(await ofSeller(r.db.finance, r.sellerId).count()).toBe(hi - lo);
      expect(await ofSeller(r.db.cards, r.sellerId).count()).toBe(d.products.length);
      expect(await ofSeller(r.db.campaigns, r.sellerId).count()).toBe(
        d.campaigns.filter((c) => c.status !== -1).length,
      );
      const states = await sellerSyncStates(r.db, r.sellerId);
      expect(states.map((s) => [s.dataset, s.phase, s.lastError])).toEqual(
        states.map((s) => [s.dataset, 'incremental', null]),
      );
    }, 60_000);
  }
});
