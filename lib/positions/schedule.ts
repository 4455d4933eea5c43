/**
 * When live position checks may go out, so that a seller's browser never looks like a scraper: they are off until
 * the seller turns them on; requests to WB's public search are spaced (8–12 s by default) and capped per Moscow day
 * (300 by default); an anti-bot or 429 answer pauses them all; each phrase is checked on its own schedule (daily by
 * default, at most hourly). All of it is pure: state in, state out; the adapter and the background keep the state.
 * Contexts: any (pure).
 */
import { z } from 'zod';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
const MSK_OFFSET_MS = 3 * HOUR_MS;

/** WB's region code for Moscow (`dest`, wb-api.md §7). */
export const DEST_MOSCOW = -1257786;

/** No setting may space requests closer than this. */
export const MIN_SPACING_FLOOR_MS = 3_000;
/** The shortest per-phrase interval a seller may choose. */
export const MIN_INTERVAL_MS = HOUR_MS;

export const liveChecksSettings = z.object({
  /** Live checks call WB's public search from the seller's browser: off until the seller turns them on. */
  enabled: z.boolean().default(false),
  /** Region of the search results (`dest`); Moscow by default. */
  dest: z.number().int().default(DEST_MOSCOW),
  /** Least time between two requests to WB's public hosts. */
  minSpacingMs: z
    .number()
    .int()
    .min(MIN_SPACING_FLOOR_MS)
    .max(10 * MINUTE_MS)
    .default(8_000),
  /** A random extra wait of up to this much on top of the spacing, so requests do not tick like a metronome. */
  jitterMs: z.number().int().min(0).max(MINUTE_MS).default(4_000),
  /** Requests per Moscow day, search pages and cards together. */
  dailyCap: z.number().int().min(1).max(1000).default(300),
  /** Search pages (100 items each) looked through per phrase. */
  maxPages: z.number().int().min(1).max(5).default(3),
  /** How often a phrase is checked unless the seller set its own interval: daily. */
  defaultIntervalMs: z
    .number()
    .int()
    .min(MIN_INTERVAL_MS)
    .max(7 * DAY_MS)
    .default(DAY_MS),
  /** Competitors above the seller's card whose public card (rating, reviews) is fetched, in one request; 0 = none. */
  competitorCards: z.number().int().min(0).max(50).default(20),
  /** How long an anti-bot or 429 answer pauses all live requests (when WB names no time of its own). */
  blockPauseMs: z
    .number()
    .int()
    .min(5 * MINUTE_MS)
    .max(DAY_MS)
    .default(HOUR_MS),
  /** How long a changed search format pauses live requests before one more try. */
  formatPauseMs: z
    .number()
    .int()
    .min(HOUR_MS)
    .max(7 * DAY_MS)
    .default(6 * HOUR_MS),
});
export type LiveChecksSettings = z.infer<typeof liveChecksSettings>;

/** The defaults: off, Moscow, 8 s + up to 4 s apart, 300 requests a day, 3 pages, daily. */
export const DEFAULT_LIVE_CHECKS: LiveChecksSettings = liveChecksSettings.parse({});

/** What the settings screen says about live checks, next to the switch, with the seller's own numbers. */
export function liveChecksExplained(s: LiveChecksSettings, lang: 'ru' | 'en' = 'ru'): string {
  const from = Math.round(s.minSpacingMs / 1000);
  const to = Math.round((s.minSpacingMs + s.jitterMs) / 1000);
  const gap = from === to ? `${from}` : `${from}–${to}`;
  const pagesRu = s.maxPages === 1 ? 'на первой странице' : `на первых ${s.maxPages} страницах`;
  const pagesEn = s.maxPages === 1 ? 'the first result page' : `the first ${s.maxPages} result pages`;
  if (lang === 'en') {
    return (
      "Live checks open WB's public search from your browser, as a shopper would, without the token and without " +
      `signing in, and look for your cards by phrase on ${pagesEn} in the chosen region. ` +
      `Requests go at most once every ${gap} seconds and at most ${s.dailyCap} a day; if WB asks to wait, checks ` +
      "pause. Official positions from WB's reports work without them."
    );
  }
  return (
    'Живые проверки открывают публичный поиск WB из вашего браузера, как покупатель, без токена и без входа в ' +
    `аккаунт, и ищут ваши карточки по фразам ${pagesRu} выдачи в выбранном регионе. ` +
    `Запросы идут не чаще одного в ${gap} с и не больше ${s.dailyCap} в сутки; если WB попросит подождать, ` +
    'проверки встанут на паузу. Официальные позиции из отчётов WB работают и без них.'
  );
}

