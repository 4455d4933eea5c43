/** advert-api: campaign lists and details, statistics, minimum bids, bid changes, budgets. */
import { CATEGORY_HOSTS } from '../../../lib/wb-api/hosts';
import {
  advertJson,
  fullStatsJson,
  minBid,
  type Campaign,
  type CampaignItem,
  type MinBidPlacement,
  type PaymentType,
} from '../dataset/advert';
import { formatMsk, mskDay, parseDay } from '../msk-time';
import { hashInt } from '../prng';
import { json, jsonText, text } from '../respond';
import type { SimResponse } from '../types';
import { isIntArray, isObject, parseBody, type Route, type RouteCtx } from './context';

const HOST = CATEGORY_HOSTS.promotion!;
const ORIGIN = 'camp-api-public-cache';

/** response400 / StandardizedBatchError of the promotion spec. */
function bad(ctx: RouteCtx, detail: string): SimResponse {
  return json(400, {
    detail,
    origin: ORIGIN,
    request_id: ctx.errors.requestId(),
    status: 400,
    title: 'invalid payload',
  });
}

function parseIds(text: string | null): number[] | null {
  if (text === null || text.trim() === '') return [];
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

function changeTime(c: Campaign, seed: number): string {
  return `${formatMsk(c.updatedSec)}.${String(hashInt(0, 999_999, seed, c.id)).padStart(6, '0')}+03:00`;
}

function promotionCount(ctx: RouteCtx): SimResponse {
  const groups = new Map<string, Campaign[]>();
  for (const c of ctx.seller.campaigns) {
    if (c.status === -1) continue;
    const key = `${c.type}|${c.status}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const adverts = [...groups.values()]
    .sort((a, b) => a[0]!.type - b[0]!.type || a[0]!.status - b[0]!.status)
    .map((cs) => ({
      type: cs[0]!.type,
      status: cs[0]!.status,
      count: cs.length,
      advert_list: cs.map((c) => ({ advertId: c.id, changeTime: changeTime(c, ctx.seller.seed) })),
    }));
  const all = adverts.reduce((n, g) => n + g.count, 0);
  return json(200, { adverts: adverts.length > 0 ? adverts : null, all });
}

function adverts(ctx: RouteCtx): SimResponse {
  const ids = parseIds(ctx.query.get('ids'));
  if (ids === null) return bad(ctx, 'invalid ids value');
  if (ids.length > 50) return bad(ctx, 'too many ids: maximum 50');
  const statusesText = ctx.query.get('statuses');
  const statuses = statusesText ? statusesText.split(',').map((s) => Number(s.trim())) : null;
  if (statuses && statuses.some((s) => ![-1, 4, 7, 8, 9, 11].includes(s))) return bad(ctx, 'invalid statuses value');
  const pt = ctx.query.get('payment_type');
  if (pt !== null && pt !== 'cpm' && pt !== 'cpc') return bad(ctx, 'invalid payment_type value');
  const list = ctx.seller.campaigns.filter(
    (c) =>
      (ids.length === 0 || ids.includes(c.id)) &&
      (!statuses || statuses.includes(c.status)) &&
      (pt === null || c.paymentType === pt),
  );
  return jsonText(200, `{"adverts":[${list.map(advertJson).join(',')}]}`);
}

function fullStats(ctx: RouteCtx): SimResponse {
  const ids = parseIds(ctx.query.get('ids'));
  const fsBad = (detail: string): SimResponse =>
    json(400, { detail, origin: ORIGIN, request_id: ctx.errors.requestId(), status: 400, title: 'invalid payload' });
  if (ids === null || ids.length === 0) return fsBad('invalid ids');
  if (ids.length > 50) return fsBad('invalid ids: maximum 50');
  const begin = parseDay(ctx.query.get('beginDate') ?? '');
  const end = parseDay(ctx.query.get('endDate') ?? '');
  if (begin === null) return fsBad('invalid beginDate');
  if (end === null) return fsBad('invalid endDate');
  if (end < begin) return fsBad('endDate is earlier than beginDate');
  if (end - begin + 1 > 31) {
    return json(400, {
      errors: [{ detail: 'max date range 31 days', field: 'begin and end' }],
      origin: ORIGIN,
      request_id: ctx.errors.requestId(),
      status: 400,
      title: 'Invalid payload',
      type: 'bad request',
    });
  }
  // Today's position of an item in the auction follows its current search bid (the unified bid is the same).
  const todayDay = mskDay(ctx.nowSec);
  const today = (c: Campaign, it: CampaignItem, day: number): number | null =>
    day === todayDay ? ctx.auction.position(ctx.seller.sellerId, c.id, it.nmId, it.bids.search) : null;
  const items = ctx.seller.campaigns
    .filter((c) => ids.includes(c.id) && (c.status === 7 || c.status === 9 || c.status === 11))
    .map((c) => fullStatsJson(ctx.seller.seed, c, begin, Math.min(end, mskDay(ctx.nowSec)), ctx.nowSec, today));
  return jsonText(200, `[${items.join(',')}]`);
}

const MIN_TYPES: readonly MinBidPlacement[] = ['combined', 'search', 'recommendation'];

function bidsMin(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body)) return bad(ctx, 'request body must be a JSON object');
  if (!Number.isInteger(body.advert_id)) return bad(ctx, 'advert_id: field required');
  if (!isIntArray(body.nm_ids) || body.nm_ids.length < 1 || body.nm_ids.length > 100) {
    return bad(ctx, 'nm_ids: from 1 to 100 items required');
  }
  if (body.payment_type !== 'cpm' && body.payment_type !== 'cpc') return bad(ctx, 'payment_type: must be cpm or cpc');
  const types = body.placement_types;
  if (!Array.isArray(types) || types.length === 0 || types.some((t) => !MIN_TYPES.includes(t as MinBidPlacement))) {
    return bad(ctx, 'placement_types: allowed values are combined, search, recommendation');
  }
  const c = ctx.seller.campaign(body.advert_id as number);
  if (!c) return bad(ctx, `advert ${String(body.advert_id)} not found`);
  const bids = [];
  for (const nm of body.nm_ids) {
    const it = c.items.find((x) => x.nmId === nm);
    if (!it) continue;
    bids.push({
      nm_id: nm,
      bids: (types as MinBidPlacement[]).map((t) => ({
        type: t,
        value: minBid(c, it, body.payment_type as PaymentType, t),
        currency: 'RUB',
      })),
    });
  }
  return json(200, { bids });
}

const PLACEMENT_MIN: Record<string, MinBidPlacement> = {
  combined: 'combined',
  search: 'search',
  recommendations: 'recommendation',
};

function patchBids(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body) || !Array.isArray(body.bids)) return bad(ctx, 'bids: field required');
  if (body.bids.length < 1 || body.bids.length > 50) return bad(ctx, 'bids: from 1 to 50 campaigns allowed');
  const changes: { c: Campaign; nm: number; bid: number; placement: string }[] = [];
  for (const entry of body.bids as unknown[]) {
    if (!isObject(entry) || !Number.isInteger(entry.advert_id) || !Array.isArray(entry.nm_bids)) {
      return bad(ctx, 'bids: advert_id and nm_bids required');
    }
    if (entry.nm_bids.length < 1 || entry.nm_bids.length > 50) return bad(ctx, 'nm_bids: from 1 to 50 items allowed');
    const c = ctx.seller.campaign(entry.advert_id as number);
    if (!c) return bad(ctx, `advert ${String(entry.advert_id)} not found`);
    if (c.status !== 4 && c.status !== 9 && c.status !== 11) {
      return bad(ctx, `advert ${c.id}: bids can be changed only in statuses 4, 9, 11; status is ${c.status}`);
    }
    for (const nb of entry.nm_bids as unknown[]) {
      if (!isObject(nb) || !Number.isInteger(nb.nm_id) || !Number.isInteger(nb.bid_kopecks)) {
        return bad(ctx, 'nm_bids: nm_id and bid_kopecks must be integers');
      }
      const placement = nb.placement;
      if (placement !== 'combined' && placement !== 'search' && placement !== 'recommendations') {
        return bad(ctx, `wrong placement value: ${String(placement)}`);
      }
      if ((c.bidType === 'unified') !== (placement === 'combined')) {
        return bad(ctx, `wrong placement value: ${placement} for bid_type ${c.bidType}`);
      }
      if (placement === 'recommendations' && !c.placements.recommendations) {
        return bad(ctx, `placement recommendations is disabled in advert ${c.id}`);
      }
      const it = c.items.find((x) => x.nmId === nb.nm_id);
      if (!it) return bad(ctx, `nm ${String(nb.nm_id)} not found in advert ${c.id}`);
      const min = minBid(c, it, c.paymentType, PLACEMENT_MIN[placement]!);
      const bid = nb.bid_kopecks as number;
      if (bid < min) return bad(ctx, `wrong bid value: ${bid}; min: ${min}`);
      changes.push({ c, nm: it.nmId, bid, placement });
    }
  }
  for (const ch of changes) {
    const it = ch.c.items.find((x) => x.nmId === ch.nm)!;
    if (ch.placement === 'combined') it.bids = { search: ch.bid, recommendations: ch.bid };
    else if (ch.placement === 'search') it.bids = { ...it.bids, search: ch.bid };
    else it.bids = { ...it.bids, recommendations: ch.bid };
    ch.c.updatedSec = ctx.nowSec;
  }
  const out = (body.bids as Record<string, unknown>[]).map((e) => ({
    advert_id: e.advert_id,
    nm_bids: (e.nm_bids as Record<string, unknown>[]).map((nb) => ({
      nm_id: nb.nm_id,
      bid_kopecks: nb.bid_kopecks,
      placement: nb.placement,
    })),
  }));
  return json(200, { bids: out, currency: 'RUB' });
}

function budget(ctx: RouteCtx): SimResponse {
  const idText = ctx.query.get('id');
  if (idText === null || !/^\d+$/.test(idText)) return text(400, 'некорректный id кампании');
  const c = ctx.seller.campaign(Number(idText));
  if (!c) return text(400, 'кампания не принадлежит продавцу');
  return json(200, { cash: 0, netting: 0, total: c.budget, currency: 'RUB' });
}

/**
 * `POST /adv/v0/normquery/stats`: each item's search clusters over the period. An item in the auction stands, in
 * every cluster, where its current search bid puts it today (days before today keep generated positions); other
 * items get generated clusters and positions. Views are null for CPC campaigns, as WB sends them.
 */
function normqueryStats(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body)) return bad(ctx, 'request body must be a JSON object');
  const from = typeof body.from === 'string' ? parseDay(body.from) : null;
  const to = typeof body.to === 'string' ? parseDay(body.to) : null;
  if (from === null) return bad(ctx, 'from: invalid date');
  if (to === null) return bad(ctx, 'to: invalid date');
  if (to < from) return bad(ctx, 'to is earlier than from');
  if (to - from + 1 > 30) return bad(ctx, 'period: maximum 30 days');
  const items = body.items;
  if (!Array.isArray(items) || items.length < 1 || items.length > 100) {
    return bad(ctx, 'items: from 1 to 100 items required');
  }
  if (items.some((i) => !isObject(i) || !Number.isInteger(i.advert_id) || !Number.isInteger(i.nm_id))) {
    return bad(ctx, 'items: advert_id and nm_id must be integers');
  }
  const todayDay = mskDay(ctx.nowSec);
  const last = Math.min(to, todayDay);
  const seed = ctx.seller.seed;
  const stats = [];
  for (const i of items as { advert_id: number; nm_id: number }[]) {
    const c = ctx.seller.campaign(i.advert_id);
    const it = c?.items.find((x) => x.nmId === i.nm_id);
    if (!c || !it || last < from) continue;
    const days = last - from + 1;
    const live = last === todayDay ? ctx.auction.position(ctx.seller.sellerId, c.id, it.nmId, it.bids.search) : null;
    const queries = [it.subjectName, `${it.subjectName} купить`, `${it.subjectName} недорого`];
    stats.push({
      advert_id: c.id,
      nm_id: it.nmId,
      stats: queries.map((q, k) => {
        const views = hashInt(50, 2000, seed, it.nmId, k) * days;
        const clicks = Math.round((views * hashInt(10, 60, seed, it.nmId, k + 10)) / 1000);
        const orders = Math.round((clicks * hashInt(0, 10, seed, it.nmId, k + 20)) / 100);
        const spend = Math.round((views * hashInt(100, 400, seed, it.nmId, k + 30)) / 1000);
        const cpc = c.paymentType === 'cpc';
        return {
          norm_query: q,
          views: cpc ? null : views,
          clicks,
          atbs: Math.round(clicks / 3),
          orders,
          ctr: cpc ? null : Math.round((clicks / views) * 10_000) / 100,
          cpc: clicks > 0 ? Math.round((spend / clicks) * 100) / 100 : 0,
          cpm: cpc ? null : Math.round((spend / views) * 1000 * 100) / 100,
          avg_pos: live ?? hashInt(10, 400, seed, it.nmId, k + 40, from) / 10,
          shks: orders,
          spend,
          currency: 'RUB',
        };
      }),
    });
  }
  return json(200, { stats });
}

export const advertRoutes: Route[] = [
  { method: 'GET', host: HOST, path: '/adv/v1/promotion/count', handler: promotionCount },
  { method: 'GET', host: HOST, path: '/api/advert/v2/adverts', handler: adverts },
  { method: 'GET', host: HOST, path: '/adv/v3/fullstats', handler: fullStats },
  { method: 'POST', host: HOST, path: '/api/advert/v1/bids/min', handler: bidsMin },
  { method: 'PATCH', host: HOST, path: '/api/advert/v1/bids', handler: patchBids },
  { method: 'GET', host: HOST, path: '/adv/v1/budget', handler: budget },
  { method: 'POST', host: HOST, path: '/adv/v0/normquery/stats', handler: normqueryStats },
];
