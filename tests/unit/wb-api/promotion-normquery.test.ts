/** Search-cluster stats (`POST /adv/v0/normquery/stats`): the schema, the body check, the average position. */
import { describe, expect, it } from 'vitest';
import {
  keywordAveragePosition,
  normqueryStatsBody,
  normqueryStatsEndpoint,
  normqueryStatsResponse,
  type NormqueryStat,
} from '../../../lib/wb-api/promotion';
import { operationLimits } from '../../../lib/wb-api/limiter';

const stat = (over: Partial<NormqueryStat>): NormqueryStat => ({ norm_query: 'платье', ...over });

describe('normquery stats', () => {
  it('parses WB’s answer as the spec shows it, and its nulls', () => {
    const wb = {
      stats: [
        {
          advert_id: 1825035,
          nm_id: 983512347,
          stats: [
            {
              norm_query: 'Фраза 1',
              views: 1500,
              clicks: 35,
              atbs: 12,
              orders: 4,
              ctr: 2.33,
              cpc: 5.6,
              cpm: 130.5,
              avg_pos: 7.4,
              shks: 4,
              spend: 195.75,
              currency: 'RUB',
            },
            // CPC campaigns: no views, ctr or cpm.
            { norm_query: 'фраза 2', views: null, clicks: 3, ctr: null, cpm: null, cpc: 12, avg_pos: 21, spend: 36 },
          ],
        },
      ],
    };
    const parsed = normqueryStatsResponse.parse(wb);
    expect(parsed.stats[0]!.stats).toHaveLength(2);
    expect(parsed.stats[0]!.stats![1]!.views).toBeNull();
    expect(normqueryStatsResponse.parse(null)).toEqual({ stats: [] });
    expect(normqueryStatsResponse.parse({ stats: null })).toEqual({ stats: [] });
    expect(() => normqueryStatsResponse.parse({ stats: [{ advert_id: 'x', nm_id: 1 }] })).toThrow();
  });

  it('checks the body: dates, 1 to 100 items', () => {
    const item = { advert_id: 1, nm_id: 2 };
    expect(normqueryStatsBody.safeParse({ from: '2026-08-20', to: '2026-08-20', items: [item] }).success).toBe(true);
    expect(normqueryStatsBody.safeParse({ from: '20.08.2026', to: '2026-08-20', items: [item] }).success).toBe(false);
    expect(normqueryStatsBody.safeParse({ from: '2026-08-20', to: '2026-08-20', items: [] }).success).toBe(false);
    const many = Array.from({ length: 101 }, (_, i) => ({ advert_id: 1, nm_id: i + 1 }));
    expect(normqueryStatsBody.safeParse({ from: '2026-08-20', to: '2026-08-20', items: many }).success).toBe(false);
  });

  it('has WB’s published limits: 10 a minute (burst 20), a Base token 5 an hour', () => {
    const limits = operationLimits(`${normqueryStatsEndpoint.method} ${normqueryStatsEndpoint.path}`)!;
    expect(limits.byKind.personal).toMatchObject({ periodMs: 60_000, limit: 10, burst: 20 });
    expect(limits.byKind.base).toMatchObject({ periodMs: 3_600_000, limit: 5 });
  });

  it('averages the clusters’ positions by views, by clicks without views, or the named cluster’s', () => {
    const clusters = [
      stat({ norm_query: 'платье летнее', views: 300, clicks: 1, avg_pos: 2 }),
      stat({ norm_query: 'платье', views: 100, clicks: 9, avg_pos: 10 }),
      stat({ norm_query: 'без позиции', views: 10_000, avg_pos: null }),
    ];
    expect(keywordAveragePosition(clusters)).toBe((300 * 2 + 100 * 10) / 400);
    expect(keywordAveragePosition(clusters, '  Платье   ЛЕТНЕЕ ')).toBe(2);
    expect(keywordAveragePosition(clusters, 'нет такой')).toBe(4);
    const cpc = clusters.map((c) => ({ ...c, views: null }));
    expect(keywordAveragePosition(cpc)).toBe((1 * 2 + 9 * 10) / 10);
    expect(keywordAveragePosition(cpc.map((c) => ({ ...c, clicks: 0 })))).toBe(6);
    expect(keywordAveragePosition([stat({ avg_pos: null }), stat({ avg_pos: 0 })])).toBeNull();
    expect(keywordAveragePosition([])).toBeNull();
  });
});
