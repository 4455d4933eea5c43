// @vitest-environment node
/** The advert API as the bidder meets it: reading bids, minimum bids, changing bids, stats windows, budgets. */
import { describe, expect, it } from 'vitest';
import { createWbSimulator, type Campaign } from '../../sim/index';
import { call, HOSTS } from './helpers';

const BIDS = `${HOSTS.advert}/api/advert/v1/bids`;

type Advert = {
  id: number;
  status: number;
  bid_type: string;
  nm_settings: { nm_id: number; bids_kopecks: { search: number; recommendations: number } }[];
};

function setup() {
  const sim = createWbSimulator({ orders: 500, rateLimits: false });
  return { sim, token: sim.token({ categories: ['promotion'] }) };
}

async function advert(sim: ReturnType<typeof setup>['sim'], token: string, id: number): Promise<Advert> {
  const res = await call(sim, 'GET', `${HOSTS.advert}/api/advert/v2/adverts?ids=${id}`, { token });
  return (res.json as { adverts: Advert[] }).adverts[0]!;
}

function find(sim: ReturnType<typeof setup>['sim'], pred: (c: Campaign) => boolean): Campaign {
  const c = sim.dataset.campaigns.find(pred);
  if (!c) throw new Error('no such campaign in the dataset');
  return c;
}

