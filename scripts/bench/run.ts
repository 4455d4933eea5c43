/**
 * `npm run bench -- --rows N [--reps R]`: builds the extension (production, and a bench build whose service worker
 * exposes `__sellerLensBench`, see lib/bench/service-worker.ts), loads the bench build into the system Chromium as
 * the e2e suite does, answers WB through the simulator (a local HTTPS server, see wb-server.ts), and prints one `name=value` line per
 * figure. Timing figures are medians of several runs; ratios are measured side by side in the same browser.
 * Progress and details go to stderr, the figures to stdout.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { chromiumPath } from '../../tests/e2e/browser';
import { createWbSimulator, SELLER_A, type Campaign, type WbSimulator } from '../../tests/sim';
import type { BenchCampaign, SellerLensBench } from '../../lib/bench/service-worker';
import { startWbServer } from './wb-server';

/** This run's builds (scripts/bench/wxt.config.ts): concurrent runs never share an output directory. */
const RUN_OUT = `bench-run-${process.pid}-${Date.now().toString(36)}`;
const CLOCK_HEADER = 'x-seller-lens-bench-now';
const STATISTICS_PAGE_CAP = 80_000;
const DAY_MS = 86_400_000;

const log = (...args: unknown[]) => console.error('[bench]', ...args);

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const num = (s: string | undefined) => (s === undefined ? undefined : Number(s.replace(/[_,\s]/g, '')));
  const rows = num(get('rows')) ?? 1_000_000;
  if (!Number.isInteger(rows) || rows < 1000) throw new Error(`--rows must be an integer ≥ 1000, got ${get('rows')}`);
  // The ingest is the long part: at the default size one run of it (and of its raw bulkPut) is what fits in 30 min.
  const reps = num(get('reps')) ?? (rows <= 100_000 ? 3 : 1);
  // --ingest-only: the ingest figures and the heap, for profiling the sync (the other sections take minutes).
  return {
    rows,
    reps,
    skipBuild: argv.includes('--skip-build'),
    ingestOnly: argv.includes('--ingest-only'),
    heapLive: argv.includes('--heap-live'),
    rawVariants: argv.includes('--raw-variants'),
    // --cpu-profile <prefix>: the worker's CPU profile of the ingest and of the bidder, as <prefix>-*.cpuprofile.
    cpuProfile: get('cpu-profile'),
    // --bidder-only: the bidder's figures alone.
    bidderOnly: argv.includes('--bidder-only'),
    // --alloc-profile <file>: the worker's sampled allocations during the (first) ingest, garbage included.
    allocProfile: get('alloc-profile'),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const fmt = (x: number, digits = 2) => (Number.isInteger(x) && digits === 0 ? String(x) : x.toFixed(digits));

interface StatisticsStream {
  path: string;
  firstAt: number;
  dateFrom: string;
}

/**
 * The fewest requests WB's paging allows for one stream: a pager that follows only WB's own protocol (each page from
 * the last row's `lastChangeDate`, `>=`, stop at a page shorter than the cap), against a twin simulator (same seed,
 * data and start, no limits) at the time the backfill started that stream.
 */
async function minimumRequests(opts: SimOpts, token: string, stream: StatisticsStream): Promise<number> {
  const twin = createWbSimulator({ ...opts, rateLimits: false });
  twin.clock.set(stream.firstAt);
  let cursor = stream.dateFrom;
  let n = 0;
  for (;;) {
    const url = `https://statistics-api.wildberries.ru${stream.path}?dateFrom=${encodeURIComponent(cursor)}&flag=0`;
    const res = await twin.handle({ method: 'GET', url, headers: { authorization: token } });
    n++;
    if (res.status !== 200) throw new Error(`reference pager: ${res.status} ${res.body}`);
    const rows = JSON.parse(res.body || '[]') as { lastChangeDate: string }[];
    if (rows.length < STATISTICS_PAGE_CAP) return n;
    const last = rows[rows.length - 1]!.lastChangeDate;
    cursor =
      last > cursor ? last : new Date(Date.parse(`${cursor}+03:00`) + 1000 + 3 * 3_600_000).toISOString().slice(0, 19);
  }
}

type SimOpts = Parameters<typeof createWbSimulator>[0] & object;

/** Samples the service worker's JS heap over the DevTools protocol (a second client on the worker's target). */
async function heapSampler(port: number, extensionId: string) {
  const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    type: string;
    url: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = list.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!target) throw new Error('service worker target not found over CDP');
  type Ws = {
    on(ev: 'message', f: (d: Buffer) => void): void;
    once(ev: 'open' | 'error', f: (e?: unknown) => void): void;
    send(s: string): void;
    close(): void;
  };
  const WebSocket = createRequire(import.meta.url)('ws') as new (url: string, o?: object) => Ws;
  const ws = new WebSocket(target.webSocketDebuggerUrl, { maxPayload: 1 << 30 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const replies = new Map<number, (result: unknown) => void>();
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as { id?: number; result?: unknown };
    if (msg.id === undefined) return;
    replies.get(msg.id)?.(msg.result);
    replies.delete(msg.id);
  });
  /** A DevTools protocol command on the worker: its result, or undefined on an error or after `timeoutMs`. */
  const send = (method: string, params: object = {}, timeoutMs?: number) =>
    new Promise<unknown>((resolve) => {
      const i = ++id;
      replies.set(i, resolve);
      ws.send(JSON.stringify({ id: i, method, params }));
      if (timeoutMs !== undefined) setTimeout(() => resolve(undefined), timeoutMs);
    });
  const usage = async () => {
    const r = (await send('Runtime.getHeapUsage', {}, 5_000)) as { usedSize?: number } | undefined;
    return r?.usedSize ?? NaN;
  };
  const collectGarbage = async () => {
    await send('HeapProfiler.collectGarbage', {}, 10_000);
  };
  let peak = 0;
  let livePeak = 0;
  let samples = 0;
  let timer: NodeJS.Timeout | null = null;
  return {
    /**
     * `liveEveryMs` (diagnosis only, `--heap-live`): a forced GC before a sample that often, to see the live set
     * apart from garbage not yet collected; it lowers the peak, so the figure is not comparable then.
     */
    start(liveEveryMs = 0) {
      peak = 0;
      livePeak = 0;
      samples = 0;
      let lastGc = Date.now();
      const tick = async () => {
        if (liveEveryMs > 0 && Date.now() - lastGc >= liveEveryMs) {
          lastGc = Date.now();
          await collectGarbage();
          const live = await usage();
          if (Number.isFinite(live)) livePeak = Math.max(livePeak, live);
        }
        const u = await usage();
        if (Number.isFinite(u)) {
          samples++;
          peak = Math.max(peak, u);
        }
        if (timer) timer = setTimeout(tick, 100);
      };
      timer = setTimeout(tick, 0);
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
      return { peak, samples, livePeak };
    },
    /** Starts the worker's sampling CPU profiler (diagnosis: `--cpu-profile`). */
    async startProfile() {
      await send('Profiler.enable');
      await send('Profiler.setSamplingInterval', { interval: 500 });
      await send('Profiler.start');
    },
    /** Stops it and writes the profile (open in DevTools' Performance panel). */
    async stopProfile(file: string) {
      const r = (await send('Profiler.stop')) as { profile: unknown };
      fs.writeFileSync(file, JSON.stringify(r.profile));
      log(`CPU profile written to ${file}`);
    },
    /** Starts sampling the worker's allocations, those collected since included (diagnosis: `--alloc-profile`). */
    async startAllocations() {
      await send('HeapProfiler.enable');
      await send('HeapProfiler.startSampling', {
        samplingInterval: 65_536,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    },
    /** Stops it and writes the profile (a .heapprofile for DevTools' Memory panel). */
    async stopAllocations(file: string) {
      const r = (await send('HeapProfiler.stopSampling')) as { profile: unknown };
      fs.writeFileSync(file, JSON.stringify(r.profile));
      log(`allocation profile written to ${file}`);
    },
    close: () => ws.close(),
  };
}

/** Main-thread script time of a page (CDP Performance.getMetrics ScriptDuration), load plus `idleMs` after it. */
async function scriptMs(context: BrowserContext, url: string, idleMs: number): Promise<number> {
  const page: Page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(idleMs);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await page.close();
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN) * 1000;
}

/** 50 active unified campaigns of 50 items each, every item in the auction behind three competitors. */
function biddingSimulator(startMs: number): { sim: WbSimulator; campaigns: BenchCampaign[] } {
  const sim = createWbSimulator({
    orders: 200,
    sellers: [{ id: SELLER_A, campaigns: 50, products: 400 }],
    now: startMs,
    clock: 'virtual',
  });
  const products = sim.dataset.products;
  const campaigns: BenchCampaign[] = [];
  sim.dataset.campaigns.forEach((c: Campaign, ci) => {
    const minBid = 10_000;
    c.status = 9;
    c.bidType = 'unified';
    c.paymentType = 'cpm';
    c.placements = { search: true, recommendations: true };
    c.canChangeNms = true;
    c.startedSec ??= c.createdSec + 3600;
    c.endedSec = null;
    c.deletedSec = null;
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
    for (const it of c.items) sim.auction.setCompetitors(c.id, it.nmId, [minBid + 3000, minBid + 2000, minBid + 1000]);
    campaigns.push({ advertId: c.id, nmIds: c.items.map((i) => i.nmId), minBid });
  });
  return { sim, campaigns };
}

export async function main(argv: string[]): Promise<number> {
  const { rows, reps, skipBuild, ingestOnly, heapLive, rawVariants, cpuProfile, bidderOnly, allocProfile } =
    parseArgs(argv);
  const tStart = Date.now();
  log(`rows=${rows} reps=${reps}`);
  const build = (out: string, args: string[]) => {
    execFileSync('npx', ['wxt', 'build', '-c', 'scripts/bench/wxt.config.ts', ...args], {
      stdio: ['ignore', 2, 2],
      env: { ...process.env, SELLER_LENS_BENCH_OUT: out },
    });
    return path.resolve('.output', out);
  };
  const PRODUCTION_DIR = skipBuild
    ? path.resolve('.output/chrome-mv3')
    : build(`${RUN_OUT}-production`, ['--mode', 'production']);
  if (cpuProfile || allocProfile) process.env.SELLER_LENS_BENCH_PROFILE = '1';
  const BENCH_DIR = skipBuild ? path.resolve('.output/chrome-mv3-bench') : build(RUN_OUT, ['--mode', 'bench']);
  const out: [string, string][] = [];
  const figure = (name: string, value: string) => {
    out.push([name, value]);
    console.log(`${name}=${value}`);
  };

  // Bundle figures: the production build.
  const productionBackground = fs.readFileSync(path.join(PRODUCTION_DIR, 'background.js'), 'utf8');
  if (productionBackground.includes('__sellerLensBench')) throw new Error('the production build contains the bench');
  if (!fs.readFileSync(path.join(BENCH_DIR, 'background.js'), 'utf8').includes('__sellerLensBench'))
    throw new Error('the bench build lacks the bench hooks');
  // Everything the manifest injects into every cabinet page (the content scripts' JS and CSS).
  const { content_scripts: injected } = JSON.parse(
    fs.readFileSync(path.join(PRODUCTION_DIR, 'manifest.json'), 'utf8'),
  ) as {
    content_scripts: { js?: string[]; css?: string[] }[];
  };
  const contentScript = Buffer.concat(
    injected
      .flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])])
      .map((f) => fs.readFileSync(path.join(PRODUCTION_DIR, f))),
  );
  figure('content_script_gzip_kb', fmt(zlib.gzipSync(contentScript, { level: 9 }).length / 1024, 1));

  const startMs = Date.now();
  const simOpts: SimOpts = {
    orders: rows,
    // Every order inside WB's 90-day window: the backfill brings all `rows` orders.
    sellers: [{ id: SELLER_A, historyDays: 85 }],
    now: startMs,
    clock: 'virtual',
  };
  const sim = createWbSimulator(simOpts);
  const statsToken = sim.token({ categories: ['statistics'] });
  let current = sim;

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seller-lens-bench-'));
  // A private copy of the build: another bench or test run may rebuild .output while this one runs.
  const extensionDir = path.join(userDataDir, 'extension');
  fs.cpSync(BENCH_DIR, extensionDir, { recursive: true });
  if (!skipBuild) for (const d of [BENCH_DIR, PRODUCTION_DIR]) fs.rmSync(d, { recursive: true, force: true });
  // WB's hosts: the simulator over local HTTPS, as the extension meets WB (a socket, a streamed body).
  const wb = await startWbServer(userDataDir, () => current, CLOCK_HEADER);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1100, height: 700 },
    locale: 'ru-RU',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--remote-debugging-port=0',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...wb.chromiumArgs,
    ],
  });
  try {
    const sw: Worker =
      context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    const extensionId = new URL(sw.url()).host;
    await sw.evaluate(async () => {
      for (let i = 0; i < 100 && !(globalThis as { __sellerLensBench?: unknown }).__sellerLensBench; i++)
        await new Promise((r) => setTimeout(r, 50));
    });
    const port = Number(fs.readFileSync(path.join(userDataDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
    const heap = await heapSampler(port, extensionId);
    type B = SellerLensBench;
    const call = <K extends keyof B>(name: K, arg: Parameters<B[K]>[0]) =>
      sw.evaluate(
        ([n, a]) => {
          const b = (globalThis as unknown as { __sellerLensBench: Record<string, (x: unknown) => unknown> })
            .__sellerLensBench;
          return b[n]!(a);
        },
        [name, arg] as const,
      ) as Promise<Awaited<ReturnType<B[K]>>>;

    // 4. The bidder (measured before the others, see below): checks over 50 campaigns × 50 items against the
    // simulator’s auction.
    const bidderSection = async () => {
      const bidding = biddingSimulator(sim.clock.now());
      current = bidding.sim;
      const promoToken = bidding.sim.token({ categories: ['promotion'], readOnly: false });
      if (cpuProfile) await heap.startProfile();
      wb.takeSimMs();
      const b = await call('bidder', {
        token: promoToken,
        startMs: bidding.sim.clock.now(),
        campaigns: bidding.campaigns,
        checks: 15,
      });
      if (cpuProfile) await heap.stopProfile(`${cpuProfile}-bidder.cpuprofile`);
      const simMs = wb.takeSimMs();
      log(
        `bidder: ${b.rules} rules; the simulator computed its answers in ${simMs.toFixed(1)} ms in all; checks ${JSON.stringify(b.checks)}`,
      );
      if (b.checks[0]!.decisions === 0) throw new Error('the bidder decided nothing');
      figure('bidder_cycle_ms', fmt(median(b.checks.map((c) => c.ms)), 1));
      figure('bidder_api_calls', fmt(median(b.checks.map((c) => c.calls)), 0));
      // The check's own time: apart from waiting for WB's answers (here the simulator computing and sending them).
      figure('bidder_cycle_own_ms', fmt(median(b.checks.map((c) => c.ms - c.answerMs)), 1));
      figure('bidder_cycle_wb_answer_ms', fmt(median(b.checks.map((c) => c.answerMs)), 1));
      figure('bidder_first_cycle_ms', fmt(b.checks[0]!.ms, 1));
      figure('bidder_first_api_calls', String(b.checks[0]!.calls));
    };
    if (bidderOnly) {
      await bidderSection();
      heap.close();
      return 0;
    }

    // The bidder first, on a quiet machine: after the ingest, Chromium's storage keeps compacting (and deleting the
    // baseline's 1.5 million rows) for minutes, and the same checks waited twice as long for the simulator's answers.
    if (!ingestOnly) await bidderSection();
    current = sim;

    // 1. Ingest through the real pipeline vs a plain bulkPut of the same rows, side by side, `reps` times.
    const ingestRates: number[] = [];
    const rawRates: number[] = [];
    const ratios: number[] = [];
    let heapPeak = 0;
    let heapSamples = 0;
    let http429 = 0;
    let requestsVsMinimum = NaN;
    let storagePerMillion = NaN;
    let lastDb = '';
    let sellerId = '';
    for (let rep = 0; rep < reps; rep++) {
      const dbName = `bench-ingest-${rep}`;
      const repStart = rep === 0 ? startMs : sim.clock.now() + 3_600_000;
      const logFrom = sim.requests.length;
      const usageBefore = await call('storageUsage', undefined as never);
      heap.start(heapLive ? 2_000 : 0);
      if (cpuProfile && rep === 0) await heap.startProfile();
      if (allocProfile && rep === 0) await heap.startAllocations();
      const r = await call('backfill', { token: statsToken, dbName, startMs: repStart });
      if (cpuProfile && rep === 0) await heap.stopProfile(`${cpuProfile}-ingest.cpuprofile`);
      if (allocProfile && rep === 0) await heap.stopAllocations(allocProfile);
      const h = heap.stop();
      heapPeak = Math.max(heapPeak, h.peak);
      heapSamples += h.samples;
      if (r.errors.length) throw new Error(`backfill errors: ${r.errors.join('; ')}`);
      const stored = r.orders + r.sales;
      const rate = stored / (r.ms / 1000);
      const reqs = sim.requests.slice(logFrom);
      http429 += reqs.filter((q) => q.status === 429).length;
      log(
        `ingest #${rep + 1}: ${r.orders} orders + ${r.sales} sales (${r.daily} roll-up rows) in ${(r.ms / 1000).toFixed(1)} s, ` +
          `${reqs.length} requests, virtual ${(r.virtualMs / 60_000).toFixed(1)} min, heap peak ${(h.peak / 2 ** 20).toFixed(1)} MB (${h.samples} samples)`,
      );
      if (heapLive) log(`ingest #${rep + 1}: live heap after forced GCs, peak ${(h.livePeak / 2 ** 20).toFixed(1)} MB`);
      const p = r.profile;
      const tableMs = Object.entries(p.tables)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`)
        .join(', ');
      log(
        `ingest #${rep + 1} profile: ${p.commits} commits ${(p.commitMs / 1000).toFixed(1)} s (table calls inside: ${tableMs} s); ` +
          `outside commits (fetch, transfer, parse, validate) ${(p.streamMs / 1000).toFixed(1)} s; simulator answering ${(wb.takeSimMs() / 1000).toFixed(1)} s`,
      );
      if (rep === 0) {
        sellerId = SELLER_A;
        const usageAfter = await call('storageUsage', undefined as never);
        storagePerMillion = ((usageAfter - usageBefore) / 2 ** 20 / r.orders) * 1e6;
        let minimum = 0;
        for (const p of ['/api/v1/supplier/orders', '/api/v1/supplier/sales']) {
          const first = reqs.find((q) => q.path === p && q.status === 200);
          if (!first) throw new Error(`no request of ${p}`);
          const dateFrom = first.query.dateFrom!;
          minimum += await minimumRequests(simOpts, statsToken, { path: p, firstAt: first.time, dateFrom });
        }
        requestsVsMinimum = reqs.length / minimum;
        log(`requests ${reqs.length}, minimum ${minimum}`);
      }
      const rawDb = `bench-raw-${rep}`;
      if (rawVariants) {
        for (const [order, pageRows] of [
          ['key', STATISTICS_PAGE_CAP],
          ['arrival', 500],
        ] as const) {
          const v = await call('rawBulkPut', { fromDb: dbName, toDb: rawDb, pageRows, order });
          await call('deleteDb', rawDb);
          log(
            `raw bulkPut variant: ${order} order, ${pageRows} a transaction: ${v.rows} rows in ${(v.ms / 1000).toFixed(1)} s`,
          );
        }
      }
      const raw = await call('rawBulkPut', {
        fromDb: dbName,
        toDb: rawDb,
        pageRows: STATISTICS_PAGE_CAP,
        order: 'arrival',
      });
      await call('deleteDb', rawDb);
      const rawRate = raw.rows / (raw.ms / 1000);
      log(`raw bulkPut #${rep + 1}: ${raw.rows} rows in ${(raw.ms / 1000).toFixed(1)} s`);
      ingestRates.push(rate);
      rawRates.push(rawRate);
      ratios.push(rate / rawRate);
      if (lastDb) await call('deleteDb', lastDb);
      lastDb = dbName;
    }
    figure('ingest_rows_per_s', fmt(median(ingestRates), 0));
    figure('ingest_vs_raw_bulkput', fmt(median(ratios)));
    figure('api_requests_vs_minimum', fmt(requestsVsMinimum));
    figure('http_429_count', String(http429));
    if (ingestOnly) {
      figure('sw_heap_peak_mb', fmt(heapPeak / 2 ** 20, 1));
      heap.close();
      return 0;
    }

    // 2. The dashboard's sections over a year of the roll-up, and a full scan computing the same overview.
    const toDay = new Date(sim.clock.now() + 3 * 3_600_000).toISOString().slice(0, 10);
    const fromDay = new Date(sim.clock.now() + 3 * 3_600_000 - 365 * DAY_MS).toISOString().slice(0, 10);
    const panels = await call('panels', {
      dbName: lastDb,
      sellerId,
      fromDay,
      toDay,
      reps: rows <= 100_000 ? 9 : 3,
      scans: 3,
    });
    log(
      `panels over ${panels.rollupRows} roll-up rows; overview from the roll-up ${JSON.stringify(panels.fromRollup)}, ` +
        `from the full scan ${JSON.stringify(panels.fromScan)}; scan samples ${panels.samples.scan.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
    if (panels.fromRollup.orders !== panels.fromScan.orders || panels.fromRollup.orderSum !== panels.fromScan.orderSum)
      throw new Error('the roll-up and the full scan disagree on the overview');
    figure('panel_overview_ms', fmt(panels.overviewMs, 1));
    figure('panel_regions_ms', fmt(panels.regionsMs, 1));
    figure('panel_sku_ms', fmt(panels.skuMs, 1));
    figure('panel_vs_full_scan', fmt(panels.scanMs / panels.overviewMs, 1));

    // 3. The content script's main-thread time on a cabinet page vs the same page where it does not run.
    // While measured (3 s, so that a timer or poll of a second or less is charged at least twice), the page changes
    // its DOM as the cabinet's app does, so a content script's observers are charged too, not only its evaluation.
    // Both hosts serve the same page; the difference is the content script's.
    const html =
      '<!doctype html><html lang="ru"><head><title>Кабинет</title></head><body><main><h1>Товары</h1><p></p></main>' +
      '<script>let n=0;setInterval(()=>{document.querySelector("p").textContent=String(++n)},500)</script></body></html>';
    for (const host of ['seller.wildberries.ru', 'not-a-cabinet.example']) {
      await context.route(`https://${host}/bench-page**`, (r) =>
        r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
    }
    const withCs: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < 7; i++) {
      withCs.push(await scriptMs(context, 'https://seller.wildberries.ru/bench-page', 3000));
      without.push(await scriptMs(context, 'https://not-a-cabinet.example/bench-page', 3000));
    }
    log(
      `script ms with the content script ${withCs.map((x) => x.toFixed(1)).join(', ')}; without ${without.map((x) => x.toFixed(1)).join(', ')}`,
    );
    figure('content_script_idle_ms', fmt(Math.max(0, median(withCs) - median(without)), 1));

    figure('sw_heap_peak_mb', fmt(heapPeak / 2 ** 20, 1));
    log(`heap samples: ${heapSamples}`);
    figure('idb_mb_per_million_rows', fmt(storagePerMillion, 0));
    await call('deleteDb', lastDb);
    heap.close();
  } finally {
    await context.close();
    await wb.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  log(`done in ${((Date.now() - tStart) / 1000).toFixed(0)} s; chromium ${chromiumPath()}`);
  return 0;
}
