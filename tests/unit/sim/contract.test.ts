// @vitest-environment node
/**
 * The simulator against WB's own OpenAPI files: every simulated operation answers with a body that fits the response
 * schema of that operation (no undeclared fields either), errors fit WB's error schemas, and every simulated
 * operation has WB's rate-limit row on the same host.
 */
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS } from '../../../lib/wb-api/rate-limits.generated';
import { createWbSimulator, SIM_OPERATIONS, type WbSimulator } from '../../sim/index';
import { checkSchema, resolveRef } from '../../sim/openapi-check';
import { findOperation, loadSpec, responseContentTypes, responseSchema } from '../../sim/openapi-spec';
import { call, HOSTS } from './helpers';

const SPEC_OF: Record<string, string> = {
  'GET /ping': '01-general.yaml',
  'GET /api/v1/seller-info': '01-general.yaml',
  'GET /api/v1/supplier/orders': '12-reports.yaml',
  'GET /api/v1/supplier/sales': '12-reports.yaml',
  'POST /api/analytics/v1/stocks-report/wb-warehouses': '11-analytics.yaml',
  'POST /api/v2/search-report/product/search-texts': '11-analytics.yaml',
  // Newer than the YAML snapshot: only in WB's August limits file (schemas intact under components).
  'POST /api/analytics/v1/order-feed': 'analytics.json',
  'POST /api/finance/v1/sales-reports/detailed': '13-finances.yaml',
  'GET /adv/v1/promotion/count': '08-promotion.yaml',
  'GET /api/advert/v2/adverts': '08-promotion.yaml',
  'GET /adv/v3/fullstats': '08-promotion.yaml',
  'POST /api/advert/v1/bids/min': '08-promotion.yaml',
  'POST /adv/v0/normquery/stats': '08-promotion.yaml',
  'PATCH /api/advert/v1/bids': '08-promotion.yaml',
  'GET /adv/v1/budget': '08-promotion.yaml',
  'POST /content/v2/get/cards/list': '02-items.yaml',
};

function sim(): { sim: WbSimulator; token: string } {
  const s = createWbSimulator({ orders: 3000, seed: 7, rateLimits: false });
  s.clock.advance(2 * 86_400_000);
  return { sim: s, token: s.token() };
}

function expectFits(specFile: string, schema: unknown, value: unknown, label: string): void {
  expect(schema, `${label}: the spec has a schema`).toBeTruthy();
  const issues = checkSchema(loadSpec(specFile), schema, value, { strictUnknown: true });
  expect(issues.slice(0, 10), label).toEqual([]);
}

/** Properties an item schema declares, after $ref. */
function declared(specFile: string, schema: unknown): string[] {
  const doc = loadSpec(specFile);
  let s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') s = resolveRef(doc, s.$ref) as Record<string, unknown>;
  return Object.keys(s.properties as object);
}

function activeCampaignIds(s: WbSimulator): number[] {
  return s.dataset.campaigns.filter((c) => [7, 9, 11].includes(c.status)).map((c) => c.id);
}

