/**
 * Statistics pages stored in chunks, with a cursor inside the page: a worker stopped in the middle of a page resumes
 * from the last committed chunk and ends with exactly WB's rows, each counted once in the roll-up; a connection cut
 * mid-page is resumed from the committed chunk within the run; and chunks are not requests (the page count is the
 * request count). Each runs twice: every chunk its own transaction, and chunks that come promptly sharing one.
 */
import { describe, expect, it } from 'vitest';
import { ORDER_TABLES, putOrders, putSales, SALE_TABLES } from '../../../lib/db/orders';
import { SellerLensDb } from '../../../lib/db/schema';
import { sellerSyncStates } from '../../../lib/db/sync-state';
import type { DatasetJob } from '../../../lib/sync/job';
import { statisticsJob } from '../../../lib/sync/statistics';
import { ordersEndpoint, salesEndpoint, type OrderRow, type SaleRow } from '../../../lib/wb-api/statistics';
import { SELLER_A } from '../../sim';
import { Rng } from '../../sim/prng';
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
import { killingDb, rig, syncUntilIdle, type Rig } from './helpers';

const PAGE = 400;
const CHUNK = 60;

/** The two statistics jobs, counting the chunks they store and the transactions they commit. */
function countedJobs(transactionMs: number | undefined) {
  const counts = { chunks: 0, transactions: 0 };
  const counted =
    <A extends unknown[]>(put: (...a: A) => Promise<number>) =>
    (...a: A) => {
      counts.chunks++;
      return put(...a);
    };
  const countingCommits = (job: DatasetJob): DatasetJob => ({
    ...job,
    run: (ctx) =>
      job.run({
        ...ctx,
        commitBatch: (...a) => {
          counts.transactions++;
          return ctx.commitBatch(...a);
        },
        get state() {
          return ctx.state;
        },
      }),
  });
  const opts = { chunkRows: CHUNK, transactionMs };
  const jobs = [
    countingCommits(statisticsJob<OrderRow>('orders', ordersEndpoint, ORDER_TABLES, counted(putOrders), opts)),
    countingCommits(statisticsJob<SaleRow>('sales', salesEndpoint, SALE_TABLES, counted(putSales), opts)),
  ];
  return { jobs, counts };
}

function seller(seed = 1) {
  return rig(
    {
      seed,
      orders: 1500,
      statisticsPageCap: PAGE,
      sellers: [{ id: SELLER_A, historyDays: 80, products: 150, campaigns: 4 }],
    },
    { categories: ['statistics'] },
    { pageRows: { orders: PAGE, sales: PAGE } },
  );
}

async function expectExact(r: Rig) {
  const o = r.sim.dataset.orders;
  await expectOrders(r.db, r.sellerId, visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH)));
  await expectSales(r.db, r.sellerId, visibleSales(o, lastOkSec(r.sim, SALES_PATH)));
  await expectRollupMatchesRows(r.db, r.sellerId);
  const states = await sellerSyncStates(r.db, r.sellerId);
  expect(states.map((s) => [s.dataset, s.phase, s.lastError]).sort()).toEqual([
    ['orders', 'incremental', null],
    ['sales', 'incremental', null],
  ]);
}

