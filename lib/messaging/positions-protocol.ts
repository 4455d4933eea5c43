/**
 * Position monitoring's messages (spread into `protocol`): the dashboard's «Позиции» section asks the background
 * for tracked phrases, suggestions from WB's search report, live checks, history, competitors, settings and the
 * official positions side by side with the live ones. Extension pages only: content scripts get none of it.
 * Contexts: any.
 */
import { z } from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const nmId = z.number().check(z.int(), z.positive());
const key = z.string().check(z.minLength(1), z.maxLength(200));
const nullableNumber = z.nullable(z.number());
const HOUR_MS = 3_600_000;

const settings = z.object({
  enabled: z.boolean(),
  dest: z.number().check(z.int()),
  minSpacingMs: z.number(),
  jitterMs: z.number(),
  dailyCap: z.number(),
  maxPages: z.number(),
  defaultIntervalMs: z.number(),
  competitorCards: z.number(),
  blockPauseMs: z.number(),
  formatPauseMs: z.number(),
});

const phrase = z.object({
  nmId,
  phrase: z.string(),
  clusterKey: z.string(),
  normQuery: z.nullable(z.string()),
  intervalMs: nullableNumber,
  dest: nullableNumber,
  addedAt: z.number(),
  lastCheckedAt: nullableNumber,
  lastAttemptAt: nullableNumber,
  lastError: z.nullable(z.string()),
  /** The latest live position (with the boost) and the organic one, or null when never found/checked. */
  position: nullableNumber,
  organicPosition: nullableNumber,
  nextCheckAt: nullableNumber,
});

const liveError = z.object({ kind: z.string(), message: z.string(), at: z.number(), retryAt: nullableNumber });

const state = z.object({
  sellerId: id,
  settings,
  /** Whether the browser granted the public search hosts. */
  permission: z.boolean(),
  usedToday: z.number(),
  pause: z.nullable(z.object({ until: z.number(), reason: z.string() })),
  /** The last live failure that still stands (a pause, a changed format), or null. */
  liveError: z.nullable(liveError),
  phrases: z.array(phrase),
  /** The seller's SKUs to pick from: cards, else SKUs seen in orders. */
  skus: z.array(z.object({ nmId, title: z.string(), vendorCode: z.string() })),
});

const suggestion = z.object({
  phrase: z.string(),
  clusterKey: z.string(),
  orders: z.number(),
  openCard: z.number(),
  frequency: z.number(),
  avgPosition: z.number(),
  medianPosition: z.number(),
});

const historyPoint = z.object({
  at: z.number(),
  position: nullableNumber,
  organicPosition: nullableNumber,
  page: nullableNumber,
  boosted: z.boolean(),
  promoPosition: nullableNumber,
  cpmRub: nullableNumber,
  searchedTo: z.number(),
});

const competitor = z.object({
  position: z.number(),
  nmId: z.number(),
  name: z.string(),
  brand: z.string(),
  supplier: z.nullable(z.string()),
  isAd: z.boolean(),
  promoPosition: nullableNumber,
  organicPosition: nullableNumber,
  cpmRub: nullableNumber,
  bidKopecks: nullableNumber,
  priceKopecks: nullableNumber,
  rating: nullableNumber,
  feedbacks: nullableNumber,
  ratingSource: z.nullable(z.enum(['card', 'search'])),
});

const bid = z.object({
  adsAbove: z.number(),
  withBid: z.number(),
  highestKopecks: nullableNumber,
  lowestKopecks: nullableNumber,
  medianKopecks: nullableNumber,
  nearestAboveKopecks: nullableNumber,
  sellerBidKopecks: nullableNumber,
  higherBids: z.number(),
  notHigherBids: z.number(),
});

const source = z.enum([
  'live',
  'live-organic',
  'search-report-avg',
  'search-report-median',
  'normquery-avg',
  'fullstats-avg',
]);

const reading = z.object({
  source,
  position: nullableNumber,
  at: z.optional(z.number()),
  period: z.optional(z.object({ start: z.string(), end: z.string() })),
});

const sideRow = z.object({
  nmId: z.number(),
  clusterKey: z.string(),
  phrase: z.nullable(z.string()),
  readings: z.array(reading),
});

const ok = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: z.string() })]);

export const positionsProtocol = {
  /** Settings, permission, pacing, the live error that stands, tracked phrases with their latest positions, SKUs. */
  'positions.state': { from: ['extension'], request: z.object({ sellerId: id }), response: state },
  /**
   * Changes live-check settings. Turning them on needs the public hosts granted first (the page requests them from
   * the seller's click); without the grant they stay off.
   */
  'positions.setSettings': {
    from: ['extension'],
    request: z.object({
      enabled: z.optional(z.boolean()),
      dest: z.optional(z.number().check(z.int())),
      maxPages: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
      defaultIntervalMs: z.optional(z.number().check(z.int(), z.gte(HOUR_MS), z.lte(7 * 24 * HOUR_MS))),
    }),
    response: z.union([
      z.object({ ok: z.literal(true), settings }),
      z.object({ ok: z.literal(false), error: z.string(), settings }),
    ]),
  },
  'positions.addPhrase': {
    from: ['extension'],
    request: z.object({
      sellerId: id,
      nmId,
      phrase: z.string().check(z.minLength(1), z.maxLength(200)),
      intervalMs: z.optional(z.nullable(z.number().check(z.int(), z.gte(HOUR_MS), z.lte(7 * 24 * HOUR_MS)))),
      dest: z.optional(z.nullable(z.number().check(z.int()))),
    }),
    response: ok,
  },
  'positions.removePhrase': {
    from: ['extension'],
    request: z.object({ sellerId: id, nmId, clusterKey: key }),
    response: z.object({ ok: z.boolean() }),
  },
  /** Phrases WB's search report suggests for a SKU (queries that brought opens and orders), where the token allows. */
  'positions.suggest': {
    from: ['extension'],
    request: z.object({ sellerId: id, nmId }),
    response: z.union([
      z.object({ available: z.literal(true), suggestions: z.array(suggestion) }),
      z.object({ available: z.literal(false), error: z.string() }),
    ]),
  },
  /** «Проверить сейчас»: live checks of the seller's phrases (one cluster, or all), through the same pacing. */
  'positions.checkNow': {
    from: ['extension'],
    request: z.object({ sellerId: id, clusterKey: z.optional(key) }),
    response: z.object({ checked: z.number(), errors: z.array(z.string()) }),
  },
  'positions.history': {
    from: ['extension'],
    request: z.object({ sellerId: id, nmId, clusterKey: key }),
    response: z.object({ points: z.array(historyPoint) }),
  },
  /** The competitors above the seller's card in the latest check of a phrase, or null before the first one. */
  'positions.competitors': {
    from: ['extension'],
    request: z.object({ sellerId: id, clusterKey: key }),
    response: z.object({
      table: z.nullable(
        z.object({
          phrase: z.string(),
          at: z.number(),
          dest: z.number(),
          total: nullableNumber,
          competitors: z.array(competitor),
          bid,
          cardsError: z.nullable(z.string()),
        }),
      ),
    }),
  },
  /** Official positions (search report) side by side with the latest live ones, one row per SKU and phrase. */
  'positions.sideBySide': {
    from: ['extension'],
    request: z.object({ sellerId: id }),
    response: z.object({ rows: z.array(sideRow) }),
  },
} as const;

/** Broadcast from the background to open extension pages when phrases, checks or settings changed. */
export const POSITIONS_CHANGED = 'seller-lens:positions-changed';
