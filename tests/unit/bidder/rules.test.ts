import { describe, expect, it } from 'vitest';
import { createMemoryAuditLog, type AuditEntry } from '../../../lib/bidder/audit';
import {
  bidderSettingsSchema,
  newRule,
  ruleFor,
  ruleSchema,
  withMode,
  type NewRuleInput,
} from '../../../lib/bidder/rules';
import { SELLER } from './fixtures';

const base: NewRuleInput = {
  sellerId: SELLER,
  advertId: 1001,
  strategy: { kind: 'target-position', target: 3 },
  maxBidKopecks: 1000,
  stepKopecks: 100,
};

describe('rules', () => {
  it('a new rule is in dry-run, with a dead zone of 1 and an always-on schedule', () => {
    const r = newRule(base);
    expect(r.mode).toBe('dry-run');
    expect(r.deadZone).toBe(1);
    expect(r.schedule.days).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.schedule.hours).toHaveLength(24);
    expect(r.schedule.outside).toEqual({ kind: 'min' });
    expect(r.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a new rule is in dry-run even if asked otherwise; going live is a separate switch', () => {
    const r = newRule({ ...base, mode: 'live' } as NewRuleInput);
    expect(r.mode).toBe('dry-run');
    expect(withMode(r, 'live').mode).toBe('live');
  });

  it.each<[string, Partial<NewRuleInput>]>([
    ['no maximum', { maxBidKopecks: undefined }],
    ['a maximum of zero', { maxBidKopecks: 0 }],
    ['a fractional kopeck', { maxBidKopecks: 100.5 }],
    ['a fixed bid above the maximum', { strategy: { kind: 'fixed-bid', bidKopecks: 1001 } }],
    [
      'a schedule bid above the maximum',
      { schedule: { days: [1], hours: [1], outside: { kind: 'bid', bidKopecks: 2000 } } },
    ],
    ['a weekday 0', { schedule: { days: [0], hours: [1], outside: { kind: 'min' } } }],
    ['an hour 24', { schedule: { days: [1], hours: [24], outside: { kind: 'min' } } }],
    ['a target position 0', { strategy: { kind: 'target-position', target: 0 } }],
    ['a negative dead zone', { deadZone: -1 }],
  ])('refuses %s', (_name, over) => {
    expect(() => newRule({ ...base, ...over } as NewRuleInput)).toThrow();
  });

  it('round-trips through JSON (as it will through the database)', () => {
    const r = newRule({
      ...base,
      nmId: 5,
      placement: 'search',
      budgetGuard: { minBudget: 500 },
      stockGuard: { minDaysOfCover: 3 },
    });
    expect(ruleSchema.parse(JSON.parse(JSON.stringify(r)))).toEqual(r);
  });

  it('ruleFor picks the most specific rule: item and placement, item, placement, campaign', () => {
    const campaign = newRule({ ...base, id: 'campaign' });
    const placement = newRule({ ...base, id: 'placement', placement: 'search' });
    const item = newRule({ ...base, id: 'item', nmId: 5 });
    const itemPlacement = newRule({ ...base, id: 'item-placement', nmId: 5, placement: 'search' });
    const other = newRule({ ...base, id: 'other-seller', sellerId: 'someone-else', nmId: 5, placement: 'search' });
    const all = [campaign, placement, item, itemPlacement, other];
    const at = (nmId: number, p: 'search' | 'recommendations' | 'combined') =>
      ruleFor(all, { sellerId: SELLER, advertId: 1001, nmId, placement: p })?.id;
    expect(at(5, 'search')).toBe('item-placement');
    expect(at(5, 'recommendations')).toBe('item');
    expect(at(6, 'search')).toBe('placement');
    expect(at(6, 'recommendations')).toBe('campaign');
    expect(ruleFor(all, { sellerId: SELLER, advertId: 2002, nmId: 5, placement: 'search' })).toBeUndefined();
  });

  it('settings: the kill switch is off by default', () => {
    expect(bidderSettingsSchema.parse({})).toEqual({ killSwitch: false });
  });
});

