import { describe, expect, it } from 'vitest';
import { ofSeller } from '../../../lib/db/schema';
import { sellerSyncStates } from '../../../lib/db/sync-state';
import { SELLER_A, type FaultHandle } from '../../sim';
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
import { rig, syncUntilIdle, type Rig } from './helpers';

const PAGE = 200;
const FINANCE_PATH = '/api/finance/v1/sales-reports/detailed';

function seller() {
  return rig(
    { orders: 1200, statisticsPageCap: PAGE, sellers: [{ id: SELLER_A, historyDays: 80 }] },
    {},
    { pageRows: { orders: PAGE, sales: PAGE } },
  );
}

async function expectExact(r: Rig) {
  const o = r.sim.dataset.orders;
  await expectOrders(r.db, r.sellerId, visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH)));
  await expectSales(r.db, r.sellerId, visibleSales(o, lastOkSec(r.sim, SALES_PATH)));
  await expectRollupMatchesRows(r.db, r.sellerId);
  const d = r.sim.dataset;
  const at = lastOkSec(r.sim, FINANCE_PATH);
  const [lo, hi] = d.finance.range('weekly', 0, Math.floor(at / 86_400) + 1, at);
  expect(await ofSeller(r.db.finance, r.sellerId).count()).toBe(hi - lo);
  const states = await sellerSyncStates(r.db, r.sellerId);
  expect(states.every((s) => s.phase === 'incremental' && s.lastError === null)).toBe(true);
}

const SCENARIOS: [string, (r: Rig) => FaultHandle[]][] = [
  [
    'a storm of 429s',
    (r) => [
      r.sim.faults.rateLimitBurst({ count: 12, retryAfterSec: 30, path: ORDERS_PATH }),
      r.sim.faults.rateLimitBurst({ count: 3, retryAfterSec: 90, path: SALES_PATH }),
    ],
  ],
  [
    '429s without WB’s headers',
    (r) => [r.sim.faults.rateLimitBurst({ count: 6, omitHeaders: true, path: ORDERS_PATH })],
  ],
  [
    '5xx answers',
    (r) => [
      r.sim.faults.serverError({ count: 5, status: 502, path: ORDERS_PATH }),
      r.sim.faults.serverError({ count: 2, status: 503, path: SALES_PATH }),
      r.sim.faults.serverError({ count: 6, status: 500, path: FINANCE_PATH }),
    ],
  ],
  ['timeouts', (r) => [r.sim.faults.slow({ count: 5, ms: 400, realTime: true, path: ORDERS_PATH })]],
  [
    'truncated JSON',
    (r) => [
      r.sim.faults.truncatedJson({ count: 3, path: ORDERS_PATH }),
      r.sim.faults.truncatedJson({ count: 1, path: FINANCE_PATH }),
    ],
  ],
  ['network errors', (r) => [r.sim.faults.networkError({ count: 7, path: /supplier/ })]],
];

describe('faults end every run with 0 rows lost and 0 duplicated', () => {
  for (const [name, inject] of SCENARIOS) {
    it(
      name,
      async () => {
        const r = await seller();
        // The faults start after the first orders page, in the middle of the backfill.
        const handles: FaultHandle[] = [];
        let injected = false;
        const origFetch = r.sim.fetch;
        const e = r.engine({
          fetch: async (input, init) => {
            const res = await origFetch(input, init);
            if (!injected && String(input).includes(ORDERS_PATH)) {
              injected = true;
              handles.push(...inject(r));
            }
            return res;
          },
        });
        await syncUntilIdle(r, e);
        for (const h of handles) expect(h.fired()).toBeGreaterThan(0);
        await expectExact(r);
        // WB's own buckets never refused a request.
        expect(r.sim.requests.filter((q) => q.reason === 'rate-limit')).toEqual([]);
      },
      60_000,
    );
  }

  it('after a 429 the engine waits what WB said before asking again', async () => {
    const r = await seller();
    r.sim.faults.rateLimitBurst({ count: 8, retryAfterSec: 45, path: ORDERS_PATH });
    await syncUntilIdle(r);
    const calls = r.sim.requests.filter((q) => q.path === ORDERS_PATH);
    for (let k = 0; k + 1 < calls.length; k++) {
      if (calls[k]!.status === 429) expect(calls[k + 1]!.time - calls[k]!.time).toBeGreaterThanOrEqual(45_000);
    }
    await expectExact(r);
  }, 60_000);

  it('schema drift stores nothing of the changed page, says so in Russian, and the next run completes', async () => {
    const r = await seller();
    r.sim.faults.schemaDrift({ count: 1, mode: 'wrong-type', field: 'nmId', path: ORDERS_PATH });
    const engine = r.engine();
    await engine.runDue();
    const state = (await r.db.syncState.get([r.sellerId, 'orders']))!;
    expect(state.lastError).toMatch(/^WB изменил формат ответа GET \/api\/v1\/supplier\/orders: поле «0\.nmId»/);
    expect(await ofSeller(r.db.orders, r.sellerId).count()).toBe(0);
    const status = (await engine.status())[0]!.datasets.find((d) => d.dataset === 'orders')!;
    expect([status.state, status.lastError]).toEqual(['error', state.lastError]);
    expect(status.nextAllowedAt).toBeGreaterThan(r.clock.now());
    await syncUntilIdle(r, engine);
    await expectExact(r);
  }, 60_000);
});
