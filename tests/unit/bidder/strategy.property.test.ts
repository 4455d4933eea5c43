/**
 * The five properties of issue #7, each over 10,000 generated cases. The expectations are computed here from the
 * inputs (Moscow time, guards, clamps), not taken from the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rule, Schedule } from '../../../lib/bidder/rules';
import { decide, inputsFingerprint, type DecisionInput } from '../../../lib/bidder/strategy';
import { SELLER } from './fixtures';

const RUNS = 10_000;

/** Moscow weekday (1–7) and hour of a time, computed independently of the code under test. */
function msk(ms: number): { day: number; hour: number } {
  const d = new Date(ms + 3 * 3_600_000);
  return { day: ((d.getUTCDay() + 6) % 7) + 1, hour: d.getUTCHours() };
}

function insideSchedule(s: Schedule, ms: number): boolean {
  const { day, hour } = msk(ms);
  return s.days.includes(day) && s.hours.includes(hour);
}

const kopecks = fc.integer({ min: 1, max: 200_000 });
const nowMs = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) });
const position = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 120 }), weight: 3 },
  { arbitrary: fc.double({ min: 1, max: 120, noNaN: true }), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
);
const subset = (all: number[]) => fc.subarray(all, { minLength: 0, maxLength: all.length });
const DAYS = [1, 2, 3, 4, 5, 6, 7];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** A valid rule (fixed and schedule bids within the maximum, as the schema demands). */
const ruleArb = fc
  .record({
    max: kopecks,
    step: fc.integer({ min: 1, max: 20_000 }),
    deadZone: fc.integer({ min: 0, max: 3 }),
    target: fc.integer({ min: 1, max: 30 }),
    fixed: fc.boolean(),
    fixedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    days: fc.oneof(fc.constant(DAYS), subset(DAYS)),
    hours: fc.oneof(fc.constant(HOURS), subset(HOURS)),
    outsideBid: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    budgetGuard: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
    stockGuard: fc.option(fc.double({ min: 0, max: 30, noNaN: true }), { nil: undefined }),
  })
  .map((g): Rule => ({
    id: 'p',
    sellerId: SELLER,
    advertId: 1,
    strategy: g.fixed
      ? { kind: 'fixed-bid', bidKopecks: Math.max(1, Math.round(g.max * g.fixedShare)) }
      : { kind: 'target-position', target: g.target },
    maxBidKopecks: g.max,
    stepKopecks: g.step,
    deadZone: g.deadZone,
    positionSource: 'official',
    paused: false,
    schedule: {
      days: g.days,
      hours: g.hours,
      outside:
        g.outsideBid === undefined
          ? { kind: 'min' }
          : { kind: 'bid', bidKopecks: Math.max(1, Math.round(g.max * g.outsideBid)) },
    },
    budgetGuard: g.budgetGuard === undefined ? undefined : { minBudget: g.budgetGuard },
    stockGuard: g.stockGuard === undefined ? undefined : { minDaysOfCover: g.stockGuard },
    mode: 'live',
  }));

/** Any input; a third of them carry a rejection of exactly these inputs, some of another. */
const inputArb = fc
  .record({
    rule: ruleArb,
    cur: kopecks,
    min: kopecks,
    position,
    budget: fc.option(fc.integer({ min: 0, max: 6000 }), { nil: null }),
    daysOfCover: fc.option(fc.double({ min: 0, max: 40, noNaN: true }), { nil: null }),
    now: nowMs,
    status: fc.constantFrom(4, 9, 11),
    rejection: fc.constantFrom('none', 'same', 'other'),
  })
  .map((g): DecisionInput => {
    const base: DecisionInput = {
      rule: g.rule,
      currentBidKopecks: g.cur,
      position: g.position,
      positionSource: g.position === null ? 'none' : 'fullstats',
      minBidKopecks: g.min,
      budget: g.budget,
      daysOfCover: g.daysOfCover,
      now: new Date(g.now),
      campaignStatus: g.status,
    };
    if (g.rejection === 'none') return base;
    return {
      ...base,
      lastRejection: { fingerprint: g.rejection === 'same' ? inputsFingerprint(base) : 'another-input' },
    };
  });

function budgetGuardOn(i: DecisionInput): boolean {
  return i.rule.budgetGuard !== undefined && (i.budget === null || i.budget < i.rule.budgetGuard.minBudget);
}

function stockGuardOn(i: DecisionInput): boolean {
  return i.rule.stockGuard !== undefined && i.daysOfCover !== null && i.daysOfCover < i.rule.stockGuard.minDaysOfCover;
}

/** A decision that writes nothing because WB refused the same inputs before. */
function heldForRejection(i: DecisionInput): boolean {
  return i.lastRejection?.fingerprint === inputsFingerprint(i);
}

