/**
 * How long one bidder check takes over 50 campaigns × 50 items (the bench's `bidder_cycle_ms` case), against the
 * simulator's auction on a virtual clock. Prints the median of several checks, split into the time the simulator
 * spent answering and the runner's own time. It asserts only that the checks decided every item: timings on a
 * shared machine vary too much for a timed assertion.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryAuditLog } from '../../../lib/bidder/audit';
import { createBidderMemory, type RejectionRecord } from '../../../lib/bidder/memory';
import { newRule, withMode, type Rule } from '../../../lib/bidder/rules';
import { runBidderCheck } from '../../../lib/bidder/runner';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { createWbSimulator, SELLER_A, type Campaign } from '../../sim';
import { createVirtualClock } from '../../helpers/virtual-clock';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('runBidderCheck speed', () => {
  it('one check over 50 campaigns × 50 items: prints the median time', { timeout: 120_000 }, async () => {
    const sim = createWbSimulator({ orders: 200, sellers: [{ id: SELLER_A, campaigns: 50, products: 400 }] });
    const products = sim.dataset.products;
    const minBid = 10_000;
    sim.dataset.campaigns.forEach((c: Campaign, ci) => {
      c.status = 9;
      c.bidType = 'unified';
      c.paymentType = 'cpm';
      c.placements = { search: true, recommendations: true };
      c.budget = 10_000;
      c.items = Array.from({ length: 50 }, (_, k) => {
        const p = products[(ci * 7 + k) % products.length]!;
        return {
          nmId: p.nmId,
          subjectId: p.subject.id,
          subjectName: p.subject.name.toLowerCase(),
          name: p.title,
          bids: { search: minBid, recommendations: minBid },
          minBids: { combined: minBid, search: minBid, recommendation: minBid },
        };
      });
      for (const it of c.items)
        sim.auction.setCompetitors(c.id, it.nmId, [minBid + 3000, minBid + 2000, minBid + 1000]);
    });
    const clock = createVirtualClock(0, sim.clock);
    const keyring = createKeyring({ now: () => clock.now() });
    const added = await keyring.add(sim.token({ categories: ['promotion'], readOnly: false }));
    if (!added.ok) throw new Error(added.error.message);
    const sellerId = added.token.sellerId;
    let simMs = 0;
    const fetch: typeof globalThis.fetch = async (url, init) => {
      const t0 = performance.now();
      const res = await sim.fetch(url, init);
      const body = await res.text();
      simMs += performance.now() - t0;
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const wbApi = createWbApi({ keyring, fetch, clock, random: () => 0.5 });
    // Time spent inside the client (limits, the simulator, parsing and checking WB's answers), apart from the runner's.
    let clientMs = 0;
    let depth = 0;
    const timedCalls = <T extends object>(o: T): T =>
      new Proxy(o, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver) as unknown;
          if (typeof v !== 'function') return v;
          return async (...args: unknown[]) => {
            const t0 = performance.now();
            depth++;
            try {
              return (await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
            } finally {
              depth--;
              if (depth === 0) clientMs += performance.now() - t0;
            }
          };
        },
      });
    const api = { client: timedCalls(wbApi.client), promotion: timedCalls(wbApi.promotion) };
    const rules: Rule[] = sim.dataset.campaigns.flatMap((c) =>
      c.items.map((it) =>
        withMode(
          newRule({
            sellerId,
            advertId: c.id,
            nmId: it.nmId,
            placement: 'combined',
            strategy: { kind: 'target-position', target: 3 },
            maxBidKopecks: minBid + 10_000,
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
    const total: number[] = [];
    const own: number[] = [];
    const runner: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < 9; i++) {
      simMs = 0;
      clientMs = 0;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const s = await runBidderCheck({
        api,
        sellerId,
        rules,
        settings: { killSwitch: false },
        clock,
        audit,
        daysOfCover: () => null,
        rejections,
        memory,
        tokenType: 'personal',
      });
      const ms = performance.now() - t0;

      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);

      expect(s.decisions).toHaveLength(2500);
      total.push(ms);
      own.push(ms - simMs);
      runner.push(ms - clientMs);
      clock.advance(30_000);
    }
    console.log(
      `bidder check, 50 campaigns × 50 items, 9 checks: median ${median(total).toFixed(1)} ms in all ` +
        `(CPU ${median(cpu).toFixed(1)} ms), ` +
        `${median(own).toFixed(1)} ms without the simulator's answers, ` +
        `${median(runner).toFixed(1)} ms outside the WB client (first check ${total[0]!.toFixed(1)} ms)`,
    );
  });
});
