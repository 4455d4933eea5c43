/**
 * The dashboard's period: presets in Moscow days, and the previous period of the same length to compare with.
 * Contexts: any (pure).
 */
const DAY = 86_400_000;
const MSK = 3 * 3_600_000;

/** The Moscow date `YYYY-MM-DD` of an instant. */
export function mskDay(at: number): string {
  return new Date(at + MSK).toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

export type PeriodPreset = 'today' | 'yesterday' | '7d' | '30d' | '90d' | '365d';

export const PERIOD_PRESETS: readonly PeriodPreset[] = ['today', 'yesterday', '7d', '30d', '90d', '365d'];

/** A preset as inclusive Moscow dates, ending today (or yesterday). */
export function presetPeriod(preset: PeriodPreset, now: number = Date.now()): { from: string; to: string } {
  const today = mskDay(now);
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'yesterday':
      return { from: addDays(today, -1), to: addDays(today, -1) };
    default: {
      const days = Number(preset.replace('d', ''));
      return { from: addDays(today, -(days - 1)), to: today };
    }
  }
}

/** The period of the same length right before `p`. */
export function previousPeriod(p: { from: string; to: string }): { from: string; to: string } {
  const days = Math.round((Date.parse(p.to) - Date.parse(p.from)) / DAY) + 1;
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}

/** Every day of a period, in order. */
export function daysOf(p: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) out.push(d);
  return out;
}
