import { describe, expect, it } from 'vitest';
import {
  decide,
  formatNumber,
  formatRub,
  inputsFingerprint,
  inSchedule,
  moscowWeekdayHour,
  type DecisionInput,
} from '../../../lib/bidder/strategy';
import { input, plain, rule, THURSDAY_NOON } from './fixtures';

type Row = [
  name: string,
  over: Partial<DecisionInput>,
  expected: { bid: number; action: string; fired: string; code?: string; text?: RegExp; unreachable?: boolean },
];

// Rule: target 3 ± 1, max 10,00 ₽, step 1,00 ₽; WB's minimum 3,00 ₽ unless a row says otherwise.
const targetRows: Row[] = [
  [
    'worse than target + dead zone: one step up',
    { position: 7, currentBidKopecks: 500 },
    {
      bid: 600,
      action: 'raise',
      fired: 'target',
      code: 'position-worse',
      text: /^позиция 7 хуже цели 3: ставка \+1,00 ₽ \(до 6,00 ₽\)$/,
    },
  ],
  [
    'at target + dead zone: hold',
    { position: 4 },
    { bid: 500, action: 'hold', fired: 'dead-zone', code: 'in-dead-zone' },
  ],
  ['at target − dead zone: hold', { position: 2 }, { bid: 500, action: 'hold', fired: 'dead-zone' }],
  [
    'on target: hold',
    { position: 3 },
    { bid: 500, action: 'hold', fired: 'dead-zone', text: /позиция 3 в пределах цели 3 ± 1/ },
  ],
  [
    'better than target − dead zone: one step down to save money',
    { position: 1 },
    {
      bid: 400,
      action: 'lower',
      fired: 'target',
      code: 'position-better',
      text: /позиция 1 лучше цели 3: ставка −1,00 ₽ \(до 4,00 ₽\), экономим/,
    },
  ],
  [
    'better, but the step would cross WB’s minimum: stops at it',
    { position: 1, currentBidKopecks: 350 },
    { bid: 300, action: 'lower', fired: 'target' },
  ],
  [
    'better, already at WB’s minimum: hold',
    { position: 1, currentBidKopecks: 300 },
    { bid: 300, action: 'hold', fired: 'min-floor', code: 'at-min' },
  ],
  [
    'worse, the step would cross the maximum: stops at it',
    { position: 7, currentBidKopecks: 950 },
    { bid: 1000, action: 'raise', fired: 'target', text: /это максимум/ },
  ],
  [
    'worse at the maximum: hold, target unreachable',
    { position: 7, currentBidKopecks: 1000 },
    {
      bid: 1000,
      action: 'hold',
      fired: 'max-reached',
      code: 'at-max-unreachable',
      unreachable: true,
      text: /цель недостижима/,
    },
  ],
  [
    'worse above a lowered maximum: down to the maximum, unreachable',
    { position: 7, currentBidKopecks: 1200 },
    { bid: 1000, action: 'set', fired: 'max-reached', unreachable: true },
  ],
  [
    'in the dead zone above the maximum: down to it',
    { position: 3, currentBidKopecks: 1200 },
    { bid: 1000, action: 'set', fired: 'max-reached', code: 'bid-above-max' },
  ],
  [
    'in the dead zone below WB’s minimum: up to it',
    { position: 3, currentBidKopecks: 200 },
    { bid: 300, action: 'set', fired: 'min-floor', code: 'bid-below-min' },
  ],
  [
    'worse and far below WB’s minimum: straight to the minimum',
    { position: 9, currentBidKopecks: 100, minBidKopecks: 800 },
    { bid: 800, action: 'set', fired: 'min-floor' },
  ],
  [
    'no position: hold',
    { position: null, positionSource: 'none' },
    { bid: 500, action: 'hold', fired: 'no-position', text: /нет данных о позиции/ },
  ],
  [
    'a position read before our last change: hold',
    { position: null, positionSource: 'stale' },
    { bid: 500, action: 'hold', fired: 'no-position', text: /не обновилась/ },
  ],
  [
    'no position, bid below WB’s minimum: up to it',
    { position: null, currentBidKopecks: 200 },
    { bid: 300, action: 'set', fired: 'min-floor' },
  ],
  [
    'a fractional position is worse than 3 + 1',
    { position: 4.6 },
    { bid: 600, action: 'raise', fired: 'target', text: /позиция 4,6 хуже/ },
  ],
  [
    'WB’s minimum above the maximum: sets the minimum and says so',
    { position: 3, currentBidKopecks: 500, minBidKopecks: 1500 },
    {
      bid: 1500,
      action: 'set',
      fired: 'min-floor',
      text: /минимальная ставка WB 15,00 ₽ выше вашего максимума 10,00 ₽/,
    },
  ],
  [
    'WB’s minimum above the maximum and still worse: holds the minimum, unreachable',
    { position: 9, currentBidKopecks: 1500, minBidKopecks: 1500 },
    { bid: 1500, action: 'hold', fired: 'max-reached', unreachable: true },
  ],
];

