/**
 * Ad campaigns of a simulated seller (type 9, unified or manual bid, CPM or CPC), with per-item bids in kopecks,
 * the minimum bids WB enforces, budgets, and statistics derived deterministically per campaign, day, platform and
 * item. Campaigns are plain mutable objects: `PATCH /api/advert/v1/bids` changes them and later reads see it.
 */
import { DAY_SEC, dayString, formatMskOffset, mskDay } from '../msk-time';
import { hashInt, hashUnit, Rng } from '../prng';
import type { Product } from './products';

export type BidType = 'unified' | 'manual';
export type PaymentType = 'cpm' | 'cpc';

export interface CampaignItem {
  nmId: number;
  subjectId: number;
  subjectName: string;
  name: string;
  /** Current bids, kopecks. A unified campaign has one bid for both placements. */
  bids: { search: number; recommendations: number };
  /** Minimum bids, kopecks, per placement type as `/api/advert/v1/bids/min` names them. */
  minBids: { combined: number; search: number; recommendation: number };
}

export interface Campaign {
  id: number;
  type: 9;
  bidType: BidType;
  paymentType: PaymentType;
  status: -1 | 4 | 7 | 8 | 9 | 11;
  name: string;
  placements: { search: boolean; recommendations: boolean };
  items: CampaignItem[];
  canChangeNms: boolean;
  /** Unix seconds. `startedSec` null = never started; `endedSec` set for finished/cancelled campaigns. */
  createdSec: number;
  updatedSec: number;
  startedSec: number | null;
  endedSec: number | null;
  deletedSec: number | null;
  /** Budget, roubles. */
  budget: number;
}

const STATUS_PLAN: readonly Campaign['status'][] = [9, 9, 9, 9, 9, 9, 11, 11, 4, 4, 7, 7, 7, 8, -1];

/** Generates `count` campaigns over the seller's products. */
export function generateCampaigns(
  seed: number,
  count: number,
  products: readonly Product[],
  anchorSec: number,
): Campaign[] {
  const rng = new Rng(seed * 1_000_003 + 17);
  const out: Campaign[] = [];
  let id = rng.int(20_000_000, 29_000_000);
  for (let c = 0; c < count; c++) {
    id += rng.int(1, 5000);
    const bidType: BidType = rng.chance(0.5) ? 'unified' : 'manual';
    const paymentType: PaymentType = bidType === 'manual' && rng.chance(0.4) ? 'cpc' : 'cpm';
    const status = STATUS_PLAN[c % STATUS_PLAN.length]!;
    const createdSec = anchorSec - rng.int(20, 200) * DAY_SEC - rng.int(0, DAY_SEC);
    const startedSec = status === 4 ? null : createdSec + rng.int(3600, 3 * DAY_SEC);
    const endedSec =
      status === 7 || status === 8 || status === -1
        ? Math.min(anchorSec - DAY_SEC, startedSec! + rng.int(5, 60) * DAY_SEC)
        : null;
    const placements =
      bidType === 'unified'
        ? { search: true, recommendations: true }
        : { search: true, recommendations: rng.chance(0.4) };
    const nItems = rng.int(1, 8);
    const items: CampaignItem[] = [];
    const used = new Set<number>();
    for (let k = 0; k < nItems; k++) {
      const p = products[rng.int(0, products.length - 1)]!;
      if (used.has(p.nmId)) continue;
      used.add(p.nmId);
      const base = paymentType === 'cpm' ? rng.int(80, 200) * 100 : rng.int(4, 15) * 100;
      const minBids = {
        combined: base,
        search: Math.round((base * 1.1) / 100) * 100,
        recommendation: Math.round((base * 0.9) / 100) * 100,
      };
      const over = (): number => Math.round((1 + rng.next() * 1.5) * 10) / 10;
      const bids =
        bidType === 'unified'
          ? (() => {
              const b = Math.round((minBids.combined * over()) / 100) * 100;
              return { search: b, recommendations: b };
            })()
          : {
              search: Math.round((minBids.search * over()) / 100) * 100,
              recommendations: placements.recommendations
                ? Math.round((minBids.recommendation * over()) / 100) * 100
                : 0,
            };
      items.push({
        nmId: p.nmId,
        subjectId: p.subject.id,
        subjectName: p.subject.name.toLowerCase(),
        name: p.title,
        bids,
        minBids,
      });
    }
    const updatedSec = Math.max(createdSec, (endedSec ?? startedSec ?? createdSec) + rng.int(0, DAY_SEC));
    out.push({
      id,
      type: 9,
      bidType,
      paymentType,
      status,
      name: `Кампания ${String(c + 1).padStart(2, '0')} ${items[0]?.subjectName ?? ''}`.trim(),
      placements,
      items,
      canChangeNms: status !== 7 && status !== 8 && status !== -1,
      createdSec,
      updatedSec: Math.min(updatedSec, anchorSec - 60),
      startedSec,
      endedSec,
      deletedSec: status === -1 ? endedSec : null,
      budget: status === 9 || status === 11 ? rng.int(0, 400) * 50 : 0,
    });
  }
  return out;
}

