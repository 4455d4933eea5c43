import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AddTokenForm, type AddOutcome } from '../../../components/add-token-form';
import { CapabilityList, missingText } from '../../../components/capability-list';
import { ConfirmButton } from '../../../components/confirm-button';
import { KeyringView } from '../../../components/keyring-view';
import { TokenCard } from '../../../components/token-card';
import { lang } from '../../../lib/i18n';
import { capabilitiesFor, type Capability } from '../../../lib/token/capabilities';
import { decodeWbToken, maskToken, type WbTokenInfo } from '../../../lib/token/decode';
import type { SellerView, TokenView } from '../../../lib/token/keyring';
import { makeToken, SELLER_A, type TestTokenOptions } from '../../helpers/tokens';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const NOW = Date.parse('2026-08-20T09:00:00Z');

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

async function mount(vnode: preact.ComponentChild) {
  await act(async () => {
    render(vnode, container);
  });
}

/** The form control labelled `text` (a `<label>` wrapping a `<span>` with the text and the control). */
function getByLabel(text: string): HTMLTextAreaElement | HTMLInputElement {
  const label = [...container.querySelectorAll('label')].find(
    (l) => l.querySelector('span')?.textContent?.trim() === text,
  );
  const control = label?.querySelector('textarea, input, select');
  if (!control) throw new Error(`no control labelled ${text}`);
  return control as HTMLTextAreaElement | HTMLInputElement;
}

function getButton(text: string): HTMLButtonElement {
  const b = [...container.querySelectorAll('button')].find((x) => x.textContent?.trim() === text);
  if (!b)
    throw new Error(`no button ${text}; have ${[...container.querySelectorAll('button')].map((x) => x.textContent)}`);
  return b;
}

const queryButton = (text: string) =>
  [...container.querySelectorAll('button')].find((x) => x.textContent?.trim() === text) ?? null;

