/**
 * `npm run bench`'s hooks inside the service worker, as `globalThis.__sellerLensBench`. Only the bench build
 * (`wxt build --mode bench`) installs them: the background calls `installBench` behind
 * `import.meta.env.MODE === 'bench'`, so production bundles do not contain this module (a test greps for it).
 * Everything here drives the real code (sync engine, jobs, puts, roll-ups, WB client, bidder) with a virtual clock
 * whose sleeps advance time at once, so WB's limits are kept (and counted) but never waited for.
 * Contexts: background (bench build only).
 */
import { createMemoryAuditLog } from '../bidder/audit';
import { createBidderMemory, type RejectionRecord } from '../bidder/memory';
import { newRule, withMode, type Rule } from '../bidder/rules';
import { runBidderCheck } from '../bidder/runner';
import { loadGeography, loadOverview, loadSkus } from '../analytics/load';
import type { Totals } from '../analytics/overview';
import { countOrders, countSales } from '../db/orders';
import { periodRollupsOf } from '../db/period-rollups';
import { ofSeller, SellerLensDb, type DailyOrdersRecord } from '../db/schema';
import { createSyncEngine } from '../sync/engine';
import { ordersJob } from '../sync/orders';
import { salesJob } from '../sync/sales';
import type { DatasetJob } from '../sync/job';
import { memorySyncPrefs } from '../sync/settings';
import { decodeStoredToken } from '../token/decode';
import type { SellerView } from '../token/keyring';
import { createWbApi } from '../wb-api';
import type { Clock } from '../wb-api/clock';
import { createLimiter } from '../wb-api/limiter';
import { callTimer } from './timed-calls';
import { kopecks } from '../db/rollups';

/** The header that tells the simulator (on the Node side) the bench's virtual time of a request. */
export const BENCH_CLOCK_HEADER = 'x-seller-lens-bench-now';

interface VirtualClock extends Clock {
  advance(ms: number): void;
}

function virtualClock(start: number): VirtualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      if (ms > 0) t += ms;
    },
  };
}

/** An in-memory keyring of one token (the real one lives in storage, where the background would start syncing it). */
function oneTokenKeyring(raw: string) {
  const info = decodeStoredToken(raw);
  if (!info) throw new Error('bench: not a WB token');
  const status = { kind: 'ok' as const, checkedAt: 0 };
  const view: SellerView = {
    sellerId: info.sellerId,
    name: null,
    capabilities: [],
    tokens: [
      {
        id: info.id,
        sellerId: info.sellerId,
        label: 'bench',
        masked: '…',
        type: info.type,
        categories: info.categories,
        readOnly: info.readOnly,
        sandbox: info.sandbox,
        expiresAt: info.expiresAt.getTime(),
        addedAt: 0,
        status,
      },
    ],
  };
  return {
    sellerId: info.sellerId,
    tokenFor: async (sellerId: string) => (sellerId === info.sellerId ? { raw, info, status } : null),
    setStatus: async () => undefined,
    sellers: async () => [view],
  };
}

/**
 * Where a backfill's time goes: Dexie's table methods (bulkGet, bulkPut, …) are wrapped once, on the prototype
 * (tables are reached through getters, so instance fields would be bypassed), to sum their time per table while
 * `spent` is set. The wrapped calls run inside the page transactions as before; the overhead is a
 * `performance.now()` pair per call.
 */
let tableSpent: Record<string, number> | null = null;
function profileTables(db: SellerLensDb): Record<string, number> {
  const proto = Object.getPrototypeOf(db.orders) as Record<string, unknown> & { __benchWrapped?: boolean };
  if (!proto.__benchWrapped) {
    proto.__benchWrapped = true;
    for (const method of ['bulkGet', 'bulkPut', 'bulkAdd', 'bulkDelete', 'get', 'put', 'toArray']) {
      const original = proto[method];
      if (typeof original !== 'function') continue;
      proto[method] = function (this: { name: string }, ...args: unknown[]) {
        const spent = tableSpent;
        const t0 = performance.now();
        const out = (original as (...a: unknown[]) => unknown).apply(this, args);
        if (!spent) return out;
        const key = `${this.name}.${method}`;
        const add = () => {
          spent[key] = (spent[key] ?? 0) + performance.now() - t0;
        };
        if (out && typeof (out as PromiseLike<unknown>).then === 'function')
          (out as PromiseLike<unknown>).then(add, add);
        else add();
        return out;
      };
    }
  }
  tableSpent = {};
  return tableSpent;
}

