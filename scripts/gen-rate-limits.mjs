// Generates lib/wb-api/rate-limits.generated.ts from WB's own published rate-limit tables: the `x-wb-rate-limits`
// block of every operation in ../shared/wb-openapi/limits-2026-08/*.json, with each operation's production host taken
// from its `servers` in ../shared/wb-openapi/specs-2026-07/*.yaml (so nobody retypes WB's tables by hand).
//
// Usage: npm run gen:limits [-- --out <file>]
//   WB_OPENAPI_DIR=/path/to/wb-openapi   overrides the folder holding limits-2026-08/ and specs-2026-07/
//   --out <file>                         writes somewhere else (the unit test compares a fresh run with the
//                                        committed file)
// Exits non-zero, listing the operations, when an operation's host cannot be determined or a table cannot be parsed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const openapiDir = process.env.WB_OPENAPI_DIR
  ? path.resolve(process.env.WB_OPENAPI_DIR)
  : path.resolve(repoRoot, '../shared/wb-openapi');
const limitsDir = path.join(openapiDir, 'limits-2026-08');
const specsDir = path.join(openapiDir, 'specs-2026-07');

const outArg = process.argv.indexOf('--out');
const outFile =
  outArg >= 0 && process.argv[outArg + 1]
    ? path.resolve(process.argv[outArg + 1])
    : path.join(repoRoot, 'lib/wb-api/rate-limits.generated.ts');

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** `x-category` → production host (wb-api.md §2). Only a fallback: WB's `servers` lists come first. */
const CATEGORY_HOST = {
  commonapi: 'common-api.wildberries.ru',
  content: 'content-api.wildberries.ru',
  contentanalytics: 'seller-analytics-api.wildberries.ru',
  discountsandprices: 'discounts-prices-api.wildberries.ru',
  marketplace: 'marketplace-api.wildberries.ru',
  statistics: 'statistics-api.wildberries.ru',
  advert: 'advert-api.wildberries.ru',
  questionsandfeedback: 'feedbacks-api.wildberries.ru',
  buyerchat: 'buyer-chat-api.wildberries.ru',
  supplies: 'supplies-api.wildberries.ru',
  returns: 'returns-api.wildberries.ru',
  documents: 'documents-api.wildberries.ru',
  finance: 'finance-api.wildberries.ru',
  usermanagement: 'user-management-api.wildberries.ru',
};

/**
 * Operations whose host no source gives unambiguously, decided here by hand. Keep it small; every entry says why.
 * Currently empty: every operation has a single production server in the YAML specs or in the limits file itself.
 * (`GET /ping` exists on every host; its one entry takes the host of its servers list, common-api, and the
 * simulator/clients apply it per host, as WB's text says.)
 */
const HOST_OVERRIDES = {};

const TYPE_KIND = {
  Personal: 'personal',
  Service: 'service',
  'Base with secret': 'baseWithSecret',
  Base: 'base',
  Test: 'test',
};

const TOKEN_TYPE_KIND = {
  personal: 'personal',
  service: 'service',
  'base-with-secret': 'baseWithSecret',
  base: 'base',
  test: 'test',
};

const KIND_ORDER = ['all', 'personal', 'service', 'baseWithSecret', 'base', 'test'];

const UNIT_MS = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const problems = [];

function parseDuration(text, where) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(String(text));
  const unit = m && UNIT_MS[m[2].toLowerCase()];
  if (!m || !unit) {
    problems.push(`${where}: cannot parse duration ${JSON.stringify(text)}`);
    return NaN;
  }
  return Math.round(Number(m[1]) * unit);
}

function parseCount(text, where) {
  const m = /^\s*(\d+)\s*requests?\s*$/i.exec(String(text));
  if (!m) {
    problems.push(`${where}: cannot parse request count ${JSON.stringify(text)}`);
    return NaN;
  }
  return Number(m[1]);
}

/** The one non-tabular limit WB publishes (`/ping`): "A maximum of 3 requests every 30 seconds". */
function parseRaw(raw) {
  const m = /maximum of\s+(\d+)\s+requests?\s+every\s+(\d+)\s*(seconds?|minutes?|s|min)\b/i.exec(raw);
  if (!m) return null;
  const limit = Number(m[1]);
  const periodMs = Number(m[2]) * UNIT_MS[m[3].toLowerCase()];
  // Token-bucket reading of "N per period": the bucket holds N and refills one every period/N.
  return { periodMs, limit, intervalMs: Math.round(periodMs / limit), burst: limit };
}