const guardRows: Row[] = [
  [
    'stock guard: days of cover below the threshold → WB’s minimum',
    { rule: rule({ stockGuard: { minDaysOfCover: 5 } }), daysOfCover: 2.5, position: 9 },
    {
      bid: 300,
      action: 'set',
      fired: 'stock-guard',
      code: 'stock-low',
      text: /запас 2,5 дн\. меньше порога 5 дн\.: ставка снижена до минимума WB 3,00 ₽/,
    },
  ],
  [
    'stock guard off at the threshold',
    { rule: rule({ stockGuard: { minDaysOfCover: 5 } }), daysOfCover: 5, position: 9 },
    { bid: 600, action: 'raise', fired: 'target' },
  ],
  [
    'stock guard off when days of cover are unknown',
    { rule: rule({ stockGuard: { minDaysOfCover: 5 } }), daysOfCover: null, position: 9 },
    { bid: 600, action: 'raise', fired: 'target' },
  ],
  [
    'budget guard: low budget, worse position → no raise',
    { rule: rule({ budgetGuard: { minBudget: 1000 } }), budget: 500, position: 9 },
    {
      bid: 500,
      action: 'hold',
      fired: 'budget-guard',
      code: 'budget-low',
      text: /бюджет кампании 500,00 ₽ ниже порога 1 000,00 ₽: ставка не повышается/,
    },
  ],
  [
    'budget guard: unknown budget counts as low',
    { rule: rule({ budgetGuard: { minBudget: 1000 } }), budget: null, position: 9 },
    { bid: 500, action: 'hold', fired: 'budget-guard', code: 'budget-unknown' },
  ],
  [
    'budget guard lets the bid go down',
    { rule: rule({ budgetGuard: { minBudget: 1000 } }), budget: 500, position: 1 },
    { bid: 400, action: 'lower', fired: 'target' },
  ],
  [
    'budget guard off with enough budget',
    { rule: rule({ budgetGuard: { minBudget: 1000 } }), budget: 1000, position: 9 },
    { bid: 600, action: 'raise', fired: 'target' },
  ],
  [
    'budget guard still lifts a bid to WB’s minimum',
    { rule: rule({ budgetGuard: { minBudget: 1000 } }), budget: 0, position: 9, currentBidKopecks: 250 },
    { bid: 300, action: 'set', fired: 'budget-guard', text: /поднята только до минимума WB 3,00 ₽/ },
  ],
];

// Schedule: weekdays Mon–Fri, 09:00–20:59 Moscow time.
const workHours = (outside: { kind: 'min' } | { kind: 'bid'; bidKopecks: number }) =>
  rule({ schedule: { days: [1, 2, 3, 4, 5], hours: [9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], outside } });
const thursday23 = new Date(Date.UTC(2026, 7, 20, 20, 0, 0));
const saturdayNoon = new Date(Date.UTC(2026, 7, 22, 9, 0, 0));

