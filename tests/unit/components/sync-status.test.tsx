import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextRequestText, SyncStatus, type DatasetSync, type SellerSync } from '../../../components/sync-status';
import { lang } from '../../../lib/i18n';

const NOW = Date.parse('2026-08-20T09:00:00Z'); // 12:00 МСК

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
  lang.value = 'ru';
});

function ds(dataset: DatasetSync['dataset'], over: Partial<DatasetSync> = {}): DatasetSync {
  return {
    dataset,
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
  };
}

const status: SellerSync = {
  sellerId: 's',
  stopped: null,
  datasets: [
    ds('orders', { state: 'backfill', running: true, rowsSoFar: 12_345, pages: 3, progress: 0.42 }),
    ds('sales', { state: 'waiting', rowsSoFar: 400, pages: 1, progress: 0.1, nextAllowedAt: NOW + 60_000 }),
    ds('orderFeed', { rowsSoFar: 10, pages: 1, lastSuccessAt: NOW - 5 * 60_000 }),
    ds('stocks', { state: 'skipped', skipReason: 'Нет подходящего токена: добавьте токен с категорией «Аналитика».' }),
    ds('finance', {
      state: 'error',
      lastError: 'WB сейчас недоступен (ошибка 502). Повторим в 12:03 МСК.',
      nextAllowedAt: NOW + 3 * 60_000,
    }),
    ds('ads', { lastSuccessAt: NOW - 60_000, nextAllowedAt: NOW + 26 * 3_600_000 }),
  ],
};

async function mount(onSyncNow = vi.fn(async () => undefined)) {
  await act(async () => {
    render(<SyncStatus status={status} now={NOW} pollMinutes={5} onSyncNow={onSyncNow} />, container);
  });
  return onSyncNow;
}

const row = (dataset: string) => container.querySelector(`[data-dataset="${dataset}"]`)!;

describe('SyncStatus', () => {
  it('shows a progress bar with rows and pages during the backfill', async () => {
    await mount();
    const bar = row('orders').querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-label')).toBe('Загрузка: Заказы');
    expect(bar.getAttribute('aria-valuenow')).toBe('42');
    expect(bar.getAttribute('aria-valuetext')).toBe('строк: 12\u00a0345, страниц: 3');
    expect(row('orders').textContent).toContain('загружаем…');
    expect(row('sales').textContent).toContain('ждём лимит WB');
    expect(row('sales').textContent).toContain('следующий запрос в 12:01 МСК');
  });

  it('says how fresh the data is after the backfill, why a dataset is skipped, and the last error', async () => {
    await mount();
    expect(row('orderFeed').querySelector('[role="progressbar"]')).toBeNull();
    expect(row('orderFeed').querySelector('.sync-fresh')!.textContent).toBe('данные на 11:55 МСК');
    expect(row('stocks').textContent).toContain(
      'пропущено: Нет подходящего токена: добавьте токен с категорией «Аналитика».',
    );
    expect(row('finance').querySelector('.error')!.textContent).toBe(
      'WB сейчас недоступен (ошибка 502). Повторим в 12:03 МСК.',
    );
    // A Base token's hours-long limits: the next request is shown with its date.
    expect(row('ads').textContent).toContain('следующий запрос 21.08.2026 в 14:00 МСК');
  });

  it('«Синхронизировать сейчас» calls the action and confirms', async () => {
    const onSyncNow = await mount();
    const button = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Синхронизировать сейчас')!;
    await act(async () => {
      button.click();
    });
    expect(onSyncNow).toHaveBeenCalledTimes(1);
    expect(container.querySelector('[role="status"]')!.textContent).toBe('Синхронизация запущена.');
  });

  it('shows why the seller’s sync stopped', async () => {
    await act(async () => {
      render(
        <SyncStatus
          status={{ ...status, stopped: 'Браузеру не хватает места' }}
          now={NOW}
          pollMinutes={5}
          onSyncNow={() => undefined}
        />,
        container,
      );
    });
    expect(container.querySelector('[role="alert"]')!.textContent).toBe('Браузеру не хватает места');
  });

  it('speaks English too', async () => {
    lang.value = 'en';
    expect(nextRequestText(NOW + 60_000, NOW)).toBe('next request at 12:01 MSK');
    await mount();
    expect(row('orderFeed').querySelector('.sync-fresh')!.textContent).toBe('data as of 11:55 MSK');
  });

  it('offers the poll interval and clearing old history in its settings', async () => {
    const onPoll = vi.fn();
    const onClear = vi.fn(async (days: number) => `cleared ${days}`);
    await act(async () => {
      render(
        <SyncStatus
          status={status}
          now={NOW}
          pollMinutes={15}
          onSyncNow={() => undefined}
          onPollMinutes={onPoll}
          onClearHistory={onClear}
        />,
        container,
      );
    });
    const select = container.querySelector('.sync-settings select') as HTMLSelectElement;
    expect(select.value).toBe('15');
    expect([...select.options].map((o) => o.value)).toEqual(['5', '10', '15', '30', '60']);
    await act(async () => {
      select.value = '30';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(onPoll).toHaveBeenCalledWith(30);
    const clear = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Удалить старую историю')!;
    await act(async () => clear.click());
    const yes = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Да, удалить')!;
    await act(async () => yes.click());
    expect(onClear).toHaveBeenCalledWith(365);
    expect(container.querySelector('[role="status"]')!.textContent).toBe('cleared 365');
  });
});
