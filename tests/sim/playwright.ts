/**
 * Playwright adapter: every request the browser (pages and the extension's service worker) sends to a WB API host
 * is answered by the simulator. Requests to other *.wildberries.ru hosts (the seller cabinet pages) fall through to
 * whatever route the test registered for them, or to the network.
 */
import type { BrowserContext, Route } from '@playwright/test';
import { hostInfo } from './hosts';
import type { WbSimulator } from './index';
import { SimNetworkError } from './types';

export const WB_API_ROUTE = 'https://*.wildberries.ru/**';

/** Routes WB's API hosts in `context` to `sim`. Returns a function that removes the route. */
export async function routeWbApi(context: BrowserContext, sim: WbSimulator): Promise<() => Promise<void>> {
  const handler = async (route: Route): Promise<void> => {
    const request = route.request();
    const url = new URL(request.url());
    if (!hostInfo(url.hostname)) {
      await route.fallback();
      return;
    }
    try {
      const res = await sim.handle({
        method: request.method(),
        url: request.url(),
        headers: await request.allHeaders(),
        body: request.postData(),
      });
      await route.fulfill({ status: res.status, headers: res.headers, body: res.body });
    } catch (e) {
      if (e instanceof SimNetworkError) await route.abort('failed');
      else throw e;
    }
  };
  await context.route(WB_API_ROUTE, handler);
  return () => context.unroute(WB_API_ROUTE, handler);
}
