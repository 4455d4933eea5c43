/**
 * Promotion API (advert-api, category «Продвижение»): campaigns, their bids (kopecks), stats, minimum bids,
 * bid changes and budgets. Contexts: background only.
 */
import { z } from 'zod';
import type { Endpoint } from './client';

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

export const fullstatsItem = z.object({
  advertId: z.number().int(),
  ...statMetrics,
  currency: z.string().optional(),
  boosterStats: z.array(z.object({ date: z.string(), nm: z.number().int(), avg_position: z.number() })).nullish(),
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