export type MinBidPlacement = 'combined' | 'search' | 'recommendation';

/** The minimum bid (kopecks) of an item for a payment type and placement type. */
export function minBid(c: Campaign, it: CampaignItem, paymentType: PaymentType, placement: MinBidPlacement): number {
  const own = it.minBids[placement];
  if (paymentType === c.paymentType) return own;
  return paymentType === 'cpc' ? Math.max(300, Math.round(own / 20 / 100) * 100) : own * 20;
}

/** JSON text of a campaign as `GET /api/advert/v2/adverts` returns it. */
export function advertJson(c: Campaign): string {
  const nm = c.items.map((it) =>
    JSON.stringify({
      bids_kopecks: { recommendations: it.bids.recommendations, search: it.bids.search },
      nm_id: it.nmId,
      subject: { id: it.subjectId, name: it.subjectName },
    }),
  );
  const ts = {
    created: formatMskOffset(c.createdSec),
    deleted: c.deletedSec === null ? '2100-01-01T00:00:00+03:00' : formatMskOffset(c.deletedSec),
    started: c.startedSec === null ? null : formatMskOffset(c.startedSec),
    updated: formatMskOffset(c.updatedSec),
  };
  return (
    `{"bid_type":"${c.bidType}","currency":"RUB","id":${c.id},"nm_settings":[${nm.join(',')}],` +
    `"restrictions":${JSON.stringify({ can_change_nms: c.canChangeNms })},` +
    `"settings":${JSON.stringify({ name: c.name, payment_type: c.paymentType, placements: c.placements })},` +
    `"status":${c.status},"timestamps":${JSON.stringify(ts)}}`
  );
}

interface Metrics {
  views: number;
  clicks: number;
  orders: number;
  shks: number;
  atbs: number;
  canceled: number;
  sum: number;
  sum_price: number;
}

function zero(): Metrics {
  return { views: 0, clicks: 0, orders: 0, shks: 0, atbs: 0, canceled: 0, sum: 0, sum_price: 0 };
}

function addTo(a: Metrics, b: Metrics): void {
  a.views += b.views;
  a.clicks += b.clicks;
  a.orders += b.orders;
  a.shks += b.shks;
  a.atbs += b.atbs;
  a.canceled += b.canceled;
  a.sum = Math.round((a.sum + b.sum) * 100) / 100;
  a.sum_price = Math.round((a.sum_price + b.sum_price) * 100) / 100;
}

function withRates(m: Metrics): Record<string, number> {
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  return {
    atbs: m.atbs,
    canceled: m.canceled,
    clicks: m.clicks,
    cpc: m.clicks > 0 ? r2(m.sum / m.clicks) : 0,
    cr: m.clicks > 0 ? r2((m.orders / m.clicks) * 100) : 0,
    ctr: m.views > 0 ? r2((m.clicks / m.views) * 100) : 0,
    orders: m.orders,
    shks: m.shks,
    sum: m.sum,
    sum_price: m.sum_price,
    views: m.views,
  };
}

const APP_TYPES = [1, 32, 64] as const;
const APP_SHARE = { 1: 0.15, 32: 0.5, 64: 0.35 } as const;

