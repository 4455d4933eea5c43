// @vitest-environment node
/**
 * The client's zod schemas against WB's own OpenAPI files: each accepts the response examples of its operation and
 * an instance built from the operation's response schema (every declared property, with the spec's own example
 * values). So neither our client nor WB's documented shape can change without a red test here.
 * (tests/unit/sim/contract.test.ts holds the simulator to the same spec.)
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Endpoint } from '../../../lib/wb-api';
import { orderFeedEndpoint, wbWarehouseStocksEndpoint } from '../../../lib/wb-api/analytics';
import { sellerInfoEndpoint, pingResponse } from '../../../lib/wb-api/common';
import { cardsListEndpoint } from '../../../lib/wb-api/content';
import { financeDetailedEndpoint } from '../../../lib/wb-api/finance';
import { parseJsonExact } from '../../../lib/wb-api/json';
import {
  advertsEndpoint,
  budgetEndpoint,
  fullstatsEndpoint,
  minBidsEndpoint,
  promotionCountEndpoint,
  setBidsEndpoint,
} from '../../../lib/wb-api/promotion';
import { ordersEndpoint, salesEndpoint } from '../../../lib/wb-api/statistics';
import { resolveRef } from '../../sim/openapi-check';
import { findOperation, loadSpec, responseSchema } from '../../sim/openapi-spec';

interface Case {
  endpoint: Endpoint<unknown>;
  spec: string;
  /** For an operation whose response schema is cut in the spec: the components schema, and a wrapper. */
  component?: { name: string; wrap: (v: unknown) => unknown };
}

const CASES: Case[] = [
  { endpoint: sellerInfoEndpoint as Endpoint<unknown>, spec: '01-general.yaml' },
  { endpoint: ordersEndpoint as Endpoint<unknown>, spec: '12-reports.yaml' },
  { endpoint: salesEndpoint as Endpoint<unknown>, spec: '12-reports.yaml' },
  { endpoint: wbWarehouseStocksEndpoint as Endpoint<unknown>, spec: '11-analytics.yaml' },
  {
    endpoint: orderFeedEndpoint as Endpoint<unknown>,
    spec: 'analytics.json',
    component: { name: 'OrderFeedResponse', wrap: (v) => ({ data: v }) },
  },
  { endpoint: financeDetailedEndpoint as Endpoint<unknown>, spec: '13-finances.yaml' },
  { endpoint: promotionCountEndpoint as Endpoint<unknown>, spec: '08-promotion.yaml' },
  { endpoint: advertsEndpoint as Endpoint<unknown>, spec: '08-promotion.yaml' },
  { endpoint: fullstatsEndpoint as Endpoint<unknown>, spec: '08-promotion.yaml' },
  { endpoint: minBidsEndpoint as Endpoint<unknown>, spec: '08-promotion.yaml' },
  { endpoint: setBidsEndpoint as Endpoint<unknown>, spec: '08-promotion.yaml' },
  { endpoint: budgetEndpoint as Endpoint<unknown>, spec: '08-promotion.yaml' },
  { endpoint: cardsListEndpoint as Endpoint<unknown>, spec: '02-items.yaml' },
];

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function deref(doc: Json, s: unknown): Json {
  let cur = s;
  for (let i = 0; i < 20 && isObj(cur) && typeof cur.$ref === 'string'; i++) cur = resolveRef(doc, cur.$ref);
  return isObj(cur) ? cur : {};
}

/** Examples the spec gives for a 200 response (`example`, `examples.*.value`). */
function responseExamples(doc: Json, method: string, path: string): unknown[] {
  const op = findOperation(doc, method, path)!;
  const res = deref(doc, (op.responses as Json)['200']);
  const media = (res.content as Json | undefined)?.['application/json'];
  if (!isObj(media)) return [];
  const out: unknown[] = [];
  if ('example' in media) out.push(media.example);
  if (isObj(media.examples)) for (const ex of Object.values(media.examples)) out.push(deref(doc, ex).value);
  return out;
}

