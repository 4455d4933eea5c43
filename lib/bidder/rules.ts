/**
 * Bidder rules and settings: zod schemas, types, the factory for new rules (dry-run by default) and the choice of the
 * rule that applies to an item. Bids are in kopecks, as WB takes them; budgets in roubles, as WB reports them.
 * Contexts: any (pure data; the background runs the rules, pages edit them).
 */
import { z } from 'zod';

/** Placements as `PATCH /api/advert/v1/bids` names them: `combined` for unified-bid campaigns. */
export const bidPlacement = z.enum(['combined', 'search', 'recommendations']);
export type BidPlacement = z.infer<typeof bidPlacement>;

/** A bid in kopecks; `what` names the field in the seller's words for the message (`must`: its grammatical gender). */
const kopecks = (what: string, must = 'должна') =>
  z
    .number({ error: `${what}: укажите сумму в рублях` })
    .int({ error: `${what}: не больше двух знаков после запятой` })
    .positive({ error: `${what} ${must} быть больше 0 ₽` });

export const strategySchema = z.discriminatedUnion('kind', [
  /** Hold a search position (1 = the top; smaller is better). */
  z.object({
    kind: z.literal('target-position'),
    target: z
      .number({ error: 'Целевая позиция: укажите число' })
      .int({ error: 'Целевая позиция — целое число' })
      .min(1, { error: 'Целевая позиция — от 1 до 1000' })
      .max(1000, { error: 'Целевая позиция — от 1 до 1000' }),
  }),
  /** Hold a fixed bid. */
  z.object({ kind: z.literal('fixed-bid'), bidKopecks: kopecks('Фиксированная ставка') }),
]);
export type Strategy = z.infer<typeof strategySchema>;

/** ISO weekdays: 1 = Monday … 7 = Sunday. */
const weekday = z.number().int().min(1).max(7, { error: 'День недели — от 1 (пн) до 7 (вс)' });
/** Moscow hours 0–23. */
const hour = z.number().int().min(0).max(23, { error: 'Час — от 0 до 23' });

export const ALL_DAYS: readonly number[] = [1, 2, 3, 4, 5, 6, 7];
export const ALL_HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) => h);

export const scheduleSchema = z.object({
  /** Weekdays (Moscow time) on which the strategy runs. */
  days: z.array(weekday).max(7),
  /** Hours (Moscow time) in which the strategy runs. */
  hours: z.array(hour).max(24),
  /** The bid outside those days and hours: WB's minimum, or a set bid (kept within WB's minimum and the maximum). */
  outside: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('min') }),
    z.object({ kind: z.literal('bid'), bidKopecks: kopecks('Ставка вне расписания') }),
  ]),
});
export type Schedule = z.infer<typeof scheduleSchema>;

/** Every day, every hour. */
export function alwaysSchedule(): Schedule {
  return { days: [...ALL_DAYS], hours: [...ALL_HOURS], outside: { kind: 'min' } };
}

export const ruleMode = z.enum(['dry-run', 'live']);

/** The message of a rule that asks for live positions without a keyword. */
export const LIVE_NEEDS_KEYWORD = 'Для живых позиций укажите ключевую фразу, по которой искать товар';

/** `official`: WB's statistics; `live`: WB's public search results (opt-in), falling back to the official figure. */
export const positionSource = z.enum(['official', 'live']);
export type RulePositionSource = z.infer<typeof positionSource>;
export type RuleMode = z.infer<typeof ruleMode>;

