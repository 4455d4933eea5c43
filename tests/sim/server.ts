/**
 * `npm run sim`: the WB API simulator as a local HTTP server on 127.0.0.1, for trying the extension or a client by
 * hand. One log line per request, never the token.
 *
 * The WB host of a request comes from:
 *   1. a path prefix `/__host/<hostname>/…`, e.g.
 *      http://127.0.0.1:8787/__host/statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-08-01
 *   2. otherwise the Host header (e.g. `curl -H 'Host: statistics-api.wildberries.ru' http://127.0.0.1:8787/…`,
 *      or a proxy that keeps the Host).
 * Helpers: GET /__sim/token?type=personal&categories=statistics,finance&seller=<sid>&readOnly=1 mints a token;
 * POST /__sim/advance?ms=60000 moves the clock; GET /__sim/status shows sellers and time.
 *
 * Options: --port 8787 --orders 5000 --seed 1 --page-cap 80000 --virtual (virtual clock; default follows real time)
 *          --no-rate-limits
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ALL_CATEGORIES, type WbCategory } from '../../lib/token/categories';
import { hostInfo } from './hosts';
import { createWbSimulator, SIM_CATEGORIES } from './index';
import { SimNetworkError } from './types';

function arg(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/** Starts the server; resolves with its port and a close function. */
export async function startSimServer(args: readonly string[] = []): Promise<{ port: number; close: () => void }> {
  const port = Number(arg(args, 'port') ?? 8787);
  const sim = createWbSimulator({
    seed: Number(arg(args, 'seed') ?? 1),
    orders: Number(arg(args, 'orders') ?? 5000),
    statisticsPageCap: Number(arg(args, 'page-cap') ?? 80_000),
    clock: args.includes('--virtual') ? 'virtual' : 'real',
    now: args.includes('--virtual') ? undefined : Date.now(),
    rateLimits: !args.includes('--no-rate-limits'),
  });

  const server = createServer((req, res) => {
    void (async () => {
      const local = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = (req.method ?? 'GET').toUpperCase();
      const started = Date.now();
      if (local.pathname === '/__sim/token') {
        const cats = (local.searchParams.get('categories') ?? SIM_CATEGORIES.join(','))
          .split(',')
          .filter((c): c is WbCategory => (ALL_CATEGORIES as string[]).includes(c));
        const type = (local.searchParams.get('type') ?? 'personal') as 'personal' | 'service' | 'base' | 'test';
        const token = sim.token({
          type,
          categories: cats,
          readOnly: local.searchParams.get('readOnly') === '1',
          seller: local.searchParams.get('seller') ?? undefined,
        });
        console.log(`${new Date().toISOString()} sim: minted a ${type} token (${cats.join(',')})`);
        send(res, 200, JSON.stringify({ token }));
        return;
      }
      if (local.pathname === '/__sim/advance') {
        const ms = Number(local.searchParams.get('ms') ?? 0);
        const now = sim.clock.advance(ms);
        send(res, 200, JSON.stringify({ now: new Date(now).toISOString() }));
        return;
      }
      if (local.pathname === '/__sim/status') {
        send(
          res,
          200,
          JSON.stringify({
            now: new Date(sim.clock.now()).toISOString(),
            sellers: sim.sellerIds,
            requests: sim.requests.length,
          }),
        );
        return;
      }
      let host: string;
      let path: string;
      const m = /^\/__host\/([^/]+)(\/.*)?$/.exec(local.pathname);
      if (m) {
        host = m[1]!;
        path = m[2] ?? '/';
      } else {
        host = (req.headers.host ?? '').replace(/:\d+$/, '');
        path = local.pathname;
      }
      if (!hostInfo(host)) {
        send(
          res,
          404,
          JSON.stringify({
            error: `unknown WB host "${host}": use /__host/<hostname>/<path> or a Host header of a WB API host`,
          }),
        );
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const body = method === 'GET' || method === 'HEAD' ? null : await readBody(req);
      try {
        const out = await sim.handle({ method, url: `https://${host}${path}${local.search}`, headers, body });
        res.writeHead(out.status, out.headers);
        res.end(out.body);
      } catch (e) {
        if (e instanceof SimNetworkError) req.socket.destroy();
        else {
          console.error(e);
          send(res, 500, JSON.stringify({ error: 'simulator failed' }));
        }
      }
      const entry = sim.requests[sim.requests.length - 1];
      const q = local.search.length > 120 ? `${local.search.slice(0, 117)}...` : local.search;
      console.log(
        `${new Date().toISOString()} ${method} ${host}${path}${q} -> ${entry?.outcome === 'network-error' ? 'network error' : (entry?.status ?? '?')}` +
          `${entry?.reason ? ` (${entry.reason})` : ''} ${Date.now() - started}ms`,
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  console.log(
    `WB API simulator on http://127.0.0.1:${actual} (sellers ${sim.sellerIds.join(', ')}; ` +
      `clock ${sim.options.clock}, now ${new Date(sim.clock.now()).toISOString()})\n` +
      `  token:   curl 'http://127.0.0.1:${actual}/__sim/token?categories=statistics,finance'\n` +
      `  request: curl -H "Authorization: $TOKEN" 'http://127.0.0.1:${actual}/__host/statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-01-01'`,
  );
  return { port: actual, close: () => server.close() };
}