/**
 * Fields WB types as a bare `string` whose description says "date and time (Moscow if no zone)". Our schemas
 * deliberately require that documented form (a cursor built on an unparseable date would corrupt paging), so the
 * instance uses a value of the documented form for them.
 */
const DESCRIBED_DATE_TIMES = new Set(['date', 'lastChangeDate', 'cancelDate']);

/**
 * A value for a schema with every declared property filled: the property's own example where the spec gives one,
 * else a value of the declared type and format. Money fields are strings in WB's finance schema; their examples say so.
 */
function instance(doc: Json, schema: unknown, depth = 0): unknown {
  const s = deref(doc, schema);
  if (depth > 12) return undefined;
  if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((x) => instance(doc, x, depth + 1) as object));
  const alt = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (Array.isArray(alt) && alt.length) return instance(doc, alt[0], depth + 1);
  if ('example' in s && s.type !== 'object' && s.type !== 'array') return s.example;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (s.type === 'array') return [instance(doc, s.items, depth + 1)];
  if (s.type === 'object' || isObj(s.properties)) {
    const out: Json = {};
    for (const [k, v] of Object.entries((s.properties as Json | undefined) ?? {})) {
      const p = deref(doc, v);
      out[k] =
        DESCRIBED_DATE_TIMES.has(k) && p.type === 'string' && !('example' in p) && !p.format
          ? '2026-07-01T10:00:00'
          : instance(doc, v, depth + 1);
    }
    return out;
  }
  switch (s.type) {
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'string':
      if (s.format === 'date-time') return '2026-07-01T10:00:00Z';
      if (s.format === 'date') return '2026-07-01';
      return 'x';
    default:
      return null;
  }
}

function parse(endpoint: Endpoint<unknown>, value: unknown) {
  // Through the same exact-JSON path the client uses, so int64 fields are handled as in production.
  return (endpoint.response as z.ZodType).safeParse(parseJsonExact(JSON.stringify(value), endpoint.bigIntFields));
}

function issues(result: ReturnType<typeof parse>): string[] {
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('client schemas ↔ WB OpenAPI', () => {
  it.each(CASES.map((c) => [`${c.endpoint.method} ${c.endpoint.path}`, c] as const))(
    '%s accepts WB’s examples and a full instance of WB’s schema',
    (_name, c) => {
      const doc = loadSpec(c.spec) as Json;
      const { method, path } = c.endpoint;
      expect(findOperation(doc, method, path), 'the operation is in WB’s spec').not.toBeNull();
      const schema = c.component
        ? ((doc.components as Json).schemas as Json)[c.component.name]
        : responseSchema(doc, method, path, '200');
      expect(schema, 'WB’s spec has a response schema').toBeTruthy();

      const full = instance(doc, schema);
      const value = c.component ? c.component.wrap(full) : full;
      expect(issues(parse(c.endpoint, value))).toEqual([]);

      for (const example of responseExamples(doc, method, path)) {
        expect(issues(parse(c.endpoint, example)), 'example').toEqual([]);
      }
    },
  );

  it('/ping’s answer matches WB’s example', () => {
    const doc = loadSpec('01-general.yaml') as Json;
    const schema = responseSchema(doc, 'GET', '/ping', '200');
    expect(pingResponse.safeParse(instance(doc, schema)).success).toBe(true);
  });

  it('a known field missing from WB’s schema instance is rejected, naming the field', () => {
    const doc = loadSpec('12-reports.yaml') as Json;
    const [row] = instance(doc, responseSchema(doc, 'GET', '/api/v1/supplier/orders', '200')) as Json[];
    delete row!.srid;
    const r = parse(ordersEndpoint as Endpoint<unknown>, [row]);
    expect(issues(r)[0]).toMatch(/^0\.srid: /);
  });
});
