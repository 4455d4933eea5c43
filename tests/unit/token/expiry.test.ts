import { describe, expect, it } from 'vitest';
import { badgeState, dueReminders, REMINDER_DAYS, type ExpiryInput } from '../../../lib/token/expiry';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-08-20T09:00:00Z');

const RED = '#d92d20';
const ORANGE = '#f79009';

function input(leftMs: number, over: Partial<ExpiryInput> = {}): ExpiryInput {
  return { tokenId: 'tok', expiresAt: NOW + leftMs, reminded: [], sandbox: false, ...over };
}

const desc = (xs: readonly number[]) => [...xs].sort((a, b) => b - a);

describe('dueReminders', () => {
  it('uses the thresholds 14, 7, 3 and 1 days', () => {
    expect([...REMINDER_DAYS]).toEqual([14, 7, 3, 1]);
  });

  it.each([
    ['20 days left', 20 * DAY, [], null, []],
    ['14 days + 1 ms left', 14 * DAY + 1, [], null, []],
    ['exactly 14 days left', 14 * DAY, [], 14, [14]],
    ['13 days left', 13 * DAY, [], 14, [14]],
    ['13 days left, 14 reminded', 13 * DAY, [14], null, []],
    ['7 days + 1 ms left, 14 reminded', 7 * DAY + 1, [14], null, []],
    ['exactly 7 days left, 14 reminded', 7 * DAY, [14], 7, [7]],
    ['6 days left, nothing reminded', 6 * DAY, [], 7, [14, 7]],
    ['3 days left, 14 and 7 reminded', 3 * DAY, [14, 7], 3, [3]],
    ['2 days left, nothing reminded (added late)', 2 * DAY, [], 3, [14, 7, 3]],
    ['2 days left, 14/7/3 reminded', 2 * DAY, [14, 7, 3], null, []],
    ['exactly 1 day left, 14/7/3 reminded', DAY, [14, 7, 3], 1, [1]],
    ['1 hour left, nothing reminded', HOUR, [], 1, [14, 7, 3, 1]],
    ['1 ms left, all days reminded', 1, [14, 7, 3, 1], null, []],
    ['expires exactly now, all days reminded', 0, [14, 7, 3, 1], 0, [0]],
    ['expired an hour ago, nothing reminded', -HOUR, [], 0, [14, 7, 3, 1, 0]],
    ['expired, all reminded incl. 0', -DAY, [14, 7, 3, 1, 0], null, []],
    ['6 days left, 3 reminded out of order', 6 * DAY, [3], 7, [14, 7]],
  ] as [string, number, number[], number | null, number[]][])('%s', (_name, left, reminded, threshold, settles) => {
    const due = dueReminders([input(left, { reminded })], NOW);
    if (threshold === null) {
      expect(due).toEqual([]);
    } else {
      expect(due).toHaveLength(1);
      expect(due[0]!.tokenId).toBe('tok');
      expect(due[0]!.threshold).toBe(threshold);
      expect(desc(due[0]!.settles)).toEqual(settles);
    }
  });

  it('ignores sandbox tokens, even expired ones', () => {
    expect(dueReminders([input(2 * DAY, { sandbox: true }), input(-DAY, { sandbox: true })], NOW)).toEqual([]);
  });

  it('gives at most one reminder per token, for several tokens', () => {
    const due = dueReminders(
      [
        input(30 * DAY, { tokenId: 'far' }),
        input(10 * DAY, { tokenId: 'ten' }),
        input(2 * DAY, { tokenId: 'two' }),
        input(-DAY, { tokenId: 'gone' }),
        input(2 * DAY, { tokenId: 'sandbox', sandbox: true }),
      ],
      NOW,
    );
    expect(due.map((d) => [d.tokenId, d.threshold])).toEqual([
      ['ten', 14],
      ['two', 3],
      ['gone', 0],
    ]);
  });

  /** Runs the hourly check from `addedLeft` before expiry to 2 days after it, recording what is settled. */
  function simulate(addedLeft: number): number[] {
    const tok = input(0, { expiresAt: NOW + addedLeft });
    let reminded: number[] = [];
    const sent: number[] = [];
    for (let t = NOW; t <= NOW + addedLeft + 2 * DAY; t += HOUR) {
      for (const d of dueReminders([{ ...tok, reminded }], t)) {
        sent.push(d.threshold);
        expect(d.settles).toContain(d.threshold);
        for (const s of d.settles) expect(reminded).not.toContain(s);
        reminded = [...reminded, ...d.settles];
      }
    }
    expect(desc(reminded)).toEqual([14, 7, 3, 1, 0]);
    return sent;
  }

  it('reminds once per threshold over a token’s life (checked hourly)', () => {
    expect(simulate(20 * DAY)).toEqual([14, 7, 3, 1, 0]);
  });

  it('a token added 2 days before expiry gets one reminder settling 14, 7 and 3, then 1 and 0', () => {
    expect(simulate(2 * DAY)).toEqual([3, 1, 0]);
  });

  it('a token added 5 hours before expiry gets 1, then 0', () => {
    expect(simulate(5 * HOUR)).toEqual([1, 0]);
  });

  it('a check missed for a week sends only the tightest reminder', () => {
    // Last check at 13 days (14 sent); the next at 2 days: one reminder for 3 that also settles 7.
    const due = dueReminders([input(2 * DAY, { reminded: [14] })], NOW);
    expect(due.map((d) => [d.threshold, desc(d.settles)])).toEqual([[3, [7, 3]]]);
  });
});

describe('badgeState', () => {
  it.each([
    ['no tokens', [], '', null],
    ['only a far token', [30 * DAY], '', null],
    ['14 days + 1 ms', [14 * DAY + 1], '', null],
    ['exactly 14 days', [14 * DAY], '14', ORANGE],
    ['10 days', [10 * DAY], '10', ORANGE],
    ['4 days', [4 * DAY], '4', ORANGE],
    ['3 days + 1 ms (rounds up to 4)', [3 * DAY + 1], '4', ORANGE],
    ['exactly 3 days', [3 * DAY], '3', RED],
    ['2.5 days (rounds up)', [2.5 * DAY], '3', RED],
    ['1 hour', [HOUR], '1', RED],
    ['soonest of several', [30 * DAY, 5 * DAY, 9 * DAY], '5', ORANGE],
    ['expired wins over the rest', [5 * DAY, -HOUR], '!', RED],
    ['expiring exactly now', [0], '!', RED],
  ] as [string, number[], string, string | null][])('%s', (_name, lefts, text, color) => {
    const tokens = lefts.map((l, i) => input(l, { tokenId: `t${i}` }));
    const s = badgeState(tokens, NOW);
    expect(s.text).toBe(text);
    if (color) expect(s.color).toBe(color);
    if (text === '') expect(s.soonestMs).toBeNull();
    else if (text === '!') expect(s.soonestMs).toBe(0);
    else expect(s.soonestMs).toBe(Math.min(...lefts));
  });

  it('ignores sandbox tokens, expired or not', () => {
    expect(badgeState([input(-DAY, { sandbox: true })], NOW).text).toBe('');
    expect(badgeState([input(2 * DAY, { sandbox: true })], NOW).text).toBe('');
    expect(badgeState([input(-DAY, { sandbox: true }), input(6 * DAY)], NOW).text).toBe('6');
  });

  it('the empty badge has no soonest expiry and a neutral colour', () => {
    const s = badgeState([], NOW);
    expect(s).toEqual({ text: '', color: '#7a2bd6', soonestMs: null });
  });
});
