/**
 * The sync engine: runs each (seller, dataset) job when it is due, inside WB's limits, and records what happened.
 * It keeps nothing between pages that a stopped service worker would lose: every page is committed with its cursor,
 * and the next wake (an alarm, a message) simply runs what is due. It never waits long inline: when the limiter says
 * the next request is more than `inlineWaitMs` away, the job stops and is scheduled for that time.
 * Contexts: background.
 */
import { formatTimeMsk, t } from '../i18n';
import { purgeSellerRows, clearHistoryBefore } from '../db/seller-data';
import { DATASETS, isQuotaError, type Dataset, type SellerLensDb, type SyncStateRecord } from '../db/schema';
import { commitPage, getSyncState, initialState, putSyncState, sellerSyncStates } from '../db/sync-state';
import type { SellerView } from '../token/keyring';
import { operationKey, type Endpoint, type WbClient } from '../wb-api/client';
import type { Clock } from '../wb-api/clock';
import { WbApiError } from '../wb-api/errors';
import type { WbApi } from '../wb-api';
import { adsJob } from './ads';
import { cardsJob } from './cards';
import { financeJob } from './finance';
import type { DatasetJob, JobContext } from './job';
import { orderFeedJob } from './order-feed';
import { ordersJob } from './orders';
import { salesJob } from './sales';
import { errorBackoffMs, nextPollAt, POLL_SHARE, shareFor } from './schedule';
import type { SyncPrefs } from './settings';
import { stocksJob } from './stocks';

/** Every dataset's job, in the order a seller's run takes them (orders first: the panels need them most). */
export const JOBS: readonly DatasetJob[] = [ordersJob, salesJob, orderFeedJob, stocksJob, financeJob, adsJob, cardsJob];

export type DatasetState = 'backfill' | 'caught-up' | 'skipped' | 'error' | 'waiting';

/** What pages show of one dataset of a seller. */
export interface DatasetStatus {
  dataset: Dataset;
  state: DatasetState;
  running: boolean;
  rowsSoFar: number;
  pages: number;
  progress: number | null;
  /** When the next request of this dataset goes out (clock time), if it is scheduled. */
  nextAllowedAt: number | null;
  /** The data is as of this time. */
  lastSuccessAt: number | null;
  lastError: string | null;
  skipReason: string | null;
}

export interface SellerSyncStatus {
  sellerId: string;
  /** Why the seller's sync is stopped (storage full), or null. */
  stopped: string | null;
  datasets: DatasetStatus[];
}

export interface SyncEngineDeps {
  db: SellerLensDb;
  api: Pick<WbApi, 'client'>;
  keyring: { sellers(): Promise<SellerView[]> };
  clock: Clock;
  prefs: SyncPrefs;
  /** After each committed page and each finished job: pages may refetch the status. */
  onChange?: () => void;
  /** After a run: the earliest time something is due next (to set a wake-up alarm), or null. */
  onIdle?: (nextAt: number | null) => void;
  /** The longest the engine waits inline for the limiter before it reschedules instead (default 20 s). */
  inlineWaitMs?: number;
  jobs?: readonly DatasetJob[];
}

export interface RunOptions {
  /** Only this seller (default: every seller in the keyring). */
  sellerId?: string;
  /** The seller pressed «Синхронизировать сейчас»: due or not, within the whole limit. */
  manual?: boolean;
  signal?: AbortSignal;
}

export interface SyncEngine {
  /** Runs every due job (of one seller or all). Resolves when those runs end; never rejects. */
  runDue(opts?: RunOptions): Promise<void>;
  status(): Promise<SellerSyncStatus[]>;
  /** Stops the seller's run and deletes every row of the seller. */
  purgeSeller(sellerId: string): Promise<void>;
  /** Deletes the seller's history before a Moscow day (`YYYY-MM-DD`); returns the rows deleted. */
  clearHistory(sellerId: string, beforeDay: string): Promise<number>;
  /** The earliest nextRunAt over every seller's datasets, or null. */
  nextWakeAt(): Promise<number | null>;
  isRunning(): boolean;
}

/** The keyring's state for a seller: a skipped dataset is tried again once this changes. */
export function keyringKey(seller: SellerView | undefined): string {
  if (!seller) return '';
  return seller.tokens
    .map((tok) => `${tok.id}:${tok.type}:${tok.categories.join(',')}:${tok.readOnly}:${tok.status.kind}`)
    .sort()
    .join('|');
}

/** The client as one run may use it: within `share` of each limit, and never a long wait inline. */
export function runClient(client: WbClient, share: number, inlineWaitMs: number): WbClient {
  return {
    clock: client.clock,
    nextAllowedAt: (ep, sellerId, opts) => client.nextAllowedAt(ep, sellerId, opts ?? { share }),
    async call(ep, sellerId, opts = {}) {
      await notTooLong(ep, sellerId);
      return client.call(ep, sellerId, { ...opts, share });
    },
    async *stream(ep, sellerId, opts = {}) {
      await notTooLong(ep, sellerId);
      yield* client.stream(ep, sellerId, { ...opts, share });
    },
  };

  async function notTooLong(ep: Endpoint<unknown>, sellerId: string): Promise<void> {
    const at = await client.nextAllowedAt(ep, sellerId, { share });
    if (at - client.clock.now() > inlineWaitMs) {
      throw new WbApiError(
        'rate-limited',
        operationKey(ep),
        `Лимит WB: следующий запрос в ${formatTimeMsk(new Date(at))} МСК.`,
        {
          retryAt: at,
        },
      );
    }
  }
}

