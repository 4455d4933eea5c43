// @vitest-environment node
/**
 * The generated rate-limit table: identical to a fresh run of the generator (nobody edits it by hand), and rows
 * checked against WB's published tables.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS, WRITE_OPERATIONS } from '../../../lib/wb-api/rate-limits.generated';

const root = path.resolve(__dirname, '../../..');
const MIN = 60_000;
const HOUR = 3_600_000;

function op(operation: string) {
  const row = RATE_LIMITS.find((r) => r.operation === operation);
  if (!row) throw new Error(`no row for ${operation}`);
  return row;
}

describe('rate-limits.generated.ts', () => {
  it('equals a fresh run of scripts/gen-rate-limits.mjs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gen-limits-'));
    try {
      const out = path.join(dir, 'rate-limits.generated.ts');
      const log = execFileSync(process.execPath, [path.join(root, 'scripts/gen-rate-limits.mjs'), '--out', out], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(log).toMatch(/\d+ operations, \d+ buckets/);
      expect(readFileSync(out, 'utf8')).toBe(
        readFileSync(path.join(root, 'lib/wb-api/rate-limits.generated.ts'), 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails loudly, listing them, when operations have no host', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gen-limits-bad-'));
    try {
      // A copy of WB's files with one operation stripped of every host source.
      const limits = path.join(dir, 'limits-2026-08');
      const specs = path.join(dir, 'specs-2026-07');
      mkdirSync(limits);
      mkdirSync(specs);
      const doc = {
        paths: {
          '/api/v1/mystery': {
            get: {
              'x-category': 'nowhere',
              'x-wb-rate-limits': { scope: 'Request limit per one seller account:', limits: [], source: 'x' },
            },
          },
        },
      };
      writeFileSync(path.join(limits, 'x.json'), JSON.stringify(doc));
      let failed = false;
      try {
        execFileSync(
          process.execPath,
          [path.join(root, 'scripts/gen-rate-limits.mjs'), '--out', path.join(dir, 'o.ts')],
          {
            env: { ...process.env, WB_OPENAPI_DIR: dir },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
      } catch (e) {
        failed = true;
        expect(String((e as { stderr?: Buffer }).stderr)).toContain('GET /api/v1/mystery');
      }
      expect(failed).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is sorted by operation and has one row per operation', () => {
    const ops = RATE_LIMITS.map((r) => r.operation);
    expect([...ops].sort()).toEqual(ops);
    expect(new Set(ops).size).toBe(ops.length);
    expect(ops.length).toBeGreaterThan(150);
  });

  it('orders: personal 1 per min with burst 10, base 1 per 3 h', () => {
    const r = op('GET /api/v1/supplier/orders');
    expect(r.host).toBe('statistics-api.wildberries.ru');
    expect(r.byKind.personal).toEqual({ periodMs: MIN, limit: 1, intervalMs: MIN, burst: 10 });
    expect(r.byKind.service).toEqual(r.byKind.personal);
    expect(r.byKind.baseWithSecret).toEqual(r.byKind.personal);
    expect(r.byKind.base).toEqual({ periodMs: 3 * HOUR, limit: 1, intervalMs: 3 * HOUR, burst: 1 });
    expect(r.tokenTypes).toBeNull();
    expect(r.bucket).toBe('GET /api/v1/supplier/orders');
  });

  it('bid changes: base 2 per hour, one every 30 min, burst 1; a write operation', () => {
    const r = op('PATCH /api/advert/v1/bids');
    expect(r.host).toBe('advert-api.wildberries.ru');
    expect(r.byKind.base).toEqual({ periodMs: HOUR, limit: 2, intervalMs: 30 * MIN, burst: 1 });
    expect(r.byKind.personal).toEqual({ periodMs: 1000, limit: 5, intervalMs: 200, burst: 5 });
    expect(WRITE_OPERATIONS).toContain('PATCH /api/advert/v1/bids');
    expect(WRITE_OPERATIONS).not.toContain('GET /api/v1/supplier/orders');
  });

  it('WB-warehouse stocks: no Base token; one row for all types', () => {
    const r = op('POST /api/analytics/v1/stocks-report/wb-warehouses');
    expect(r.host).toBe('seller-analytics-api.wildberries.ru');
    expect(r.tokenTypes).toEqual(['personal', 'service', 'baseWithSecret']);
    expect(r.tokenTypes).not.toContain('base');
    expect(r.byKind).toEqual({ all: { periodMs: MIN, limit: 3, intervalMs: 20_000, burst: 1 } });
  });

  it('finance report: base 2 per 24 h, one every 12 h', () => {
    const r = op('POST /api/finance/v1/sales-reports/detailed');
    expect(r.host).toBe('finance-api.wildberries.ru');
    expect(r.byKind.base).toEqual({ periodMs: 24 * HOUR, limit: 2, intervalMs: 12 * HOUR, burst: 1 });
  });

  it('the order feed (absent from the YAML specs) takes its host from the limits file', () => {
    expect(op('POST /api/analytics/v1/order-feed').host).toBe('seller-analytics-api.wildberries.ru');
  });

  it('shared scopes share one bucket named after the scope and host', () => {
    const subjects = op('GET /content/v2/object/all');
    const shared = RATE_LIMITS.filter((r) => r.bucket === subjects.bucket);
    expect(subjects.bucket).toBe('for-all-methods-in-the-content-category@content-api.wildberries.ru');
    expect(shared.map((r) => r.operation)).toContain('POST /content/v2/get/cards/trash');
    // The cards list has a table of its own in WB's August 2026 docs.
    expect(op('POST /content/v2/get/cards/list').bucket).toBe('POST /content/v2/get/cards/list');
    const feedback = RATE_LIMITS.filter((r) => r.host === 'feedbacks-api.wildberries.ru');
    expect(new Set(feedback.map((r) => r.bucket)).size).toBeLessThan(feedback.length);
  });

  it("/ping's non-tabular limit is parsed: 3 per 30 s", () => {
    expect(op('GET /ping').byKind).toEqual({ all: { periodMs: 30_000, limit: 3, intervalMs: 10_000, burst: 3 } });
  });

  it('every row has a WB host, a source and rules with positive numbers', () => {
    for (const r of RATE_LIMITS) {
      expect(r.host, r.operation).toMatch(/^[a-z-]+\.wildberries\.ru$/);
      expect(r.host, r.operation).not.toContain('sandbox');
      expect(r.source, r.operation).toMatch(/^https:\/\/dev\.wildberries\.ru\//);
      for (const rule of Object.values(r.byKind)) {
        for (const n of [rule.periodMs, rule.limit, rule.intervalMs, rule.burst]) expect(n).toBeGreaterThan(0);
      }
    }
  });
});