/** Moscow calendar day `YYYY-MM-DD` of a time (ms). */
export function mskDay(ms: number): string {
  return new Date(ms + MSK_OFFSET_MS).toISOString().slice(0, 10);
}

/** The next Moscow midnight after a time (ms). */
export function nextMskMidnight(ms: number): number {
  return Math.floor((ms + MSK_OFFSET_MS) / DAY_MS + 1) * DAY_MS - MSK_OFFSET_MS;
}

export type PauseReason = 'blocked' | 'rate-limited' | 'format-changed';

/** What the pacer remembers between requests (and between service-worker runs: the background stores it). */
export interface PacerState {
  /** Moscow day the count belongs to. */
  day: string;
  /** Requests sent on that day. */
  count: number;
  /** When the last request went out. */
  lastAt: number | null;
  /** All live requests wait until `until` after WB refused or changed its format. */
  pause: { until: number; reason: PauseReason } | null;
}

export const EMPTY_PACER: PacerState = { day: '', count: 0, lastAt: null, pause: null };

export type RequestSlot =
  | { kind: 'ok'; at: number }
  | { kind: 'daily-cap'; until: number }
  | { kind: 'paused'; until: number; reason: PauseReason };

type Pacing = Pick<LiveChecksSettings, 'minSpacingMs' | 'jitterMs' | 'dailyCap'>;

/** Requests already sent on the Moscow day of `now`. */
export function usedToday(state: PacerState, now: number): number {
  return state.day === mskDay(now) ? state.count : 0;
}

/**
 * When the next live request may go out: after the pause, within the daily cap, and at least the spacing plus a
 * random part of the jitter after the previous one. `random` gives 0..1.
 */
export function nextRequestSlot(state: PacerState, pacing: Pacing, now: number, random: () => number): RequestSlot {
  if (state.pause && state.pause.until > now) {
    return { kind: 'paused', until: state.pause.until, reason: state.pause.reason };
  }
  if (usedToday(state, now) >= pacing.dailyCap) return { kind: 'daily-cap', until: nextMskMidnight(now) };
  const spacing = Math.max(MIN_SPACING_FLOOR_MS, pacing.minSpacingMs) + Math.floor(random() * pacing.jitterMs);
  const at = state.lastAt === null ? now : Math.max(now, state.lastAt + spacing);
  return { kind: 'ok', at };
}

/** The state after a request went out at `at` (counted whatever WB answers: it reached WB). */
export function recordRequest(state: PacerState, at: number): PacerState {
  const day = mskDay(at);
  return { ...state, day, count: (state.day === day ? state.count : 0) + 1, lastAt: at };
}

/** The state after WB refused (anti-bot, 429) or changed its format: every live request waits `ms`. */
export function recordPause(state: PacerState, now: number, reason: PauseReason, ms: number): PacerState {
  const until = now + ms;
  // A longer pause already running is kept.
  if (state.pause && state.pause.until >= until) return state;
  return { ...state, pause: { until, reason } };
}

/** A tracked phrase as the scheduler needs it. */
export interface ScheduledPhrase {
  id: string;
  /** The seller's own interval; the settings' default when absent; never under an hour. */
  intervalMs?: number | null;
  /** The last successful check. */
  lastCheckedAt: number | null;
  /** The last attempt, successful or not. */
  lastAttemptAt?: number | null;
}

