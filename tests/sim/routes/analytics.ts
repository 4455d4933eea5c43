/** seller-analytics-api: the order feed and the WB-warehouse stock report. */
import { CATEGORY_HOSTS } from '../../../lib/wb-api/hosts';
import { feedPage, type FeedFilters } from '../dataset/feed';
import { formatUtc, mskDay, parseWbDate } from '../msk-time';
import { json, jsonText } from '../respond';
import type { SimResponse } from '../types';
import { isIntArray, isObject, isStringArray, parseBody, type Route, type RouteCtx } from './context';
import { searchTexts } from './search-report';

const HOST = CATEGORY_HOSTS.analytics!;

/** ErrorObject400 of the analytics spec. */
function bad(ctx: RouteCtx, detail: string): SimResponse {
  return json(400, {
    title: 'Invalid request body',
    detail,
    requestId: ctx.errors.requestId(),
    origin: 'analytic-open-api',
  });
}

function orderFeed(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body)) return bad(ctx, 'code=400, message=invalid: request body is not a JSON object');
  const period = body.selectedPeriod;
  if (!isObject(period) || typeof period.start !== 'string') {
    return bad(ctx, 'code=400, message=invalid: selectedPeriod.start (field required)');
  }
  const startMs = parseWbDate(period.start);
  if (startMs === null) return bad(ctx, 'code=400, message=invalid: selectedPeriod.start (invalid date-time)');
  let endMs = ctx.nowMs;
  if (period.end !== undefined && period.end !== null) {
    if (typeof period.end !== 'string' || parseWbDate(period.end) === null) {
      return bad(ctx, 'code=400, message=invalid: selectedPeriod.end (invalid date-time)');
    }
    endMs = parseWbDate(period.end)!;
  }
  const today = mskDay(ctx.nowSec);
  if (mskDay(startMs / 1000) < today - 31) {
    return bad(ctx, 'code=400, message=invalid: selectedPeriod.start (no earlier than 31 days from today)');
  }
  if (endMs < startMs) return bad(ctx, 'code=400, message=invalid: selectedPeriod (start is later than end)');
  const pagination = body.pagination === undefined ? {} : body.pagination;
  if (!isObject(pagination)) return bad(ctx, 'code=400, message=invalid: pagination');
  const limit = pagination.limit === undefined ? 50 : pagination.limit;
  const offset = pagination.offset === undefined ? 0 : pagination.offset;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 10_000) {
    return bad(ctx, 'code=400, message=invalid: pagination.limit (must be from 1 to 10000)');
  }
  if (!Number.isInteger(offset) || (offset as number) < 0) {
    return bad(ctx, 'code=400, message=invalid: pagination.offset');
  }
  let snapshotSec = ctx.nowSec;
  if (pagination.snapshotTime !== undefined && pagination.snapshotTime !== null) {
    const snapMs = typeof pagination.snapshotTime === 'string' ? parseWbDate(pagination.snapshotTime) : null;
    if (snapMs === null) return bad(ctx, 'code=400, message=invalid: pagination.snapshotTime');
    snapshotSec = Math.min(ctx.nowSec, Math.floor(snapMs / 1000));
  }
  const filters: FeedFilters = {};
  for (const [key, max, check] of [
    ['nmIds', 1000, isIntArray],
    ['brandNames', 50, isStringArray],
    ['subjectIds', 50, isIntArray],
    ['tagIds', 50, isIntArray],
  ] as const) {
    const v = body[key];
    if (v === undefined || v === null) continue;
    if (!check(v) || v.length > max) return bad(ctx, `code=400, message=invalid: ${key}`);
    (filters as Record<string, unknown>)[key] = v;
  }
  const startSec = Math.ceil(startMs / 1000);
  const endSec = Math.floor(endMs / 1000);
  const key = JSON.stringify([startSec, endSec, filters]);
  const snap = ctx.seller.feedSnapshot(key, snapshotSec, startSec, endSec, filters);
  const rows = feedPage(ctx.seller.orders, snap, offset as number, limit as number);
  return jsonText(
    200,
    `{"data":{"snapshotTime":"${formatUtc(snap.snapshotSec)}","currency":"RUB","orders":[${rows.join(',')}]}}`,
  );
}

function wbWarehouseStocks(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body)) return bad(ctx, 'code=400, message=invalid: request body is not a JSON object');
  const limit = body.limit === undefined ? 250_000 : body.limit;
  const offset = body.offset === undefined ? 0 : body.offset;
  if (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > 250_000) {
    return bad(ctx, 'code=400, message=invalid: limit (must be at most 250000)');
  }
  if (!Number.isInteger(offset) || (offset as number) < 0) return bad(ctx, 'code=400, message=invalid: offset');
  if (body.nmIds !== undefined && (!isIntArray(body.nmIds) || body.nmIds.length > 1000)) {
    return bad(ctx, 'code=400, message=invalid: nmIds');
  }
  if (body.chrtIds !== undefined && !isIntArray(body.chrtIds)) return bad(ctx, 'code=400, message=invalid: chrtIds');
  const nm = isIntArray(body.nmIds) && body.nmIds.length > 0 ? new Set(body.nmIds) : null;
  const chrt = isIntArray(body.chrtIds) && body.chrtIds.length > 0 ? new Set(body.chrtIds) : null;
  const rows = ctx.seller.stocks.filter((r) => (!nm || nm.has(r.nmId)) && (!chrt || chrt.has(r.chrtId)));
  const page = rows.slice(offset as number, (offset as number) + (limit as number));
  return json(200, { data: { items: page } });
}

export const analyticsRoutes: Route[] = [
  { method: 'POST', host: HOST, path: '/api/analytics/v1/order-feed', handler: orderFeed },
  { method: 'POST', host: HOST, path: '/api/analytics/v1/stocks-report/wb-warehouses', handler: wbWarehouseStocks },
  { method: 'POST', host: HOST, path: '/api/v2/search-report/product/search-texts', handler: searchTexts },
];