describe('the in-memory audit log', () => {
  const entry = (at: number): AuditEntry => ({
    at,
    sellerId: SELLER,
    advertId: 1,
    nmId: 2,
    placement: 'combined',
    ruleId: 'r',
    mode: 'dry-run',
    inputs: {
      position: 5,
      positionSource: 'fullstats',
      target: 3,
      currentBidKopecks: 500,
      minBidKopecks: 300,
      maxBidKopecks: 1000,
      budget: null,
      daysOfCover: null,
      campaignStatus: 9,
    },
    firedRule: 'target',
    reasonCode: 'position-worse',
    reasonText: 'позиция 5 хуже цели 3',
    action: 'raise',
    oldBidKopecks: 500,
    newBidKopecks: 600,
    unreachable: false,
    minAboveMax: false,
    outcome: { kind: 'dry-run' },
  });

  it('keeps 90 days by default and prunes older entries on append', async () => {
    const DAY = 86_400_000;
    let now = 100 * DAY;
    const log = createMemoryAuditLog({ now: () => now });
    await log.append([entry(now - 91 * DAY), entry(now - 89 * DAY), entry(now)]);
    expect(log.entries().map((e) => e.at)).toEqual([now - 89 * DAY, now]);
    now += 2 * DAY;
    expect(log.prune()).toBe(1);
    expect(log.entries()).toHaveLength(1);
  });

  it('keeps copies, so later changes of the caller’s objects do not rewrite history', async () => {
    const log = createMemoryAuditLog({ retentionDays: 7, now: () => 0 });
    const e = entry(0);
    await log.append([e]);
    e.newBidKopecks = 1;
    expect(log.entries()[0]!.newBidKopecks).toBe(600);
  });
});

describe('rules: position source and the seller’s messages', () => {
  it('a rule stored before positions had a source still parses: official positions, no keyword', () => {
    const stored = {
      id: 'old',
      sellerId: SELLER,
      advertId: 1001,
      strategy: { kind: 'target-position', target: 3 },
      maxBidKopecks: 1000,
      stepKopecks: 100,
      deadZone: 1,
      schedule: { days: [1, 2, 3, 4, 5, 6, 7], hours: [9, 10], outside: { kind: 'min' } },
      mode: 'live',
    };
    const r = ruleSchema.parse(stored);
    expect(r.positionSource).toBe('official');
    expect(r.keyword).toBeUndefined();
    expect(r.mode).toBe('live');
  });

  it('live positions need a keyword; the keyword is trimmed', () => {
    const noKeyword = ruleSchema.safeParse({ ...base, id: 'x', positionSource: 'live' });
    expect(noKeyword.success).toBe(false);
    expect(noKeyword.error!.issues.map((i) => i.message)).toEqual([
      'Для живых позиций укажите ключевую фразу, по которой искать товар',
    ]);
    const r = newRule({ ...base, positionSource: 'live', keyword: '  платье летнее ' });
    expect(r).toMatchObject({ positionSource: 'live', keyword: 'платье летнее' });
    expect(ruleSchema.safeParse({ ...base, id: 'x', keyword: '   ' }).error!.issues[0]!.message).toBe(
      'Ключевая фраза не может быть пустой',
    );
  });

  it('says in Russian what is wrong with a rule', () => {
    const messages = (input: Record<string, unknown>) =>
      ruleSchema.safeParse({ ...base, id: 'x', ...input }).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ maxBidKopecks: 0 })).toEqual(['Максимальная ставка должна быть больше 0 ₽']);
    expect(messages({ maxBidKopecks: 10.5 })).toEqual(['Максимальная ставка: не больше двух знаков после запятой']);
    expect(messages({ stepKopecks: -100 })).toEqual(['Шаг ставки должен быть больше 0 ₽']);
    expect(messages({ strategy: { kind: 'target-position', target: 0 } })).toEqual(['Целевая позиция — от 1 до 1000']);
    expect(messages({ deadZone: 101 })).toEqual(['Мёртвая зона — от 0 до 100 позиций']);
    expect(messages({ budgetGuard: { minBudget: -1 } })).toEqual(['Порог бюджета не может быть отрицательным']);
    expect(messages({ stockGuard: { minDaysOfCover: -1 } })).toEqual(['Порог запаса не может быть отрицательным']);
    expect(messages({ strategy: { kind: 'fixed-bid', bidKopecks: 2000 } })).toEqual([
      'Фиксированная ставка выше максимальной',
    ]);
  });
});
