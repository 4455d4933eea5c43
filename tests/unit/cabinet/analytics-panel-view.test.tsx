import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountAnalyticsPanel } from '../../../entrypoints/cabinet.content/views/analytics-panel-view';
import { sendMessage, type ResponseOf } from '../../../lib/messaging';

vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  sendMessage: vi.fn(),
}));

const send = vi.mocked(sendMessage);
const until = <T,>(fn: () => T) => vi.waitFor(fn, { timeout: 5000, interval: 20 });

const FIGURES: ResponseOf<'panel.figures'> = {
  panel: 'stocks',
  lang: 'ru',
  title: 'Seller Lens: запас и товары в пути',
  subtitle: 'за 14 дн. (06.11 — 19.11)',
  collapsed: false,
  empty: null,
  stats: [
    { label: 'На складах WB', value: '78', note: null },
    { label: 'В пути к клиентам', value: '5', note: '+25 % к предыдущим 7 дн.' },
  ],
  tables: [{ caption: 'Закончатся раньше всех', columns: ['Артикул', 'Остаток'], rows: [['V1', '28']] }],
  notes: ['Сумма по SKU …'],
  asOf: 'данные на 14:30 МСК',
  source: 'WB API: аналитика',
  ui: { collapse: 'Свернуть', expand: 'Развернуть' },
};

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
  send.mockReset();
  document.body.innerHTML = '';
});

function mount(figures: ResponseOf<'panel.figures'>) {
  send.mockImplementation((async (type: string) =>
    type === 'panel.figures' ? figures : { ok: true }) as typeof sendMessage);
  const container = document.createElement('div');
  document.body.append(container);
  const controller = new AbortController();
  const unmount = mountAnalyticsPanel(container, controller.signal, { panel: 'stocks' });
  cleanup = () => {
    controller.abort();
    unmount();
  };
  return { container, unmount };
}

describe('the analytics panel view', () => {
  it('shows what the background sent: stats as a definition list, tables with headers, age and source', async () => {
    const { container } = mount(FIGURES);
    await until(() => expect(container.querySelector('#wbx-stocks')).not.toBeNull());
    expect(send).toHaveBeenCalledWith('panel.figures', { panel: 'stocks' });
    const aside = container.querySelector('#wbx-stocks')!;
    expect(aside.getAttribute('aria-labelledby')).toBe('wbx-stocks-title');
    expect(aside.querySelector('h2')!.textContent).toBe('Seller Lens: запас и товары в пути');
    expect([...aside.querySelectorAll('dt')].map((d) => d.textContent)).toEqual(['На складах WB', 'В пути к клиентам']);
    expect(aside.querySelectorAll('dd')[1]!.textContent).toBe('5+25 % к предыдущим 7 дн.');
    expect([...aside.querySelectorAll('thead th')].map((t) => t.getAttribute('scope'))).toEqual(['col', 'col']);
    expect(aside.querySelector('tbody th[scope="row"]')!.textContent).toBe('V1');
    expect(aside.querySelector('.wbx-table')!.getAttribute('tabindex')).toBe('0');
    expect(aside.querySelector('.wbx-meta')!.textContent).toBe('данные на 14:30 МСК · WB API: аналитика');
  });

  it('folds by its button and by Escape, and tells the background each time', async () => {
    const { container } = mount(FIGURES);
    await until(() => expect(container.querySelector('button')).not.toBeNull());
    const button = () => container.querySelector<HTMLButtonElement>('button.wbx-toggle')!;
    expect(button().getAttribute('aria-expanded')).toBe('true');
    expect(button().getAttribute('aria-controls')).toBe('wbx-stocks-body');
    button().click();
    await until(() => expect(button().getAttribute('aria-expanded')).toBe('false'));
    expect(button().textContent).toBe('Развернуть');
    expect(container.querySelector('#wbx-stocks-body')).toBeNull();
    expect(send).toHaveBeenLastCalledWith('panel.setCollapsed', { panel: 'stocks', collapsed: true });
    button().click();
    await until(() => expect(container.querySelector('#wbx-stocks-body')).not.toBeNull());
    container
      .querySelector('.wbx-table')!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await until(() => expect(button().getAttribute('aria-expanded')).toBe('false'));
    expect(send).toHaveBeenLastCalledWith('panel.setCollapsed', { panel: 'stocks', collapsed: true });
  });

  it('starts folded when the background remembers it folded; an empty state is a status', async () => {
    const folded = mount({ ...FIGURES, collapsed: true });
    await until(() => expect(folded.container.querySelector('button')).not.toBeNull());
    expect(folded.container.querySelector('#wbx-stocks-body')).toBeNull();
    cleanup!();
    const empty = mount({ ...FIGURES, empty: 'нет данных — добавьте токен в Seller Lens', asOf: null });
    await until(() => expect(empty.container.querySelector('[role="status"]')).not.toBeNull());
    expect(empty.container.querySelector('[role="status"]')!.textContent).toBe(
      'нет данных — добавьте токен в Seller Lens',
    );
    expect(empty.container.querySelector('dl')).toBeNull();
  });

  it('renders nothing after it was removed', async () => {
    const { container, unmount } = mount(FIGURES);
    await until(() => expect(container.querySelector('#wbx-stocks')).not.toBeNull());
    unmount();
    expect(container.innerHTML).toBe('');
  });
});
