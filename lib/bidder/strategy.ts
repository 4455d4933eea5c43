/**
 * The bidder's decision for one placement of one item: a pure function of the rule, the current bid, the position,
 * WB's minimum, the budget, the days of cover and the time, so it can be tested with tables and properties.
 * Bids are kopecks; texts show roubles with two decimals. Contexts: any (pure).
 *
 * Order of precedence:
 * 1. the same inputs were rejected by WB before → hold (no write loops);
 * 2. stock guard (days of cover below the threshold) → WB's minimum;
 * 3. outside the schedule → the schedule's bid (within WB's minimum and the maximum) or WB's minimum;
 * 4. the strategy: a fixed bid, or a step towards the target position (hold within the dead zone).
 * The budget guard caps 3 and 4: while the budget is low (or unknown) the bid never rises, except up to WB's minimum,
 * below which no bid can stand. WB's minimum is the floor of every bid, the rule's maximum the ceiling; if WB's
 * minimum is above the maximum the bidder sets the minimum (it cannot bid less) and flags it.
 */
import type { Rule, Schedule } from './rules';

export type PositionSource =
  /** `boosterStats[].avg_position` of `GET /adv/v3/fullstats` (today, Moscow time). */
  | 'fullstats'
  /** `avg_pos` of the search clusters in `POST /adv/v0/normquery/stats` (manual-bid and CPC campaigns). */
  | 'keyword-stats'
  /** WB's public search results for the rule's keyword, where the seller opts in (rule `positionSource: 'live'`). */
  | 'search'
  /** Read before our last change of this bid, so it says nothing about the new one. */
  | 'stale'
  | 'none';

export type FiredRule =
  | 'schedule'
  | 'stock-guard'
  | 'budget-guard'
  | 'target'
  | 'fixed'
  | 'dead-zone'
  | 'max-reached'
  | 'min-floor'
  | 'rejected-before'
  | 'no-position';

export type BidAction = 'raise' | 'lower' | 'hold' | 'set';

export type ReasonCode =
  | 'rejected-before'
  | 'stock-low'
  | 'budget-low'
  | 'budget-unknown'
  | 'outside-schedule-min'
  | 'outside-schedule-bid'
  | 'fixed-bid'
  | 'no-position'
  | 'position-worse'
  | 'position-better'
  | 'in-dead-zone'
  | 'at-max-unreachable'
  | 'at-min'
  | 'bid-above-max'
  | 'bid-below-min';

export interface DecisionInput {
  rule: Rule;
  /** The bid WB has now (kopecks). */
  currentBidKopecks: number;
  /** Average position (1 = top, smaller is better), or null when unknown. */
  position: number | null;
  positionSource: PositionSource;
  /** WB's minimum for this item, placement and payment type (`POST /api/advert/v1/bids/min`), kopecks. */
  minBidKopecks: number;
  /** The campaign's budget, roubles (`GET /adv/v1/budget` total), or null when unknown. */
  budget: number | null;
  /** The item's days of cover, or null when unknown (the stock guard then stays off). */
  daysOfCover: number | null;
  now: Date;
  /** The campaign's status: part of the inputs whose change lets a rejected bid be tried again. */
  campaignStatus?: number | null;
  /** WB's last rejection of a bid for this item, with the fingerprint of the inputs it was decided on. */
  lastRejection?: { fingerprint: string } | null;
}

export interface Decision {
  action: BidAction;
  oldBidKopecks: number;
  newBidKopecks: number;
  firedRule: FiredRule;
  reasonCode: ReasonCode;
  /** Russian, for the log and the UI, e.g. «позиция 7 хуже цели 3: ставка +0,50 ₽ (до 3,00 ₽)». */
  reasonText: string;
  /** At the maximum and still worse than the target. */
  unreachable: boolean;
  /** WB's minimum is above the rule's maximum: the bidder sets the minimum. */
  minAboveMax: boolean;
  /** Position − target (positive = worse than the target), when the target strategy saw a position. */
  positionGap: number | null;
  /** The inputs the decision depends on, hashed: a rejection is not retried until this changes. */
  fingerprint: string;
}