// 10,000 cases take about a second alone, but far longer on a machine busy with the other suites (npm test): a
// wider timeout, not fewer cases.
describe('bidder decisions: properties (fast-check, 10,000 cases each)', { timeout: 60_000 }, () => {
  it('never exceeds the maximum (unless WB’s minimum is above it: then exactly the minimum)', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const d = decide(i);
        if (heldForRejection(i)) {
          expect(d.newBidKopecks).toBe(i.currentBidKopecks);
          return;
        }
        if (i.minBidKopecks <= i.rule.maxBidKopecks) expect(d.newBidKopecks).toBeLessThanOrEqual(i.rule.maxBidKopecks);
        else expect(d.newBidKopecks).toBe(i.minBidKopecks);
      }),
      { numRuns: RUNS },
    );
  });

  it('never goes below WB’s minimum', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const d = decide(i);
        if (heldForRejection(i)) expect(d.action).toBe('hold');
        else expect(d.newBidKopecks).toBeGreaterThanOrEqual(i.minBidKopecks);
      }),
      { numRuns: RUNS },
    );
  });

  // Inputs outside the schedule: a schedule that leaves out the current hour or day.
  const outsideArb = fc.tuple(inputArb, fc.boolean()).map(([i, dropDay]): DecisionInput => {
    const { day, hour } = msk(i.now.getTime());
    const s = i.rule.schedule;
    const schedule = dropDay
      ? { ...s, days: s.days.filter((x) => x !== day) }
      : { ...s, hours: s.hours.filter((x) => x !== hour) };
    const rule = { ...i.rule, schedule };
    const base = { ...i, rule, lastRejection: undefined };
    return i.lastRejection ? { ...base, lastRejection: { fingerprint: inputsFingerprint(base) } } : base;
  });

  it('never changes a bid outside the schedule’s allowances', () => {
    fc.assert(
      fc.property(outsideArb, (i) => {
        expect(insideSchedule(i.rule.schedule, i.now.getTime())).toBe(false);
        const d = decide(i);
        if (heldForRejection(i)) {
          expect(d.newBidKopecks).toBe(i.currentBidKopecks);
          return;
        }
        const min = i.minBidKopecks;
        const ceiling = Math.max(min, i.rule.maxBidKopecks);
        const clamp = (b: number) => Math.min(ceiling, Math.max(min, b));
        const out = i.rule.schedule.outside;
        const allowed = new Set<number>([min]);
        if (out.kind === 'bid') allowed.add(clamp(out.bidKopecks));
        // Under the budget guard the set bid is capped at the current bid (or WB's minimum, if higher).
        if (budgetGuardOn(i)) allowed.add(clamp(Math.max(i.currentBidKopecks, min)));
        expect(allowed.has(d.newBidKopecks)).toBe(true);
        if (stockGuardOn(i)) expect(d.newBidKopecks).toBe(min);
        expect(['schedule', 'budget-guard', 'stock-guard']).toContain(d.firedRule);
      }),
      { numRuns: RUNS },
    );
  });

  // Inputs with at least one guard on.
  const guardedArb = fc.tuple(inputArb, fc.constantFrom('budget', 'stock', 'both')).map(([i, which]): DecisionInput => {
    let rule = i.rule;
    let budget = i.budget;
    let daysOfCover = i.daysOfCover;
    if (which !== 'stock') {
      const minBudget = rule.budgetGuard?.minBudget ?? 1000;
      rule = { ...rule, budgetGuard: { minBudget } };
      budget = budget === null || budget < minBudget ? budget : Math.floor(minBudget / 2) - 1;
      if (budget !== null && budget < 0) budget = null;
    }
    if (which !== 'budget') {
      const minDaysOfCover = Math.max(1, rule.stockGuard?.minDaysOfCover ?? 7);
      rule = { ...rule, stockGuard: { minDaysOfCover } };
      daysOfCover = daysOfCover !== null && daysOfCover < minDaysOfCover ? daysOfCover : minDaysOfCover / 2;
    }
    return { ...i, rule, budget, daysOfCover, lastRejection: null };
  });

  it('never raises while a guard is on (only up to WB’s minimum, below which no bid stands)', () => {
    fc.assert(
      fc.property(guardedArb, (i) => {
        expect(budgetGuardOn(i) || stockGuardOn(i)).toBe(true);
        const d = decide(i);
        expect(d.newBidKopecks).toBeLessThanOrEqual(Math.max(i.currentBidKopecks, i.minBidKopecks));
        expect(d.action).not.toBe('raise');
        if (stockGuardOn(i)) expect(d.newBidKopecks).toBe(i.minBidKopecks);
      }),
      { numRuns: RUNS },
    );
  });

  // Target strategy, inside the schedule, no guard, a position within target ± dead zone, a bid within bounds.
  const deadZoneArb = fc
    .record({
      i: inputArb,
      offset: fc.double({ min: -1, max: 1, noNaN: true }),
      bidShare: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .filter(({ i }) => i.minBidKopecks <= i.rule.maxBidKopecks)
    .map(({ i, offset, bidShare }): DecisionInput => {
      const target = i.rule.strategy.kind === 'target-position' ? i.rule.strategy.target : 10;
      const rule: Rule = {
        ...i.rule,
        strategy: { kind: 'target-position', target },
        schedule: { ...i.rule.schedule, days: DAYS, hours: HOURS },
        budgetGuard: undefined,
        stockGuard: undefined,
      };
      const min = i.minBidKopecks;
      const cur = min + Math.round((rule.maxBidKopecks - min) * bidShare);
      return {
        ...i,
        rule,
        currentBidKopecks: cur,
        position: Math.max(1, target + offset * rule.deadZone),
        positionSource: 'fullstats',
        lastRejection: null,
      };
    });

  it('stays put inside the dead zone', () => {
    fc.assert(
      fc.property(deadZoneArb, (i) => {
        expect(
          Math.abs(
            (i.position ?? Infinity) - (i.rule.strategy.kind === 'target-position' ? i.rule.strategy.target : 0),
          ),
        ).toBeLessThanOrEqual(i.rule.deadZone);
        const d = decide(i);
        expect(d.newBidKopecks).toBe(i.currentBidKopecks);
        expect(d.action).toBe('hold');
      }),
      { numRuns: RUNS },
    );
  });

  it('with the same inputs WB rejected, never writes', () => {
    fc.assert(
      fc.property(inputArb, (i) => {
        const same = { ...i, lastRejection: { fingerprint: inputsFingerprint(i) } };
        const d = decide(same);
        expect(d).toMatchObject({ action: 'hold', firedRule: 'rejected-before', newBidKopecks: i.currentBidKopecks });
      }),
      { numRuns: RUNS },
    );
  });
});
