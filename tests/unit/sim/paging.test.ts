// @vitest-environment node
/**
 * Paging every paged endpoint to the end, the way a client does, and comparing what it got with counts computed
 * independently from the generated facts (not from the simulator's paging code).
 */
import { describe, expect, it } from 'vitest';
import { createWbSimulator, type OrderFacts, type WbSimulator } from '../../sim/index';
import { call, HOSTS, mskDateOf, parseMsk } from './helpers';

const DAY = 86_400;

type Row = Record<string, unknown>;

/** Pages a statistics report by lastChangeDate, upserting by `key`; stops at []. */
async function syncStatistics(
  sim: WbSimulator,
  token: string,
  report: 'orders' | 'sales',
  dateFrom: string,
  key: 'srid' | 'saleID',
  into = new Map<string, Row>(),
): Promise<{ rows: Map<string, Row>; pages: number; repeats: number; lastDateFrom: string; pageSizes: number[] }> {
  let from = dateFrom;
  let pages = 0;
  let repeats = 0;
  const pageSizes: number[] = [];
  const seenThisSync = new Set<string>();
  for (;;) {
    const res = await call(sim, 'GET', `${HOSTS.statistics}/api/v1/supplier/${report}?dateFrom=${from}`, { token });
    expect(res.status).toBe(200);
    const rows = res.json as Row[];
    pages++;
    pageSizes.push(rows.length);
    if (rows.length === 0) break;
    for (let k = 1; k < rows.length; k++) {
      expect(parseMsk(rows[k]!.lastChangeDate as string)).toBeGreaterThanOrEqual(
        parseMsk(rows[k - 1]!.lastChangeDate as string),
      );
    }
    for (const r of rows) {
      const id = r[key] as string;
      if (seenThisSync.has(id)) repeats++;
      seenThisSync.add(id);
      into.set(id, r);
    }
    from = rows[rows.length - 1]!.lastChangeDate as string;
    expect(pages).toBeLessThan(1000);
  }
  return { rows: into, pages, repeats, lastDateFrom: from, pageSizes };
}

/** Orders the statistics API shows at `nowSec`, from the facts. */
function visibleOrders(facts: OrderFacts[], nowSec: number): OrderFacts[] {
  return facts.filter((f) => !f.unconfirmed && f.createdSec <= nowSec && f.dateSec >= nowSec - 90 * DAY);
}

function lastChange(f: OrderFacts, nowSec: number): number {
  let t = f.createdSec;
  if (f.cancelSec !== null && f.cancelSec <= nowSec) t = Math.max(t, f.cancelSec);
  if (f.touchedSec !== null && f.touchedSec <= nowSec) t = Math.max(t, f.touchedSec);
  return t;
}

function allOrderFacts(sim: WbSimulator): OrderFacts[] {
  const o = sim.dataset.orders;
  return Array.from({ length: o.count }, (_, i) => o.facts(i));
}