async function type(el: HTMLTextAreaElement | HTMLInputElement, value: string) {
  await act(async () => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function click(el: HTMLElement) {
  await act(async () => {
    el.click();
  });
}

async function submit() {
  await act(async () => {
    container.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

/** A token view as the keyring builds it: only the masked form of the raw token. */
function view(opts: TestTokenOptions & { label?: string; status?: TokenView['status'] } = {}): {
  raw: string;
  token: TokenView;
} {
  const raw = makeToken({ now: new Date(NOW), ...opts });
  const r = decodeWbToken(raw, new Date(NOW));
  if (!r.ok) throw new Error(r.error.code);
  const info: WbTokenInfo = r.token;
  return {
    raw,
    token: {
      id: info.id,
      sellerId: info.sellerId,
      label: opts.label ?? 'Отчёты',
      masked: maskToken(raw),
      type: info.type,
      categories: info.categories,
      readOnly: info.readOnly,
      sandbox: info.sandbox,
      expiresAt: info.expiresAt.getTime(),
      addedAt: NOW,
      status: opts.status ?? { kind: 'unchecked' },
    },
  };
}

describe('AddTokenForm', () => {
  it('shows the paste field by its label «API-токен»', async () => {
    await mount(<AddTokenForm onAdd={vi.fn()} />);
    const field = getByLabel('API-токен');
    expect(field.tagName).toBe('TEXTAREA');
    expect(field.getAttribute('aria-invalid')).toBe('false');
    expect(getByLabel('Название (необязательно)').tagName).toBe('INPUT');
    expect(getButton('Добавить').type).toBe('submit');
    expect(container.querySelector('[role=alert]')).toBeNull();
  });

  it('calls onAdd with the pasted text (as pasted) and the label', async () => {
    const onAdd = vi.fn(async (): Promise<AddOutcome> => ({ ok: true, created: true }));
    await mount(<AddTokenForm onAdd={onAdd} />);
    await type(getByLabel('API-токен'), '  Bearer eyJabc.def.ghi\n');
    await type(getByLabel('Название (необязательно)'), 'Реклама');
    await click(getButton('Добавить'));
    expect(onAdd).toHaveBeenCalledTimes(1);
    expect(onAdd).toHaveBeenCalledWith('  Bearer eyJabc.def.ghi\n', 'Реклама');
  });

  it('shows the error inline with role=alert and keeps the text on failure', async () => {
    const message = 'Это не похоже на API-токен WB: токен — одна длинная строка из трёх частей через точку.';
    const onAdd = vi.fn(async (): Promise<AddOutcome> => ({ ok: false, message }));
    await mount(<AddTokenForm onAdd={onAdd} />);
    const field = getByLabel('API-токен');
    await type(field, 'not a token');
    await submit();
    const alert = container.querySelector('[role=alert]');
    expect(alert?.textContent).toBe(message);
    expect(field.value).toBe('not a token');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.getAttribute('aria-describedby')).toBe(alert!.id);
    expect(container.querySelector('[role=status]')).toBeNull();
  });

  it('clears the fields and the error on success and says the token was added', async () => {
    const outcomes: AddOutcome[] = [
      { ok: false, message: 'Срок действия токена истёк.' },
      { ok: true, created: true },
    ];
    const onAdd = vi.fn(async () => outcomes.shift()!);
    await mount(<AddTokenForm onAdd={onAdd} />);
    const field = getByLabel('API-токен');
    await type(field, 'eyJ.old.token');
    await submit();
    expect(container.querySelector('[role=alert]')).not.toBeNull();

    await type(field, 'eyJ.new.token');
    await type(getByLabel('Название (необязательно)'), 'Новый');
    await submit();
    expect(onAdd).toHaveBeenLastCalledWith('eyJ.new.token', 'Новый');
    expect(getByLabel('API-токен').value).toBe('');
    expect(getByLabel('Название (необязательно)').value).toBe('');
    expect(container.querySelector('[role=alert]')).toBeNull();
    expect(getByLabel('API-токен').getAttribute('aria-invalid')).toBe('false');
    expect(container.querySelector('[role=status]')?.textContent).toBe('Токен добавлен.');
  });

  it('says the token was updated when it was already there', async () => {
    await mount(<AddTokenForm onAdd={async () => ({ ok: true, created: false })} />);
    await type(getByLabel('API-токен'), 'eyJ.a.b');
    await submit();
    expect(container.querySelector('[role=status]')?.textContent).toBe('Токен уже был в списке — данные обновлены.');
  });

  it('is busy while adding and ignores a second submit', async () => {
    let finish!: (o: AddOutcome) => void;
    const onAdd = vi.fn(() => new Promise<AddOutcome>((resolve) => (finish = resolve)));
    await mount(<AddTokenForm onAdd={onAdd} />);
    await type(getByLabel('API-токен'), 'eyJ.a.b');
    await submit();
    expect(getButton('Добавляем…').disabled).toBe(true);
    expect(container.querySelector('form')!.getAttribute('aria-busy')).toBe('true');
    await submit();
    expect(onAdd).toHaveBeenCalledTimes(1);
    await act(async () => finish({ ok: true, created: true }));
    expect(getButton('Добавить').disabled).toBe(false);
  });

  it('speaks English when the language is English', async () => {
    lang.value = 'en';
    await mount(<AddTokenForm onAdd={vi.fn()} />);
    expect(getByLabel('API token').tagName).toBe('TEXTAREA');
    expect(queryButton('Add')).not.toBeNull();
  });
});

describe('CapabilityList', () => {
  const info = (type: WbTokenInfo['type'], categories: WbTokenInfo['categories'], readOnly = false) => ({
    usable: true,
    info: {
      id: `${type}-${categories.join()}`,
      sellerId: SELLER_A,
      type,
      acc: null,
      categories,
      scopeMask: 0,
      readOnly,
      sandbox: false,
      expiresAt: new Date(NOW + 90 * DAY),
      audience: null,
    } satisfies WbTokenInfo,
  });

  const item = (feature: string) => container.querySelector(`li[data-feature="${feature}"]`)!;

  it('renders exactly what each missing feature needs', async () => {
    const caps = capabilitiesFor([info('personal', ['promotion'], true), info('base', ['analytics'])]);
    await mount(<CapabilityList capabilities={caps} />);
    expect(item('bidder').textContent).toContain('нужен токен с категорией «Продвижение» без флага «Только чтение»');
    expect(item('bidder').className).toBe('cap-missing');
    expect(item('orders').textContent).toContain('нужен токен с категорией «Статистика»');
    expect(item('orders').textContent).not.toContain('без флага');
    expect(item('finance').textContent).toContain('нужен токен с категорией «Финансы»');
    expect(item('stocks').textContent).toContain(
      'нужен Персональный токен: Базовый токен WB не пускает к этому методу',
    );
    expect(item('ads').textContent).toBe('✓ Статистика рекламы: есть');
    expect(item('ads').className).toBe('cap-ok');
  });

  it('lists all five features with their names', async () => {
    await mount(<CapabilityList capabilities={capabilitiesFor([])} />);
    const names = [...container.querySelectorAll('li strong')].map((s) => s.textContent);
    expect(names).toEqual([
      'Заказы и продажи',
      'Остатки на складах WB',
      'Финансовый отчёт',
      'Статистика рекламы',
      'Биддер (изменение ставок)',
    ]);
    expect(container.querySelector('section')!.getAttribute('aria-label')).toBe('Что доступно');
  });

  it('shows Base limits and recommends a Personal token when only Base serves a feature', async () => {
    await mount(<CapabilityList capabilities={capabilitiesFor([info('base', ['statistics', 'promotion'])])} />);
    expect(item('orders').textContent).toContain('(Базовый токен: заказы — раз в 3 часа, продажи — раз в 2 часа)');
    expect(item('bidder').textContent).toContain('(Базовый токен: ставки — только 2 изменения в час)');
    expect(container.textContent).toContain('Для своих нужд выбирайте Персональный токен');
  });

  it('shows no Base hint when a Personal token serves', async () => {
    await mount(<CapabilityList capabilities={capabilitiesFor([info('personal', ['statistics'])])} />);
    expect(item('orders').textContent).toBe('✓ Заказы и продажи: есть');
    expect(container.textContent).not.toContain('Базовый токен');
  });

  it('uses English category names in English', async () => {
    lang.value = 'en';
    const caps = capabilitiesFor([info('personal', ['promotion'], true)]);
    await mount(<CapabilityList capabilities={caps} />);
    expect(item('bidder').textContent).toContain('needs a token with the “Promotion” category without “Read only”');
    expect(item('orders').textContent).toContain('needs a token with the “Statistics” category');
  });

  it('missingText is empty for a served feature', () => {
    const ok: Capability = { feature: 'orders', ok: true, missing: null, baseLimited: false };
    expect(missingText(ok)).toBe('');
  });
});

describe('ConfirmButton', () => {
  it('asks before acting, and can be cancelled', async () => {
    const onConfirm = vi.fn();
    await mount(<ConfirmButton label="Удалить" question="Точно?" onConfirm={onConfirm} />);
    await click(getButton('Удалить'));
    expect(onConfirm).not.toHaveBeenCalled();
    expect(container.querySelector('[role=group]')!.getAttribute('aria-label')).toBe('Точно?');
    await click(getButton('Отмена'));
    expect(queryButton('Да, удалить')).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
    await click(getButton('Удалить'));
    await click(getButton('Да, удалить'));
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});

describe('TokenCard', () => {
  const noop = async () => '';

  it('shows the masked token only, never the raw token or its payload', async () => {
    const { raw, token } = view({ categories: ['statistics', 'promotion'] });
    await mount(<TokenCard token={token} now={NOW} onCheck={noop} onRemove={async () => undefined} />);
    const html = container.innerHTML;
    expect(container.querySelector('code.token-mask')!.textContent).toBe(`${raw.slice(0, 6)}…${raw.slice(-4)}`);
    expect(html).not.toContain(raw);
    expect(html).not.toContain(raw.split('.')[1]!);
    expect(html).not.toContain(raw.split('.')[1]!.slice(0, 12));
    // The view the card gets carries no raw string in any field.
    expect(JSON.stringify(token)).not.toContain(raw.split('.')[1]!);
  });

  it('shows label, type, access and categories', async () => {
    const { token } = view({ type: 'base', categories: ['statistics', 'promotion'], readOnly: true, label: 'Склад' });
    await mount(<TokenCard token={token} now={NOW} onCheck={noop} onRemove={async () => undefined} />);
    expect(container.querySelector('.token-label')!.textContent).toBe('Склад');
    expect(container.querySelector('li')!.getAttribute('aria-label')).toBe('Склад');
    expect(container.textContent).toContain('Базовый');
    expect(container.textContent).toContain('Только чтение');
    expect(container.querySelector('.token-categories')!.textContent).toBe('Категории: Статистика, Продвижение');
  });

  it('counts down to expiry with the Moscow date, and warns within 14 days', async () => {
    const { token } = view({ expiresAt: new Date('2026-08-23T21:30:00Z') });
    const now = Date.parse('2026-08-23T21:30:00Z') - 3 * DAY - 5 * HOUR;
    await mount(<TokenCard token={token} now={now} onCheck={noop} onRemove={async () => undefined} />);
    const expiry = container.querySelector('.token-expiry')!;
    expect(expiry.textContent).toBe('Истекает через 3 дня (до 24.08.2026)');
    expect(expiry.classList.contains('warn')).toBe(true);
  });

  it('shows hours in the last two days and no warning far from expiry', async () => {
    const { token } = view({ expiresAt: new Date(NOW + 30 * DAY) });
    await mount(
      <TokenCard token={token} now={NOW + 30 * DAY - 5 * HOUR} onCheck={noop} onRemove={async () => undefined} />,
    );
    expect(container.querySelector('.token-expiry')!.textContent).toMatch(/^Истекает через 5 часов/);
    await mount(<TokenCard token={token} now={NOW} onCheck={noop} onRemove={async () => undefined} />);
    const expiry = container.querySelector('.token-expiry')!;
    expect(expiry.textContent).toMatch(/^Истекает через 30 дней/);
    expect(expiry.classList.contains('warn')).toBe(false);
    expect(expiry.classList.contains('bad')).toBe(false);
  });

  it('says «Истёк» once expired', async () => {
    const { token } = view({ expiresAt: new Date(NOW + DAY) });
    await mount(<TokenCard token={token} now={NOW + DAY} onCheck={noop} onRemove={async () => undefined} />);
    const expiry = container.querySelector('.token-expiry')!;
    expect(expiry.textContent).toBe('Истёк');
    expect(expiry.classList.contains('bad')).toBe(true);
  });

  it.each([
    [{ kind: 'unchecked' }, 'Не проверялся'],
    [{ kind: 'ok', checkedAt: Date.parse('2026-08-19T21:30:00Z') }, 'Работает, проверен 00:30 МСК'],
    [{ kind: 'rejected', reason: 'token expired', checkedAt: NOW }, 'Отклонён WB: token expired'],
    [{ kind: 'expired' }, 'Истёк'],
  ] as [TokenView['status'], string][])('status %j reads %s', async (status, text) => {
    const { token } = view({ status });
    await mount(<TokenCard token={token} now={NOW} onCheck={noop} onRemove={async () => undefined} />);
    expect(container.querySelector('.token-status')!.textContent).toBe(text);
  });

  it('shows the sandbox hint for a test token', async () => {
    const { token } = view({ type: 'test' });
    await mount(<TokenCard token={token} now={NOW} onCheck={noop} onRemove={async () => undefined} />);
    expect(container.textContent).toContain('Тестовый токен работает только в песочнице WB');
  });

  it('removes in two steps, with the token id only', async () => {
    const { raw, token } = view({ label: 'Реклама' });
    const onRemove = vi.fn(async () => undefined);
    await mount(<TokenCard token={token} now={NOW} onCheck={noop} onRemove={onRemove} />);
    await click(getButton('Удалить'));
    expect(onRemove).not.toHaveBeenCalled();
    expect(container.textContent).toContain('Удалить токен «Реклама»? Данные продавца останутся.');
    await click(getButton('Отмена'));
    expect(onRemove).not.toHaveBeenCalled();
    expect(queryButton('Да, удалить')).toBeNull();
    await click(getButton('Удалить'));
    await click(getButton('Да, удалить'));
    expect(onRemove).toHaveBeenCalledTimes(1);
    expect(onRemove).toHaveBeenCalledWith(token.id);
    expect(JSON.stringify(onRemove.mock.calls)).not.toContain(raw.split('.')[1]!);
  });

  it('checks the token by id and shows the answer', async () => {
    let answer!: (s: string) => void;
    const onCheck = vi.fn(() => new Promise<string>((resolve) => (answer = resolve)));
    const { token } = view();
    await mount(<TokenCard token={token} now={NOW} onCheck={onCheck} onRemove={async () => undefined} />);
    await click(getButton('Проверить токен'));
    expect(onCheck).toHaveBeenCalledWith(token.id);
    expect(getButton('Проверяем…').disabled).toBe(true);
    await act(async () => answer('WB принял токен (statistics-api.wildberries.ru).'));
    expect(container.querySelector('[role=status]')!.textContent).toBe(
      'WB принял токен (statistics-api.wildberries.ru).',
    );
    expect(getButton('Проверить токен').disabled).toBe(false);
  });
});

describe('KeyringView', () => {
  it('renders every seller with masked tokens only', async () => {
    const a = view({ label: 'A1' });
    const b = view({ label: 'A2', type: 'base', categories: ['promotion'] });
    const seller: SellerView = {
      sellerId: SELLER_A,
      name: 'ИП Иванов',
      tokens: [a.token, b.token],
      capabilities: capabilitiesFor([]),
    };
    const actions = {
      onCheck: vi.fn(async () => ''),
      onRemove: vi.fn(async () => undefined),
      onRemoveSeller: vi.fn(async () => undefined),
    };
    await mount(<KeyringView sellers={[seller]} now={NOW} actions={actions} />);
    expect(container.querySelector('h2')!.textContent).toBe('ИП Иванов');
    expect(container.querySelectorAll('li.token')).toHaveLength(2);
    for (const { raw } of [a, b]) expect(container.innerHTML).not.toContain(raw.split('.')[1]!);
    await click(getButton('Удалить продавца и все его данные'));
    expect(actions.onRemoveSeller).not.toHaveBeenCalled();
    await click(getButton('Да, удалить'));
    expect(actions.onRemoveSeller).toHaveBeenCalledWith(SELLER_A);
  });
});
