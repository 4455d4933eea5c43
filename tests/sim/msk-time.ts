/**
 * Moscow time, as WB writes and reads it. Moscow is UTC+3 with no daylight saving since 2014, so a fixed offset is
 * exact. Times inside the simulator are unix seconds (WB's statistics dates have second precision) or unix ms.
 */

export const MSK_OFFSET_SEC = 3 * 3600;
export const DAY_SEC = 86_400;

const pad2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const dayCache = new Map<number, string>();

/** `YYYY-MM-DD` of a day number (days since 1970-01-01). */
export function dayString(day: number): string {
  let s = dayCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_SEC * 1000).toISOString().slice(0, 10);
    if (dayCache.size > 20_000) dayCache.clear();
    dayCache.set(day, s);
  }
  return s;
}

function timeOfDay(secOfDay: number): string {
  const h = Math.floor(secOfDay / 3600);
  const m = Math.floor((secOfDay % 3600) / 60);
  return `${pad2[h]}:${pad2[m]}:${pad2[secOfDay % 60]}`;
}

/** Moscow day number of a unix-seconds time. */
export function mskDay(sec: number): number {
  return Math.floor((sec + MSK_OFFSET_SEC) / DAY_SEC);
}

/** Unix seconds of 00:00 Moscow time on the given Moscow day number. */
export function mskDayStartSec(day: number): number {
  return day * DAY_SEC - MSK_OFFSET_SEC;
}

/** `2026-08-20T12:00:00`: Moscow time without a zone, as in WB's statistics rows. */
export function formatMsk(sec: number): string {
  const local = sec + MSK_OFFSET_SEC;
  const day = Math.floor(local / DAY_SEC);
  return `${dayString(day)}T${timeOfDay(local - day * DAY_SEC)}`;
}

/** `2026-08-20T12:00:00+03:00`: Moscow time with its offset. */
export function formatMskOffset(sec: number): string {
  return `${formatMsk(sec)}+03:00`;
}

/** `2026-08-20T09:00:00Z`. */
export function formatUtc(sec: number): string {
  const day = Math.floor(sec / DAY_SEC);
  return `${dayString(day)}T${timeOfDay(sec - day * DAY_SEC)}Z`;
}

/** `YYYY-MM-DD` of the Moscow date of a unix-seconds time. */
export function mskDate(sec: number): string {
  return dayString(mskDay(sec));
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses WB's RFC3339 date or date-time; without a zone it is Moscow time. Returns unix ms, or null when the text
 * is not a valid date.
 */
export function parseWbDate(text: string): number | null {
  const m = RFC3339.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const dayOfMonth = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > 31 || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  const utc = Date.UTC(year, month - 1, dayOfMonth, hour, minute, second);
  const check = new Date(utc);
  if (check.getUTCDate() !== dayOfMonth || check.getUTCMonth() !== month - 1) return null;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let offsetMin = 180;
  if (zone !== undefined) {
    if (zone.toUpperCase() === 'Z') offsetMin = 0;
    else {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    }
  }
  return utc + ms - offsetMin * 60_000;
}

/** Parses `YYYY-MM-DD` strictly (the date-only parameters of advert and finance methods); Moscow day number. */
export function parseDay(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const ms = parseWbDate(text);
  return ms === null ? null : mskDay(ms / 1000);
}
