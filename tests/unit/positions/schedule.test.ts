/** The pacing of live requests (spacing, daily cap, pauses) and the per-phrase schedule, on plain numbers. */
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DEFAULT_LIVE_CHECKS,
  EMPTY_PACER,
  HOUR_MS,
  liveChecksExplained,
  liveChecksSettings,
  mskDay,
  nextCheckAt,
  nextMskMidnight,
  nextRequestSlot,
  phraseInterval,
  planChecks,
  recordPause,
  recordRequest,
  type PacerState,
} from '../../../lib/positions/schedule';

const T = Date.UTC(2026, 10, 26, 9, 0, 0); // 26 Nov 2026, 12:00 MSK
const on = liveChecksSettings.parse({ enabled: true });

describe('settings', () => {
  it('off by default: Moscow, 8 s + up to 4 s apart, 300 a day, 3 pages, daily', () => {
    expect(DEFAULT_LIVE_CHECKS).toMatchObject({
      enabled: false,
      dest: -1257786,
      minSpacingMs: 8000,
      jitterMs: 4000,
      dailyCap: 300,
      maxPages: 3,
      defaultIntervalMs: DAY_MS,
    });
  });

  it('the settings say what live checks do, with the seller’s numbers', () => {
    expect(liveChecksExplained(DEFAULT_LIVE_CHECKS)).toContain('не чаще одного в 8–12 с и не больше 300 в сутки');
    expect(liveChecksExplained(DEFAULT_LIVE_CHECKS)).toContain('без токена');
    const custom = liveChecksSettings.parse({ minSpacingMs: 15_000, jitterMs: 0, dailyCap: 100, maxPages: 2 });
    expect(liveChecksExplained(custom)).toContain('на первых 2 страницах');
    expect(liveChecksExplained(custom, 'en')).toContain('at most once every 15 seconds and at most 100 a day');
    const onePage = liveChecksSettings.parse({ maxPages: 1 });
    expect(liveChecksExplained(onePage)).toContain('по фразам на первой странице выдачи');
    expect(liveChecksExplained(onePage, 'en')).toContain('on the first result page in');
  });

  it.each([
    [{ minSpacingMs: 2999 }],
    [{ dailyCap: 0 }],
    [{ dailyCap: 1001 }],
    [{ defaultIntervalMs: HOUR_MS - 1 }],
    [{ maxPages: 6 }],
  ])('refuses %j', (bad) => {
    expect(liveChecksSettings.safeParse(bad).success).toBe(false);
  });
});

describe('Moscow days', () => {
  it.each([
    [Date.UTC(2026, 10, 26, 20, 59, 59), '2026-11-26', Date.UTC(2026, 10, 26, 21)],
    [Date.UTC(2026, 10, 26, 21, 0, 0), '2026-11-27', Date.UTC(2026, 10, 27, 21)],
    [Date.UTC(2026, 11, 31, 22, 0, 0), '2027-01-01', Date.UTC(2027, 0, 1, 21)],
  ])('%i is %s; the next midnight is %i', (ms, day, midnight) => {
    expect(mskDay(ms)).toBe(day);
    expect(nextMskMidnight(ms)).toBe(midnight);
  });
});

describe('the next request slot', () => {
  const r = (x: number) => () => x;

  it('the first request goes at once; the next one spacing + jitter after the last', () => {
    expect(nextRequestSlot(EMPTY_PACER, on, T, r(0.5))).toEqual({ kind: 'ok', at: T });
    const after = recordRequest(EMPTY_PACER, T);
    expect(after).toEqual({ day: '2026-11-26', count: 1, lastAt: T, pause: null });
    expect(nextRequestSlot(after, on, T + 1000, r(0))).toEqual({ kind: 'ok', at: T + 8000 });
    expect(nextRequestSlot(after, on, T + 1000, r(0.25))).toEqual({ kind: 'ok', at: T + 9000 });
    // Long after the last request: at once.
    expect(nextRequestSlot(after, on, T + 60_000, r(0.9))).toEqual({ kind: 'ok', at: T + 60_000 });
  });

  it('the daily cap holds until Moscow midnight, then the count starts over', () => {
    let s: PacerState = EMPTY_PACER;
    const cap = { ...on, dailyCap: 3 };
    let t = T;
    for (let i = 0; i < 3; i++) {
      const slot = nextRequestSlot(s, cap, t, Math.random);
      expect(slot.kind).toBe('ok');
      t = (slot as { at: number }).at;
      s = recordRequest(s, t);
    }
    const midnight = Date.UTC(2026, 10, 26, 21);
    expect(nextRequestSlot(s, cap, t + 1, Math.random)).toEqual({ kind: 'daily-cap', until: midnight });
    expect(nextRequestSlot(s, cap, midnight, r(0))).toEqual({ kind: 'ok', at: midnight });
    expect(recordRequest(s, midnight)).toMatchObject({ day: '2026-11-27', count: 1 });
  });

  it('a pause holds every request; a shorter pause does not cut a longer one', () => {
    const paused = recordPause(EMPTY_PACER, T, 'blocked', HOUR_MS);
    expect(nextRequestSlot(paused, on, T + 10, r(0))).toEqual({
      kind: 'paused',
      until: T + HOUR_MS,
      reason: 'blocked',
    });
    expect(recordPause(paused, T + 60_000, 'rate-limited', 120_000)).toBe(paused);
    expect(recordPause(paused, T, 'format-changed', 6 * HOUR_MS).pause).toEqual({
      until: T + 6 * HOUR_MS,
      reason: 'format-changed',
    });
    expect(nextRequestSlot(paused, on, T + HOUR_MS, r(0)).kind).toBe('ok');
  });
});