describe.each([
  { mode: 'one transaction per chunk', transactionMs: 0, stopAtCommit: 9 },
  { mode: 'chunks sharing a transaction', transactionMs: undefined, stopAtCommit: 2 },
])('statistics pages stored in chunks, $mode', ({ transactionMs, stopAtCommit }) => {
  it('store every row once, with one request per page (chunks are not requests)', async () => {
    const r = await seller();
    const { jobs, counts } = countedJobs(transactionMs);
    await syncUntilIdle(r, r.engine({ jobs }));
    await expectExact(r);
    if (transactionMs === 0) expect(counts.transactions).toBe(counts.chunks);
    else {
      // A page's chunks come at once from the in-process simulator: far fewer transactions than chunks.
      expect(counts.chunks).toBeGreaterThan(3 * counts.transactions);
      expect(counts.transactions).toBeGreaterThanOrEqual(r.sim.requests.length);
    }
    const states = await sellerSyncStates(r.db, r.sellerId);
    for (const [dataset, path] of [
      ['orders', ORDERS_PATH],
      ['sales', SALES_PATH],
    ] as const) {
      const requests = r.sim.requests.filter((q) => q.path === path);
      expect(requests.length).toBeGreaterThan(2);
      expect(states.find((s) => s.dataset === dataset)!.pages).toBe(requests.length);
    }
    expect(r.sim.requests.filter((q) => q.status !== 200)).toEqual([]);
  }, 60_000);

  it('a worker stopped inside a chunk’s transaction, mid-page, resumes to exact rows and roll-ups', async () => {
    let midPage = 0;
    const { jobs } = countedJobs(transactionMs);
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = await seller(seed);
      const k = new Rng(seed * 31).int(4, 60);
      const stopped = new AbortController();
      const stop = () => stopped.abort(new Error('the worker was stopped'));
      const asked: string[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        const url = new URL(String(input));
        if (url.pathname === ORDERS_PATH || url.pathname === SALES_PATH)
          asked.push(`${url.pathname} ${url.searchParams.get('dateFrom')}`);
        return r.sim.fetch(input, init);
      };
      const first = r.engine({ jobs, db: killingDb(r.dbName, k, stop), fetch });
      for (let run = 0; run < 50 && !stopped.signal.aborted; run++) {
        await first.runDue({ signal: stopped.signal });
        const next = await first.nextWakeAt();
        if (next !== null && next > r.clock.now()) r.clock.set(next);
      }
      expect(stopped.signal.aborted).toBe(true);
      // Where it stopped: a cursor that no request started from is one inside a page.
      for (const s of await sellerSyncStates(r.db, r.sellerId)) {
        const from = (s.cursor as { dateFrom?: string } | null)?.dateFrom;
        const path = s.dataset === 'orders' ? ORDERS_PATH : SALES_PATH;
        if (s.phase === 'backfill' && from && !asked.includes(`${path} ${from}`)) midPage++;
      }

      await syncUntilIdle(r, r.engine({ jobs, db: new SellerLensDb(r.dbName) }));
      await expectExact(r);
    }
    // Chunk by chunk, some stops leave a cursor inside a page (sharing transactions, only when a chunk came late).
    if (transactionMs === 0) expect(midPage).toBeGreaterThan(0);
  }, 120_000);

  it('a worker stopped between chunks (its signal) resumes from the last committed chunk', async () => {
    const r = await seller(7);
    const stopped = new AbortController();
    const { jobs, counts } = countedJobs(transactionMs);
    const counting = r.engine({
      jobs,
      onChange: () => {
        if (counts.transactions === stopAtCommit) stopped.abort(new Error('the worker was stopped'));
      },
    });
    await counting.runDue({ signal: stopped.signal });
    expect(stopped.signal.aborted).toBe(true);
    const state = (await r.db.syncState.get([r.sellerId, 'orders']))!;
    expect(state.phase).toBe('backfill');
    expect(state.rowsSoFar).toBeGreaterThan(0);
    await syncUntilIdle(r, r.engine({ jobs }));
    await expectExact(r);
  }, 60_000);

  it('a connection cut mid-page is resumed within the run from the committed chunk, nothing lost', async () => {
    const r = await seller(8);
    const { jobs } = countedJobs(transactionMs);
    let cut = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const res = await r.sim.fetch(input, init);
      const url = new URL(String(input));
      // The second orders page breaks off at 70% of its bytes, once.
      if (url.pathname !== ORDERS_PATH || r.sim.requests.filter((q) => q.path === ORDERS_PATH).length !== 2) return res;
      cut++;
      const bytes = new Uint8Array(await res.arrayBuffer());
      const end = Math.floor(bytes.length * 0.7);
      let at = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (at >= end) return controller.error(new TypeError('network error'));
          controller.enqueue(bytes.slice(at, Math.min(end, at + 4096)));
          at += 4096;
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    };
    await syncUntilIdle(r, r.engine({ jobs, fetch }));
    expect(cut).toBe(1);
    await expectExact(r);
    // The third orders request continued inside the second page: from a row of it, not from its start.
    const orders = r.sim.requests.filter((q) => q.path === ORDERS_PATH);
    expect(orders[2]!.query.dateFrom! > orders[1]!.query.dateFrom!).toBe(true);
    const states = await sellerSyncStates(r.db, r.sellerId);
    expect(states.every((s) => s.lastError === null)).toBe(true);
  }, 60_000);
});

describe('statistics chunks sharing a transaction', () => {
  it('commit what they hold when the next chunk is late, and go on in another', async () => {
    const r = await seller(9);
    const { jobs, counts } = countedJobs(undefined);
    let stalls = 0;
    const fetch: typeof globalThis.fetch = async (input, init) => {
      const res = await r.sim.fetch(input, init);
      const url = new URL(String(input));
      // The second orders answer stalls for 200 ms (NEXT_CHUNK_WAIT_MS is 50) after a third of its bytes.
      if (url.pathname !== ORDERS_PATH || r.sim.requests.filter((q) => q.path === ORDERS_PATH).length !== 2) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      const stallAt = Math.floor(bytes.length / 3);
      let at = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (at >= bytes.length) return controller.close();
          if (at >= stallAt && stalls === 0) {
            stalls++;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          controller.enqueue(bytes.slice(at, Math.min(bytes.length, at + 4096)));
          at += 4096;
        },
      });
      return new Response(body, { status: res.status, headers: res.headers });
    };
    await syncUntilIdle(r, r.engine({ jobs, fetch }));
    expect(stalls).toBe(1);
    await expectExact(r);
    // Without the stall, a transaction per answer; the stalled answer's chunks were committed in two (or more).
    expect(counts.transactions).toBeGreaterThan(r.sim.requests.length);
  }, 60_000);
});