export const ruleSchema = z
  .object({
    id: z.string().min(1),
    sellerId: z.string().min(1),
    advertId: z.number().int().positive(),
    /** The rule covers one item of the campaign; absent = every item. */
    nmId: z.number().int().positive().optional(),
    /** The rule covers one placement; absent = every placement of the campaign. */
    placement: bidPlacement.optional(),
    strategy: strategySchema,
    /** The bidder never bids more (required). WB's minimum still wins if it is higher. */
    maxBidKopecks: kopecks('Максимальная ставка'),
    /** How far one check moves the bid towards the target position. */
    stepKopecks: kopecks('Шаг ставки', 'должен'),
    /** No move while the position is within target ± deadZone. */
    deadZone: z
      .number({ error: 'Мёртвая зона: укажите число позиций' })
      .int({ error: 'Мёртвая зона — целое число позиций' })
      .min(0, { error: 'Мёртвая зона — от 0 до 100 позиций' })
      .max(100, { error: 'Мёртвая зона — от 0 до 100 позиций' })
      .default(1),
    schedule: scheduleSchema.default(alwaysSchedule),
    /** Stop raising while the campaign's budget (roubles) is below this. */
    budgetGuard: z
      .object({
        minBudget: z
          .number({ error: 'Порог бюджета: укажите сумму' })
          .nonnegative({ error: 'Порог бюджета не может быть отрицательным' }),
      })
      .optional(),
    /** Drop to WB's minimum while the item's days of cover are below this, so ads do not sell what is not in stock. */
    stockGuard: z
      .object({
        minDaysOfCover: z
          .number({ error: 'Порог запаса: укажите число дней' })
          .nonnegative({ error: 'Порог запаса не может быть отрицательным' }),
      })
      .optional(),
    /**
     * Where the target strategy's position comes from: WB's statistics (`official`, the default), or WB's public
     * search results for `keyword` fetched from the seller's browser (`live`, opt-in), with the official figure as
     * the fallback whenever the live one is missing, stale or failed.
     */
    positionSource: positionSource.default('official'),
    /** The search phrase whose position counts: for live positions, and to pick one search cluster's average. */
    keyword: z
      .string()
      .trim()
      .min(1, { error: 'Ключевая фраза не может быть пустой' })
      .max(200, { error: 'Ключевая фраза — не длиннее 200 символов' })
      .optional(),
    /** Dry-run computes and logs, and sends nothing. */
    mode: ruleMode.default('dry-run'),
    /** Paused by the seller: the bidder leaves the rule's bids alone (no reads, decisions or log) until resumed. */
    paused: z.boolean().default(false),
  })
  .superRefine((r, ctx) => {
    if (r.positionSource === 'live' && r.keyword === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['keyword'],
        message: LIVE_NEEDS_KEYWORD,
      });
    }
    if (r.strategy.kind === 'fixed-bid' && r.strategy.bidKopecks > r.maxBidKopecks) {
      ctx.addIssue({
        code: 'custom',
        path: ['strategy', 'bidKopecks'],
        message: 'Фиксированная ставка выше максимальной',
      });
    }
    if (r.schedule.outside.kind === 'bid' && r.schedule.outside.bidKopecks > r.maxBidKopecks) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedule', 'outside', 'bidKopecks'],
        message: 'Ставка вне расписания выше максимальной',
      });
    }
  });
export type Rule = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;

export const bidderSettingsSchema = z.object({
  /** Stops every write at once; decisions are still computed and logged. */
  killSwitch: z.boolean().default(false),
});
export type BidderSettings = z.output<typeof bidderSettingsSchema>;

export const DEFAULT_BIDDER_SETTINGS: BidderSettings = { killSwitch: false };

/** Everything of a rule but its mode and, optionally, its id. */
export type NewRuleInput = Omit<RuleInput, 'mode' | 'id'> & { id?: string };

/** A new rule, always in dry-run: it only computes and logs until the seller switches it to live. Throws ZodError. */
export function newRule(input: NewRuleInput): Rule {
  return ruleSchema.parse({ ...input, id: input.id ?? crypto.randomUUID(), mode: 'dry-run' });
}

/** The rule with another mode (the seller's explicit switch). */
export function withMode(rule: Rule, mode: RuleMode): Rule {
  return { ...rule, mode };
}

/** What a rule applies to: one placement of one item of a campaign. */
export interface BidTarget {
  sellerId: string;
  advertId: number;
  nmId: number;
  placement: BidPlacement;
}

/**
 * The rule for an item's placement: the most specific that matches (item and placement, then item, then placement,
 * then the whole campaign); among equally specific ones the first in the list.
 */
export function ruleFor(rules: readonly Rule[], t: BidTarget): Rule | undefined {
  return indexRules(rules).ruleFor(t);
}

/** Rules looked up by what they cover: the choice of `ruleFor` in constant time per item. */
export interface RuleIndex {
  ruleFor(t: BidTarget): Rule | undefined;
  /** Whether any rule covers the campaign. */
  hasCampaign(sellerId: string, advertId: number): boolean;
}

/** The rules of one campaign: for any item or one item, for any placement or one placement. */
interface CampaignRules {
  any: Map<string, Rule>;
  byItem: Map<number, Map<string, Rule>>;
}

const ANY = '*';

/** Indexes rules by seller, campaign, item and placement; among rules covering the same, the first wins. */
export function indexRules(rules: readonly Rule[]): RuleIndex {
  const bySeller = new Map<string, Map<number, CampaignRules>>();
  for (const r of rules) {
    let campaigns = bySeller.get(r.sellerId);
    if (!campaigns) bySeller.set(r.sellerId, (campaigns = new Map()));
    let c = campaigns.get(r.advertId);
    if (!c) campaigns.set(r.advertId, (c = { any: new Map(), byItem: new Map() }));
    let slot = c.any;
    if (r.nmId !== undefined) {
      let item = c.byItem.get(r.nmId);
      if (!item) c.byItem.set(r.nmId, (item = new Map()));
      slot = item;
    }
    const placement = r.placement ?? ANY;
    if (!slot.has(placement)) slot.set(placement, r);
  }
  return {
    ruleFor: (t) => {
      const c = bySeller.get(t.sellerId)?.get(t.advertId);
      if (!c) return undefined;
      const item = c.byItem.get(t.nmId);
      return item?.get(t.placement) ?? item?.get(ANY) ?? c.any.get(t.placement) ?? c.any.get(ANY);
    },
    hasCampaign: (sellerId, advertId) => bySeller.get(sellerId)?.has(advertId) ?? false,
  };
}