describe('simulator ↔ WB OpenAPI', () => {
  it('every simulated operation exists in WB’s spec and has its rate-limit row on the same host', () => {
    for (const { operation, host } of SIM_OPERATIONS) {
      const file = SPEC_OF[operation];
      expect(file, operation).toBeDefined();
      const [method, p] = operation.split(' ') as [string, string];
      expect(findOperation(loadSpec(file!), method, p), operation).not.toBeNull();
      const limits = RATE_LIMITS.find((r) => r.operation === operation);
      expect(limits, operation).toBeDefined();
      if (host !== '*') expect(limits!.host, operation).toBe(host);
    }
    expect(Object.keys(SPEC_OF).sort()).toEqual(SIM_OPERATIONS.map((o) => o.operation).sort());
  });

  it('200 bodies fit the response schema of each operation', async () => {
    const { sim: s, token } = sim();
    const ids = activeCampaignIds(s);
    const now = s.clock.now();
    const day = (ms: number): string => new Date(ms + 3 * 3600_000).toISOString().slice(0, 10);
    const manual = s.dataset.campaigns.find((c) => c.bidType === 'manual' && [4, 9, 11].includes(c.status))!;
    const item = manual.items[0]!;
    const cases: [string, string, string, unknown?][] = [
      ['GET /ping', 'GET', `${HOSTS.statistics}/ping`],
      ['GET /api/v1/seller-info', 'GET', `${HOSTS.common}/api/v1/seller-info`],
      [
        'GET /api/v1/supplier/orders',
        'GET',
        `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=${day(now - 20 * 86_400_000)}`,
      ],
      [
        'GET /api/v1/supplier/sales',
        'GET',
        `${HOSTS.statistics}/api/v1/supplier/sales?dateFrom=${day(now - 20 * 86_400_000)}`,
      ],
      [
        'POST /api/analytics/v1/stocks-report/wb-warehouses',
        'POST',
        `${HOSTS.analytics}/api/analytics/v1/stocks-report/wb-warehouses`,
        { limit: 500 },
      ],
      [
        'POST /api/v2/search-report/product/search-texts',
        'POST',
        `${HOSTS.analytics}/api/v2/search-report/product/search-texts`,
        {
          currentPeriod: { start: day(now - 6 * 86_400_000), end: day(now) },
          pastPeriod: { start: day(now - 13 * 86_400_000), end: day(now - 7 * 86_400_000) },
          nmIds: s.dataset.products.slice(0, 3).map((p) => p.nmId),
          topOrderBy: 'orders',
          orderBy: { field: 'avgPosition', mode: 'asc' },
          limit: 30,
        },
      ],
      [
        'POST /api/analytics/v1/order-feed',
        'POST',
        `${HOSTS.analytics}/api/analytics/v1/order-feed`,
        { selectedPeriod: { start: `${day(now - 30 * 86_400_000)}T00:00:00+03:00` }, pagination: { limit: 2000 } },
      ],
      [
        'POST /api/finance/v1/sales-reports/detailed',
        'POST',
        `${HOSTS.finance}/api/finance/v1/sales-reports/detailed`,
        { dateFrom: day(now - 60 * 86_400_000), dateTo: day(now), limit: 3000 },
      ],
      ['GET /adv/v1/promotion/count', 'GET', `${HOSTS.advert}/adv/v1/promotion/count`],
      ['GET /api/advert/v2/adverts', 'GET', `${HOSTS.advert}/api/advert/v2/adverts`],
      [
        'GET /adv/v3/fullstats',
        'GET',
        `${HOSTS.advert}/adv/v3/fullstats?ids=${ids.slice(0, 5).join(',')}&beginDate=${day(now - 10 * 86_400_000)}&endDate=${day(now)}`,
      ],
      [
        'POST /api/advert/v1/bids/min',
        'POST',
        `${HOSTS.advert}/api/advert/v1/bids/min`,
        {
          advert_id: manual.id,
          nm_ids: manual.items.map((i) => i.nmId),
          payment_type: manual.paymentType,
          placement_types: ['combined', 'search', 'recommendation'],
        },
      ],
      [
        'PATCH /api/advert/v1/bids',
        'PATCH',
        `${HOSTS.advert}/api/advert/v1/bids`,
        {
          bids: [
            {
              advert_id: manual.id,
              nm_bids: [{ nm_id: item.nmId, bid_kopecks: item.minBids.search + 500, placement: 'search' }],
            },
          ],
        },
      ],
      ['GET /adv/v1/budget', 'GET', `${HOSTS.advert}/adv/v1/budget?id=${ids[0]}`],
      [
        'POST /adv/v0/normquery/stats',
        'POST',
        `${HOSTS.advert}/adv/v0/normquery/stats`,
        {
          from: day(now - 6 * 86_400_000),
          to: day(now),
          items: manual.items.map((i) => ({ advert_id: manual.id, nm_id: i.nmId })),
        },
      ],
      [
        'POST /content/v2/get/cards/list',
        'POST',
        `${HOSTS.content}/content/v2/get/cards/list?locale=ru`,
        { settings: { cursor: { limit: 100 }, filter: { withPhoto: -1 } } },
      ],
    ];
    expect(cases.map((c) => c[0]).sort()).toEqual(Object.keys(SPEC_OF).sort());
    for (const [operation, method, url, body] of cases) {
      const res = await call(s, method, url, { token, body });
      expect(res.status, operation).toBe(200);
      expect(res.headers['content-type'], operation).toBe('application/json');
      const file = SPEC_OF[operation]!;
      const doc = loadSpec(file);
      const [, p] = operation.split(' ') as [string, string];
      let schema = responseSchema(doc, method, p, '200');
      if (operation === 'POST /api/analytics/v1/order-feed') {
        // The scraped 200 schema is cut ("[MaxDepth]"); it is an inline object like the stocks report's
        // `{data: …}`, and components.schemas.OrderFeedResponse ("Response data") is what sits under `data`.
        schema = {
          type: 'object',
          required: ['data'],
          properties: { data: { $ref: '#/components/schemas/OrderFeedResponse' } },
        };
      }
      expectFits(file, schema, res.json, operation);
      expect(JSON.stringify(res.json).length, `${operation} returned data`).toBeGreaterThan(20);
    }
  });

  it('statistics, feed, stocks and finance rows carry every field WB declares', async () => {
    const { sim: s, token } = sim();
    const orders = await call(s, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-07-01`, { token });
    const sales = await call(s, 'GET', `${HOSTS.statistics}/api/v1/supplier/sales?dateFrom=2026-07-01`, { token });
    const reports = loadSpec('12-reports.yaml');
    const ordersItem = (reports.components as { schemas: Record<string, unknown> }).schemas.OrdersItem;
    const salesItem = (reports.components as { schemas: Record<string, unknown> }).schemas.SalesItem;
    const orderKeys = declared('12-reports.yaml', ordersItem).sort();
    for (const row of (orders.json as Record<string, unknown>[]).slice(0, 50))
      expect(Object.keys(row).sort()).toEqual(orderKeys);
    const saleKeys = declared('12-reports.yaml', salesItem).sort();
    for (const row of (sales.json as Record<string, unknown>[]).slice(0, 50))
      expect(Object.keys(row).sort()).toEqual(saleKeys);
    const fin = await call(s, 'POST', `${HOSTS.finance}/api/finance/v1/sales-reports/detailed`, {
      token,
      body: { dateFrom: '2026-06-01', dateTo: '2026-08-20', limit: 2000 },
    });
    const finSchema = (loadSpec('13-finances.yaml').components as { schemas: Record<string, { required: string[] }> })
      .schemas.SalesReportsDetailedRes;
    const kinds = new Set<string>();
    for (const row of fin.json as Record<string, unknown>[]) {
      for (const r of finSchema!.required) expect(row, r).toHaveProperty(r);
      kinds.add(String(row.sellerOperName));
    }
    expect([...kinds].sort()).toEqual(
      ['Логистика', 'Платная приемка', 'Продажа', 'Удержание', 'Хранение', 'Штраф', 'Возврат'].sort(),
    );
  });

  it('error bodies fit WB’s error schemas', async () => {
    const { sim: s, token } = sim();
    const reports = '12-reports.yaml';
    // 401 (WB's gateway problem+json)
    const noAuth = await call(s, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-08-01`, {
      token: 'nonsense',
    });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers['content-type']).toBe('application/problem+json');
    expectFits(
      reports,
      responseSchema(loadSpec(reports), 'GET', '/api/v1/supplier/orders', '401', 'application/problem+json'),
      noAuth.json,
      '401',
    );
    expect(Object.keys(noAuth.json as object).sort()).toEqual(
      ['code', 'detail', 'origin', 'requestId', 'status', 'statusText', 'timestamp', 'title'].sort(),
    );
    // 400 of statistics (two shapes, oneOf)
    for (const q of ['', '?dateFrom=yesterday']) {
      const bad = await call(s, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders${q}`, { token });
      expect(bad.status).toBe(400);
      expectFits(
        reports,
        responseSchema(loadSpec(reports), 'GET', '/api/v1/supplier/orders', '400'),
        bad.json,
        `400 ${q}`,
      );
    }
    // 403 for a Base token where WB allows only Personal/Service/Base-with-secret
    const base = s.token({ type: 'base' });
    const forbidden = await call(s, 'POST', `${HOSTS.analytics}/api/analytics/v1/stocks-report/wb-warehouses`, {
      token: base,
      body: {},
    });
    expect(forbidden.status).toBe(403);
    expect(
      responseContentTypes(
        loadSpec('11-analytics.yaml'),
        'POST',
        '/api/analytics/v1/stocks-report/wb-warehouses',
        '403',
      ),
    ).toContain('application/problem+json');
    expectFits(
      '11-analytics.yaml',
      responseSchema(
        loadSpec('11-analytics.yaml'),
        'POST',
        '/api/analytics/v1/stocks-report/wb-warehouses',
        '403',
        'application/problem+json',
      ),
      forbidden.json,
      '403',
    );
    // 400 of the bidder (below the minimum bid)
    const c = s.dataset.campaigns.find((x) => x.bidType === 'unified' && [4, 9, 11].includes(x.status))!;
    const low = await call(s, 'PATCH', `${HOSTS.advert}/api/advert/v1/bids`, {
      token,
      body: {
        bids: [{ advert_id: c.id, nm_bids: [{ nm_id: c.items[0]!.nmId, bid_kopecks: 3, placement: 'combined' }] }],
      },
    });
    expect(low.status).toBe(400);
    expectFits(
      '08-promotion.yaml',
      responseSchema(loadSpec('08-promotion.yaml'), 'PATCH', '/api/advert/v1/bids', '400'),
      low.json,
      'bids 400',
    );
    // 400 of fullstats (31 days at most)
    const long = await call(
      s,
      'GET',
      `${HOSTS.advert}/adv/v3/fullstats?ids=${c.id}&beginDate=2026-06-01&endDate=2026-08-01`,
      { token },
    );
    expect(long.status).toBe(400);
    expectFits(
      '08-promotion.yaml',
      responseSchema(loadSpec('08-promotion.yaml'), 'GET', '/adv/v3/fullstats', '400'),
      long.json,
      'fullstats 400',
    );
    // 400 of finance (problem+json)
    const fin = await call(s, 'POST', `${HOSTS.finance}/api/finance/v1/sales-reports/detailed`, {
      token,
      body: { dateTo: '2026-08-01' },
    });
    expect(fin.status).toBe(400);
    expect(fin.headers['content-type']).toBe('application/problem+json');
    expectFits(
      '13-finances.yaml',
      responseSchema(
        loadSpec('13-finances.yaml'),
        'POST',
        '/api/finance/v1/sales-reports/detailed',
        '400',
        'application/problem+json',
      ),
      fin.json,
      'finance 400',
    );
    // 400 of analytics and content
    const feed = await call(s, 'POST', `${HOSTS.analytics}/api/analytics/v1/order-feed`, {
      token,
      body: { selectedPeriod: {} },
    });
    expect(feed.status).toBe(400);
    expectFits('11-analytics.yaml', { $ref: '#/components/schemas/ErrorObject400' }, feed.json, 'feed 400');
    const cards = await call(s, 'POST', `${HOSTS.content}/content/v2/get/cards/list`, {
      token,
      body: { settings: { cursor: { limit: 500 } } },
    });
    expect(cards.status).toBe(400);
    expectFits(
      '02-items.yaml',
      responseSchema(loadSpec('02-items.yaml'), 'POST', '/content/v2/get/cards/list', '400'),
      cards.json,
      'cards 400',
    );
    // 429
    const limited = createWbSimulator({ orders: 100 });
    const t = limited.token({ type: 'base' });
    await call(limited, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-08-01`, { token: t });
    const tooMany = await call(limited, 'GET', `${HOSTS.statistics}/api/v1/supplier/orders?dateFrom=2026-08-01`, {
      token: t,
    });
    expect(tooMany.status).toBe(429);
    expectFits(
      reports,
      responseSchema(loadSpec(reports), 'GET', '/api/v1/supplier/orders', '429', 'application/problem+json'),
      tooMany.json,
      '429',
    );
  });

  it('the schema checker itself catches drift', () => {
    const doc = loadSpec('12-reports.yaml');
    const schema = responseSchema(doc, 'GET', '/api/v1/supplier/orders', '200');
    const row = { nmId: 1, isCancel: false, date: '2026-01-01T00:00:00' };
    expect(checkSchema(doc, schema, [row], { strictUnknown: true })).toEqual([]);
    expect(checkSchema(doc, schema, [{ ...row, nmId: '1' }])[0]?.message).toMatch(/expected integer/);
    expect(checkSchema(doc, schema, [{ ...row, isCancel: null }])[0]?.message).toMatch(/not nullable/);
    expect(checkSchema(doc, schema, [{ ...row, extra: 1 }], { strictUnknown: true })[0]?.message).toMatch(
      /does not declare/,
    );
    expect(checkSchema(doc, schema, [{ ...row, warehouseType: 'Склад' }])[0]?.message).toMatch(/is not one of/);
    const fin = loadSpec('13-finances.yaml');
    const finSchema = { $ref: '#/components/schemas/SalesReportsDetailedRes' };
    expect(
      checkSchema(fin, finSchema, { reportId: 1 }).some((i) => /misses required property rrdId/.test(i.message)),
    ).toBe(true);
  });
});
