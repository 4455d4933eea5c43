/** finance-api: realisation-report details by period, paged by rrdId; 204 when there is nothing more. */
import { CATEGORY_HOSTS } from '../../../lib/wb-api/hosts';
import type { ReportPeriod } from '../dataset/finance';
import { mskDay, parseWbDate } from '../msk-time';
import { jsonText, noContent, PROBLEM_TYPE } from '../respond';
import type { SimResponse } from '../types';
import { isObject, isStringArray, parseBody, type Route, type RouteCtx } from './context';

const HOST = CATEGORY_HOSTS.finance!;

/** response400FinancialReports (problem+json). */
function bad(ctx: RouteCtx, detail: string): SimResponse {
  return {
    status: 400,
    headers: { 'content-type': PROBLEM_TYPE },
    body: JSON.stringify({
      status: 400,
      title: 'bad request',
      detail,
      requestId: ctx.errors.requestId(),
      origin: 'finance-api-public',
    }),
  };
}

function detailed(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body)) return bad(ctx, 'request body must be a JSON object');
  if (typeof body.dateFrom !== 'string') return bad(ctx, 'dateFrom: field required');
  if (typeof body.dateTo !== 'string') return bad(ctx, 'dateTo: field required');
  const fromMs = parseWbDate(body.dateFrom);
  if (fromMs === null) return bad(ctx, 'dateFrom: invalid date');
  const toMs = parseWbDate(body.dateTo);
  if (toMs === null) return bad(ctx, 'dateTo: invalid date');
  if (toMs < fromMs) return bad(ctx, 'dateTo must not be earlier than dateFrom');
  const limit = body.limit === undefined ? 100_000 : body.limit;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 100_000) {
    return bad(ctx, 'limit: must be from 1 to 100000');
  }
  const rrdId = body.rrdId === undefined ? 0 : body.rrdId;
  if (!Number.isInteger(rrdId) || (rrdId as number) < 0) return bad(ctx, 'rrdId: must be a non-negative integer');
  const period = (body.period === undefined ? 'weekly' : body.period) as ReportPeriod;
  if (period !== 'weekly' && period !== 'daily') return bad(ctx, 'period: must be weekly or daily');
  if (body.fields !== undefined && !isStringArray(body.fields)) return bad(ctx, 'fields: must be an array of strings');
  const fields = isStringArray(body.fields) && body.fields.length > 0 ? new Set(body.fields) : null;
  const fin = ctx.seller.finance;
  const [lo, hi] = fin.range(period, mskDay(fromMs / 1000), mskDay(toMs / 1000), ctx.nowSec);
  const start = Math.max(lo, (rrdId as number) - fin.rrdBase(period) + 1);
  const end = Math.min(hi, start + (limit as number));
  if (start >= end) return noContent();
  const rows: string[] = [];
  for (let p = start; p < end; p++) rows.push(fin.rowJson(period, p, fields));
  return jsonText(200, `[${rows.join(',')}]`);
}

export const financeRoutes: Route[] = [
  { method: 'POST', host: HOST, path: '/api/finance/v1/sales-reports/detailed', handler: detailed },
];
