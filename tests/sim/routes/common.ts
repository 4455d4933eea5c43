/** common-api: seller info. (`/ping` is answered on every host by the simulator core.) */
import { COMMON_HOST } from '../../../lib/wb-api/hosts';
import { formatMskOffset } from '../msk-time';
import { json } from '../respond';
import type { SimResponse } from '../types';
import type { Route, RouteCtx } from './context';

export function pingResponse(nowSec: number): SimResponse {
  return json(200, { TS: formatMskOffset(nowSec), Status: 'OK' });
}

export const commonRoutes: Route[] = [
  {
    method: 'GET',
    host: COMMON_HOST,
    path: '/api/v1/seller-info',
    handler: (ctx: RouteCtx) =>
      json(200, {
        name: ctx.seller.name,
        sid: ctx.seller.sellerId,
        tin: ctx.seller.tin,
        tradeMark: ctx.seller.tradeMark,
      }),
  },
];
