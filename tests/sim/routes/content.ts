/** content-api: the seller's cards, paged by a cursor (updatedAt, nmID); the last page has total < limit. */
import { CATEGORY_HOSTS } from '../../../lib/wb-api/hosts';
import type { Product } from '../dataset/products';
import { json, jsonText } from '../respond';
import type { SimResponse } from '../types';
import { isIntArray, isObject, isStringArray, parseBody, type Route, type RouteCtx } from './context';

const HOST = CATEGORY_HOSTS.content!;

function bad(errorText: string): SimResponse {
  return json(400, { data: null, error: true, errorText, additionalErrors: null });
}

/** Card update time in microseconds. */
function updatedUs(p: Product): number {
  return p.updatedMs * 1000 + p.updatedUs;
}

/** `2023-12-06T11:17:00.96577Z`: RFC 3339 with the microseconds WB shows, trailing zeros dropped. */
export function formatMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const frac = String(us % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  const base = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19);
  return frac === '' ? `${base}Z` : `${base}.${frac}Z`;
}

function parseMicros(text: string): number | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return null;
  const sec = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(sec)) return null;
  const frac = Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
  return sec * 1000 + frac;
}

function photoUrls(p: Product, n: number): Record<string, string> {
  const vol = Math.floor(p.nmId / 100_000);
  const part = Math.floor(p.nmId / 1000);
  const basket = String((vol % 20) + 1).padStart(2, '0');
  const url = (size: string): string =>
    `https://basket-${basket}.wbbasket.ru/vol${vol}/part${part}/${p.nmId}/images/${size}/${n}.webp`;
  return {
    big: url('big'),
    c246x328: url('c246x328'),
    c516x688: url('c516x688'),
    square: url('square'),
    tm: url('tm'),
  };
}

function cardJson(ctx: RouteCtx, p: Product): string {
  const tags = ctx.seller.tags.filter((t) => p.tagIds.includes(t.id));
  const card: Record<string, unknown> = {
    nmID: p.nmId,
    imtID: p.imtId,
    nmUUID: p.nmUuid,
    subjectID: p.subject.id,
    subjectName: p.subject.name,
    vendorCode: p.vendorCode,
    brand: p.brand,
    title: p.title,
    description: p.description,
    needKiz: p.subject.needKiz,
    kizMarked: p.subject.needKiz,
    photos: Array.from({ length: p.photos }, (_, k) => photoUrls(p, k + 1)),
    ...(p.hasVideo
      ? { video: `https://videonme-basket-12.wbbasket.ru/vol137/part22557/${p.nmId}/hls/1440p/index.m3u8` }
      : {}),
    wholesale: { enabled: false, quantum: 0 },
    dimensions: p.dimensions,
    characteristics: [
      { id: 14177449, name: 'Цвет', value: [p.color] },
      { id: 14177450, name: 'Комплектация', value: [`${p.subject.name.toLowerCase()} — 1 шт.`] },
    ],
    sizes: p.sizes.map((s) => ({ chrtID: s.chrtId, techSize: s.techSize, wbSize: s.wbSize, skus: [s.barcode] })),
    tags,
    createdAt: formatMicros(p.createdMs * 1000),
    updatedAt: formatMicros(updatedUs(p)),
  };
  return JSON.stringify(card);
}

function cardsList(ctx: RouteCtx): SimResponse {
  const body = parseBody(ctx);
  if (!isObject(body)) return bad('Request body can not be decoded');
  const settings = body.settings === undefined ? {} : body.settings;
  if (!isObject(settings)) return bad('Invalid settings');
  const sort = isObject(settings.sort) ? settings.sort : {};
  const ascending = sort.ascending === true;
  const filter = isObject(settings.filter) ? settings.filter : {};
  const cursor = isObject(settings.cursor) ? settings.cursor : {};
  const limit = cursor.limit === undefined ? 10 : cursor.limit;
  if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 100) {
    return bad('Invalid cursor limit: must be from 1 to 100');
  }
  let after: [number, number] | null = null;
  if (typeof cursor.updatedAt === 'string' && cursor.updatedAt !== '') {
    const us = parseMicros(cursor.updatedAt);
    if (us === null) return bad('Invalid cursor updatedAt');
    after = [us, Number.isInteger(cursor.nmID) ? (cursor.nmID as number) : 0];
  }
  const withPhoto = filter.withPhoto === undefined ? 0 : filter.withPhoto;
  const textSearch = typeof filter.textSearch === 'string' ? filter.textSearch.trim().toLowerCase() : '';
  const brands = isStringArray(filter.brands) && filter.brands.length > 0 ? filter.brands : null;
  const objectIDs = isIntArray(filter.objectIDs) && filter.objectIDs.length > 0 ? filter.objectIDs : null;
  const tagIDs = isIntArray(filter.tagIDs) && filter.tagIDs.length > 0 ? filter.tagIDs : null;
  const imtID = Number.isInteger(filter.imtID) ? (filter.imtID as number) : null;
  const cards = ctx.seller.products.filter(
    (p) =>
      (withPhoto !== 1 || p.photos > 0) &&
      (withPhoto !== 2 || p.photos === 0) &&
      (!textSearch ||
        p.vendorCode.toLowerCase().includes(textSearch) ||
        String(p.nmId) === textSearch ||
        p.sizes.some((s) => s.barcode === textSearch)) &&
      (!brands || brands.includes(p.brand)) &&
      (!objectIDs || objectIDs.includes(p.subject.id)) &&
      (!tagIDs || p.tagIds.some((t) => tagIDs.includes(t))) &&
      (imtID === null || p.imtId === imtID),
  );
  const dir = ascending ? 1 : -1;
  cards.sort((a, b) => dir * (updatedUs(a) - updatedUs(b) || a.nmId - b.nmId));
  const startIdx = after ? cards.findIndex((p) => dir * (updatedUs(p) - after![0] || p.nmId - after![1]) > 0) : 0;
  const page = startIdx < 0 ? [] : cards.slice(startIdx, startIdx + (limit as number));
  const last = page[page.length - 1];
  const cur = last
    ? { updatedAt: formatMicros(updatedUs(last)), nmID: last.nmId, total: page.length }
    : {
        updatedAt: typeof cursor.updatedAt === 'string' ? cursor.updatedAt : '',
        nmID: Number.isInteger(cursor.nmID) ? cursor.nmID : 0,
        total: 0,
      };
  return jsonText(200, `{"cards":[${page.map((p) => cardJson(ctx, p)).join(',')}],"cursor":${JSON.stringify(cur)}}`);
}

export const contentRoutes: Route[] = [
  { method: 'POST', host: HOST, path: '/content/v2/get/cards/list', handler: cardsList },
];