describe('statistics: orders (flag=0) paged by lastChangeDate', () => {
  it('pages to [] with the boundary row repeated, and upserting by srid gives exactly the visible orders', async () => {
    const sim = createWbSimulator({ orders: 4000, statisticsPageCap: 700, rateLimits: false });
    const token = sim.token({ categories: ['statistics'] });
    const nowSec = sim.clock.now() / 1000;
    const { rows, pages, repeats, pageSizes } = await syncStatistics(sim, token, 'orders', '2026-01-01', 'srid');
    const expected = visibleOrders(allOrderFacts(sim), nowSec);
    expect(rows.size).toBe(expected.length);
    expect(new Set(rows.keys())).toEqual(new Set(expected.map((f) => f.srid)));
    expect(pages).toBeGreaterThan(5);
    expect(pageSizes.slice(0, -1).every((n) => n > 0 && n <= 700)).toBe(true);
    expect(pageSizes[pageSizes.length - 1]).toBe(0);
    // Every page after the first starts with the previous page's last row again (>=).
    expect(repeats).toBeGreaterThanOrEqual(pages - 2);
    for (const f of expected) {
      const r = rows.get(f.srid)!;
      expect(parseMsk(r.lastChangeDate as string)).toBe(lastChange(f, nowSec));
      expect(parseMsk(r.date as string)).toBe(f.dateSec);
      const cancelled = f.cancelSec !== null && f.cancelSec <= nowSec;
      expect(r.isCancel).toBe(cancelled);
      expect(r.cancelDate).toBe(
        cancelled ? new Date((f.cancelSec! + 3 * 3600) * 1000).toISOString().slice(0, 19) : '0001-01-01T00:00:00',
      );
      expect(r.nmId).toBe(f.nmId);
      expect(r.gNumber).toBe(f.gNumber);
    }
    // Baskets: orders placed together share gNumber and date.
    const byBasket = new Map<string, Set<string>>();
    for (const r of rows.values())
      byBasket.set(r.gNumber as string, (byBasket.get(r.gNumber as string) ?? new Set()).add(r.date as string));
    expect([...byBasket.values()].every((dates) => dates.size === 1)).toBe(true);
    expect([...byBasket.keys()].length).toBeLessThan(rows.size);
  });

  it('strict >= mode repeats the boundary row instead of answering []', async () => {
    const sim = createWbSimulator({ orders: 300, statisticsEmptyAtEnd: false, rateLimits: false });
    const token = sim.token();
    const first = await call(sim, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-01-01`, { token });
    const rows = first.json as Row[];
    const last = rows[rows.length - 1]!;
    const again = await call(
      sim,
      'GET',
      `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=${last.lastChangeDate as string}`,
      { token },
    );
    expect((again.json as Row[]).map((r) => r.srid)).toContain(last.srid);
  });

  it('an incremental sync after changes brings the changed and the new orders', async () => {
    const sim = createWbSimulator({ orders: 2000, statisticsPageCap: 300, rateLimits: false });
    const token = sim.token();
    const first = await syncStatistics(sim, token, 'orders', '2026-01-01', 'srid');
    sim.clock.advance(3 * 3600_000);
    const changed = sim.mutate.changeOrders(40, { cancelShare: 0.5 });
    const added = sim.mutate.addOrders(25);
    const nowSec = sim.clock.now() / 1000;
    const second = await syncStatistics(sim, token, 'orders', first.lastDateFrom, 'srid', new Map(first.rows));
    for (const f of changed) {
      const r = second.rows.get(f.srid)!;
      expect(parseMsk(r.lastChangeDate as string)).toBe(f.touchedSec);
      expect(r.isCancel).toBe(f.cancelSec !== null && f.cancelSec <= nowSec);
    }
    expect(changed.some((f) => f.cancelSec === f.touchedSec)).toBe(true);
    for (const f of added.filter((x) => !x.unconfirmed)) expect(second.rows.has(f.srid)).toBe(true);
    for (const f of added.filter((x) => x.unconfirmed)) expect(second.rows.has(f.srid)).toBe(false);
    // After both syncs the upserted rows equal the visible orders now (the old ones that aged out of 90 days stay).
    const expected = visibleOrders(allOrderFacts(sim), nowSec);
    for (const f of expected) expect(second.rows.get(f.srid)?.lastChangeDate).toBe(mskDateTime(lastChange(f, nowSec)));
  });

  it('flag=1 returns the orders placed on that Moscow day, whatever their time', async () => {
    const sim = createWbSimulator({ orders: 3000, rateLimits: false });
    const token = sim.token();
    const nowSec = sim.clock.now() / 1000;
    const day = mskDateOf(nowSec - 5 * DAY);
    const res = await call(sim, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=${day}T23:59:59&flag=1`, {
      token,
    });
    const expected = visibleOrders(allOrderFacts(sim), nowSec).filter((f) => mskDateOf(f.dateSec) === day);
    expect(expected.length).toBeGreaterThan(5);
    expect((res.json as Row[]).map((r) => r.srid).sort()).toEqual(expected.map((f) => f.srid).sort());
  });

  it('dateFrom without a zone is Moscow time; with a zone it is honoured', async () => {
    const sim = createWbSimulator({ orders: 3000, rateLimits: false });
    const token = sim.token();
    const nowSec = sim.clock.now() / 1000;
    const cut = nowSec - 2 * DAY;
    const msk = mskDateTime(cut);
    const utc = new Date(cut * 1000).toISOString().replace('.000Z', 'Z');
    const a = await call(sim, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=${msk}`, { token });
    const b = await call(sim, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=${encodeURIComponent(utc)}`, {
      token,
    });
    const expected = visibleOrders(allOrderFacts(sim), nowSec).filter((f) => lastChange(f, nowSec) >= cut);
    expect((a.json as Row[]).length).toBe(expected.length);
    expect(b.body).toBe(a.body);
  });
});

