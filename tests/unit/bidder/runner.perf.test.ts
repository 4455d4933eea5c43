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
import { callTimer } from '../../../lib/bench/timed-calls';
import { createWbApi, type WbApi } from '../../../lib/wb-api';
import type { Advert } from '../../../lib/wb-api/promotion';
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
    const inClient = callTimer();
    const api = { client: inClient.wrap(wbApi.client), promotion: inClient.wrap(wbApi.promotion) };
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
      inClient.ms = 0;
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
      runner.push(ms - inClient.ms);
      clock.advance(30_000);
    }
    console.log(
      `bidder check, 50 campaigns × 50 items, 9 checks: median ${median(total).toFixed(1)} ms in all ` +
        `(CPU ${median(cpu).toFixed(1)} ms), ` +
        `${median(own).toFixed(1)} ms without the simulator's answers, ` +
        `${median(runner).toFixed(1)} ms outside the WB client (first check ${total[0]!.toFixed(1)} ms)`,
    );
  });

  it('the runner alone, with a fake API answering at once: prints the median time', { timeout: 120_000 }, async () => {
    const minBid = 10_000;
    let now = Date.UTC(2026, 7, 20, 9, 0, 0);
    const clock = { now: () => now };
    const sellerId = SELLER_A;
    // 50 unified campaigns × 50 items, three competitors above each item: WB's state, as the fake API answers it.
    const adverts: Advert[] = Array.from({ length: 50 }, (_, c) => ({
      id: 100_000 + c,
      bid_type: 'unified',
      status: 9,
      settings: { name: `Кампания ${c}`, payment_type: 'cpm', placements: { search: true, recommendations: true } },
      nm_settings: Array.from({ length: 50 }, (_, k) => ({
        nm_id: 1_000_000 + c * 100 + k,
        subject: { id: 1, name: 'платья' },
        bids_kopecks: { search: minBid, recommendations: minBid },
      })),
      restrictions: {},
      timestamps: { created: '', updated: '', started: null, deleted: '' },
    }));
    const competitors = [minBid + 3000, minBid + 2000, minBid + 1000];
    const position = (bid: number) => 1 + competitors.filter((b) => b > bid).length;
    const today = () => new Date(now + 3 * 3_600_000).toISOString().slice(0, 10);
    const byId = new Map(adverts.map((a) => [a.id, a]));
    const api = {
      client: {
        clock,
        nextAllowedAt: () => Promise.resolve(now),
        // Only fullstats' positions go through `client.call` for unified campaigns.
        call: (_: unknown, __: string, o?: { query?: Record<string, string> }) =>
          Promise.resolve(
            String(o?.query?.ids ?? '')
              .split(',')
              .map(Number)
              .map((id) => ({
                advertId: id,
                boosterStats: byId.get(id)!.nm_settings!.map((n) => ({
                  date: `${today()}T00:00:00Z`,
                  nm: n.nm_id,
                  avg_position: position(n.bids_kopecks.search),
                })),
              })),
          ),
      },
      promotion: {
        // A fresh copy, as a parsed answer is: made between checks, so its cost is not the runner's.
        adverts: (_: string, ids: readonly number[]) => Promise.resolve({ adverts: ids.map((id) => answer.get(id)!) }),
        minBids: (_: string, body: { nm_ids: number[] }) =>
          Promise.resolve({
            bids: body.nm_ids.map((nm) => ({ nm_id: nm, bids: [{ type: 'combined' as const, value: minBid }] })),
          }),
        budget: () => Promise.resolve({ cash: 0, netting: 0, total: 10_000 }),
        setBids: (
          _: string,
          body: { bids: { advert_id: number; nm_bids: { nm_id: number; bid_kopecks: number; placement: string }[] }[] },
        ) => {
          for (const b of body.bids) {
            for (const n of b.nm_bids) {
              const nm = byId.get(b.advert_id)!.nm_settings!.find((x) => x.nm_id === n.nm_id)!;
              nm.bids_kopecks = { search: n.bid_kopecks, recommendations: n.bid_kopecks };
            }
          }
          return Promise.resolve({ bids: body.bids });
        },
      },
    } as unknown as Pick<WbApi, 'client' | 'promotion'>;
    const rules: Rule[] = adverts.flatMap((a) =>
      a.nm_settings!.map((n) =>
        withMode(
          newRule({
            sellerId,
            advertId: a.id,
            nmId: n.nm_id,
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
    const audit = createMemoryAuditLog({ now: clock.now });
    const rejections = new Map<string, RejectionRecord>();
    let answer = new Map<number, Advert>();
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let writes = 0;
    for (let i = 0; i < 15; i++) {
      answer = new Map(adverts.map((a) => [a.id, structuredClone(a)]));
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
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);

      expect(s.decisions).toHaveLength(2500);
      writes += s.writes.length;
      now += 30_000;
    }
    // The first check raised every item to position 3 (one step): 2,500 changes in one PATCH of 50 × 50.
    expect(writes).toBe(1);
    expect(adverts.every((a) => a.nm_settings!.every((n) => position(n.bids_kopecks.search) === 3))).toBe(true);
    console.log(
      `bidder check, fake API, 50 campaigns × 50 items, 15 checks: median ${median(times).toFixed(1)} ms ` +
        `(CPU ${median(cpuTimes).toFixed(1)} ms) ` +
        `(first ${times[0]!.toFixed(1)} ms, slowest after it ${Math.max(...times.slice(1)).toFixed(1)} ms)`,
    );
  });
});