class Aborted extends Error {}

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, clock, prefs } = deps;
  const jobs = deps.jobs ?? JOBS;
  const inlineWaitMs = deps.inlineWaitMs ?? 20_000;
  const runs = new Map<string, { promise: Promise<void>; controller: AbortController; manualAgain: boolean }>();
  const runningDataset = new Map<string, Dataset>();
  const changed = () => deps.onChange?.();

  function isDue(state: SyncStateRecord, now: number, manual: boolean, key: string): boolean {
    if (state.skipReason !== null) return manual || state.skipKey !== key;
    if (manual) return true;
    return state.nextRunAt !== null && state.nextRunAt <= now;
  }

  /** Runs one job; returns 'quota' when storage is full (the seller's sync stops). */
  async function runJob(
    job: DatasetJob,
    stored: SyncStateRecord,
    sellerId: string,
    manual: boolean,
    key: string,
    signal: AbortSignal,
  ): Promise<'ok' | 'quota'> {
    const settings = await prefs.settings();
    const client = runClient(deps.api.client, shareFor(manual, stored.phase), inlineWaitMs);
    const ctx: JobContext & { state: SyncStateRecord } = {
      db,
      client,
      sellerId,
      state: { ...stored, lastRunAt: clock.now() },
      settings,
      now: () => clock.now(),
      signal,
      commit(tables, patch, write) {
        return ctx.commitBatch(tables, async () => ({ inserted: await write(), patch, pagesEnded: 1 }));
      },
      async commitBatch(tables, write) {
        // A worker stopped between the answer and the write loses the page (or the part), never a part of that.
        if (signal.aborted) throw new Aborted();
        ctx.state = await commitPage(db, tables, ctx.state, write);
        changed();
      },
    };
    let next: SyncStateRecord;
    try {
      runningDataset.set(sellerId, job.dataset);
      changed();
      await job.run(ctx);
      if (signal.aborted) throw new Aborted();
      const now = clock.now();
      let pollAt = now;
      for (const ep of job.endpoints) {
        const at = await deps.api.client.nextAllowedAt(ep, sellerId, { share: POLL_SHARE }).catch(() => now);
        pollAt = Math.max(pollAt, at);
      }
      next = {
        ...ctx.state,
        phase: 'incremental',
        progress: null,
        backfillDoneAt: ctx.state.backfillDoneAt ?? now,
        lastSuccessAt: now,
        lastError: null,
        lastErrorAt: null,
        errorCount: 0,
        skipReason: null,
        skipKey: null,
        nextRunAt: nextPollAt(now, job.dataset, settings.pollMinutes, pollAt),
      };
    } catch (err) {
      if (signal.aborted || err instanceof Aborted) return 'ok';
      if (isQuotaError(err)) {
        const message = t('syncStorageFull', undefined, 'ru');
        await prefs.setStop(sellerId, { message, at: clock.now() });
        await putSyncState(db, { ...ctx.state, lastError: message, lastErrorAt: clock.now(), nextRunAt: null }).catch(
          () => undefined,
        );
        return 'quota';
      }
      next = failedState(ctx.state, err, key);
    } finally {
      runningDataset.delete(sellerId);
    }
    try {
      await putSyncState(db, next);
    } catch (err) {
      if (signal.aborted) return 'ok';
      if (isQuotaError(err)) {
        await prefs.setStop(sellerId, { message: t('syncStorageFull', undefined, 'ru'), at: clock.now() });
        return 'quota';
      }
      throw err;
    }
    changed();
    return 'ok';
  }

  function failedState(state: SyncStateRecord, err: unknown, key: string): SyncStateRecord {
    const now = clock.now();
    if (err instanceof WbApiError) {
      switch (err.kind) {
        case 'rate-limited':
          // Planned waits and WB's own 429s: not an error the seller must act on; the time is shown.
          return { ...state, nextRunAt: err.retryAt ?? now + 60_000 };
        case 'no-token':
        case 'token-type':
          return { ...state, skipReason: err.message, skipKey: key, nextRunAt: null, lastError: null };
        default: {
          const errorCount = state.errorCount + 1;
          return {
            ...state,
            lastError: err.message,
            lastErrorAt: now,
            errorCount,
            nextRunAt: Math.max(err.retryAt ?? 0, now + errorBackoffMs(errorCount)),
          };
        }
      }
    }
    const errorCount = state.errorCount + 1;
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ...state,
      lastError: t('syncFailed', { detail }, 'ru'),
      lastErrorAt: now,
      errorCount,
      nextRunAt: now + errorBackoffMs(errorCount),
    };
  }

  async function runSeller(seller: SellerView, manual: boolean, signal: AbortSignal): Promise<void> {
    const { sellerId } = seller;
    const stop = (await prefs.stops())[sellerId];
    if (stop && !manual) return;
    if (stop) await prefs.setStop(sellerId, null);
    const key = keyringKey(seller);
    for (const job of jobs) {
      if (signal.aborted) return;
      const stored =
        (await getSyncState(db, sellerId, job.dataset)) ?? initialState(sellerId, job.dataset, clock.now());
      if (!isDue(stored, clock.now(), manual, key)) continue;
      if ((await runJob(job, stored, sellerId, manual, key, signal)) === 'quota') return;
    }
  }

  function startSeller(seller: SellerView, manual: boolean, outer?: AbortSignal): Promise<void> {
    const existing = runs.get(seller.sellerId);
    if (existing) {
      if (manual) existing.manualAgain = true;
      return existing.promise;
    }
    const controller = new AbortController();
    const onOuter = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onOuter, { once: true });
    if (outer?.aborted) controller.abort(outer.reason);
    const entry = { promise: Promise.resolve(), controller, manualAgain: false };
    entry.promise = (async () => {
      try {
        let again = manual;
        do {
          entry.manualAgain = false;
          await runSeller(seller, again, controller.signal).catch((err: unknown) => {
            console.warn('Seller Lens: sync run failed', err instanceof Error ? err.message : String(err));
          });
          again = entry.manualAgain;
        } while (again && !controller.signal.aborted);
      } finally {
        outer?.removeEventListener('abort', onOuter);
        runs.delete(seller.sellerId);
        changed();
      }
    })();
    runs.set(seller.sellerId, entry);
    return entry.promise;
  }

  async function nextWakeAt(): Promise<number | null> {
    let best: number | null = null;
    const stops = await prefs.stops();
    for (const seller of await deps.keyring.sellers()) {
      if (stops[seller.sellerId]) continue;
      const key = keyringKey(seller);
      const states = await sellerSyncStates(db, seller.sellerId);
      if (states.length < jobs.length) return clock.now();
      for (const s of states) {
        const at = s.skipReason !== null ? (s.skipKey === key ? null : clock.now()) : s.nextRunAt;
        if (at !== null && (best === null || at < best)) best = at;
      }
    }
    return best;
  }

  return {
    async runDue(opts = {}) {
      const sellers = (await deps.keyring.sellers()).filter((s) => !opts.sellerId || s.sellerId === opts.sellerId);
      await Promise.all(sellers.map((s) => startSeller(s, opts.manual ?? false, opts.signal)));
      if (deps.onIdle && runs.size === 0) deps.onIdle(await nextWakeAt().catch(() => null));
    },

    async status() {
      const now = clock.now();
      const stops = await prefs.stops();
      const out: SellerSyncStatus[] = [];
      for (const seller of await deps.keyring.sellers()) {
        const states = new Map((await sellerSyncStates(db, seller.sellerId)).map((s) => [s.dataset, s]));
        const running = runs.has(seller.sellerId) ? runningDataset.get(seller.sellerId) : undefined;
        out.push({
          sellerId: seller.sellerId,
          stopped: stops[seller.sellerId]?.message ?? null,
          datasets: DATASETS.filter((d) => jobs.some((j) => j.dataset === d)).map((d) =>
            datasetStatus(d, states.get(d), running === d, now),
          ),
        });
      }
      return out;
    },

    async purgeSeller(sellerId) {
      const run = runs.get(sellerId);
      if (run) {
        run.controller.abort(new Aborted());
        await run.promise.catch(() => undefined);
      }
      await purgeSellerRows(db, sellerId);
      await prefs.setStop(sellerId, null);
      changed();
    },

    async clearHistory(sellerId, beforeDay) {
      const deleted = await clearHistoryBefore(db, sellerId, beforeDay);
      // Space was freed: a sync stopped for storage may go on.
      await prefs.setStop(sellerId, null);
      changed();
      return deleted;
    },

    nextWakeAt,
    isRunning: () => runs.size > 0,
  };
}

function datasetStatus(dataset: Dataset, s: SyncStateRecord | undefined, running: boolean, now: number): DatasetStatus {
  if (!s) {
    return {
      dataset,
      state: 'backfill',
      running,
      rowsSoFar: 0,
      pages: 0,
      progress: null,
      nextAllowedAt: null,
      lastSuccessAt: null,
      lastError: null,
      skipReason: null,
    };
  }
  const scheduled = s.nextRunAt !== null && s.nextRunAt > now ? s.nextRunAt : null;
  const state: DatasetState =
    s.skipReason !== null
      ? 'skipped'
      : s.lastError !== null
        ? 'error'
        : s.phase === 'incremental'
          ? 'caught-up'
          : !running && scheduled !== null
            ? 'waiting'
            : 'backfill';
  return {
    dataset,
    state,
    running,
    rowsSoFar: s.rowsSoFar,
    pages: s.pages,
    progress: s.progress,
    nextAllowedAt: scheduled,
    lastSuccessAt: s.lastSuccessAt,
    lastError: s.lastError,
    skipReason: s.skipReason,
  };
}