function mskDateTime(sec: number): string {
  return new Date((sec + 3 * 3600) * 1000).toISOString().slice(0, 19);
}

describe('statistics: sales and returns', () => {
  it('pages all sales/returns; money is 0 until it fills in, then the row changes again', async () => {
    const sim = createWbSimulator({ orders: 4000, statisticsPageCap: 500, rateLimits: false });
    const token = sim.token();
    const o = sim.dataset.orders;
    const sales = Array.from({ length: o.saleCount }, (_, s) => o.saleFacts(s));
    const t0 = sim.clock.now() / 1000;
    const visible = (t: number) => sales.filter((s) => s.dateSec <= t && s.dateSec >= t - 90 * DAY);
    const first = await syncStatistics(sim, token, 'sales', '2026-01-01', 'saleID');
    expect(first.rows.size).toBe(visible(t0).length);
    let zero = 0;
    for (const s of visible(t0)) {
      const r = first.rows.get(s.saleID)!;
      const filled = s.fillSec <= t0;
      if (!filled) zero++;
      expect(r.forPay).toBe(filled ? s.forPay : 0);
      expect(r.finishedPrice).toBe(filled ? s.finishedPrice : 0);
      expect(parseMsk(r.lastChangeDate as string)).toBe(filled ? s.fillSec : s.dateSec);
      expect(r.saleID).toMatch(s.kind === 'sale' ? /^S\d{10}$/ : /^R\d{10}$/);
    }
    expect(zero).toBeGreaterThan(0);
    const returns = [...first.rows.values()].filter((r) => String(r.saleID).startsWith('R'));
    expect(returns.length).toBeGreaterThan(0);
    expect(returns.every((r) => (r.forPay as number) <= 0)).toBe(true);
    // A day later the zeros have filled in and new sales happened; an incremental sync brings both.
    sim.clock.advance(DAY * 1000);
    const t1 = t0 + DAY;
    const second = await syncStatistics(sim, token, 'sales', first.lastDateFrom, 'saleID', new Map(first.rows));
    for (const s of visible(t1)) {
      const r = second.rows.get(s.saleID);
      expect(r, s.saleID).toBeDefined();
      expect(r!.forPay).toBe(s.fillSec <= t1 ? s.forPay : 0);
    }
    expect(visible(t1).length).toBeGreaterThan(visible(t0).length);
  });
});

