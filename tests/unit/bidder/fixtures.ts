/** Shared inputs of the bidder's tests. */
import { newRule, type NewRuleInput, type Rule } from '../../../lib/bidder/rules';
import type { DecisionInput } from '../../../lib/bidder/strategy';

export const SELLER = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

/** Thursday 2026-08-20, 12:00 Moscow time. */
export const THURSDAY_NOON = new Date(Date.UTC(2026, 7, 20, 9, 0, 0));

/** A target-position rule: target 3, max 10 ₽, step 1 ₽, dead zone 1, always on. */
export function rule(over: Partial<NewRuleInput> = {}): Rule {
  return newRule({
    id: 'r1',
    sellerId: SELLER,
    advertId: 1001,
    strategy: { kind: 'target-position', target: 3 },
    maxBidKopecks: 1000,
    stepKopecks: 100,
    ...over,
  });
}

/** A decision input: bid 5 ₽, WB's minimum 3 ₽, position 3, nothing else known. */
export function input(over: Partial<DecisionInput> = {}): DecisionInput {
  return {
    rule: rule(),
    currentBidKopecks: 500,
    position: 3,
    positionSource: 'fullstats',
    minBidKopecks: 300,
    budget: null,
    daysOfCover: null,
    now: THURSDAY_NOON,
    campaignStatus: 9,
    lastRejection: null,
    ...over,
  };
}

/** Non-breaking spaces as plain ones, to compare texts. */
export function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}
