// @vitest-environment node
/** The simulator's ad auction: today's fullstats position follows the item's bid against the competitors' bids. */
import { describe, expect, it } from 'vitest';
import { createWbSimulator, type Campaign } from '../../sim/index';
import { call, HOSTS, mskDateOf } from './helpers';

type Booster = { date: string; nm: number; avg_position: number };

function setup() {
  const sim = createWbSimulator({ orders: 200, rateLimits: false });
  const token = sim.token({ categories: ['promotion'] });
  const c = sim.dataset.campaigns.find((x) => x.status === 9 && x.items.length >= 2);
  if (!c) throw new Error('no active campaign with two items');
  return { sim, token, c };
}

async function booster(sim: ReturnType<typeof setup>['sim'], token: string, c: Campaign, from: string, to: string) {
  const res = await call(sim, 'GET', `${HOSTS.advert}/adv/v3/fullstats?ids=${c.id}&beginDate=${from}&endDate=${to}`, {
    token,
  });
  expect(res.status).toBe(200);
  return (res.json as { boosterStats: Booster[] }[])[0]!.boosterStats;
}

async function patch(sim: ReturnType<typeof setup>['sim'], token: string, c: Campaign, nmId: number, bid: number) {
  const placement = c.bidType === 'unified' ? 'combined' : 'search';
  const res = await call(sim, 'PATCH', `${HOSTS.advert}/api/advert/v1/bids`, {
    token,
    body: { bids: [{ advert_id: c.id, nm_bids: [{ nm_id: nmId, bid_kopecks: bid, placement }] }] },
  });
  expect(res.status).toBe(200);
}

describe('sim.auction', () => {
  it('position = 1 + competitors bidding more; a PATCH and the competitors move it', async () => {
    const { sim, token, c } = setup();
    const today = mskDateOf(sim.clock.now() / 1000);
    const it0 = c.items[0]!;
    const min = Math.max(it0.minBids.combined, it0.minBids.search);
    await patch(sim, token, c, it0.nmId, min);
    sim.auction.setCompetitors(c.id, it0.nmId, [min + 300, min + 200, min + 100, min]);
    const pos = async () =>
      (await booster(sim, token, c, today, today)).find((b) => b.nm === it0.nmId && b.date === today)!.avg_position;
    // Three bid more; the one equal to ours does not count.
    expect(await pos()).toBe(4);
    await patch(sim, token, c, it0.nmId, min + 150);
    expect(await pos()).toBe(3);
    await patch(sim, token, c, it0.nmId, min + 250);
    expect(await pos()).toBe(2);
    await patch(sim, token, c, it0.nmId, min + 400);
    expect(await pos()).toBe(1);
    sim.auction.setCompetitors(c.id, it0.nmId, [min + 1000, min + 900, min + 100]);
    expect(await pos()).toBe(3);
    expect(sim.auction.competitorsOf(c.id, it0.nmId)).toEqual([min + 1000, min + 900, min + 100]);
  });

  it('leaves other items, earlier days and items taken out of the auction as generated', async () => {
    const { sim, token, c } = setup();
    const now = sim.clock.now() / 1000;
    const today = mskDateOf(now);
    const weekAgo = mskDateOf(now - 7 * 86_400);
    const before = await booster(sim, token, c, weekAgo, today);
    const it0 = c.items[0]!;
    sim.auction.setCompetitors(
      c.id,
      it0.nmId,
      Array.from({ length: 500 }, () => 10_000_000),
    );
    const during = await booster(sim, token, c, weekAgo, today);
    for (const b of during) {
      const was = before.find((x) => x.nm === b.nm && x.date === b.date)!;
      if (b.nm === it0.nmId && b.date === today) expect(b.avg_position).toBe(501);
      else expect(b.avg_position).toBe(was.avg_position);
    }
    sim.auction.setCompetitors(c.id, it0.nmId, []);
    expect(sim.auction.competitorsOf(c.id, it0.nmId)).toBeUndefined();
    expect(await booster(sim, token, c, weekAgo, today)).toEqual(before);
  });
});
