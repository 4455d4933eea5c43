/**
 * The bidder's messages (spread into `protocol`): rules, modes, the kill switch, the state of the last check, the
 * audit log, «Проверить сейчас», and the display data of the cmp.wildberries.ru panel. The background checks a saved
 * rule again with the full rule schema (lib/bidder/rules.ts); these zod/mini schemas keep the content script small.
 * Contexts: any.
 */
import { z } from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const int = z.number().check(z.int());
const positiveInt = z.number().check(z.int(), z.positive());
const kopecks = positiveInt;
const placement = z.enum(['combined', 'search', 'recommendations']);
const mode = z.enum(['dry-run', 'live']);

const strategy = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('target-position'), target: z.number().check(z.int(), z.gte(1), z.lte(1000)) }),
  z.object({ kind: z.literal('fixed-bid'), bidKopecks: kopecks }),
]);

const schedule = z.object({
  days: z.array(z.number().check(z.int(), z.gte(1), z.lte(7))).check(z.maxLength(7)),
  hours: z.array(z.number().check(z.int(), z.gte(0), z.lte(23))).check(z.maxLength(24)),
  outside: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('min') }),
    z.object({ kind: z.literal('bid'), bidKopecks: kopecks }),
  ]),
});

/** A rule as the dashboard edits it; `id` absent = a new rule (always saved in dry-run). */
export const bidderRuleInput = z.object({
  id: z.optional(id),
  sellerId: id,
  advertId: positiveInt,
  nmId: z.optional(positiveInt),
  placement: z.optional(placement),
  strategy,
  maxBidKopecks: kopecks,
  stepKopecks: kopecks,
  deadZone: z.optional(z.number().check(z.int(), z.gte(0), z.lte(100))),
  schedule: z.optional(schedule),
  budgetGuard: z.optional(z.object({ minBudget: z.number().check(z.gte(0)) })),
  stockGuard: z.optional(z.object({ minDaysOfCover: z.number().check(z.gte(0)) })),
  /** `official` (default) or `live`: WB's public search results for `keyword`, with the official fallback. */
  positionSource: z.optional(z.enum(['official', 'live'])),
  keyword: z.optional(z.string().check(z.maxLength(200))),
});

export const bidderRuleView = z.object({
  ...bidderRuleInput.shape,
  id,
  deadZone: int,
  schedule,
  mode,
  paused: z.optional(z.boolean()),
});

const outcomeKind = z.enum(['hold', 'dry-run', 'kill-switch', 'deferred', 'accepted', 'rejected', 'error']);
const outcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hold') }),
  z.object({ kind: z.literal('dry-run') }),
  z.object({ kind: z.literal('kill-switch') }),
  z.object({ kind: z.literal('deferred'), retryAt: z.nullable(z.number()), detail: z.string() }),
  z.object({ kind: z.literal('accepted'), wbAnswer: z.string() }),
  z.object({ kind: z.literal('rejected'), status: z.nullable(z.number()), detail: z.string() }),
  z.object({
    kind: z.literal('error'),
    errorKind: z.string(),
    detail: z.string(),
    retryAt: z.nullable(z.number()),
  }),
]);

export const bidderAuditEntry = z.object({
  at: z.number(),
  seq: z.number(),
  sellerId: id,
  advertId: int,
  nmId: int,
  placement,
  ruleId: z.string(),
  mode,
  inputs: z.object({
    position: z.nullable(z.number()),
    positionSource: z.string(),
    target: z.nullable(z.number()),
    currentBidKopecks: z.number(),
    minBidKopecks: z.number(),
    maxBidKopecks: z.number(),
    budget: z.nullable(z.number()),
    daysOfCover: z.nullable(z.number()),
    campaignStatus: z.nullable(z.number()),
    /** Why a rule that asked for live positions used the official ones. */
    positionNote: z.optional(z.nullable(z.string())),
  }),
  firedRule: z.string(),
  reasonCode: z.string(),
  reasonText: z.string(),
  action: z.string(),
  oldBidKopecks: z.number(),
  newBidKopecks: z.number(),
  unreachable: z.boolean(),
  minAboveMax: z.boolean(),
  outcome,
});

