/**
 * `t()` for every UI string, plus Russian plurals and Moscow-time formatting. Contexts: any.
 * The language is a signal so that switching it re-renders Preact views.
 */
import { signal } from '@preact/signals';
import { en, ru, type MessageKey } from './messages';

export type Lang = 'ru' | 'en';
export type { MessageKey };

/** Current UI language; Russian unless the seller picked English. */
export const lang = signal<Lang>('ru');

const DICTS: Record<Lang, Record<MessageKey, string>> = { ru, en };

/** The string for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>, l: Lang = lang.value): string {
  const template = DICTS[l][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Russian plural form: plural(5, ['день', 'дня', 'дней']) → 'дней'. */
export function pluralRu(n: number, forms: readonly [string, string, string]): string {
  const a = Math.abs(n) % 100;
  const b = a % 10;
  if (a > 10 && a < 20) return forms[2];
  if (b > 1 && b < 5) return forms[1];
  if (b === 1) return forms[0];
  return forms[2];
}

/** A duration in days/hours, e.g. «3 дня», «5 часов», for countdowns. */
export function formatDuration(ms: number, l: Lang = lang.value): string {
  const hours = Math.max(0, Math.floor(ms / 3_600_000));
  if (hours >= 48) {
    const days = Math.floor(hours / 24);
    return l === 'ru' ? `${days} ${pluralRu(days, ['день', 'дня', 'дней'])}` : `${days} day${days === 1 ? '' : 's'}`;
  }
  if (hours >= 1) {
    return l === 'ru'
      ? `${hours} ${pluralRu(hours, ['час', 'часа', 'часов'])}`
      : `${hours} hour${hours === 1 ? '' : 's'}`;
  }
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  return l === 'ru' ? `${minutes} мин` : `${minutes} min`;
}

const MSK_OFFSET_MS = 3 * 3_600_000;

/** Date as `DD.MM.YYYY` in Moscow time (UTC+3, no DST), as WB shows dates. */
export function formatDateMsk(d: Date): string {
  const m = new Date(d.getTime() + MSK_OFFSET_MS);
  const dd = String(m.getUTCDate()).padStart(2, '0');
  const mm = String(m.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${m.getUTCFullYear()}`;
}

/** Time as `HH:MM` in Moscow time. */
export function formatTimeMsk(d: Date): string {
  const m = new Date(d.getTime() + MSK_OFFSET_MS);
  return `${String(m.getUTCHours()).padStart(2, '0')}:${String(m.getUTCMinutes()).padStart(2, '0')}`;
}