const MSK_OFFSET_MS = 3 * 3_600_000;
const NBSP = '\u00a0';
const WEEKDAYS_RU = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

/** Moscow weekday (ISO: 1 = Monday … 7 = Sunday) and hour of a moment. */
export function moscowWeekdayHour(now: Date): { weekday: number; hour: number; minute: number } {
  const m = new Date(now.getTime() + MSK_OFFSET_MS);
  const d = m.getUTCDay();
  return { weekday: d === 0 ? 7 : d, hour: m.getUTCHours(), minute: m.getUTCMinutes() };
}

/** Whether the schedule lets the strategy run at `now` (Moscow time). */
export function inSchedule(schedule: Schedule, now: Date): boolean {
  const { weekday, hour } = moscowWeekdayHour(now);
  return inScheduleAt(schedule, weekday, hour);
}

/** The same, for a Moscow weekday (1–7) and hour already known (one check decides many items at one time). */
export function inScheduleAt(schedule: Schedule, weekday: number, hour: number): boolean {
  return schedule.days.includes(weekday) && schedule.hours.includes(hour);
}

function groupThousands(digits: string): string {
  return digits.length <= 3 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/** Kopecks as roubles with two decimals, Russian style: 123456 → «1 234,56 ₽» (non-breaking spaces). */
export function formatRub(kopecks: number, opts: { sign?: boolean } = {}): string {
  const k = Math.round(kopecks);
  const abs = Math.abs(k);
  const sign = k < 0 ? '−' : opts.sign && k > 0 ? '+' : '';
  return `${sign}${groupThousands(String(Math.floor(abs / 100)))},${String(abs % 100).padStart(2, '0')}${NBSP}₽`;
}

/** A number with at most one decimal, Russian style: 4.25 → «4,3», 7 → «7». */
export function formatNumber(x: number): string {
  const r = Math.round(x * 10) / 10;
  return (Number.isInteger(r) ? String(r) : r.toFixed(1)).replace('.', ',');
}

function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`;
}

/** FNV-1a, twice with different seeds: 64 bits in hex, enough to tell inputs apart. */
function hash64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 + 2) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

function budgetGuardActive(rule: Rule, budget: number | null): boolean {
  return rule.budgetGuard !== undefined && (budget === null || budget < rule.budgetGuard.minBudget);
}

function stockGuardActive(rule: Rule, daysOfCover: number | null): boolean {
  return rule.stockGuard !== undefined && daysOfCover !== null && daysOfCover < rule.stockGuard.minDaysOfCover;
}

/** Each rule's canonical text, hashed once: rules are replaced, never mutated, so an object's hash stays true. */
const ruleHashes = new WeakMap<Rule, string>();

function ruleHash(rule: Rule): string {
  let h = ruleHashes.get(rule);
  if (h === undefined) ruleHashes.set(rule, (h = hash64(stableStringify(rule))));
  return h;
}

/**
 * The fingerprint of what a decision depends on: the rule, the current bid, WB's minimum, the position, the
 * campaign's status, whether the schedule and each guard apply. The budget and days of cover enter only as "guard on
 * or off", so their drift alone does not retry a rejected bid. The rule enters as its cached hash, so thousands of
 * decisions per check cost one short string each.
 */
export function inputsFingerprint(input: DecisionInput): string {
  // Short enough to keep as it is: no second hash.
  return [
    ruleHash(input.rule),
    input.currentBidKopecks,
    input.minBidKopecks,
    input.position ?? 'null',
    input.campaignStatus ?? 'null',
    inSchedule(input.rule.schedule, input.now) ? 1 : 0,
    budgetGuardActive(input.rule, input.budget) ? 1 : 0,
    stockGuardActive(input.rule, input.daysOfCover) ? 1 : 0,
  ].join('|');
}

/** Decides the bid for one placement of one item. Pure. */
export function decide(input: DecisionInput): Decision {
  const { rule, now } = input;
  const cur = input.currentBidKopecks;
  const min = input.minBidKopecks;
  const max = rule.maxBidKopecks;
  const minAboveMax = min > max;
  // The highest bid the bidder may set: the maximum, or WB's minimum when that is higher.
  const ceiling = Math.max(min, max);
  const clamp = (b: number) => Math.min(ceiling, Math.max(min, b));
  // Needed only against a rejection, now or later: computed when first asked for.
  let fp: string | undefined;
  const fingerprint = () => (fp ??= inputsFingerprint(input));
  const budgetOn = budgetGuardActive(rule, input.budget);
  const stockOn = stockGuardActive(rule, input.daysOfCover);
  // Under the budget guard the bid may rise only up to WB's minimum.
  const budgetCap = Math.max(cur, min);
  const minNote = minAboveMax
    ? `; минимальная ставка WB ${formatRub(min)} выше вашего максимума ${formatRub(max)}`
    : '';
  const budgetText = () =>
    input.budget === null
      ? 'бюджет кампании неизвестен'
      : `бюджет кампании ${formatRub(input.budget * 100)} ниже порога ${formatRub((rule.budgetGuard?.minBudget ?? 0) * 100)}`;

  const make = (
    newBid: number,
    firedRule: FiredRule,
    reasonCode: ReasonCode,
    reasonText: string,
    extra: { unreachable?: boolean; positionGap?: number | null } = {},
  ): Decision => ({
    get fingerprint() {
      return fingerprint();
    },
    action: newBid === cur ? 'hold' : firedRule === 'target' ? (newBid > cur ? 'raise' : 'lower') : 'set',
    oldBidKopecks: cur,
    newBidKopecks: newBid,
    firedRule,
    reasonCode,
    reasonText: reasonText + (firedRule === 'rejected-before' ? '' : minNote),
    unreachable: extra.unreachable ?? false,
    minAboveMax,
    positionGap: extra.positionGap ?? null,
  });

  /** The wording of a set bid: «ставка 1,50 ₽» or «ставка не меняется». */
  const bidChange = (to: number) => (to === cur ? 'ставка не меняется' : `ставка ${formatRub(to)}`);
  /** The wording of a bid held by the budget guard. */
  const noRaise = (to: number) =>
    to > cur
      ? `ставка поднята только до минимума WB ${formatRub(to)}`
      : to < cur
        ? `ставка снижена до максимума ${formatRub(to)}`
        : 'ставка не повышается';
  const budgetCode = (): ReasonCode => (input.budget === null ? 'budget-unknown' : 'budget-low');

  if (input.lastRejection && input.lastRejection.fingerprint === fingerprint()) {
    return make(
      cur,
      'rejected-before',
      'rejected-before',
      'WB уже отклонил ставку при тех же данных: не повторяем, пока данные не изменятся',
    );
  }

  if (stockOn) {
    return make(
      min,
      'stock-guard',
      'stock-low',
      `запас ${formatNumber(input.daysOfCover ?? 0)} дн. меньше порога ${formatNumber(rule.stockGuard?.minDaysOfCover ?? 0)} дн.: ` +
        (min === cur
          ? `ставка уже на минимуме WB ${formatRub(min)}`
          : `ставка снижена до минимума WB ${formatRub(min)}`),
    );
  }

  /** The budget guard caps a wanted bid; returns the capped bid and whether the guard fired. */
  const capByBudget = (wanted: number): { bid: number; capped: boolean } => {
    if (!budgetOn || wanted <= budgetCap) return { bid: wanted, capped: false };
    return { bid: clamp(budgetCap), capped: true };
  };

  if (!inSchedule(rule.schedule, now)) {
    const { weekday, hour, minute } = moscowWeekdayHour(now);
    const when = `${WEEKDAYS_RU[weekday]} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} МСК`;
    const outside = rule.schedule.outside;
    const wanted = outside.kind === 'min' ? min : clamp(outside.bidKopecks);
    const { bid, capped } = capByBudget(wanted);
    if (capped) {
      return make(bid, 'budget-guard', budgetCode(), `вне расписания (${when}), но ${budgetText()}: ${noRaise(bid)}`);
    }
    return outside.kind === 'min'
      ? make(bid, 'schedule', 'outside-schedule-min', `вне расписания (${when}): минимум WB, ${bidChange(bid)}`)
      : make(
          bid,
          'schedule',
          'outside-schedule-bid',
          `вне расписания (${when}): ставка по расписанию, ${bidChange(bid)}`,
        );
  }

  if (rule.strategy.kind === 'fixed-bid') {
    const { bid, capped } = capByBudget(clamp(rule.strategy.bidKopecks));
    if (capped) {
      return make(bid, 'budget-guard', budgetCode(), `${budgetText()}: ${noRaise(bid)}`);
    }
    return make(
      bid,
      'fixed',
      'fixed-bid',
      `фиксированная ставка ${formatRub(rule.strategy.bidKopecks)}: ${bidChange(bid)}`,
    );
  }

  const target = rule.strategy.target;
  /** A bid outside [WB's minimum, maximum] is brought back even when the strategy would hold. */
  const intoBounds = (why: FiredRule, code: ReasonCode, text: string, gap: number | null): Decision => {
    const bid = clamp(cur);
    if (bid === cur) return make(cur, why, code, text, { positionGap: gap });
    return bid > cur
      ? make(bid, 'min-floor', 'bid-below-min', `ставка ниже минимума WB: поднята до ${formatRub(bid)}`, {
          positionGap: gap,
        })
      : make(bid, 'max-reached', 'bid-above-max', `ставка выше максимума: снижена до ${formatRub(bid)}`, {
          positionGap: gap,
        });
  };

  if (input.position === null) {
    const why =
      input.positionSource === 'stale' ? 'позиция ещё не обновилась после изменения ставки' : 'нет данных о позиции';
    return intoBounds('no-position', 'no-position', `${why}: ставка не меняется`, null);
  }

  const pos = input.position;
  const gap = pos - target;
  const posText = `позиция ${formatNumber(pos)}`;

  if (gap > rule.deadZone) {
    if (cur >= ceiling) {
      const bid = clamp(cur);
      return make(
        bid,
        'max-reached',
        'at-max-unreachable',
        `${posText} хуже цели ${target}, но ставка на максимуме ${formatRub(bid)}: цель недостижима`,
        { unreachable: true, positionGap: gap },
      );
    }
    if (budgetOn) {
      const bid = clamp(cur);
      return make(
        bid,
        'budget-guard',
        budgetCode(),
        `${posText} хуже цели ${target}, но ${budgetText()}: ${noRaise(bid)}`,
        {
          positionGap: gap,
        },
      );
    }
    if (cur + rule.stepKopecks < min) {
      return make(
        min,
        'min-floor',
        'bid-below-min',
        `${posText} хуже цели ${target}; ставка ниже минимума WB: поднята до ${formatRub(min)}`,
        {
          positionGap: gap,
        },
      );
    }
    const bid = clamp(cur + rule.stepKopecks);
    const atMax = bid === ceiling ? ' — это максимум' : '';
    return make(
      bid,
      'target',
      'position-worse',
      `${posText} хуже цели ${target}: ставка ${formatRub(bid - cur, { sign: true })} (до ${formatRub(bid)})${atMax}`,
      { positionGap: gap },
    );
  }

  if (gap < -rule.deadZone) {
    const bid = clamp(cur - rule.stepKopecks);
    if (bid === cur) {
      return make(
        cur,
        'min-floor',
        'at-min',
        `${posText} лучше цели ${target}, но ставка уже на минимуме WB ${formatRub(min)}`,
        {
          positionGap: gap,
        },
      );
    }
    if (bid > cur) {
      return make(bid, 'min-floor', 'bid-below-min', `ставка ниже минимума WB: поднята до ${formatRub(bid)}`, {
        positionGap: gap,
      });
    }
    return make(
      bid,
      'target',
      'position-better',
      `${posText} лучше цели ${target}: ставка ${formatRub(bid - cur, { sign: true })} (до ${formatRub(bid)}), экономим`,
      { positionGap: gap },
    );
  }

  return intoBounds(
    'dead-zone',
    'in-dead-zone',
    `${posText} в пределах цели ${target} ± ${rule.deadZone}: ставка не меняется`,
    gap,
  );
}
