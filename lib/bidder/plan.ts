/**
 * Planning the bidder's writes: which placement a campaign's bids take, the order of changes (guards first, then
 * the largest position gap), packing them into `PATCH /api/advert/v1/bids` bodies of at most 50 campaigns × 50 items,
 * and what a token's limits allow (a Base token: 2 bid changes an hour). Contexts: any (pure).
 */
import { formatTimeMsk } from '../i18n';
import type { WbTokenType } from '../token/decode';
import { operationLimits, ruleFor as limitRuleFor } from '../wb-api/limiter';
import type { BidsBody } from '../wb-api/promotion';
import type { RateLimitRule } from '../wb-api/rate-limit-types';
import type { BidPlacement } from './rules';
import type { FiredRule } from './strategy';

export const MAX_CAMPAIGNS_PER_PATCH = 50;
export const MAX_ITEMS_PER_CAMPAIGN = 50;

/** The operation whose limits bound the bidder's writes. */
export const SET_BIDS_OPERATION = 'PATCH /api/advert/v1/bids';

/** One bid to send. */
export interface BidChange {
  advertId: number;
  nmId: number;
  placement: BidPlacement;
  oldBidKopecks: number;
  newBidKopecks: number;
  firedRule: FiredRule;
  /** Position − target when the target strategy decided (positive = worse). */
  positionGap: number | null;
}

/** One PATCH: its body and the changes it carries. */
export interface PlannedRequest {
  body: BidsBody;
  changes: BidChange[];
}

/** The placements a campaign takes bids for: `combined` for a unified bid, the enabled ones for a manual bid. */
export function placementsFor(
  bidType: string,
  placements: { search: boolean; recommendations: boolean },
): BidPlacement[] {
  if (bidType === 'unified') return ['combined'];
  if (bidType !== 'manual') return [];
  const out: BidPlacement[] = [];
  if (placements.search) out.push('search');
  if (placements.recommendations) out.push('recommendations');
  return out;
}

/** The placement type as `POST /api/advert/v1/bids/min` names it (singular `recommendation`). */
export function minBidPlacement(p: BidPlacement): 'combined' | 'search' | 'recommendation' {
  return p === 'recommendations' ? 'recommendation' : p;
}

/** Guards go first (they save money or stop selling what is not in stock), then corrections, then the steps. */
const TIER: Record<FiredRule, number> = {
  'stock-guard': 0,
  'budget-guard': 1,
  schedule: 2,
  'max-reached': 3,
  'min-floor': 3,
  target: 4,
  fixed: 5,
  'dead-zone': 6,
  'no-position': 6,
  'rejected-before': 7,
};

/** Order of writes: guards first, then the largest position gap, then campaign and item for a stable order. */
export function compareChanges(a: BidChange, b: BidChange): number {
  return (
    TIER[a.firedRule] - TIER[b.firedRule] ||
    Math.abs(b.positionGap ?? 0) - Math.abs(a.positionGap ?? 0) ||
    a.advertId - b.advertId ||
    a.nmId - b.nmId ||
    a.placement.localeCompare(b.placement)
  );
}

/**
 * Packs changes, in priority order, into PATCH bodies of at most `maxCampaigns` campaigns × `maxItems` items
 * (first fit: the most urgent changes go in the first request). A campaign appears at most once per request.
 * Changes beyond `maxRequests` requests are returned as `deferred`, most urgent first. A second change of the same
 * item and placement is dropped (the first, more urgent one wins).
 */
export function planWrites(
  changes: readonly BidChange[],
  opts: { maxRequests?: number; maxCampaigns?: number; maxItems?: number } = {},
): { requests: PlannedRequest[]; deferred: BidChange[] } {
  const maxRequests = opts.maxRequests ?? Infinity;
  const maxCampaigns = opts.maxCampaigns ?? MAX_CAMPAIGNS_PER_PATCH;
  const maxItems = opts.maxItems ?? MAX_ITEMS_PER_CAMPAIGN;
  const sorted = [...changes].sort(compareChanges);
  const seen = new Set<string>();
  const requests: { byAdvert: Map<number, BidChange[]>; changes: BidChange[] }[] = [];
  const deferred: BidChange[] = [];
  for (const ch of sorted) {
    const key = `${ch.advertId}:${ch.nmId}:${ch.placement}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let placed = false;
    for (const r of requests) {
      const items = r.byAdvert.get(ch.advertId);
      if (items ? items.length < maxItems : r.byAdvert.size < maxCampaigns) {
        if (items) items.push(ch);
        else r.byAdvert.set(ch.advertId, [ch]);
        r.changes.push(ch);
        placed = true;
        break;
      }
    }
    if (placed) continue;
    if (requests.length < maxRequests) {
      requests.push({ byAdvert: new Map([[ch.advertId, [ch]]]), changes: [ch] });
    } else {
      deferred.push(ch);
    }
  }
  return {
    requests: requests.map((r) => ({
      changes: r.changes,
      body: {
        bids: [...r.byAdvert].map(([advertId, items]) => ({
          advert_id: advertId,
          nm_bids: items.map((c) => ({ nm_id: c.nmId, bid_kopecks: c.newBidKopecks, placement: c.placement })),
        })),
      },
    })),
    deferred,
  };
}

/** The kind of WB's limit table a token type falls in (an unknown type is treated as the strictest, Base). */
function limitKind(type: WbTokenType): 'personal' | 'service' | 'base' | 'test' {
  return type === 'unknown' ? 'base' : type;
}

/** WB's limit on bid changes for a token type (Base: 2 an hour, one at a time). */
export function writeLimitFor(type: WbTokenType): RateLimitRule | undefined {
  const limits = operationLimits(SET_BIDS_OPERATION);
  return limits ? limitRuleFor(limits, limitKind(type)) : undefined;
}

/** Whether a token type may change bids as often as WB applies them (every 30 s): Personal and Service may. */
export function allowsRealTimeBidding(type: WbTokenType): boolean {
  const rule = writeLimitFor(type);
  return rule !== undefined && rule.intervalMs <= 30_000;
}

/**
 * How many PATCH requests a token may send within any window of `windowMs` (half-open), starting from a full bucket
 * (Base: 2 an hour). For planning and the UI; the runner itself asks the client's limiter before each write.
 */
export function writesPerWindow(type: WbTokenType, windowMs: number): number {
  const rule = writeLimitFor(type);
  if (!rule) return Infinity;
  return rule.burst + Math.max(0, Math.ceil(windowMs / rule.intervalMs) - 1);
}

/** Said whenever a token's limits hold bid changes back: what went, what waits, and what token bids in real time. */
export function writeLimitMessage(o: {
  type?: WbTokenType;
  sent: number;
  waiting: number;
  nextAt: number | null;
}): string {
  const who =
    o.type === 'base'
      ? 'Базовый токен позволяет менять ставки только 2 раза в час'
      : 'Лимит WB на изменение ставок исчерпан';
  const when = o.nextAt !== null ? ` в ${formatTimeMsk(new Date(o.nextAt))} МСК` : ' позже';
  const waiting = o.waiting > 0 ? `, ещё ${o.waiting} — следующим запросом${when}` : `; следующий запрос${when}`;
  return (
    `${who}: отправлено изменений — ${o.sent}${waiting}. ` +
    'Для торгов в реальном времени нужен Персональный токен с категорией «Продвижение».'
  );
}
