/** statistics-api: orders and sales/returns, paged by lastChangeDate (flag=0) or by day (flag=1). */
import { CATEGORY_HOSTS } from '../../../lib/wb-api/hosts';
import { mskDay, parseWbDate } from '../msk-time';
import { json, jsonText } from '../respond';
import type { SimResponse } from '../types';
import type { Route, RouteCtx } from './context';

const HOST = CATEGORY_HOSTS.statistics!;

function report(kind: 'orders' | 'sales') {
  return (ctx: RouteCtx): SimResponse => {
    const dateFrom = ctx.query.get('dateFrom');
    if (dateFrom === null || dateFrom === '') return json(400, { errors: ['dateFrom: field required'] });
    const fromMs = parseWbDate(dateFrom);
    if (fromMs === null) return json(400, { errors: 'dateFrom: Value not validated' });
    const flagText = ctx.query.get('flag');
    const flag = flagText === null || flagText === '' ? 0 : Number(flagText);
    if (flag !== 0 && flag !== 1) return json(400, { errors: 'flag: Value not validated' });
    const o = ctx.seller.orders;
    const capSetting = ctx.settings.statisticsPageCap;
    const cap = typeof capSetting === 'number' ? capSetting : (capSetting[kind] ?? 80_000);
    const parts: string[] = [];
    if (kind === 'orders') {
      const rows =
        flag === 1
          ? o.ordersOnDay(mskDay(fromMs / 1000), ctx.nowSec)
          : o.ordersChangedSince(fromMs, ctx.nowSec, cap, ctx.settings.statisticsEmptyAtEnd);
      for (const i of rows) parts.push(o.orderJson(i, ctx.nowSec));
    } else {
      const rows =
        flag === 1
          ? o.salesOnDay(mskDay(fromMs / 1000), ctx.nowSec)
          : o.salesChangedSince(fromMs, ctx.nowSec, cap, ctx.settings.statisticsEmptyAtEnd);
      for (const s of rows) parts.push(o.saleJson(s, ctx.nowSec));
    }
    return jsonText(200, `[${parts.join(',')}]`);
  };
}

export const statisticsRoutes: Route[] = [
  { method: 'GET', host: HOST, path: '/api/v1/supplier/orders', handler: report('orders') },
  { method: 'GET', host: HOST, path: '/api/v1/supplier/sales', handler: report('sales') },
];
