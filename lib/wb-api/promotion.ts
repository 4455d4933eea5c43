/**
 * Promotion API (advert-api, category «Продвижение»): campaigns, their bids (kopecks), stats, minimum bids,
 * bid changes and budgets. Contexts: background only.
 */
import { z } from 'zod';
import type { Endpoint, WbClient } from './client';

export const promotionCount = z.object({
  adverts: z
    .array(
      z.object({
        type: z.number().int(),
        status: z.number().int(),
        count: z.number().int(),
        advert_list: z.array(z.object({ advertId: z.number().int(), changeTime: z.string() })),
      }),
    )
    .nullable(),
  all: z.number().int(),
});

export const promotionCountEndpoint: Endpoint<z.infer<typeof promotionCount>> = {
  method: 'GET',
  path: '/adv/v1/promotion/count',
  category: 'promotion',
  write: false,
  response: promotionCount,
};

export const advert = z.object({
  id: z.number().int(),
  /** `unified` or `manual` today; WB's schema says only "string", so a new kind is kept, and the bidder leaves it alone. */
  bid_type: z.string(),
  currency: z.string().optional(),
  status: z.number().int(),
  settings: z.object({
    name: z.string(),
    /** `cpm` or `cpc` today (a plain string in WB's schema). */
    payment_type: z.string(),
    placements: z.object({ search: z.boolean(), recommendations: z.boolean() }),
  }),
  nm_settings: z
    .array(
      z.object({
        nm_id: z.number().int(),
        subject: z.object({ id: z.number().int(), name: z.string() }),
        bids_kopecks: z.object({ search: z.number().int(), recommendations: z.number().int() }),
      }),
    )
    .nullable(),
  restrictions: z.object({ can_change_nms: z.boolean().optional() }),
  timestamps: z.object({
    created: z.string(),
    updated: z.string(),
    started: z.string().nullable(),
    deleted: z.string(),
  }),
});
export type Advert = z.infer<typeof advert>;

export const advertsEndpoint: Endpoint<{ adverts: Advert[] }> = {
  method: 'GET',
  path: '/api/advert/v2/adverts',
  category: 'promotion',
  write: false,
  response: z.object({ adverts: z.array(advert) }),
};

const statMetrics = {
  views: z.number(),
  clicks: z.number(),
  ctr: z.number(),
  cpc: z.number(),
  cr: z.number(),
  sum: z.number(),
  sum_price: z.number(),
  orders: z.number(),
  shks: z.number(),
  atbs: z.number(),
  canceled: z.number(),
};

const boosterStat = z.object({ date: z.string(), nm: z.number().int(), avg_position: z.number() });
type BoosterStat = z.infer<typeof boosterStat>;

