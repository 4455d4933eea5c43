import { describe, expect, it } from 'vitest';
import {
  allowsRealTimeBidding,
  compareChanges,
  minBidPlacement,
  placementsFor,
  planWrites,
  writeLimitMessage,
  writesPerWindow,
  type BidChange,
} from '../../../lib/bidder/plan';
import { bidsBody } from '../../../lib/wb-api/promotion';
import { plain } from './fixtures';

function change(advertId: number, nmId: number, over: Partial<BidChange> = {}): BidChange {
  return {
    advertId,
    nmId,
    placement: 'combined',
    oldBidKopecks: 500,
    newBidKopecks: 600,
    firedRule: 'target',
    positionGap: 1,
    ...over,
  };
}

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

describe('planWrites: PATCH bodies of at most 50 campaigns × 50 items', () => {
  it.each([
    ['1 campaign × 1 item', 1, 1, [[1, 1]]],
    ['50 campaigns × 1 item', 50, 1, [[50, 50]]],
    [
      '51 campaigns × 1 item',
      51,
      1,
      [
        [50, 50],
        [1, 1],
      ],
    ],
    ['1 campaign × 50 items', 1, 50, [[1, 50]]],
    [
      '1 campaign × 51 items',
      1,
      51,
      [
        [1, 50],
        [1, 1],
      ],
    ],
    ['50 campaigns × 50 items', 50, 50, [[50, 2500]]],
    [
      '51 campaigns × 50 items',
      51,
      50,
      [
        [50, 2500],
        [1, 50],
      ],
    ],
    [
      '2 campaigns × 120 items',
      2,
      120,
      [
        [2, 100],
        [2, 100],
        [2, 40],
      ],
    ],
  ])('%s', (_name, campaigns, items, expected) => {
    const changes = range(campaigns).flatMap((a) => range(items).map((n) => change(a, n)));
    const { requests, deferred } = planWrites(changes);
    expect(deferred).toEqual([]);
    expect(requests.map((r) => [r.body.bids.length, r.body.bids.reduce((s, b) => s + b.nm_bids.length, 0)])).toEqual(
      expected,
    );
    for (const r of requests) {
      // WB's schema and ours accept each body, and no campaign appears twice in one request.
      expect(bidsBody.safeParse(r.body).success).toBe(true);
      expect(new Set(r.body.bids.map((b) => b.advert_id)).size).toBe(r.body.bids.length);
    }
    // Every change goes out exactly once.
    const sent = requests.flatMap((r) => r.body.bids.flatMap((b) => b.nm_bids.map((n) => `${b.advert_id}:${n.nm_id}`)));
    expect(sent.sort()).toEqual(changes.map((c) => `${c.advertId}:${c.nmId}`).sort());
  });

  it('carries the bid and the placement of each change', () => {
    const { requests } = planWrites([
      change(7, 70, { placement: 'search', newBidKopecks: 1234 }),
      change(7, 70, { placement: 'recommendations', newBidKopecks: 999 }),
    ]);
    expect(requests[0]!.body.bids[0]!.nm_bids).toHaveLength(2);
    expect(requests[0]!.body).toEqual({
      bids: [
        {
          advert_id: 7,
          nm_bids: expect.arrayContaining([
            { nm_id: 70, bid_kopecks: 1234, placement: 'search' },
            { nm_id: 70, bid_kopecks: 999, placement: 'recommendations' },
          ]),
        },
      ],
    });
  });

  it('drops a second change of the same item and placement, keeping the more urgent one', () => {
    const { requests } = planWrites([
      change(1, 10, { newBidKopecks: 700, firedRule: 'target' }),
      change(1, 10, { newBidKopecks: 300, firedRule: 'stock-guard' }),
    ]);
    expect(requests[0]!.changes).toHaveLength(1);
    expect(requests[0]!.body.bids[0]!.nm_bids[0]!.bid_kopecks).toBe(300);
  });

  it('with a budget of one request, guards go first, then the largest position gap; the rest is deferred', () => {
    const targets = range(60).map((a) => change(a, a, { positionGap: a % 7 }));
    const stock = change(100, 1, { firedRule: 'stock-guard', positionGap: null, newBidKopecks: 300 });
    const schedule = change(101, 1, { firedRule: 'schedule', positionGap: null });
    const { requests, deferred } = planWrites([...targets, schedule, stock], { maxRequests: 1 });
    expect(requests).toHaveLength(1);
    const sent = requests[0]!.changes;
    expect(sent).toHaveLength(50);
    expect(sent[0]).toBe(stock);
    expect(sent[1]).toBe(schedule);
    expect(deferred).toHaveLength(12);
    // Nothing deferred has a larger gap than anything sent among the position steps.
    const minSentGap = Math.min(...sent.filter((c) => c.firedRule === 'target').map((c) => c.positionGap!));
    expect(Math.max(...deferred.map((c) => c.positionGap!))).toBeLessThanOrEqual(minSentGap);
  });

  it('no budget: everything deferred', () => {
    const { requests, deferred } = planWrites([change(1, 1)], { maxRequests: 0 });
    expect(requests).toEqual([]);
    expect(deferred).toHaveLength(1);
  });

  it('orders worse-and-farther first among steps, in either direction', () => {
    const a = change(1, 1, { positionGap: -6 });
    const b = change(2, 2, { positionGap: 4 });
    expect([b, a].sort(compareChanges)).toEqual([a, b]);
  });
});

describe('placements', () => {
  it('unified → combined; manual → its enabled placements; unknown → none', () => {
    expect(placementsFor('unified', { search: true, recommendations: true })).toEqual(['combined']);
    expect(placementsFor('manual', { search: true, recommendations: false })).toEqual(['search']);
    expect(placementsFor('manual', { search: true, recommendations: true })).toEqual(['search', 'recommendations']);
    expect(placementsFor('auction-2027', { search: true, recommendations: true })).toEqual([]);
  });

  it('bids/min names recommendations in the singular', () => {
    expect(minBidPlacement('recommendations')).toBe('recommendation');
    expect(minBidPlacement('combined')).toBe('combined');
    expect(minBidPlacement('search')).toBe('search');
  });
});

describe('write limits per token type', () => {
  it('a Base token may change bids twice an hour, a Personal one in real time', () => {
    expect(writesPerWindow('base', 3_600_000)).toBe(2);
    expect(writesPerWindow('base', 24 * 3_600_000)).toBe(48);
    expect(writesPerWindow('personal', 1_000)).toBe(9);
    expect(allowsRealTimeBidding('base')).toBe(false);
    expect(allowsRealTimeBidding('unknown')).toBe(false);
    expect(allowsRealTimeBidding('personal')).toBe(true);
    expect(allowsRealTimeBidding('service')).toBe(true);
  });

  it('the message names the limit, what waits and the token needed', () => {
    const text = plain(writeLimitMessage({ type: 'base', sent: 3, waiting: 2, nextAt: Date.UTC(2026, 7, 20, 9, 30) }));
    expect(text).toContain('Базовый токен позволяет менять ставки только 2 раза в час');
    expect(text).toContain('отправлено изменений — 3');
    expect(text).toContain('ещё 2');
    expect(text).toContain('12:30 МСК');
    expect(text).toContain('нужен Персональный токен');
  });
});