describe('finance: realisation report paged by rrdId until 204', () => {
  const url = `${HOSTS.finance}/api/finance/v1/sales-reports/detailed`;

  /** Monday (Moscow date) of the week of a `YYYY-MM-DD`. */
  function monday(date: string): string {
    const d = new Date(`${date}T00:00:00Z`);
    const dow = (d.getUTCDay() + 6) % 7;
    return new Date(d.getTime() - dow * DAY * 1000).toISOString().slice(0, 10);
  }
  function addDays(date: string, n: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY * 1000).toISOString().slice(0, 10);
  }

  it('weekly: every published row once, rrdId ascending, money as decimal strings, then 204 with no body', async () => {
    const sim = createWbSimulator({ orders: 3000, rateLimits: false });
    const token = sim.token({ categories: ['finance'] });
    const nowSec = sim.clock.now() / 1000;
    const today = mskDateOf(nowSec);
    const dateFrom = addDays(today, -70);
    const rows: Row[] = [];
    const bodies: string[] = [];
    let rrdId = 0;
    let last: Awaited<ReturnType<typeof call>>;
    for (;;) {
      last = await call(sim, 'POST', url, {
        token,
        body: { dateFrom, dateTo: today, limit: 500, rrdId, period: 'weekly' },
      });
      if (last.status === 204) break;
      expect(last.status).toBe(200);
      const page = last.json as Row[];
      expect(page.length).toBeLessThanOrEqual(500);
      rows.push(...page);
      bodies.push(last.body);
      rrdId = page[page.length - 1]!.rrdId as number;
    }
    expect(last.body).toBe('');
    expect(last.headers['content-type']).toBeUndefined();
    // Independent count: operations whose week overlaps [dateFrom, today] and whose report is out (next Monday).
    const fin = sim.dataset.finance;
    let expected = 0;
    for (let p = 0; p < fin.count; p++) {
      const f = fin.facts(p);
      const weekStart = monday(f.rrDate);
      const weekEnd = addDays(weekStart, 6);
      const published = Date.parse(`${addDays(weekStart, 7)}T00:00:00+03:00`) / 1000 <= nowSec;
      if (published && weekStart <= today && weekEnd >= dateFrom) expected++;
    }
    expect(rows.length).toBe(expected);
    const ids = rows.map((r) => r.rrdId as number);
    expect(ids.every((id, k) => k === 0 || id > ids[k - 1]!)).toBe(true);
    for (const r of rows) {
      for (const field of [
        'retailPrice',
        'retailAmount',
        'forPay',
        'deliveryService',
        'paidStorage',
        'penalty',
        'deduction',
        'paidAcceptance',
        'acquiringFee',
      ]) {
        expect(typeof r[field], field).toBe('string');
        expect(r[field], field).toMatch(/^-?\d+(\.\d{1,2})?$/);
      }
      expect(monday(r.rrDate as string)).toBe(r.dateFrom);
      expect(r.dateTo).toBe(addDays(r.dateFrom as string, 6));
    }
    // A later call with the last rrdId keeps answering 204.
    const again = await call(sim, 'POST', url, { token, body: { dateFrom, dateTo: today, rrdId } });
    expect(again.status).toBe(204);
    // reportId: beyond 2^53, exact in the JSON text; JSON.parse would round it.
    const digits = new Set<string>();
    for (const body of bodies) for (const m of body.matchAll(/"reportId":(\d+)/g)) digits.add(m[1]!);
    expect(digits.size).toBeGreaterThan(3);
    for (const d of digits) {
      expect(BigInt(d) > 2n ** 53n).toBe(true);
      expect(BigInt(d) % 2n).toBe(1n);
      expect(BigInt(Number(d))).not.toBe(BigInt(d));
    }
    // Rows of one week share one reportId, and each week has its own.
    const weekOfId = new Map<string, string>();
    for (const body of bodies) {
      for (const m of body.matchAll(/"reportId":(\d+),"dateFrom":"([\d-]+)"/g)) {
        const prev = weekOfId.get(m[1]!);
        expect(prev === undefined || prev === m[2]).toBe(true);
        weekOfId.set(m[1]!, m[2]!);
      }
    }
    expect(new Set(weekOfId.values()).size).toBe(weekOfId.size);
    // ...and the digits are exactly the dataset's report ids.
    for (const [id, weekStart] of weekOfId) {
      expect(sim.dataset.finance.report('weekly', Date.parse(`${weekStart}T12:00:00+03:00`) / 1000).reportId).toBe(id);
    }
  });

  it('daily reports, the `fields` parameter, and a period with nothing published (204)', async () => {
    const sim = createWbSimulator({ orders: 2000, rateLimits: false });
    const token = sim.token();
    const today = mskDateOf(sim.clock.now() / 1000);
    const res = await call(sim, 'POST', url, {
      token,
      body: {
        dateFrom: addDays(today, -3),
        dateTo: today,
        period: 'daily',
        fields: ['rrdId', 'reportId', 'rrDate', 'dateFrom', 'dateTo', 'forPay'],
      },
    });
    expect(res.status).toBe(200);
    const rows = res.json as Row[];
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(['dateFrom', 'dateTo', 'forPay', 'reportId', 'rrDate', 'rrdId']);
      expect(r.dateFrom).toBe(r.rrDate);
      expect(r.dateTo).toBe(r.rrDate);
      expect(String(r.rrDate) < today).toBe(true);
    }
    expect(new Set(rows.map((r) => r.rrDate))).toEqual(
      new Set([addDays(today, -3), addDays(today, -2), addDays(today, -1)]),
    );
    const none = await call(sim, 'POST', url, { token, body: { dateFrom: today, dateTo: today } });
    expect(none.status).toBe(204);
  });
});

