import { afterEach, describe, expect, it } from 'vitest';
import { sellerAlerts, TOKEN_WARN_MS, type SyncSeller } from '../../../entrypoints/popup/alerts';
import { lang } from '../../../lib/i18n';

const NOW = Date.parse('2026-11-27T09:00:00Z');
const DAY = 86_400_000;

type Dataset = SyncSeller['datasets'][number];
const dataset = (over: Partial<Dataset>): Dataset => ({
  dataset: 'orders',
  state: 'caught-up',
  running: false,
  rowsSoFar: 0,
  pages: 0,
  progress: null,
  nextAllowedAt: null,
  lastSuccessAt: null,
  lastError: null,
  skipReason: null,
  ...over,
});
const sync = (datasets: Dataset[], stopped: string | null = null): SyncSeller => ({
  sellerId: '1234567',
  stopped,
  datasets,
});
const texts = (a: ReturnType<typeof sellerAlerts>) => a.map((x) => [x.kind, x.text]);

afterEach(() => {
  lang.value = 'ru';
});

describe('the popup’s alerts for a seller', () => {
  it('none when stock lasts, tokens are far from expiry and sync is fine', () => {
    const tokens = [{ label: 'Статистика', expiresAt: NOW + 120 * DAY }];
    expect(sellerAlerts({ tokens }, 0, sync([dataset({}), dataset({ dataset: 'stocks' })]), NOW)).toEqual([]);
    expect(sellerAlerts({}, 0, undefined, NOW)).toEqual([]);
  });

  it('stock running out: one alert with the number of SKUs, in Russian whatever the number', () => {
    expect(texts(sellerAlerts({}, 1, undefined, NOW))).toEqual([
      ['stock', 'Скоро закончатся товары: 1 (запаса меньше 7 дней)'],
    ]);
    expect(texts(sellerAlerts({}, 23, undefined, NOW))).toEqual([
      ['stock', 'Скоро закончатся товары: 23 (запаса меньше 7 дней)'],
    ]);
  });

  it('a token expiring within 14 days, with the time left; not at 14 days; the soonest first', () => {
    const tokens = [
      { label: 'Финансы', expiresAt: NOW + 10 * DAY },
      { label: 'Продвижение', expiresAt: NOW + 5 * 3_600_000 },
      { label: 'Статистика', expiresAt: NOW + TOKEN_WARN_MS },
      { label: 'Контент', expiresAt: NOW + TOKEN_WARN_MS - 3_600_000 },
    ];
    expect(texts(sellerAlerts({ tokens }, 0, undefined, NOW))).toEqual([
      ['token', 'Токен «Продвижение» истекает через 5 часов'],
      ['token', 'Токен «Финансы» истекает через 10 дней'],
      ['token', 'Токен «Контент» истекает через 13 дней'],
    ]);
  });

  it('an expired token says so (not «истекает через 0»); a sandbox token is no alert', () => {
    const tokens = [
      { label: 'Старый', expiresAt: NOW - DAY },
      { label: 'Ровно сейчас', expiresAt: NOW },
      { label: 'Песочница', expiresAt: NOW + DAY, sandbox: true },
      { label: 'Песочница истёкшая', expiresAt: NOW - DAY, sandbox: true },
    ];
    expect(texts(sellerAlerts({ tokens }, 0, undefined, NOW))).toEqual([
      ['token', 'Токен «Старый» истёк: добавьте новый'],
      ['token', 'Токен «Ровно сейчас» истёк: добавьте новый'],
    ]);
  });

  it('sync errors: a stopped sync and each failing dataset, each message once; skipped datasets are no error', () => {
    const status = sync(
      [
        dataset({ dataset: 'orders', state: 'error', lastError: 'WB отклонил токен (401): токен истёк' }),
        dataset({ dataset: 'sales', state: 'error', lastError: 'WB отклонил токен (401): токен истёк' }),
        dataset({ dataset: 'finance', state: 'error', lastError: 'WB не отвечает (503): повторим позже' }),
        dataset({ dataset: 'ads', state: 'skipped', skipReason: 'нет токена с категорией «Продвижение»' }),
        // An error state left from before, without a message, says nothing.
        dataset({ dataset: 'cards', state: 'error', lastError: null }),
        // A dataset that recovered keeps its last error text but is not in error.
        dataset({ dataset: 'stocks', state: 'caught-up', lastError: 'old' }),
      ],
      'Синхронизация остановлена: нет действующего токена',
    );
    expect(texts(sellerAlerts({}, 0, status, NOW))).toEqual([
      ['sync', 'Ошибка синхронизации: Синхронизация остановлена: нет действующего токена'],
      ['sync', 'Ошибка синхронизации: WB отклонил токен (401): токен истёк'],
      ['sync', 'Ошибка синхронизации: WB не отвечает (503): повторим позже'],
    ]);
  });

  it('all three at once, in order: stock, tokens, sync; keys (texts) are unique for the list', () => {
    const alerts = sellerAlerts(
      { tokens: [{ label: 'Статистика', expiresAt: NOW + 3 * DAY }] },
      2,
      sync([dataset({ state: 'error', lastError: 'нет сети' })], 'нет сети'),
      NOW,
    );
    expect(alerts.map((a) => a.kind)).toEqual(['stock', 'token', 'sync']);
    expect(new Set(alerts.map((a) => a.text)).size).toBe(alerts.length);
  });

  it('in English when the seller picked it', () => {
    lang.value = 'en';
    expect(
      texts(sellerAlerts({ tokens: [{ label: 'Stats', expiresAt: NOW - 1 }] }, 3, sync([], 'no token'), NOW)),
    ).toEqual([
      ['stock', 'Products running out: 3 (under 7 days of cover)'],
      ['token', 'Token “Stats” has expired: add a new one'],
      ['sync', 'Sync error: no token'],
    ]);
  });
});
