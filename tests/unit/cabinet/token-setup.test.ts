import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkTokenForGoals,
  choosePlacement,
  findWbTokens,
  fingerprint,
  GOALS,
  isWbToken,
  recommendTokens,
  splitMatters,
  suggestName,
  type Goal,
} from '../../../lib/cabinet/token-setup';
import type { WbCategory } from '../../../lib/token/categories';
import { decodeWbToken, type WbTokenType } from '../../../lib/token/decode';
import { jwt, makeToken, SELLER_A, testUuid } from '../../helpers/tokens';

/** What each goal needs, written out from wb-api.md §3, §4 and §9 (not from the code under test). */
const NEEDS: Record<Goal, { category: string; write: boolean }> = {
  orders: { category: 'statistics', write: false },
  stocks: { category: 'analytics', write: false },
  finance: { category: 'finance', write: false },
  ads: { category: 'promotion', write: false },
  bidder: { category: 'promotion', write: true },
  cards: { category: 'content', write: false },
};

const goalSets = fc.subarray([...GOALS], { minLength: 1 });

describe('recommendTokens', () => {
  it('nothing to create without goals', () => {
    expect(recommendTokens([])).toEqual([]);
    expect(recommendTokens([], true)).toEqual([]);
  });

  it('orders and finance: one Personal read-only token with Statistics and Finance', () => {
    expect(recommendTokens(['orders', 'finance'])).toEqual([
      {
        type: 'personal',
        categories: ['statistics', 'finance'],
        readOnly: true,
        goals: ['orders', 'finance'],
        name: 'Seller Lens · Статистика, Финансы',
      },
    ]);
  });

  it('«Только чтение» stays off only for the bidder', () => {
    expect(recommendTokens(['ads'])[0]).toMatchObject({ categories: ['promotion'], readOnly: true });
    expect(recommendTokens(['bidder'])[0]).toMatchObject({ categories: ['promotion'], readOnly: false });
    expect(recommendTokens(['orders', 'bidder'])[0]).toMatchObject({
      categories: ['statistics', 'promotion'],
      readOnly: false,
    });
  });

  it('split: the bidder gets a write token of its own; the rest are read-only, two categories at most', () => {
    const plans = recommendTokens(['orders', 'stocks', 'finance', 'bidder', 'cards'], true);
    expect(plans.map((p) => [p.categories, p.readOnly])).toEqual([
      [['promotion'], false],
      [['statistics', 'finance'], true],
      [['analytics', 'content'], true],
    ]);
    expect(plans[0]!.goals).toEqual(['bidder']);
    expect(plans[2]!.goals).toEqual(['stocks', 'cards']);
  });

  it('splitting matters only beyond two categories or with write access for part of them', () => {
    expect(splitMatters(['orders'])).toBe(false);
    expect(splitMatters(['orders', 'finance'])).toBe(false);
    expect(splitMatters(['ads', 'bidder'])).toBe(false);
    expect(splitMatters(['orders', 'bidder'])).toBe(true);
    expect(splitMatters(['orders', 'finance', 'stocks'])).toBe(true);
  });

  it('every plan covers exactly the needed categories, and a token made to plan passes its check', () => {
    fc.assert(
      fc.property(goalSets, fc.boolean(), (goals, split) => {
        const plans = recommendTokens(goals, split);
        const needed = new Set(goals.map((g) => NEEDS[g].category));
        const planned = plans.flatMap((p) => p.categories);
        expect(new Set(planned)).toEqual(needed);
        expect(planned).toHaveLength(needed.size); // each category in one token only
        if (!split) expect(plans).toHaveLength(1);
        for (const p of plans) {
          expect(p.type).toBe('personal');
          if (split) expect(p.categories.length).toBeLessThanOrEqual(2);
          expect(p.readOnly).toBe(!p.goals.some((g) => NEEDS[g].write));
          expect(p.name.length).toBeLessThanOrEqual(80);
          for (const g of p.goals) expect(p.categories).toContain(NEEDS[g].category);
          const info = decodeWbToken(makeToken({ categories: p.categories, readOnly: p.readOnly }));
          if (!info.ok) throw new Error('test token did not decode');
          expect(checkTokenForGoals(info.token, p.goals).problems).toEqual([]);
        }
        // Every goal is served by some token.
        expect(new Set(plans.flatMap((p) => p.goals))).toEqual(new Set(goals));
      }),
    );
  });

  it('suggests a name with WB’s category names', () => {
    expect(suggestName(['promotion'])).toBe('Seller Lens · Продвижение');
  });
});

describe('checkTokenForGoals', () => {
  const token = (
    categories: WbCategory[],
    over: { type?: WbTokenType; readOnly?: boolean; sandbox?: boolean } = {},
  ) => ({
    type: 'personal' as WbTokenType,
    readOnly: true,
    sandbox: false,
    ...over,
    categories,
  });

  it('a token with what was asked has no problems', () => {
    const r = checkTokenForGoals(token(['statistics', 'finance']), ['orders', 'finance']);
    expect(r).toEqual({ problems: [], baseLimited: false, sandbox: false });
  });

  it('a missing category is named per goal', () => {
    const r = checkTokenForGoals(token(['statistics']), ['orders', 'finance', 'cards']);
    expect(r.problems).toEqual([
      { goal: 'finance', missing: { kind: 'category', category: 'finance' } },
      { goal: 'cards', missing: { kind: 'category', category: 'content' } },
    ]);
  });

  it('a read-only token for the bidder needs write access', () => {
    const r = checkTokenForGoals(token(['promotion'], { readOnly: true }), ['ads', 'bidder']);
    expect(r.problems).toEqual([{ goal: 'bidder', missing: { kind: 'write', category: 'promotion' } }]);
    const rw = checkTokenForGoals(token(['promotion'], { readOnly: false }), ['bidder']);
    expect(rw.problems).toEqual([]);
  });

  it('a Base token: refused for stocks, reduced limits elsewhere', () => {
    const r = checkTokenForGoals(token(['analytics', 'statistics'], { type: 'base' }), ['stocks', 'orders']);
    expect(r.problems).toEqual([{ goal: 'stocks', missing: { kind: 'notBase', category: 'analytics' } }]);
    expect(r.baseLimited).toBe(true);
  });

  it('a sandbox token is flagged', () => {
    expect(checkTokenForGoals(token(['statistics'], { sandbox: true }), ['orders']).sandbox).toBe(true);
  });
});

