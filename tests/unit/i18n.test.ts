import { afterEach, describe, expect, it } from 'vitest';
import { formatDateMsk, formatDuration, formatTimeMsk, lang, pluralRu, t, type MessageKey } from '../../lib/i18n';
import { en, ru } from '../../lib/i18n/messages';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DAYS = ['день', 'дня', 'дней'] as const;

afterEach(() => {
  lang.value = 'ru';
});

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('t()', () => {
  it('is Russian by default', () => {
    expect(lang.value).toBe('ru');
    expect(t('add')).toBe('Добавить');
    expect(t('tokenFieldLabel')).toBe('API-токен');
  });

  it('follows the language signal', () => {
    lang.value = 'en';
    expect(t('add')).toBe('Add');
    lang.value = 'ru';
    expect(t('add')).toBe('Добавить');
  });

  it('an explicit language wins over the signal', () => {
    expect(t('add', undefined, 'en')).toBe('Add');
    lang.value = 'en';
    expect(t('add', undefined, 'ru')).toBe('Добавить');
  });

  it('fills placeholders from params', () => {
    expect(t('expiresIn', { left: '3 дня' })).toBe('Истекает через 3 дня');
    expect(t('expiresIn', { left: '3 days' }, 'en')).toBe('Expires in 3 days');
    expect(t('pingRateLimited', { seconds: 7 })).toBe('WB просит подождать: проверку можно повторить через 7 с.');
    expect(t('guideTokenN', { n: 1, total: 2 })).toBe('Токен 1 из 2');
    expect(t('capNeedWrite', { category: 'Продвижение' })).toBe(
      'нужен токен с категорией «Продвижение» без флага «Только чтение»',
    );
  });

  it('fills a placeholder used with 0 and leaves unknown ones as they are', () => {
    expect(t('pingUnavailable', { status: 0 })).toBe('WB сейчас недоступен (0). Попробуйте позже.');
    expect(t('expiresIn', {})).toBe('Истекает через {left}');
    expect(t('expiresIn', { other: 'x' })).toBe('Истекает через {left}');
    expect(t('expiresIn')).toBe('Истекает через {left}');
  });

  it('inserts param values literally (no $-patterns, no second substitution)', () => {
    expect(t('expiresIn', { left: '$& $1 $$' })).toBe('Истекает через $& $1 $$');
    expect(t('guideTokenN', { n: '{total}', total: 'X' })).toBe('Токен {total} из X');
  });
});

describe('messages', () => {
  const keys = Object.keys(ru) as MessageKey[];

  it('every Russian key exists in English, non-empty', () => {
    for (const key of keys) {
      expect(typeof en[key], key).toBe('string');
      expect(en[key].trim().length, key).toBeGreaterThan(0);
    }
  });

  it('English has no keys that Russian lacks', () => {
    expect(Object.keys(en).sort()).toEqual([...keys].sort());
  });

  it('every Russian string is non-empty', () => {
    for (const key of keys) expect(ru[key].trim().length, key).toBeGreaterThan(0);
  });

  it('both languages use the same placeholders in each string', () => {
    for (const key of keys) expect(placeholders(en[key]), key).toEqual(placeholders(ru[key]));
  });

  it('English strings contain no Cyrillic (no untranslated text)', () => {
    for (const key of keys) expect(en[key], key).not.toMatch(/[А-Яа-яЁё]/);
  });
});

describe('pluralRu', () => {
  it.each([
    [0, 'дней'],
    [1, 'день'],
    [2, 'дня'],
    [3, 'дня'],
    [4, 'дня'],
    [5, 'дней'],
    [10, 'дней'],
    [11, 'дней'],
    [12, 'дней'],
    [14, 'дней'],
    [19, 'дней'],
    [21, 'день'],
    [22, 'дня'],
    [25, 'дней'],
    [101, 'день'],
    [111, 'дней'],
    [112, 'дней'],
    [121, 'день'],
    [1001, 'день'],
    [-1, 'день'],
    [-22, 'дня'],
  ])('%i → %s', (n, form) => {
    expect(pluralRu(n, DAYS)).toBe(form);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '1 мин', '1 min'],
    [-5 * MIN, '1 мин', '1 min'],
    [30_000, '1 мин', '1 min'],
    [MIN, '1 мин', '1 min'],
    [30 * MIN, '30 мин', '30 min'],
    [59 * MIN + 59_000, '59 мин', '59 min'],
    [HOUR, '1 час', '1 hour'],
    [2 * HOUR, '2 часа', '2 hours'],
    [5 * HOUR, '5 часов', '5 hours'],
    [11 * HOUR, '11 часов', '11 hours'],
    [21 * HOUR, '21 час', '21 hours'],
    [22 * HOUR + 30 * MIN, '22 часа', '22 hours'],
    [24 * HOUR, '24 часа', '24 hours'],
    [47 * HOUR + 59 * MIN, '47 часов', '47 hours'],
    [48 * HOUR, '2 дня', '2 days'],
    [3 * DAY - 1, '2 дня', '2 days'],
    [5 * DAY, '5 дней', '5 days'],
    [14 * DAY, '14 дней', '14 days'],
    [21 * DAY, '21 день', '21 days'],
    [22 * DAY, '22 дня', '22 days'],
    [180 * DAY, '180 дней', '180 days'],
  ])('%i ms → %s / %s', (ms, ruText, enText) => {
    expect(formatDuration(ms, 'ru')).toBe(ruText);
    expect(formatDuration(ms, 'en')).toBe(enText);
  });

  it('follows the language signal by default', () => {
    expect(formatDuration(5 * DAY)).toBe('5 дней');
    lang.value = 'en';
    expect(formatDuration(5 * DAY)).toBe('5 days');
  });
});

describe('formatDateMsk / formatTimeMsk', () => {
  it.each([
    ['2026-08-19T21:30:00Z', '20.08.2026', '00:30'],
    ['2026-08-19T20:59:00Z', '19.08.2026', '23:59'],
    ['2026-08-19T21:00:00Z', '20.08.2026', '00:00'],
    ['2026-12-31T21:00:00Z', '01.01.2027', '00:00'],
    ['2026-12-31T20:59:59Z', '31.12.2026', '23:59'],
    ['2026-01-05T06:07:00Z', '05.01.2026', '09:07'],
    // No daylight saving in Moscow: the same offset in summer and winter.
    ['2026-03-29T12:00:00Z', '29.03.2026', '15:00'],
    ['2026-10-25T12:00:00Z', '25.10.2026', '15:00'],
    ['2028-02-28T21:15:00Z', '29.02.2028', '00:15'],
  ])('%s → %s %s', (iso, date, time) => {
    const d = new Date(iso);
    expect(formatDateMsk(d)).toBe(date);
    expect(formatTimeMsk(d)).toBe(time);
  });
});