const scheduleRows: Row[] = [
  [
    'inside the schedule the strategy runs',
    { rule: workHours({ kind: 'min' }), position: 9 },
    { bid: 600, action: 'raise', fired: 'target' },
  ],
  [
    'outside the hours → WB’s minimum',
    { rule: workHours({ kind: 'min' }), now: thursday23, position: 9 },
    {
      bid: 300,
      action: 'set',
      fired: 'schedule',
      code: 'outside-schedule-min',
      text: /вне расписания \(чт 23:00 МСК\)/,
    },
  ],
  [
    'outside the days → the set bid',
    { rule: workHours({ kind: 'bid', bidKopecks: 700 }), now: saturdayNoon },
    { bid: 700, action: 'set', fired: 'schedule', code: 'outside-schedule-bid', text: /\(сб 12:00 МСК\)/ },
  ],
  [
    'outside, the set bid below WB’s minimum → the minimum',
    { rule: workHours({ kind: 'bid', bidKopecks: 700 }), now: saturdayNoon, minBidKopecks: 800 },
    { bid: 800, action: 'set', fired: 'schedule' },
  ],
  [
    'outside, already there → hold',
    { rule: workHours({ kind: 'bid', bidKopecks: 500 }), now: saturdayNoon },
    { bid: 500, action: 'hold', fired: 'schedule' },
  ],
  [
    'outside with a low budget: the set bid is not a raise',
    {
      rule: rule({ ...workHours({ kind: 'bid', bidKopecks: 900 }), budgetGuard: { minBudget: 100 } }),
      now: saturdayNoon,
      budget: 10,
    },
    { bid: 500, action: 'hold', fired: 'budget-guard' },
  ],
  [
    'the stock guard wins over the schedule',
    {
      rule: rule({ ...workHours({ kind: 'bid', bidKopecks: 900 }), stockGuard: { minDaysOfCover: 3 } }),
      now: saturdayNoon,
      daysOfCover: 1,
    },
    { bid: 300, action: 'set', fired: 'stock-guard' },
  ],
];

const fixedRows: Row[] = [
  [
    'fixed bid: set it',
    { rule: rule({ strategy: { kind: 'fixed-bid', bidKopecks: 700 } }), position: null },
    { bid: 700, action: 'set', fired: 'fixed', text: /фиксированная ставка 7,00 ₽/ },
  ],
  [
    'fixed bid: already there',
    { rule: rule({ strategy: { kind: 'fixed-bid', bidKopecks: 500 } }) },
    { bid: 500, action: 'hold', fired: 'fixed' },
  ],
  [
    'fixed bid below WB’s minimum → the minimum',
    { rule: rule({ strategy: { kind: 'fixed-bid', bidKopecks: 200 } }) },
    { bid: 300, action: 'set', fired: 'fixed' },
  ],
  [
    'fixed bid above the current one under a low budget: no raise',
    { rule: rule({ strategy: { kind: 'fixed-bid', bidKopecks: 700 }, budgetGuard: { minBudget: 100 } }), budget: 50 },
    { bid: 500, action: 'hold', fired: 'budget-guard' },
  ],
  [
    'fixed bid below the current one under a low budget: lowered',
    { rule: rule({ strategy: { kind: 'fixed-bid', bidKopecks: 400 }, budgetGuard: { minBudget: 100 } }), budget: 50 },
    { bid: 400, action: 'set', fired: 'fixed' },
  ],
];

describe('decide', () => {
  it.each([...targetRows, ...guardRows, ...scheduleRows, ...fixedRows])('%s', (_name, over, exp) => {
    const d = decide(input(over));
    expect(d.newBidKopecks).toBe(exp.bid);
    expect(d.action).toBe(exp.action);
    expect(d.firedRule).toBe(exp.fired);
    expect(d.oldBidKopecks).toBe(over.currentBidKopecks ?? 500);
    if (exp.code) expect(d.reasonCode).toBe(exp.code);
    if (exp.text) expect(plain(d.reasonText)).toMatch(exp.text);
    expect(d.unreachable).toBe(exp.unreachable ?? false);
  });

  it('a dead zone of 0 moves for one position', () => {
    expect(decide(input({ rule: rule({ deadZone: 0 }), position: 4 })).newBidKopecks).toBe(600);
    expect(decide(input({ rule: rule({ deadZone: 0 }), position: 2 })).newBidKopecks).toBe(400);
  });

  it('flags WB’s minimum above the maximum only then', () => {
    expect(decide(input({ minBidKopecks: 1001 })).minAboveMax).toBe(true);
    expect(decide(input({ minBidKopecks: 1000 })).minAboveMax).toBe(false);
  });

  it('the position gap is position − target', () => {
    expect(decide(input({ position: 8 })).positionGap).toBe(5);
    expect(decide(input({ position: null })).positionGap).toBeNull();
  });
});