/** A phrase's interval after the bounds: at most hourly, daily by default. */
export function phraseInterval(phrase: Pick<ScheduledPhrase, 'intervalMs'>, settings: LiveChecksSettings): number {
  return Math.max(MIN_INTERVAL_MS, phrase.intervalMs ?? settings.defaultIntervalMs);
}

/** When a phrase is next due: never checked = at once; a failed attempt is retried no sooner than an hour later. */
export function nextCheckAt(phrase: ScheduledPhrase, settings: LiveChecksSettings): number {
  const due = phrase.lastCheckedAt === null ? 0 : phrase.lastCheckedAt + phraseInterval(phrase, settings);
  const failed =
    phrase.lastAttemptAt != null && (phrase.lastCheckedAt === null || phrase.lastAttemptAt > phrase.lastCheckedAt);
  return failed ? Math.max(due, phrase.lastAttemptAt! + MIN_INTERVAL_MS) : due;
}

/** Requests one check may take at most: its search pages and one request for competitors' cards. */
export function requestsPerCheck(settings: LiveChecksSettings): number {
  return settings.maxPages + (settings.competitorCards > 0 ? 1 : 0);
}

export interface CheckPlan {
  /** Phrases to check now, most overdue first, with the earliest time each can start given the spacing. */
  due: { id: string; dueAt: number; startAt: number }[];
  /** Due phrases that would not fit into today's cap; they move to the next Moscow day. */
  deferred: { id: string; dueAt: number; reason: 'daily-cap' | 'paused' }[];
  /** When to wake up next (the next phrase due, the end of a pause, or the next Moscow day); null when nothing is tracked. */
  wakeAt: number | null;
  /** Why nothing runs at all, if so. */
  idle: 'disabled' | 'paused' | null;
}

/**
 * The plan for the next run: which phrases are due, in what order, whether they fit into what is left of today's
 * cap (counting each check at its worst case, `requestsPerCheck`), and when to come back.
 */
export function planChecks(
  phrases: readonly ScheduledPhrase[],
  settings: LiveChecksSettings,
  pacer: PacerState,
  now: number,
): CheckPlan {
  const withDue = phrases
    .map((p) => ({ id: p.id, dueAt: nextCheckAt(p, settings) }))
    .sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
  const future = withDue.filter((p) => p.dueAt > now);
  const nextFuture = future.length ? future[0]!.dueAt : null;
  const overdue = withDue.filter((p) => p.dueAt <= now);
  if (!settings.enabled) return { due: [], deferred: [], wakeAt: null, idle: 'disabled' };
  if (pacer.pause && pacer.pause.until > now) {
    return {
      due: [],
      deferred: overdue.map((p) => ({ ...p, reason: 'paused' as const })),
      wakeAt: phrases.length ? pacer.pause.until : null,
      idle: 'paused',
    };
  }
  const perCheck = requestsPerCheck(settings);
  let left = settings.dailyCap - usedToday(pacer, now);
  const spacing = Math.max(MIN_SPACING_FLOOR_MS, settings.minSpacingMs);
  let startAt = pacer.lastAt === null ? now : Math.max(now, pacer.lastAt + spacing);
  const due: CheckPlan['due'] = [];
  const deferred: CheckPlan['deferred'] = [];
  for (const p of overdue) {
    if (left >= perCheck) {
      due.push({ ...p, startAt });
      left -= perCheck;
      startAt += perCheck * spacing;
    } else deferred.push({ ...p, reason: 'daily-cap' });
  }
  const candidates = [nextFuture, deferred.length ? nextMskMidnight(now) : null].filter((x): x is number => x !== null);
  return { due, deferred, wakeAt: candidates.length ? Math.min(...candidates) : null, idle: null };
}