function slug(text) {
  return text
    .replace(/^\s*request limit per one seller account\s*/i, '')
    .replace(/:\s*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isSharedScope(scope) {
  const s = scope.trim();
  if (/^request limit per one seller account:?$/i.test(s)) return false;
  if (/^non-tabular limit/i.test(s)) return false;
  return /^request limit per one seller account\s+for\b/i.test(s);
}

function productionHosts(servers) {
  const hosts = (servers ?? [])
    .map((s) => {
      try {
        return new URL(s.url).hostname;
      } catch {
        return null;
      }
    })
    .filter((h) => h && !h.includes('-sandbox.'));
  return [...new Set(hosts)];
}

// Hosts from the YAML specs, by "METHOD /path".
const yamlHosts = new Map();
for (const file of readdirSync(specsDir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()) {
  const doc = YAML.parse(readFileSync(path.join(specsDir, file), 'utf8'));
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      if (!item[m]) continue;
      const hosts = productionHosts(item[m].servers ?? item.servers ?? doc.servers);
      const key = `${m.toUpperCase()} ${p}`;
      yamlHosts.set(key, [...new Set([...(yamlHosts.get(key) ?? []), ...hosts])]);
    }
  }
}

const ops = [];
const writeOps = [];
const seen = new Map();
const hostless = [];

for (const file of readdirSync(limitsDir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const doc = JSON.parse(readFileSync(path.join(limitsDir, file), 'utf8'));
  for (const [p, item] of Object.entries(doc.paths ?? {})) {
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const key = `${m.toUpperCase()} ${p}`;
      const where = `${file} ${key}`;
      if (seen.has(key)) {
        problems.push(`${where}: duplicate operation (also in ${seen.get(key)})`);
        continue;
      }
      seen.set(key, file);
      const block = op['x-wb-rate-limits'];
      if (!block) {
        problems.push(`${where}: no x-wb-rate-limits block`);
        continue;
      }
      if (op['x-readonly-method'] === false) writeOps.push(key);

      // Host: the YAML spec's servers, else this file's own servers (they must agree), else x-category, else override.
      const fromYaml = yamlHosts.get(key) ?? [];
      const fromLimits = productionHosts(op.servers ?? item.servers);
      let host = null;
      if (HOST_OVERRIDES[key]) host = HOST_OVERRIDES[key];
      else if (fromYaml.length > 1 || fromLimits.length > 1) {
        problems.push(
          `${where}: several production hosts (${[...fromYaml, ...fromLimits].join(', ')}); add an override`,
        );
      } else if (fromYaml.length === 1 && fromLimits.length === 1 && fromYaml[0] !== fromLimits[0]) {
        problems.push(`${where}: YAML says ${fromYaml[0]} but the limits file says ${fromLimits[0]}`);
      } else {
        host = fromYaml[0] ?? fromLimits[0] ?? CATEGORY_HOST[op['x-category']] ?? null;
      }
      if (!host) {
        hostless.push(`${where} (x-category ${op['x-category'] ?? 'none'})`);
        continue;
      }

      const byKind = {};
      let rawNote = null;
      if (Array.isArray(block.limits)) {
        for (const row of block.limits) {
          const kind = row.type === undefined ? 'all' : TYPE_KIND[row.type];
          if (!kind) {
            problems.push(`${where}: unknown limit type ${JSON.stringify(row.type)}`);
            continue;
          }
          if (byKind[kind]) problems.push(`${where}: two rows for ${kind}`);
          byKind[kind] = {
            periodMs: parseDuration(row.period, where),
            limit: parseCount(row.limit, where),
            intervalMs: parseDuration(row.interval, where),
            burst: parseCount(row.burst, where),
          };
        }
      } else if (typeof block.raw === 'string') {
        const parsed = parseRaw(block.raw);
        rawNote = parsed
          ? `non-tabular limit, parsed: ${block.raw}`
          : `non-tabular limit, kept without rows: ${block.raw}`;
        if (parsed) byKind.all = parsed;
      } else {
        problems.push(`${where}: x-wb-rate-limits has neither limits nor raw`);
      }

      const tokenTypesRaw = op['x-token-types'];
      let tokenTypes = null;
      if (Array.isArray(tokenTypesRaw)) {
        tokenTypes = tokenTypesRaw.map((t) => {
          const k = TOKEN_TYPE_KIND[t];
          if (!k) problems.push(`${where}: unknown x-token-types entry ${JSON.stringify(t)}`);
          return k;
        });
      }

      const scope = String(block.scope ?? '');
      const bucket = isSharedScope(scope) ? `${slug(scope)}@${host}` : key;
      const notes = [];
      if (rawNote) notes.push(rawNote);
      if (block.note) notes.push(String(block.note));
      if (isSharedScope(scope)) notes.push(`scope: ${scope.trim()}`);
      ops.push({ operation: key, host, bucket, byKind, tokenTypes, source: String(block.source ?? ''), notes });
    }
  }
}

if (hostless.length > 0) {
  problems.push(
    `no host found for ${hostless.length} operation(s); add them to HOST_OVERRIDES with a reason:\n    ${hostless.join('\n    ')}`,
  );
}

// Operations under one shared scope should publish one table. WB's pages do not always agree (e.g. the Base row of
// one Prices method differs from its neighbours'): the bucket stays shared as the scope says, each operation keeps
// the rows its own page publishes, and the difference is reported here and marked in the generated file.
const byBucket = new Map();
for (const op of ops) byBucket.set(op.bucket, [...(byBucket.get(op.bucket) ?? []), op]);
const warnings = [];
for (const [bucket, members] of byBucket) {
  const tables = new Set(members.map((o) => JSON.stringify(orderKinds(o.byKind))));
  if (tables.size > 1) {
    warnings.push(`shared bucket ${bucket}: its operations publish different tables`);
    for (const o of members)
      o.notes.push('the operations of this shared bucket publish different tables; rows as published for this one');
  }
}

if (problems.length > 0) {
  console.error(`gen-rate-limits: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

ops.sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : 0));
writeOps.sort();

function orderKinds(byKind) {
  const out = {};
  for (const k of KIND_ORDER) if (byKind[k]) out[k] = byKind[k];
  return out;
}

/** A single-quoted TS string literal (the repo's Prettier style). */
function q(text) {
  return `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function rule(r) {
  return `{ periodMs: ${r.periodMs}, limit: ${r.limit}, intervalMs: ${r.intervalMs}, burst: ${r.burst} }`;
}

const lines = [];
lines.push('// GENERATED FILE: do not edit by hand.');
lines.push(
  '// Generated by `npm run gen:limits` (scripts/gen-rate-limits.mjs) from the `x-wb-rate-limits` block of every',
);
lines.push(
  "// operation in WB's official OpenAPI files ../shared/wb-openapi/limits-2026-08/*.json (scraped 2026-08-19), with",
);
lines.push(
  "// each operation's production host from its `servers` in ../shared/wb-openapi/specs-2026-07/*.yaml (else the",
);
lines.push(
  "// limits file's own `servers`). To change it, change the generator or the source files and run `npm run gen:limits`;",
);
lines.push('// tests/unit/sim/rate-limits.test.ts fails when this file differs from a fresh run.');
lines.push("import type { OperationLimits } from './rate-limit-types';");
lines.push('');
lines.push(`/** WB's published limits for ${ops.length} operations, sorted by operation. */`);
lines.push('export const RATE_LIMITS: readonly OperationLimits[] = [');
for (const op of ops) {
  for (const n of op.notes) {
    for (const l of n.split('\n')) lines.push(`  // ${l.trim()}`);
  }
  lines.push('  {');
  lines.push(`    operation: ${q(op.operation)},`);
  lines.push(`    host: ${q(op.host)},`);
  lines.push(`    bucket: ${q(op.bucket)},`);
  const kinds = orderKinds(op.byKind);
  const entries = Object.entries(kinds);
  if (entries.length === 0) lines.push('    byKind: {},');
  else {
    lines.push('    byKind: {');
    for (const [k, r] of entries) lines.push(`      ${k}: ${rule(r)},`);
    lines.push('    },');
  }
  lines.push(`    tokenTypes: ${op.tokenTypes ? `[${op.tokenTypes.map((t) => q(t)).join(', ')}]` : 'null'},`);
  lines.push(`    source: ${q(op.source)},`);
  lines.push('  },');
}
lines.push('];');
lines.push('');
lines.push(
  '/** Operations WB marks as writes (`x-readonly-method: false`): a read-only token (bit 30) may not call them. */',
);
lines.push('export const WRITE_OPERATIONS: readonly string[] = [');
for (const w of writeOps) lines.push(`  ${q(w)},`);
lines.push('];');
lines.push('');

writeFileSync(outFile, lines.join('\n'));
for (const w of warnings) console.warn(`gen-rate-limits: warning: ${w}`);
const shared = [...byBucket.values()].filter((m) => m.length > 1).length;
console.log(
  `gen-rate-limits: ${ops.length} operations, ${byBucket.size} buckets (${shared} shared by several operations), ` +
    `${writeOps.length} write operations -> ${path.relative(process.cwd(), outFile) || outFile}`,
);