describe('advert API', () => {
  it('PATCH bids changes what later GETs return (unified: one bid for both placements)', async () => {
    const { sim, token } = setup();
    const c = find(sim, (x) => x.bidType === 'unified' && x.status === 9);
    const nm = c.items[0]!.nmId;
    const bid = c.items[0]!.minBids.combined + 1200;
    const res = await call(sim, 'PATCH', BIDS, {
      token,
      body: { bids: [{ advert_id: c.id, nm_bids: [{ nm_id: nm, bid_kopecks: bid, placement: 'combined' }] }] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      bids: [{ advert_id: c.id, nm_bids: [{ nm_id: nm, bid_kopecks: bid, placement: 'combined' }] }],
      currency: 'RUB',
    });
    const after = await advert(sim, token, c.id);
    expect(after.nm_settings.find((n) => n.nm_id === nm)!.bids_kopecks).toEqual({ search: bid, recommendations: bid });
  });

  it('manual campaigns take search/recommendations, not combined', async () => {
    const { sim, token } = setup();
    const c = find(sim, (x) => x.bidType === 'manual' && [4, 9, 11].includes(x.status));
    const it0 = c.items[0]!;
    const wrong = await call(sim, 'PATCH', BIDS, {
      token,
      body: { bids: [{ advert_id: c.id, nm_bids: [{ nm_id: it0.nmId, bid_kopecks: 99_999, placement: 'combined' }] }] },
    });
    expect(wrong.status).toBe(400);
    const ok = await call(sim, 'PATCH', BIDS, {
      token,
      body: {
        bids: [
          { advert_id: c.id, nm_bids: [{ nm_id: it0.nmId, bid_kopecks: it0.minBids.search, placement: 'search' }] },
        ],
      },
    });
    expect(ok.status).toBe(200);
    expect((await advert(sim, token, c.id)).nm_settings.find((n) => n.nm_id === it0.nmId)!.bids_kopecks.search).toBe(
      it0.minBids.search,
    );
  });

  it('a bid below the minimum: 400 with WB’s body, and nothing changes (all or nothing)', async () => {
    const { sim, token } = setup();
    const c = find(sim, (x) => x.bidType === 'unified' && x.status === 9 && x.items.length > 1);
    const before = JSON.stringify(await advert(sim, token, c.id));
    const res = await call(sim, 'PATCH', BIDS, {
      token,
      body: {
        bids: [
          {
            advert_id: c.id,
            nm_bids: [
              { nm_id: c.items[0]!.nmId, bid_kopecks: c.items[0]!.minBids.combined + 100, placement: 'combined' },
              { nm_id: c.items[1]!.nmId, bid_kopecks: 3, placement: 'combined' },
            ],
          },
        ],
      },
    });
    expect(res.status).toBe(400);
    const body = res.json as Record<string, unknown>;
    expect(body).toMatchObject({
      detail: `wrong bid value: 3; min: ${c.items[1]!.minBids.combined}`,
      origin: 'camp-api-public-cache',
      status: 400,
      title: 'invalid payload',
    });
    expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(await advert(sim, token, c.id))).toBe(before);
  });

  it('bids change only in statuses 4, 9, 11; at most 50 campaigns × 50 items', async () => {
    const { sim, token } = setup();
    const done = find(sim, (x) => x.status === 7);
    const it0 = done.items[0]!;
    const placement = done.bidType === 'unified' ? 'combined' : 'search';
    const res = await call(sim, 'PATCH', BIDS, {
      token,
      body: { bids: [{ advert_id: done.id, nm_bids: [{ nm_id: it0.nmId, bid_kopecks: 1_000_000, placement }] }] },
    });
    expect(res.status).toBe(400);
    const tooMany = Array.from({ length: 51 }, () => ({ advert_id: done.id, nm_bids: [] }));
    expect((await call(sim, 'PATCH', BIDS, { token, body: { bids: tooMany } })).status).toBe(400);
    sim.mutate.setCampaignStatus(done.id, 11);
    const now = await call(sim, 'PATCH', BIDS, {
      token,
      body: { bids: [{ advert_id: done.id, nm_bids: [{ nm_id: it0.nmId, bid_kopecks: 1_000_000, placement }] }] },
    });
    expect(now.status).toBe(200);
  });

  it('minimum bids: `recommendation` (singular) and the same minimum PATCH enforces', async () => {
    const { sim, token } = setup();
    const c = find(sim, (x) => x.bidType === 'manual' && x.status === 9);
    const res = await call(sim, 'POST', `${BIDS}/min`, {
      token,
      body: {
        advert_id: c.id,
        nm_ids: c.items.map((i) => i.nmId),
        payment_type: c.paymentType,
        placement_types: ['search', 'recommendation'],
      },
    });
    expect(res.status).toBe(200);
    const bids = (res.json as { bids: { nm_id: number; bids: { type: string; value: number }[] }[] }).bids;
    expect(bids.length).toBe(c.items.length);
    const min = bids[0]!.bids.find((b) => b.type === 'search')!.value;
    const below = await call(sim, 'PATCH', BIDS, {
      token,
      body: {
        bids: [{ advert_id: c.id, nm_bids: [{ nm_id: bids[0]!.nm_id, bid_kopecks: min - 100, placement: 'search' }] }],
      },
    });
    expect((below.json as { detail: string }).detail).toBe(`wrong bid value: ${min - 100}; min: ${min}`);
    const plural = await call(sim, 'POST', `${BIDS}/min`, {
      token,
      body: { advert_id: c.id, nm_ids: [c.items[0]!.nmId], payment_type: 'cpm', placement_types: ['recommendations'] },
    });
    expect(plural.status).toBe(400);
  });

  it('fullstats: only statuses 7, 9, 11; at most 31 days; days add up to the totals; boosterStats positions', async () => {
    const { sim, token } = setup();
    const ids = sim.dataset.campaigns.map((c) => c.id);
    const statuses = new Map(sim.dataset.campaigns.map((c) => [c.id, c.status]));
    const res = await call(
      sim,
      'GET',
      `${HOSTS.advert}/adv/v3/fullstats?ids=${ids.slice(0, 50).join(',')}&beginDate=2026-07-21&endDate=2026-08-20`,
      { token },
    );
    expect(res.status).toBe(200);
    const items = res.json as {
      advertId: number;
      views: number;
      clicks: number;
      sum: number;
      days: { date: string; views: number; apps: { appType: number; views: number; nms: { views: number }[] }[] }[];
      boosterStats: { avg_position: number }[];
    }[];
    expect(items.length).toBe(ids.filter((id) => [7, 9, 11].includes(statuses.get(id)!)).length);
    for (const it of items) {
      expect([7, 9, 11]).toContain(statuses.get(it.advertId));
      expect(it.days.reduce((n, d) => n + d.views, 0)).toBe(it.views);
      for (const d of it.days) {
        expect(d.date).toMatch(/^2026-0[78]-\d{2}T00:00:00Z$/);
        expect(d.apps.reduce((n, a) => n + a.views, 0)).toBe(d.views);
        for (const a of d.apps) expect(a.nms.reduce((n, x) => n + x.views, 0)).toBe(a.views);
      }
      for (const b of it.boosterStats) expect(b.avg_position).toBeGreaterThan(0);
    }
    expect(items.some((i) => i.days.length > 0 && i.boosterStats.length > 0)).toBe(true);
    const tooLong = await call(
      sim,
      'GET',
      `${HOSTS.advert}/adv/v3/fullstats?ids=${ids[0]}&beginDate=2026-07-20&endDate=2026-08-20`,
      { token },
    );
    expect(tooLong.status).toBe(400);
    expect((tooLong.json as { errors: { detail: string }[] }).errors[0]!.detail).toBe('max date range 31 days');
    expect((await call(sim, 'POST', `${HOSTS.advert}/adv/v3/fullstats?ids=1`, { token })).status).toBe(405);
  });

  it('promotion count groups by type and status; budget of own and foreign campaigns', async () => {
    const { sim, token } = setup();
    const res = await call(sim, 'GET', `${HOSTS.advert}/adv/v1/promotion/count`, { token });
    const body = res.json as {
      adverts: { type: number; status: number; count: number; advert_list: { advertId: number }[] }[];
      all: number;
    };
    const visible = sim.dataset.campaigns.filter((c) => c.status !== -1);
    expect(body.all).toBe(visible.length);
    for (const g of body.adverts) {
      expect(g.type).toBe(9);
      expect(g.count).toBe(visible.filter((c) => c.status === g.status).length);
      expect(g.advert_list.length).toBe(g.count);
    }
    const c = find(sim, (x) => x.status === 9);
    sim.mutate.setBudget(c.id, 1500);
    expect((await call(sim, 'GET', `${HOSTS.advert}/adv/v1/budget?id=${c.id}`, { token })).json).toEqual({
      cash: 0,
      netting: 0,
      total: 1500,
      currency: 'RUB',
    });
    const foreign = await call(sim, 'GET', `${HOSTS.advert}/adv/v1/budget?id=1`, { token });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toBe('кампания не принадлежит продавцу');
  });
});