/** Real time the bench lets pass between bidder checks (virtual 30 s apart, as the alarm runs them). */
const BIDDER_IDLE_MS = 500;

/** A job whose commits (the page transactions, with everything in them) are timed. */
function timedJob(job: DatasetJob, spent: { commitMs: number; commits: number }): DatasetJob {
  return {
    ...job,
    run(ctx) {
      const timed = new Proxy(ctx, {
        get(target, prop, receiver) {
          if (prop !== 'commit' && prop !== 'commitBatch') return Reflect.get(target, prop, receiver) as unknown;
          const inner = target[prop] as (...a: unknown[]) => Promise<void>;
          return async (...args: unknown[]) => {
            const t0 = performance.now();
            try {
              await inner.apply(target, args);
            } finally {
              spent.commitMs += performance.now() - t0;
              spent.commits++;
            }
          };
        },
      });
      return job.run(timed);
    },
  };
}

/** fetch that stamps each request with the virtual time and counts requests. */
function clockedFetch(clock: Clock, counter: { requests: number }): typeof fetch {
  return (input, init) => {
    counter.requests++;
    const headers = new Headers(init?.headers);
    headers.set(BENCH_CLOCK_HEADER, String(clock.now()));
    return fetch(input, { ...init, headers });
  };
}

/**
 * clockedFetch that also times WB's side of each exchange: from the request until the whole body has arrived (the
 * simulator computing and sending it). The body is read here and handed on whole, as the bidder's calls read it.
 */