describe('spotting a WB token in text', () => {
  const wb = makeToken({ categories: ['statistics'] });

  it('finds a WB token inside other text, and several in order', () => {
    expect(findWbTokens(`Ваш токен: ${wb} — скопируйте его`)).toEqual([wb]);
    const other = makeToken({ categories: ['finance'] });
    expect(findWbTokens(`${other}\n${wb}`)).toEqual([other, wb]);
  });

  it('an expired WB token is still a WB token (the keyring decides what to accept)', () => {
    const expired = makeToken({ expiresAt: new Date('2020-01-01T00:00:00Z'), now: new Date('2019-09-01T00:00:00Z') });
    expect(isWbToken(expired)).toBe(true);
  });

  it('ignores JWTs without WB’s claims, broken tokens and ordinary text', () => {
    const foreign = jwt({ sub: 'user-1', iat: 1700000000, exp: 2000000000 });
    const noSeller = jwt({ id: testUuid(1), s: 32, exp: 2000000000 });
    const badSeller = jwt({ id: testUuid(2), sid: 'not-a-uuid', s: 32, exp: 2000000000 });
    for (const s of [foreign, noSeller, badSeller, wb.slice(0, 60), 'eyJhbGciOi', 'обычный текст', '']) {
      expect(findWbTokens(s)).toEqual([]);
    }
    expect(isWbToken(foreign)).toBe(false);
    expect(isWbToken(wb)).toBe(true);
    // The seller id makes it WB's, whatever else the page shows.
    expect(findWbTokens(`${foreign} ${jwt({ id: testUuid(3), sid: SELLER_A, s: 64, exp: 2000000000 })}`)).toHaveLength(
      1,
    );
  });

  it('fingerprints tell tokens apart and are stable', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 1e9 }), { minLength: 2, maxLength: 30 }), (ids) => {
        const tokens = ids.map((n) => makeToken({ id: testUuid(n) }));
        const prints = tokens.map(fingerprint);
        expect(new Set(prints).size).toBe(tokens.length);
        expect(tokens.map(fingerprint)).toEqual(prints);
        for (const p of prints) expect(Number.isSafeInteger(p)).toBe(true);
      }),
    );
  });
});

describe('choosePlacement', () => {
  const vp = { width: 1100, height: 700 };
  const panel = { width: 340, barHeight: 150 };
  const rect = (left: number, top: number, right: number, bottom: number) => ({ left, top, right, bottom });
  // Where each placement puts the guide (16 px margins), written out for the test.
  const boxes = {
    right: rect(1100 - 356, 0, 1100, 700),
    left: rect(0, 0, 356, 700),
    top: rect(1100 - 356, 0, 1100, 166),
    bottom: rect(0, 700 - 166, 356, 700),
  };
  const hits = (t: ReturnType<typeof rect>, b: ReturnType<typeof rect>) =>
    t.left - 8 < b.right && b.left < t.right + 8 && t.top - 8 < b.bottom && b.top < t.bottom + 8;

  it.each([
    ['nothing to avoid', null, null, 'right'],
    ['a control on the left half', rect(240, 100, 400, 140), null, 'right'],
    ['a control under the right side', rect(800, 100, 900, 140), null, 'left'],
    ['a wide control under both sides, low on the page', rect(300, 400, 1000, 440), null, 'top'],
    ['a wide control at the top', rect(20, 20, 1080, 60), null, 'bottom'],
    ['a narrow form in the middle: beside it', rect(500, 300, 600, 330), rect(380, 60, 720, 640), 'right'],
    [
      'a wide form: the form cannot be kept clear, the control still is',
      rect(300, 280, 800, 310),
      rect(266, 65, 834, 635),
      'top',
    ],
    ['a wide form, its control at the top right', rect(700, 70, 830, 100), rect(266, 65, 834, 635), 'left'],
  ] as const)('%s → %s', (_name, target, around, expected) => {
    expect(choosePlacement(target, around, vp, panel)).toBe(expected);
  });

  it('never covers the control when some placement can avoid it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 0, max: 650 }),
        fc.integer({ min: 10, max: 300 }),
        fc.integer({ min: 10, max: 40 }),
        (left, top, w, h) => {
          const t = rect(left, top, left + w, top + h);
          const around = rect(Math.max(0, left - 100), Math.max(0, top - 200), left + w + 100, top + h + 200);
          const p = choosePlacement(t, around, vp, panel);
          if (Object.values(boxes).some((b) => !hits(t, b))) expect(hits(t, boxes[p])).toBe(false);
          // And the form too, whenever both can be kept clear.
          if (Object.values(boxes).some((b) => !hits(t, b) && !hits(around, b)))
            expect(hits(around, boxes[p])).toBe(false);
        },
      ),
    );
  });
});
