// @vitest-environment node
/** The two ways out of the simulator besides `fetch`: the Playwright route adapter and the local HTTP server. */
import type { BrowserContext, Route } from '@playwright/test';
import { describe, expect, it } from 'vitest';
import { createWbSimulator } from '../../sim/index';
import { routeWbApi, WB_API_ROUTE } from '../../sim/playwright';
import { startSimServer } from '../../sim/server';

interface Recorded {
  fulfilled?: { status?: number; headers?: Record<string, string>; body?: string | Buffer };
  fellBack?: boolean;
  aborted?: string;
}

function fakeRoute(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | null,
  rec: Recorded,
): Route {
  const request = {
    url: () => url,
    method: () => method,
    allHeaders: () => Promise.resolve(headers),
    postData: () => body,
  };
  return {
    request: () => request,
    fulfill: (o: Recorded['fulfilled']) => {
      rec.fulfilled = o;
      return Promise.resolve();
    },
    fallback: () => {
      rec.fellBack = true;
      return Promise.resolve();
    },
    abort: (code?: string) => {
      rec.aborted = code ?? 'failed';
      return Promise.resolve();
    },
  } as unknown as Route;
}

describe('routeWbApi (Playwright)', () => {
  it('answers WB API hosts from the simulator, lets cabinet pages through, aborts on network faults', async () => {
    const sim = createWbSimulator({ orders: 200, rateLimits: false });
    let pattern: string | undefined;
    let handler: ((route: Route) => Promise<void>) | undefined;
    const context = {
      route: (p: string, h: (route: Route) => Promise<void>) => {
        pattern = p;
        handler = h;
        return Promise.resolve();
      },
      unroute: () => Promise.resolve(),
    } as unknown as BrowserContext;
    await routeWbApi(context, sim);
    expect(pattern).toBe(WB_API_ROUTE);
    const token = sim.token();

    const api: Recorded = {};
    await handler!(
      fakeRoute(
        'https://finance-api.wildberries.ru/api/finance/v1/sales-reports/detailed',
        'POST',
        { authorization: token, 'content-type': 'application/json' },
        JSON.stringify({ dateFrom: '2026-08-01', dateTo: '2026-08-19', limit: 3 }),
        api,
      ),
    );
    expect(api.fulfilled?.status).toBe(200);
    expect(api.fulfilled?.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(String(api.fulfilled?.body))).toHaveLength(3);

    const page: Recorded = {};
    await handler!(fakeRoute('https://seller.wildberries.ru/analytics-reports/region-sale', 'GET', {}, null, page));
    expect(page.fellBack).toBe(true);

    sim.faults.networkError();
    const broken: Recorded = {};
    await handler!(
      fakeRoute('https://statistics-api.wildberries.ru/ping', 'GET', { authorization: token }, null, broken),
    );
    expect(broken.aborted).toBe('failed');
  });
});

describe('npm run sim (local server)', () => {
  it('serves by /__host/ prefix and by Host header, mints tokens, moves the clock', async () => {
    const logs: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => logs.push(args.join(' '));
    const server = await startSimServer(['--port', '0', '--orders', '300', '--virtual']);
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const { token } = (await (await fetch(`${base}/__sim/token?categories=statistics,promotion`)).json()) as {
        token: string;
      };
      const orders = await fetch(
        `${base}/__host/statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-08-19`,
        {
          headers: { Authorization: token },
        },
      );
      expect(orders.status).toBe(200);
      expect(orders.headers.get('x-ratelimit-remaining')).toBe('9');
      expect(((await orders.json()) as unknown[]).length).toBeGreaterThan(0);
      const adverts = await fetch(`${base}/api/advert/v2/adverts`, {
        headers: { Authorization: token, 'X-Forwarded-Host': 'x' },
      });
      // Without a WB Host header or prefix the server says how to address it.
      expect(adverts.status).toBe(404);
      const moved = (await (await fetch(`${base}/__sim/advance?ms=60000`, { method: 'POST' })).json()) as {
        now: string;
      };
      expect(moved.now).toBe('2026-08-20T09:01:00.000Z');
      const lines = logs.filter((l) => l.includes(' -> ') && l.includes('/api/v1/supplier/orders'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /GET statistics-api\.wildberries\.ru\/api\/v1\/supplier\/orders\?dateFrom=2026-08-19 -> 200/,
      );
      expect(logs.join('\n')).not.toContain(token.slice(10, 40));
    } finally {
      server.close();
      console.log = log;
    }
  });

  it('uses the Host header of a WB API host', async () => {
    const { request } = await import('node:http');
    const log = console.log;
    console.log = () => {};
    const server = await startSimServer(['--port', '0', '--orders', '100', '--virtual']);
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: server.port, path: '/ping', headers: { Host: 'content-api.wildberries.ru' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
      // /ping on content-api without a token: WB's 401.
      expect(status).toBe(401);
    } finally {
      server.close();
      console.log = log;
    }
  });
});