describe('the per-phrase schedule', () => {
  it.each([
    [undefined, DAY_MS],
    [null, DAY_MS],
    [10 * 60_000, HOUR_MS], // never more often than hourly
    [3 * HOUR_MS, 3 * HOUR_MS],
  ])('interval %s → %i', (intervalMs, expected) => {
    expect(phraseInterval({ intervalMs }, on)).toBe(expected);
  });

  it('due: never checked = now; after a check, one interval later; after a failed attempt, an hour later at least', () => {
    expect(nextCheckAt({ id: 'a', lastCheckedAt: null }, on)).toBe(0);
    expect(nextCheckAt({ id: 'a', lastCheckedAt: T }, on)).toBe(T + DAY_MS);
    expect(nextCheckAt({ id: 'a', lastCheckedAt: T, intervalMs: 2 * HOUR_MS }, on)).toBe(T + 2 * HOUR_MS);
    const failedLate = { id: 'a', lastCheckedAt: T, lastAttemptAt: T + DAY_MS - 30 * 60_000 };
    expect(nextCheckAt(failedLate, on)).toBe(T + DAY_MS + 30 * 60_000);
    expect(nextCheckAt({ id: 'a', lastCheckedAt: null, lastAttemptAt: T }, on)).toBe(T + HOUR_MS);
    // The attempt was the successful check itself.
    expect(nextCheckAt({ id: 'a', lastCheckedAt: T, lastAttemptAt: T }, on)).toBe(T + DAY_MS);
  });
});

describe('planning the next run', () => {
  const phrases = [
    { id: 'p1', lastCheckedAt: T - 30 * HOUR_MS },
    { id: 'p2', lastCheckedAt: null },
    { id: 'p3', lastCheckedAt: T - 25 * HOUR_MS },
    { id: 'p4', lastCheckedAt: T - 2 * HOUR_MS },
    { id: 'p5', lastCheckedAt: T - 24 * HOUR_MS },
  ];

  it('off: nothing runs', () => {
    expect(planChecks(phrases, DEFAULT_LIVE_CHECKS, EMPTY_PACER, T)).toEqual({
      due: [],
      deferred: [],
      wakeAt: null,
      idle: 'disabled',
    });
  });

  it('most overdue first, spaced by the requests each check may take; wake when the next phrase is due', () => {
    const plan = planChecks(phrases, on, EMPTY_PACER, T);
    expect(plan.idle).toBeNull();
    expect(plan.due.map((d) => d.id)).toEqual(['p2', 'p1', 'p3', 'p5']);
    // 3 pages + 1 card request per check, 8 s apart.
    expect(plan.due.map((d) => d.startAt - T)).toEqual([0, 32_000, 64_000, 96_000]);
    expect(plan.deferred).toEqual([]);
    expect(plan.wakeAt).toBe(T + 22 * HOUR_MS);
  });

  it('what would not fit into today’s cap moves to the next Moscow day', () => {
    const pacer: PacerState = { day: '2026-11-26', count: 292, lastAt: T - 3000, pause: null };
    const plan = planChecks(phrases, on, pacer, T);
    expect(plan.due.map((d) => d.id)).toEqual(['p2', 'p1']);
    expect(plan.due[0]!.startAt).toBe(T + 5000);
    expect(plan.deferred.map((d) => [d.id, d.reason])).toEqual([
      ['p3', 'daily-cap'],
      ['p5', 'daily-cap'],
    ]);
    expect(plan.wakeAt).toBe(Date.UTC(2026, 10, 26, 21));
  });

  it('while paused, due phrases wait for the end of the pause', () => {
    const pacer = recordPause(EMPTY_PACER, T - 60_000, 'rate-limited', 2 * HOUR_MS);
    const plan = planChecks(phrases, on, pacer, T);
    expect(plan.idle).toBe('paused');
    expect(plan.due).toEqual([]);
    expect(plan.deferred.map((d) => d.reason)).toEqual(['paused', 'paused', 'paused', 'paused']);
    expect(plan.wakeAt).toBe(T - 60_000 + 2 * HOUR_MS);
  });
});
