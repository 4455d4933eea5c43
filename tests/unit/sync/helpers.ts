/**
 * A sync engine wired to the WB simulator on a shared virtual clock, a fresh fake-indexeddb database per test,
 * and helpers that compute what the engine should have stored from the simulator's dataset, independently.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTable } from 'dexie';
import { SellerLensDb, type Dataset } from '../../../lib/db/schema';
import { sellerSyncStates } from '../../../lib/db/sync-state';
import { createSyncEngine, type SyncEngineDeps } from '../../../lib/sync/engine';
import { memorySyncPrefs, type SyncSettings } from '../../../lib/sync/settings';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { createLimiter, type LimiterSnapshot } from '../../../lib/wb-api/limiter';
import { createWbSimulator, type SimTokenOptions, type WbSimulatorOptions } from '../../sim';
import { createVirtualClock } from '../../helpers/virtual-clock';

let dbCounter = 0;

export function freshDbName(): string {
  return `seller-lens-test-${Date.now()}-${++dbCounter}-${Math.random().toString(36).slice(2)}`;
}

export interface Rig {
  sim: ReturnType<typeof createWbSimulator>;
  clock: ReturnType<typeof createVirtualClock>;
  keyring: ReturnType<typeof createKeyring>;
  db: SellerLensDb;
  dbName: string;
  sellerId: string;
  prefs: ReturnType<typeof memorySyncPrefs>;
  limiterSnapshot: { value: LimiterSnapshot };
  /** A new engine over the same database, keyring and persisted limiter: a restarted service worker. */
  engine(extra?: Partial<SyncEngineDeps> & { fetch?: typeof fetch }): ReturnType<typeof createSyncEngine>;
  /** The recorded statistics answers (url and rows' keys), when the engine was built with `recordingFetch`. */
  recorded: { path: string; url: string; body: string | null; keys: string[] }[];
  /** A fetch that answers through the simulator and records what statistics pages carried. */
  recordingFetch: typeof fetch;
}

export async function rig(
  simOpts: WbSimulatorOptions = {},
  tokenOpts: SimTokenOptions = {},
  settings: Partial<SyncSettings> = {},
): Promise<Rig> {
  const sim = createWbSimulator({ orders: 3000, ...simOpts });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const added = await keyring.add(sim.token(tokenOpts));
  if (!added.ok) throw new Error(added.error.message);
  const dbName = freshDbName();
  const db = new SellerLensDb(dbName);
  const prefs = memorySyncPrefs(settings);
  const limiterSnapshot = { value: {} as LimiterSnapshot };
  const recorded: Rig['recorded'] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await sim.fetch(input, init);
    const url = String(input);
    const path = new URL(url).pathname;
    const text = await res.clone().text();
    let keys: string[] = [];
    if (res.status === 200 && path.startsWith('/api/v1/supplier/')) {
      try {
        keys = (JSON.parse(text) as { srid?: string; saleID?: string }[]).map((r) => r.saleID ?? r.srid ?? '');
      } catch {
        keys = [];
      }
    }
    recorded.push({ path, url, body: typeof init?.body === 'string' ? init.body : null, keys });
    return res;
  };
  const store = {
    load: async () => structuredClone(limiterSnapshot.value),
    save: async (s: LimiterSnapshot) => void (limiterSnapshot.value = structuredClone(s)),
  };
  return {
    sim,
    clock,
    keyring,
    db,
    dbName,
    sellerId: added.token.sellerId,
    prefs,
    limiterSnapshot,
    recorded,
    recordingFetch,
    engine(extra = {}) {
      const api = createWbApi({
        keyring,
        fetch: extra.fetch ?? sim.fetch,
        clock,
        limiter: createLimiter(clock, store),
        random: () => 0.5,
        timeoutMs: 200,
      });
      return createSyncEngine({ db, api, keyring, clock, prefs, ...extra });
    },
  };
}

/** Runs the engine as alarms would: whenever something is due, until every dataset has caught up or is skipped. */
export async function syncUntilIdle(
  r: Rig,
  engine = r.engine(),
  opts: { maxRuns?: number; datasets?: readonly Dataset[] } = {},
): Promise<number> {
  const max = opts.maxRuns ?? 200;
  for (let runs = 1; runs <= max; runs++) {
    await engine.runDue();
    const states = await sellerSyncStates(r.db, r.sellerId);
    const pending = states.filter(
      (s) => s.skipReason === null && (s.phase === 'backfill' || s.lastError !== null || s.nextRunAt! <= r.clock.now()),
    );
    if (states.length > 0 && pending.length === 0) return runs;
    const next = Math.min(...pending.map((s) => s.nextRunAt ?? Infinity));
    if (Number.isFinite(next) && next > r.clock.now()) r.clock.set(next);
  }
  throw new Error(`sync did not settle in ${max} runs`);
}

/** A database connection that "stops the worker" at its k-th put (of any table): that transaction never commits. */
export function killingDb(name: string, k: number, stop: () => void): SellerLensDb {
  const db = new SellerLensDb(name);
  let writes = 0;
  db.use({
    stack: 'dbcore',
    name: 'stop-the-worker',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(tableName: string): DBCoreTable {
          const table = down.table(tableName);
          return {
            ...table,
            mutate(req: DBCoreMutateRequest) {
              if (req.type === 'put' && ++writes === k) {
                stop();
                return Promise.reject(new Error('the worker was stopped'));
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