/** A rule's state as the UI shows it: live, dry-run, or paused by a guard (with the reason). */
const ruleState = z.object({
  ruleId: id,
  state: z.enum(['live', 'dry-run', 'paused', 'stopped']),
  /** Why it is paused or stopped (kill switch, a guard, the schedule, no token, WB's status), in Russian. */
  reason: z.nullable(z.string()),
});

const lastCheck = z.object({
  at: z.number(),
  ran: z.boolean(),
  nextRunAt: z.number(),
  messages: z.array(z.string()),
  decisions: z.number(),
  writes: z.number(),
  skipped: z.array(z.object({ advertId: int, nmId: z.optional(int), reason: z.string() })),
});

const settings = z.object({ killSwitch: z.boolean() });

const bidderState = z.object({
  sellerId: id,
  rules: z.array(bidderRuleView),
  settings,
  lastCheck: z.nullable(lastCheck),
  ruleStates: z.array(ruleState),
  /** Why the bidder cannot run for this seller (no promotion token with write access), or null. */
  blocked: z.nullable(z.string()),
  /** A Base token: 2 bid changes an hour; real-time bidding needs a Personal token. */
  baseLimited: z.boolean(),
});

export const bidderProtocol = {
  /** The seller's rules, settings, last check and each rule's state. */
  'bidder.state': { from: ['extension'], request: z.object({ sellerId: id }), response: bidderState },
  /** Creates (in dry-run) or updates a rule; an update keeps the rule's mode. */
  'bidder.saveRule': {
    from: ['extension'],
    request: bidderRuleInput,
    response: z.union([
      z.object({ ok: z.literal(true), rule: bidderRuleView }),
      z.object({ ok: z.literal(false), error: z.string() }),
    ]),
  },
  'bidder.deleteRule': {
    from: ['extension'],
    request: z.object({ sellerId: id, ruleId: id }),
    response: z.object({ ok: z.boolean() }),
  },
  /** The seller's explicit switch between dry-run and live. */
  'bidder.setMode': {
    from: ['extension'],
    request: z.object({ sellerId: id, ruleId: id, mode }),
    response: z.object({ ok: z.boolean() }),
  },
  /** The seller's pause of a rule: its bids are left alone until resumed. */
  'bidder.setPaused': {
    from: ['extension'],
    request: z.object({ sellerId: id, ruleId: id, paused: z.boolean() }),
    response: z.object({ ok: z.boolean() }),
  },
  /** The global kill switch: stops every write at once. */
  'bidder.setKillSwitch': {
    from: ['extension'],
    request: z.object({ on: z.boolean() }),
    response: z.object({ ok: z.boolean(), settings }),
  },
  /** «Проверить сейчас»: one check of the seller's rules now; answers with its summary. */
  'bidder.runNow': {
    from: ['extension'],
    request: z.object({ sellerId: id }),
    response: z.object({ ok: z.boolean(), lastCheck: z.nullable(lastCheck) }),
  },
  /** The audit log, newest first. */
  'bidder.audit': {
    from: ['extension'],
    request: z.object({
      sellerId: id,
      filters: z.object({
        advertId: z.optional(positiveInt),
        nmId: z.optional(positiveInt),
        ruleId: z.optional(id),
        outcome: z.optional(outcomeKind),
        changesOnly: z.optional(z.boolean()),
      }),
      limit: z.number().check(z.int(), z.gte(1), z.lte(5000)),
    }),
    response: z.object({ entries: z.array(bidderAuditEntry) }),
  },
  /**
   * The bidder block inside the campaign panel on cmp.wildberries.ru: display data only, formatted in the seller's
   * language (the panel carries no dictionary): each item's bid, position and rule state, and the last changes.
   */
  'panel.bidder': {
    from: ['content'],
    request: z.object({ advertId: positiveInt }),
    response: z.object({
      known: z.boolean(),
      title: z.string(),
      /** The kill switch, no token, or null. */
      alert: z.nullable(z.string()),
      columns: z.array(z.string()).check(z.maxLength(6)),
      rows: z.array(z.array(z.string()).check(z.maxLength(6))).check(z.maxLength(50)),
      lastTitle: z.string(),
      last: z.array(z.string()).check(z.maxLength(10)),
      messages: z.array(z.string()).check(z.maxLength(20)),
    }),
  },
} as const;

/** Broadcast from the background to open extension pages when rules, settings, the log or a check changed. */
export const BIDDER_CHANGED = 'seller-lens:bidder-changed';