/** Statistics of one item of a campaign on one platform and Moscow day (deterministic). */
export function itemDayMetrics(seed: number, c: Campaign, it: CampaignItem, day: number, app: 1 | 32 | 64): Metrics {
  const m = zero();
  const bidFactor = (it.bids.search + it.bids.recommendations) / Math.max(1, it.minBids.combined * 2);
  const base = 120 + hashInt(0, 1500, seed, c.id, it.nmId, day);
  m.views = Math.round(base * APP_SHARE[app] * Math.min(3, Math.max(0.3, bidFactor)));
  const ctr = 0.02 + hashUnit(seed, c.id, it.nmId, day * 4 + app) * 0.08;
  m.clicks = Math.round(m.views * ctr);
  m.atbs = Math.round(m.clicks * (0.05 + hashUnit(seed, it.nmId, day, app) * 0.15));
  m.orders = Math.round(m.atbs * (0.3 + hashUnit(seed, c.id, day, app) * 0.4));
  m.shks = m.orders;
  m.canceled = m.orders > 0 && hashUnit(seed, c.id, it.nmId, day + app) < 0.1 ? 1 : 0;
  m.sum =
    c.paymentType === 'cpm'
      ? Math.round(((m.views * it.bids.search) / 100 / 1000) * 100) / 100
      : Math.round(((m.clicks * Math.max(it.bids.search, it.bids.recommendations)) / 100) * 100) / 100;
  m.sum_price = m.orders * hashInt(300, 3000, seed, it.nmId, 1);
  return m;
}

/** Moscow days on which the campaign ran within [fromDay, toDay], up to yesterday-or-today at `nowSec`. */
export function activeDays(c: Campaign, fromDay: number, toDay: number, nowSec: number): number[] {
  if (c.startedSec === null) return [];
  const first = Math.max(fromDay, mskDay(c.startedSec));
  const last = Math.min(toDay, mskDay(Math.min(nowSec, c.endedSec ?? nowSec)));
  const out: number[] = [];
  for (let d = first; d <= last; d++) out.push(d);
  return out;
}

/**
 * An item's search position on a Moscow day set from outside (the auction of tests/sim/auction.ts), or null to keep
 * the generated one.
 */
export type PositionOverride = (c: Campaign, it: CampaignItem, day: number) => number | null;

/** One element of the `GET /adv/v3/fullstats` array, as JSON text. */
export function fullStatsJson(
  seed: number,
  c: Campaign,
  fromDay: number,
  toDay: number,
  nowSec: number,
  positionOf?: PositionOverride,
): string {
  const total = zero();
  const days: string[] = [];
  const booster: string[] = [];
  for (const day of activeDays(c, fromDay, toDay, nowSec)) {
    const dayM = zero();
    const apps: string[] = [];
    for (const app of APP_TYPES) {
      const appM = zero();
      const nms: string[] = [];
      for (const it of c.items) {
        const m = itemDayMetrics(seed, c, it, day, app);
        addTo(appM, m);
        nms.push(JSON.stringify({ ...withRates(m), name: it.name, nmId: it.nmId }));
      }
      addTo(dayM, appM);
      apps.push(`{"appType":${app},${JSON.stringify(withRates(appM)).slice(1, -1)},"nms":[${nms.join(',')}]}`);
    }
    addTo(total, dayM);
    const date = dayString(day);
    days.push(
      `{"apps":[${apps.join(',')}],${JSON.stringify(withRates(dayM)).slice(1, -1)},"date":"${date}T00:00:00Z"}`,
    );
    if (c.placements.search) {
      for (const it of c.items) {
        const avg = positionOf?.(c, it, day) ?? hashInt(1, 180, seed, c.id, it.nmId, day);
        booster.push(JSON.stringify({ avg_position: avg, date, nm: it.nmId }));
      }
    }
  }
  return (
    `{"advertId":${c.id},${JSON.stringify(withRates(total)).slice(1, -1)},` +
    `"boosterStats":[${booster.join(',')}],"currency":"RUB","days":[${days.join(',')}]}`
  );
}
