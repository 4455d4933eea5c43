import { describe, expect, it } from 'vitest';
import { ofSeller, type OrderRecord, type SaleRecord } from '../../../lib/db/schema';
import { SELLER_A } from '../../sim';
import {
  expectOrders,
  expectRollupMatchesRows,
  rollupTotals,
  expectSales,
  lastOkSec,
  ORDERS_PATH,
  SALES_PATH,
  visibleOrders,
  visibleSales,
} from './expected';
import { rig, syncUntilIdle } from './helpers';

const MIN = 60_000;
const DAY = 86_400_000;
const PAGE = 200;

function seller(historyDays = 80) {
  return rig(
    { orders: 1500, statisticsPageCap: PAGE, sellers: [{ id: SELLER_A, historyDays }] },
    {},
    { pageRows: { orders: PAGE, sales: PAGE } },
  );
}

describe('incremental runs', () => {
  it('pick up exactly the rows that changed since the last run, and leave the others as they were', async () => {
    const r = await seller();
    await syncUntilIdle(r);
    const before = new Map((await ofSeller(r.db.orders, r.sellerId).toArray()).map((o) => [o.srid, o]));
    const previousAt = lastOkSec(r.sim, ORDERS_PATH);
    const requestsBefore = r.sim.requests.length;

    r.clock.advance(6 * MIN);
    const changed = r.sim.mutate.changeOrders(40);
    // Unpaid orders never show in statistics (they do in the order feed).
    const added = r.sim.mutate.addOrders(25).filter((f) => !f.unconfirmed);
    await r.engine().runDue(); // one tick of the alarm

    const o = r.sim.dataset.orders;
    const at = lastOkSec(r.sim, ORDERS_PATH);
    const expected = visibleOrders(o, at);
    await expectOrders(r.db, r.sellerId, expected);
    // One request brought them (fewer than a page changed), and only changed orders differ from before.
    const ordersCalls = r.sim.requests.slice(requestsBefore).filter((q) => q.path === ORDERS_PATH);
    expect(ordersCalls).toHaveLength(1);
    const after = new Map((await ofSeller(r.db.orders, r.sellerId).toArray()).map((x) => [x.srid, x]));
    const addedIds = new Set(added.map((f) => f.srid));
    for (let i = 0; i < o.count; i++) {
      const srid = o.srid(i);
      if (!after.has(srid)) continue;
      if (!before.has(srid)) {
        // New since the last run: the orders WB added (some with a lastChangeDate before that run, as WB's
        // half-hourly loads do), or orders that first appeared since.
        expect(addedIds.has(srid) || o.created[i]! > previousAt, srid).toBe(true);
      } else if (o.orderLastChange(i, at) <= previousAt) {
        expect(after.get(srid), srid).toEqual(before.get(srid));
      }
    }
    for (const f of added) expect(after.has(f.srid)).toBe(true);
    for (const f of changed) {
      expect(after.get(f.srid)!.lastChangeDate).toBe(expected.get(f.srid)!.lastChangeDate);
      expect(after.get(f.srid)).not.toEqual(before.get(f.srid));
    }
    const appeared = [...Array(o.count).keys()].filter(
      (i) => !addedIds.has(o.srid(i)) && o.orderVisible(i, at) && !o.orderVisible(i, previousAt),
    ).length;
    expect(after.size).toBe(before.size + added.length + appeared);
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);

  it('pick up an order WB loads late, with a lastChangeDate before the last one already seen', async () => {
    const r = await seller();
    await syncUntilIdle(r);
    // An order placed now moves the cursor up to now.
    r.sim.mutate.changeOrders(3);
    await r.engine().runDue({ manual: true });
    const cursorBefore = (await r.db.syncState.get([r.sellerId, 'orders']))!.cursor!.dateFrom as string;
    r.clock.advance(60_000);
    // New orders placed up to 10 minutes ago: WB's half-hourly load brings them with their own (older) times.
    const added = r.sim.mutate.addOrders(30).filter((f) => !f.unconfirmed);
    const o = r.sim.dataset.orders;
    const late = added.filter(
      (f) => JSON.parse(o.orderJson(f.index, Math.floor(r.clock.now() / 1000))).lastChangeDate < cursorBefore,
    );
    expect(late.length).toBeGreaterThan(0);
    await r.engine().runDue({ manual: true }); // «Синхронизировать сейчас»
    for (const f of added) expect(await r.db.orders.get([r.sellerId, f.srid]), f.srid).toBeDefined();
    await expectOrders(r.db, r.sellerId, visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH)));
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);

  it('follow cancellations, returns and sales whose forPay arrives a day later, with exact roll-ups', async () => {
    const r = await seller();
    await syncUntilIdle(r);
    const o = r.sim.dataset.orders;
    const salesOf = async () => new Map((await ofSeller(r.db.sales, r.sellerId).toArray()).map((s) => [s.saleID, s]));
    let lateForPay = 0;
    let newCancels = 0;
    for (let day = 1; day <= 3; day++) {
      const salesBefore = await salesOf();
      const cancelledBefore = new Set(
        (await ofSeller(r.db.orders, r.sellerId).toArray()).filter((x) => x.isCancel).map((x) => x.srid),
      );
      r.clock.advance(DAY);
      await syncUntilIdle(r);
      await expectOrders(r.db, r.sellerId, visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH)));
      await expectSales(r.db, r.sellerId, visibleSales(o, lastOkSec(r.sim, SALES_PATH)));
      await expectRollupMatchesRows(r.db, r.sellerId);
      const salesAfter = await salesOf();
      for (const [id, s] of salesAfter) if (salesBefore.get(id)?.forPay === 0 && s.forPay !== 0) lateForPay++;
      const orders = await ofSeller(r.db.orders, r.sellerId).toArray();
      newCancels += orders.filter((x) => x.isCancel && !cancelledBefore.has(x.srid)).length;
    }
    // The three days did exercise what they are meant to.
    expect(lateForPay).toBeGreaterThan(0);
    expect(newCancels).toBeGreaterThan(0);
    const sales = [...(await salesOf()).values()];
    const returns = sales.filter((s) => s.saleID.startsWith('R'));
    expect(returns.length).toBeGreaterThan(0);
    expect(returns.every((s) => s.forPay <= 0)).toBe(true);

    // The roll-up's forPay and revenue equal WB's figures summed independently, in kopecks.
    const at = lastOkSec(r.sim, SALES_PATH);
    let wbForPay = 0;
    let wbRevenue = 0;
    for (let s = 0; s < o.saleCount; s++) {
      if (!o.saleVisible(s, at)) continue;
      const f = o.saleFacts(s);
      const filled = f.fillSec <= at;
      wbForPay += filled ? Math.round(f.forPay * 100) : 0;
      wbRevenue += filled ? Math.round(f.finishedPrice * 100) : 0;
    }
    const rollup = await rollupTotals(r.db, r.sellerId);
    expect(rollup.forPay).toBe(wbForPay);
    expect(rollup.revenue).toBe(wbRevenue);
    expect(rollup.returns).toBe(returns.length);
  }, 60_000);

  it('keep history WB no longer returns (beyond its 90-day window)', async () => {
    const r = await seller(120);
    await syncUntilIdle(r);
    const o = r.sim.dataset.orders;
    const first = visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH));
    const firstSales = visibleSales(o, lastOkSec(r.sim, SALES_PATH));
    for (let k = 0; k < 4; k++) {
      r.clock.advance(5 * DAY);
      await syncUntilIdle(r);
    }
    const last = visibleOrders(o, lastOkSec(r.sim, ORDERS_PATH));
    const dropped = [...first.keys()].filter((s) => !last.has(s));
    expect(dropped.length).toBeGreaterThan(100);
    const stored: OrderRecord[] = await ofSeller(r.db.orders, r.sellerId).toArray();
    const storedIds = new Set(stored.map((x) => x.srid));
    expect(storedIds).toEqual(new Set([...first.keys(), ...last.keys()]));
    const storedSales: SaleRecord[] = await ofSeller(r.db.sales, r.sellerId).toArray();
    for (const id of firstSales.keys()) expect(storedSales.some((s) => s.saleID === id)).toBe(true);
    await expectRollupMatchesRows(r.db, r.sellerId);
  }, 60_000);
});
