#!/usr/bin/env node
// `npm test`: every check and every suite, in order, then one plain line `N passed, N failed`.
// Static checks and builds count as one test each; vitest and Playwright report their own test counts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seller-lens-test-'));
const results = [];
let passed = 0;
let failed = 0;

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  console.log(
    `=== ${name}: ${ok ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return ok;
}

function step(name, cmd, args) {
  const ok = run(name, cmd, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  if (ok) passed++;
  else failed++;
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function suite(name, cmd, args, jsonFile, count, env) {
  const ok = run(name, cmd, args, env);
  const counts = count(readJson(jsonFile));
  if (!counts) {
    results.push({ name, passed: 0, failed: 1, note: 'no report' });
    failed++;
    return;
  }
  // A runner that failed without a failing test (a crash, a bad config) still counts as a failure.
  if (!ok && counts.failed === 0) counts.failed = 1;
  results.push({ name, ...counts });
  passed += counts.passed;
  failed += counts.failed;
}

step('format', 'npx', ['prettier', '--check', '.']);
step('lint', 'npx', ['eslint', '.']);
step('types', 'npx', ['tsc', '--noEmit']);

const vitestJson = path.join(tmp, 'vitest.json');
suite(
  'unit',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${vitestJson}`],
  vitestJson,
  (j) =>
    j ? { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests } : null,
);

const builtChrome = step('build chrome', 'npx', ['wxt', 'build']);
const builtFirefox = step('build firefox', 'npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);
if (builtFirefox) {
  const lintJson = path.join(tmp, 'web-ext-lint.json');
  const r = spawnSync('npx', ['web-ext', 'lint', '-s', '.output/firefox-mv3', '-o', 'json'], { encoding: 'utf8' });
  fs.writeFileSync(lintJson, r.stdout ?? '');
  const summary = readJson(lintJson)?.summary;
  const ok = r.status === 0 && summary && summary.errors === 0;
  console.log(`\n=== web-ext lint: ${summary ? JSON.stringify(summary) : 'no report'}`);
  results.push({ name: 'web-ext lint', passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  if (ok) passed++;
  else failed++;
}

if (builtChrome) {
  const pwJson = path.join(tmp, 'playwright.json');
  suite(
    'e2e',
    'npx',
    ['playwright', 'test'],
    pwJson,
    (j) => {
      if (!j?.stats) return null;
      return { passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped };
    },
    { PW_JSON_OUTPUT: pwJson },
  );
} else {
  results.push({ name: 'e2e', passed: 0, failed: 1, note: 'not run: the build failed' });
  failed++;
}

console.log('\nSummary:');
for (const r of results) {
  const skipped = r.skipped ? `, ${r.skipped} skipped` : '';
  console.log(`  ${r.name.padEnd(14)} ${r.passed} passed, ${r.failed} failed${skipped}${r.note ? ` (${r.note})` : ''}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