describe('content: cards list paged by cursor until total < limit', () => {
  const url = `${HOSTS.content}/content/v2/get/cards/list?locale=ru`;

  async function syncCards(
    sim: WbSimulator,
    token: string,
    limit: number,
    start?: { updatedAt: string; nmID: number },
  ) {
    const got: Row[] = [];
    let cursor: Record<string, unknown> = { limit, ...start };
    let requests = 0;
    for (;;) {
      const res = await call(sim, 'POST', url, {
        token,
        body: { settings: { sort: { ascending: true }, cursor, filter: { withPhoto: -1 } } },
      });
      if (res.status === 429) {
        // WB's limit for this method is 100/min with a burst of 5: wait as told, on the virtual clock.
        sim.clock.advance(Number(res.headers['x-ratelimit-retry']) * 1000);
        continue;
      }
      requests++;
      expect(res.status).toBe(200);
      const body = res.json as { cards: Row[]; cursor: { updatedAt: string; nmID: number; total: number } };
      got.push(...body.cards);
      expect(body.cursor.total).toBe(body.cards.length);
      if (body.cursor.total < limit) return { got, requests, cursor: body.cursor };
      cursor = { limit, updatedAt: body.cursor.updatedAt, nmID: body.cursor.nmID };
    }
  }

  it('every card exactly once, ascending by updatedAt; a page count that divides evenly ends with an empty page', async () => {
    const sim = createWbSimulator({ orders: 100 });
    const token = sim.token({ categories: ['content'] });
    const all = sim.dataset.products.length;
    for (const limit of [37, 100]) {
      const { got, requests } = await syncCards(sim, token, limit);
      expect(got.length).toBe(all);
      expect(new Set(got.map((c) => c.nmID)).size).toBe(all);
      expect(requests).toBe(Math.floor(all / limit) + 1);
      const times = got.map((c) => Date.parse(c.updatedAt as string));
      expect(times.every((t, k) => k === 0 || t >= times[k - 1]!)).toBe(true);
    }
  });

  it('an incremental run from the saved cursor returns only cards updated since', async () => {
    const sim = createWbSimulator({ orders: 100, rateLimits: false });
    const token = sim.token();
    const { cursor } = await syncCards(sim, token, 100);
    sim.clock.advance(3600_000);
    const touched = sim.mutate.touchCards(7);
    const next = await syncCards(sim, token, 100, { updatedAt: cursor.updatedAt, nmID: cursor.nmID });
    expect(next.got.map((c) => c.nmID).sort()).toEqual(touched.map((p) => p.nmId).sort());
  });
});