export const fullstatsItem = z.object({
  advertId: z.number().int(),
  ...statMetrics,
  currency: z.string().optional(),
  boosterStats: z.array(boosterStat).nullish(),
  days: z
    .array(
      z.object({
        date: z.string(),
        ...statMetrics,
        apps: z
          .array(
            z.object({
              appType: z.number().int(),
              ...statMetrics,
              nms: z.array(z.object({ nmId: z.number().int(), name: z.string(), ...statMetrics })).nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});
export type FullstatsItem = z.infer<typeof fullstatsItem>;

export const fullstatsEndpoint: Endpoint<FullstatsItem[]> = {
  method: 'GET',
  path: '/adv/v3/fullstats',
  category: 'promotion',
  write: false,
  // WB answers `null` when no campaign has stats for the period.
  response: z
    .array(fullstatsItem)
    .nullable()
    .transform((x) => x ?? []),
};

/**
 * The same call as `fullstatsEndpoint` (and the same limit), checked only for what the bidder reads: each campaign's
 * `boosterStats` (average positions). The daily metrics, by far the largest part, are not checked or kept.
 */
export const fullstatsPositionsEndpoint: Endpoint<{ advertId: number; boosterStats?: BoosterStat[] | null }[]> = {
  method: 'GET',
  path: '/adv/v3/fullstats',
  category: 'promotion',
  write: false,
  response: z
    .array(z.object({ advertId: z.number().int(), boosterStats: z.array(boosterStat).nullish() }))
    .nullable()
    .transform((x) => x ?? []),
};

export const placementMin = z.enum(['combined', 'search', 'recommendation']);

export const minBidsResponse = z.object({
  bids: z.array(
    z.object({
      nm_id: z.number().int(),
      bids: z.array(z.object({ type: placementMin, value: z.number().int(), currency: z.string().optional() })),
    }),
  ),
});

export const minBidsEndpoint: Endpoint<z.infer<typeof minBidsResponse>> = {
  method: 'POST',
  path: '/api/advert/v1/bids/min',
  category: 'promotion',
  write: false,
  response: minBidsResponse,
};

/** Placements as PATCH takes them: note the plural `recommendations` (bids/min uses the singular). */
export const placement = z.enum(['combined', 'search', 'recommendations']);
export type Placement = z.infer<typeof placement>;

export const bidsBody = z.object({
  bids: z
    .array(
      z.object({
        advert_id: z.number().int(),
        nm_bids: z
          .array(z.object({ nm_id: z.number().int(), bid_kopecks: z.number().int().positive(), placement }))
          .min(1)
          .max(50),
      }),
    )
    .min(1)
    .max(50),
});
export type BidsBody = z.infer<typeof bidsBody>;

export const setBidsEndpoint: Endpoint<{
  bids: { advert_id: number; nm_bids: { nm_id: number; bid_kopecks: number; placement: string }[] }[];
  currency?: string;
}> = {
  method: 'PATCH',
  path: '/api/advert/v1/bids',
  category: 'promotion',
  write: true,
  response: z.object({
    bids: z.array(
      z.object({
        advert_id: z.number().int(),
        nm_bids: z.array(z.object({ nm_id: z.number().int(), bid_kopecks: z.number().int(), placement: z.string() })),
      }),
    ),
    currency: z.string().optional(),
  }),
};

export const budgetEndpoint: Endpoint<{ cash: number; netting: number; total: number; currency?: string }> = {
  method: 'GET',
  path: '/adv/v1/budget',
  category: 'promotion',
  write: false,
  response: z.object({ cash: z.number(), netting: z.number(), total: z.number(), currency: z.string().optional() }),
};

/** One search cluster's figures for an item (`POST /adv/v0/normquery/stats`); only what the bidder needs is required. */
export const normqueryStat = z.object({
  norm_query: z.string(),
  /** Null for CPC campaigns. */
  views: z.number().nullish(),
  clicks: z.number().nullish(),
  orders: z.number().nullish(),
  cpc: z.number().nullish(),
  cpm: z.number().nullish(),
  ctr: z.number().nullish(),
  /** The item's average position in the search results for this cluster. */
  avg_pos: z.number().nullish(),
  spend: z.number().nullish(),
  currency: z.string().optional(),
});
export type NormqueryStat = z.infer<typeof normqueryStat>;

export const normqueryStatsResponse = z
  .object({
    stats: z
      .array(
        z.object({
          advert_id: z.number().int(),
          nm_id: z.number().int(),
          stats: z.array(normqueryStat).nullish(),
        }),
      )
      .nullable(),
  })
  // WB answers `null` (or `stats: null`) when nothing matches.
  .nullable()
  .transform((x) => ({ stats: x?.stats ?? [] }));
export type NormqueryStatsResponse = z.output<typeof normqueryStatsResponse>;

/** Up to 100 items of manual-bid or CPC campaigns per call, a period of at most 30 days (`YYYY-MM-DD`). */
export const normqueryStatsBody = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  items: z
    .array(z.object({ advert_id: z.number().int().positive(), nm_id: z.number().int().positive() }))
    .min(1)
    .max(100),
});
export type NormqueryStatsBody = z.infer<typeof normqueryStatsBody>;

/** Search-cluster stats with the average position (`avg_pos`): keyword positions of manual-bid and CPC campaigns. */
export const normqueryStatsEndpoint: Endpoint<NormqueryStatsResponse> = {
  method: 'POST',
  path: '/adv/v0/normquery/stats',
  category: 'promotion',
  write: false,
  response: normqueryStatsResponse,
};

/** Calls `POST /adv/v0/normquery/stats` with a checked body. */
export function normqueryStats(
  client: Pick<WbClient, 'call'>,
  sellerId: string,
  body: NormqueryStatsBody,
  signal?: AbortSignal,
): Promise<NormqueryStatsResponse | null> {
  return client.call(normqueryStatsEndpoint, sellerId, { body: normqueryStatsBody.parse(body), signal });
}

/**
 * An item's average position from its search clusters: the named cluster's when `keyword` matches one (case and
 * spaces aside), else the mean over the clusters weighted by views (by clicks for CPC, where views are null), or a
 * plain mean when neither is known. Null when no cluster has a position.
 */
export function keywordAveragePosition(stats: readonly NormqueryStat[], keyword?: string): number | null {
  const norm = (q: string) => q.trim().toLowerCase().replace(/\s+/g, ' ');
  const withPos = stats.filter((s) => typeof s.avg_pos === 'number' && s.avg_pos > 0);
  if (withPos.length === 0) return null;
  if (keyword !== undefined) {
    const k = norm(keyword);
    const hit = withPos.find((s) => norm(s.norm_query) === k);
    if (hit) return hit.avg_pos!;
  }
  for (const weight of [(s: NormqueryStat) => s.views ?? 0, (s: NormqueryStat) => s.clicks ?? 0]) {
    const total = withPos.reduce((n, s) => n + weight(s), 0);
    if (total > 0) return withPos.reduce((n, s) => n + s.avg_pos! * weight(s), 0) / total;
  }
  return withPos.reduce((n, s) => n + s.avg_pos!, 0) / withPos.length;
}