describe('a rejected bid is not tried again until the inputs change', () => {
  const base = input({ position: 9 });
  const rejected = { fingerprint: inputsFingerprint(base) };

  it('same inputs → hold', () => {
    const d = decide({ ...base, lastRejection: rejected });
    expect(d).toMatchObject({ action: 'hold', firedRule: 'rejected-before', newBidKopecks: 500 });
  });

  it.each<[string, Partial<DecisionInput>]>([
    ['WB’s minimum', { minBidKopecks: 350 }],
    ['the current bid', { currentBidKopecks: 450 }],
    ['the position', { position: 8 }],
    ['the campaign status', { campaignStatus: 11 }],
    ['the rule', { rule: rule({ maxBidKopecks: 1100 }) }],
  ])('%s changed → decides again', (_what, over) => {
    const changed = { ...base, ...over };
    const d = decide({ ...changed, lastRejection: rejected });
    expect(d.firedRule).not.toBe('rejected-before');
    expect(d.newBidKopecks).not.toBe(changed.currentBidKopecks);
  });

  it('the stock guard switching on → decides again', () => {
    const guarded = input({ rule: rule({ stockGuard: { minDaysOfCover: 2 } }), position: 9, daysOfCover: 10 });
    const rej = { fingerprint: inputsFingerprint(guarded) };
    expect(decide({ ...guarded, lastRejection: rej }).firedRule).toBe('rejected-before');
    // Days of cover drifting above the threshold change nothing; falling below it does.
    expect(decide({ ...guarded, daysOfCover: 8, lastRejection: rej }).firedRule).toBe('rejected-before');
    const d = decide({ ...guarded, daysOfCover: 1, lastRejection: rej });
    expect(d).toMatchObject({ firedRule: 'stock-guard', newBidKopecks: 300 });
  });

  it('budget drift alone does not retry, the guard switching does', () => {
    const r = rule({ budgetGuard: { minBudget: 100 } });
    const a = input({ rule: r, budget: 500, position: 9 });
    expect(inputsFingerprint({ ...a, budget: 480 })).toBe(inputsFingerprint(a));
    expect(inputsFingerprint({ ...a, budget: 50 })).not.toBe(inputsFingerprint(a));
  });

  it('the time alone does not retry within the schedule', () => {
    const a = input();
    expect(inputsFingerprint({ ...a, now: new Date(a.now.getTime() + 60_000) })).toBe(inputsFingerprint(a));
  });
});

describe('Moscow time and formatting', () => {
  it('weekday and hour are Moscow’s (UTC+3)', () => {
    expect(moscowWeekdayHour(THURSDAY_NOON)).toEqual({ weekday: 4, hour: 12, minute: 0 });
    // 21:30 UTC on Thursday is 00:30 on Friday in Moscow.
    expect(moscowWeekdayHour(new Date(Date.UTC(2026, 7, 20, 21, 30)))).toEqual({ weekday: 5, hour: 0, minute: 30 });
    // Sunday is 7.
    expect(moscowWeekdayHour(new Date(Date.UTC(2026, 7, 23, 9, 0))).weekday).toBe(7);
  });

  it('inSchedule needs both the day and the hour', () => {
    const s = { days: [4], hours: [12], outside: { kind: 'min' as const } };
    expect(inSchedule(s, THURSDAY_NOON)).toBe(true);
    expect(inSchedule(s, new Date(THURSDAY_NOON.getTime() + 3_600_000))).toBe(false);
    expect(inSchedule({ ...s, days: [] }, THURSDAY_NOON)).toBe(false);
  });

  it.each([
    [0, '0,00 ₽'],
    [5, '0,05 ₽'],
    [5000, '50,00 ₽'],
    [123456, '1 234,56 ₽'],
    [-250, '−2,50 ₽'],
    [100_000_000, '1 000 000,00 ₽'],
  ])('formatRub(%d) = %s', (k, text) => {
    expect(plain(formatRub(k))).toBe(text);
  });

  it('formatRub with a sign, formatNumber with one decimal', () => {
    expect(plain(formatRub(50, { sign: true }))).toBe('+0,50 ₽');
    expect(formatNumber(7)).toBe('7');
    expect(formatNumber(4.25)).toBe('4,3');
  });
});