describe('analytics: order feed snapshots', () => {
  const url = `${HOSTS.analytics}/api/analytics/v1/order-feed`;

  it('later pages with the first page’s snapshotTime read the same data even after changes', async () => {
    const sim = createWbSimulator({ orders: 3000, rateLimits: false });
    const token = sim.token({ categories: ['analytics'] });
    const o = sim.dataset.orders;
    const nowSec = sim.clock.now() / 1000;
    const start = nowSec - 25 * DAY;
    const startText = `${mskDateTime(start)}+03:00`;
    // Independent expectation at the snapshot time, from the facts as they are before anything changes.
    const facts = allOrderFacts(sim);
    const statusAt = (f: OrderFacts, t: number): [string, number] => {
      if (f.cancelSec !== null && f.cancelSec <= t) return ['cancel', f.cancelSec];
      if (f.saleIndex !== null) {
        const s = o.saleFacts(f.saleIndex);
        if (s.dateSec <= t) {
          const r = s.linkIndex === null ? null : o.saleFacts(s.linkIndex);
          if (r && r.dateSec <= t) return [r.kind, r.dateSec];
          return ['buyout', s.dateSec];
        }
      }
      return ['created', f.dateSec];
    };
    const expected = new Map<string, string>();
    for (const f of facts) {
      if (f.dateSec > nowSec) continue;
      const [status, sec] = statusAt(f, nowSec);
      if (sec >= start && sec <= nowSec) expected.set(f.srid, status);
    }
    expect([...expected.values()]).toContain('cancel');
    expect(facts.some((f) => f.unconfirmed && expected.has(f.srid))).toBe(true);

    const limit = 250;
    const firstPage = await call(sim, 'POST', url, {
      token,
      body: { selectedPeriod: { start: startText }, pagination: { limit } },
    });
    const first = (firstPage.json as { data: { snapshotTime: string; orders: Row[] } }).data;
    const snapshotTime = first.snapshotTime;
    expect(snapshotTime).toBe(new Date(nowSec * 1000).toISOString().replace('.000Z', 'Z'));
    // Meanwhile: time passes (orders get bought out), orders change and new ones arrive.
    sim.clock.advance(2 * DAY * 1000);
    sim.mutate.changeOrders(50, { cancelShare: 1 });
    sim.mutate.addOrders(30);
    const got: Row[] = [...first.orders];
    for (let offset = limit; ; offset += limit) {
      const res = await call(sim, 'POST', url, {
        token,
        body: { selectedPeriod: { start: startText }, pagination: { limit, offset, snapshotTime } },
      });
      const page = (res.json as { data: { snapshotTime: string; orders: Row[] } }).data;
      expect(page.snapshotTime).toBe(snapshotTime);
      got.push(...page.orders);
      if (page.orders.length < limit) break;
    }
    expect(got.length).toBe(expected.size);
    for (const r of got) expect(r.status).toBe(expected.get(r.srid as string));
    const times = got.map((r) => Date.parse(r.updatedAt as string));
    expect(times.every((t, k) => k === 0 || t <= times[k - 1]!)).toBe(true);
    for (const r of got.filter((x) => x.status === 'cancel'))
      expect(r.cancelType).toMatch(/^(app|receipt|expire|other)$/);
    // A new first page sees the new state.
    const fresh = await call(sim, 'POST', url, {
      token,
      body: { selectedPeriod: { start: startText }, pagination: { limit: 10_000 } },
    });
    const freshOrders = (fresh.json as { data: { orders: Row[] } }).data.orders;
    expect(freshOrders.length).not.toBe(expected.size);
  });

  it('rejects a period older than 31 days and a limit over 10000', async () => {
    const sim = createWbSimulator({ orders: 200, rateLimits: false });
    const token = sim.token();
    const old = await call(sim, 'POST', url, {
      token,
      body: { selectedPeriod: { start: '2026-06-01T00:00:00+03:00' } },
    });
    expect(old.status).toBe(400);
    const big = await call(sim, 'POST', url, {
      token,
      body: { selectedPeriod: { start: '2026-08-10T00:00:00+03:00' }, pagination: { limit: 10_001 } },
    });
    expect(big.status).toBe(400);
  });
});

describe('analytics: WB-warehouse stocks by limit/offset', () => {
  it('pages all rows; filters by nmIds', async () => {
    const sim = createWbSimulator({ orders: 100, rateLimits: false });
    const token = sim.token();
    const url = `${HOSTS.analytics}/api/analytics/v1/stocks-report/wb-warehouses`;
    const got: Row[] = [];
    for (let offset = 0; ; offset += 400) {
      const res = await call(sim, 'POST', url, { token, body: { limit: 400, offset } });
      const items = (res.json as { data: { items: Row[] } }).data.items;
      got.push(...items);
      if (items.length < 400) break;
    }
    const products = sim.dataset.products;
    const sizes = new Set(products.flatMap((p) => p.sizes.map((s) => s.chrtId)));
    expect(got.length).toBe(sim.dataset.stocks.length);
    expect(got.every((r) => sizes.has(r.chrtId as number))).toBe(true);
    expect(new Set(got.map((r) => `${r.chrtId as number}/${r.warehouseId as number}`)).size).toBe(got.length);
    expect(got.some((r) => (r.inWayToClient as number) > 0) && got.some((r) => (r.inWayFromClient as number) > 0)).toBe(
      true,
    );
    const nm = products[3]!.nmId;
    const one = await call(sim, 'POST', url, { token, body: { nmIds: [nm] } });
    const items = (one.json as { data: { items: Row[] } }).data.items;
    expect(items.length).toBe(got.filter((r) => r.nmId === nm).length);
    const tooMany = await call(sim, 'POST', url, { token, body: { limit: 250_001 } });
    expect(tooMany.status).toBe(400);
  });
});