function answerTimedFetch(clock: Clock, counter: { requests: number; answerMs: number }): typeof fetch {
  const inner = clockedFetch(clock, counter);
  return async (input, init) => {
    const t0 = performance.now();
    const res = await inner(input, init);
    const body = await res.arrayBuffer();
    counter.answerMs += performance.now() - t0;
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** The overview of a period from the roll-up: the figures the dashboard's first section shows. */
function overviewOf(rows: readonly DailyOrdersRecord[]) {
  const o = { orders: 0, orderSum: 0, cancels: 0, sales: 0, saleSum: 0, returns: 0, forPay: 0 };
  for (const r of rows) {
    o.orders += r.orders;
    o.orderSum += r.orderSum;
    o.cancels += r.cancels;
    o.sales += r.sales;
    o.saleSum += r.saleSum;
    o.returns += r.returns;
    o.forPay += r.forPay;
  }
  return o;
}

function pick(t: Totals) {
  const { orders = 0, orderSum = 0, cancels = 0, sales = 0, saleSum = 0, returns = 0, forPay = 0 } = t;
  return { orders, orderSum, cancels, sales, saleSum, returns, forPay };
}

export interface BenchCampaign {
  advertId: number;
  nmIds: number[];
  minBid: number;
}

export const bench = {
  /** A full orders + sales backfill through the sync engine on a virtual clock, into a fresh database. */
  async backfill(o: { token: string; dbName: string; startMs: number }) {
    const clock = virtualClock(o.startMs);
    const keyring = oneTokenKeyring(o.token);
    const counter = { requests: 0 };
    const db = new SellerLensDb(o.dbName);
    await db.open();
    const tables = profileTables(db);
    const commits = { commitMs: 0, commits: 0 };
    const api = createWbApi({ keyring, fetch: clockedFetch(clock, counter), clock, limiter: createLimiter(clock) });
    const engine = createSyncEngine({
      db,
      api,
      keyring,
      clock,
      prefs: memorySyncPrefs(),
      jobs: [timedJob(ordersJob, commits), timedJob(salesJob, commits)],
      // Virtual waits cost nothing: wait for WB's next allowed request inline instead of rescheduling.
      inlineWaitMs: 24 * 3_600_000,
    });
    const { ms } = await timed(() => engine.runDue({ manual: true }));
    const status = await engine.status();
    const errors = status.flatMap((s) =>
      s.datasets.filter((d) => d.lastError).map((d) => `${d.dataset}: ${d.lastError}`),
    );
    const orders = await countOrders(db, keyring.sellerId);
    const sales = await countSales(db, keyring.sellerId);
    const daily = await db.periodRollups.count();
    db.close();
    tableSpent = null;
    const profile = { ...commits, streamMs: ms - commits.commitMs, tables };
    return {
      ms,
      orders,
      sales,
      daily,
      requests: counter.requests,
      virtualMs: clock.now() - o.startMs,
      errors,
      profile,
    };
  },

  /**
   * Plain `bulkPut` of the rows already stored in `fromDb` (read back untimed) into a fresh `toDb`, `pageRows` rows a
   * transaction. `order`: 'arrival' writes them in the order WB sent them (`lastChangeDate`, as the sync does),
   * 'key' in primary-key order (sequential inserts, the easiest case for IndexedDB's LevelDB store).
   */
  async rawBulkPut(o: { fromDb: string; toDb: string; pageRows: number; order: 'arrival' | 'key' }) {
    const from = new SellerLensDb(o.fromDb);
    const to = new SellerLensDb(o.toDb);
    await Promise.all([from.open(), to.open()]);
    let ms = 0;
    let rows = 0;
    for (const name of ['orders', 'sales'] as const) {
      const src = from.table(name);
      const dst = to.table(name);
      const keyPath = src.schema.primKey.keyPath as string[];
      const keyOf = (row: Record<string, unknown>) => keyPath.map((k) => row[k]) as [string, string];
      const put = async (page: unknown[]) => {
        const t = await timed(() => to.transaction('rw', dst, () => dst.bulkPut(page)));
        ms += t.ms;
        rows += page.length;
      };
      if (o.order === 'arrival') {
        // WB's order: by lastChangeDate (its own order within one second is not kept; by key there).
        const order: { at: string; key: [string, string] }[] = [];
        await src.toCollection().each((row: Record<string, unknown>) => {
          order.push({ at: row.lastChangeDate as string, key: keyOf(row) });
        });
        order.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        for (let i = 0; i < order.length; i += o.pageRows) {
          const page = await src.bulkGet(order.slice(i, i + o.pageRows).map((x) => x.key));
          await put(page);
        }
        continue;
      }
      let last: unknown = null;
      for (;;) {
        const coll = last === null ? src.toCollection() : src.where(':id').above(last);
        const page = await coll.limit(o.pageRows).toArray();
        if (page.length === 0) break;
        last = keyOf(page[page.length - 1] as Record<string, unknown>);
        await put(page);
      }
    }
    from.close();
    to.close();
    return { ms, rows };
  },

  /**
   * The dashboard's sections' reads (the period roll-ups of the period, then the figures), `reps` times each, and a
   * full scan of the raw orders and sales computing the same overview.
   */
  async panels(o: { dbName: string; sellerId: string; fromDay: string; toDay: string; reps: number; scans: number }) {
    const db = new SellerLensDb(o.dbName);
    await db.open();
    // The analytics loaders the dashboard's sections call (lib/analytics/load.ts): request to figures.
    const period = { from: o.fromDay, to: o.toDay };
    const samples = { overview: [] as number[], regions: [] as number[], sku: [] as number[], scan: [] as number[] };
    let fromRollup = overviewOf([]);
    for (let i = 0; i < o.reps; i++) {
      const ov = await timed(() => loadOverview(db, o.sellerId, period));
      samples.overview.push(ov.ms);
      fromRollup = { ...overviewOf([]), ...pick(ov.value.now.totals) };
      samples.regions.push((await timed(() => loadGeography(db, o.sellerId, period))).ms);
      samples.sku.push((await timed(() => loadSkus(db, o.sellerId, period))).ms);
    }
    let fromScan = overviewOf([]);
    const inPeriod = (date: string) => date.slice(0, 10) >= o.fromDay && date.slice(0, 10) <= o.toDay;
    for (let i = 0; i < o.scans; i++) {
      const t = await timed(async () => {
        const s = { orders: 0, orderSum: 0, cancels: 0, sales: 0, saleSum: 0, returns: 0, forPay: 0 };
        await ofSeller(db.orders, o.sellerId).each((r) => {
          if (!inPeriod(r.date)) return;
          s.orders++;
          s.orderSum += kopecks(r.priceWithDisc);
          if (r.isCancel) s.cancels++;
        });
        await ofSeller(db.sales, o.sellerId).each((r) => {
          if (!inPeriod(r.date)) return;
          s.forPay += kopecks(r.forPay);
          if (r.saleID.startsWith('R')) s.returns++;
          else {
            s.sales++;
            s.saleSum += kopecks(r.priceWithDisc);
          }
        });
        return s;
      });
      samples.scan.push(t.ms);
      fromScan = t.value;
    }
    // What the sections read: the period roll-up records of the regions and SKU sections (months, weeks, days).
    let rollupRows = 0;
    for (const dim of ['region', 'sku'] as const) {
      rollupRows += (await periodRollupsOf(db, o.sellerId, dim, o.fromDay, o.toDay)).length;
    }
    db.close();
    return {
      overviewMs: median(samples.overview),
      regionsMs: median(samples.regions),
      skuMs: median(samples.sku),
      scanMs: median(samples.scan),
      rollupRows,
      samples,
      fromRollup,
      fromScan,
    };
  },

  /** Bytes the extension's origin stores (IndexedDB and the rest). */
  async storageUsage() {
    const e = await navigator.storage.estimate();
    return e.usage ?? 0;
  },

  async deleteDb(name: string) {
    await new SellerLensDb(name).delete();
  },

  /** `checks` bidder checks 30 s apart (virtual) over every item of `campaigns`, with one memory across them. */
  async bidder(o: { token: string; startMs: number; campaigns: BenchCampaign[]; checks: number }) {
    const clock = virtualClock(o.startMs);
    const keyring = oneTokenKeyring(o.token);
    const counter = { requests: 0, answerMs: 0 };
    const wbApi = createWbApi({
      keyring,
      fetch: answerTimedFetch(clock, counter),
      clock,
      limiter: createLimiter(clock),
    });
    // Time inside the WB client's calls (limits, the request, reading and checking the answer), apart from the runner.
    const inClient = callTimer();
    const api = { ...wbApi, client: inClient.wrap(wbApi.client), promotion: inClient.wrap(wbApi.promotion) };
    const rules: Rule[] = o.campaigns.flatMap((c) =>
      c.nmIds.map((nmId) =>
        withMode(
          newRule({
            sellerId: keyring.sellerId,
            advertId: c.advertId,
            nmId,
            placement: 'combined',
            strategy: { kind: 'target-position', target: 3 },
            maxBidKopecks: c.minBid + 10_000,
            stepKopecks: 1000,
            deadZone: 0,
          }),
          'live',
        ),
      ),
    );
    const memory = createBidderMemory();
    const audit = createMemoryAuditLog({ now: () => clock.now() });
    const rejections = new Map<string, RejectionRecord>();
    const checks: {
      ms: number;
      apiMs: number;
      answerMs: number;
      calls: number;
      decisions: number;
      writes: number;
      skipped: number;
    }[] = [];
    for (let i = 0; i < o.checks; i++) {
      const before = counter.requests;
      inClient.ms = 0;
      counter.answerMs = 0;
      const t = await timed(() =>
        runBidderCheck({
          api,
          sellerId: keyring.sellerId,
          rules,
          settings: { killSwitch: false },
          clock,
          audit,
          daysOfCover: () => null,
          rejections,
          memory,
          tokenType: 'personal',
        }),
      );
      checks.push({
        ms: t.ms,
        apiMs: inClient.ms,
        answerMs: counter.answerMs,
        calls: counter.requests - before,
        decisions: t.value.decisions.length,
        writes: t.value.writes.length,
        skipped: t.value.skipped.length,
      });
      clock.advance(30_000);
      // Checks are 30 s apart: the worker is idle between them (its garbage collected then, not in the next check).
      await new Promise((resolve) => setTimeout(resolve, BIDDER_IDLE_MS));
    }
    return { rules: rules.length, checks };
  },
};

export type SellerLensBench = typeof bench;

/** Exposes the bench hooks to `serviceWorker.evaluate`. */
export function installBench(): void {
  (globalThis as { __sellerLensBench?: SellerLensBench }).__sellerLensBench = bench;
}
