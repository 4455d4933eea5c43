import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TokenGuide } from '../../../entrypoints/cabinet.content/token-guide';
import { lang } from '../../../lib/i18n';
import { sendMessage, type MessageType, type RequestOf, type ResponseOf } from '../../../lib/messaging';
import { makeToken } from '../../helpers/tokens';
import { click, loadReplica } from './replica';

/** Waits for an assertion to hold; generous, since the whole suite runs on two busy cores. */
const until = <T,>(fn: () => T) => vi.waitFor(fn, { timeout: 5000, interval: 20 });

vi.mock('../../../lib/messaging', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../lib/messaging')>()),
  sendMessage: vi.fn(),
}));

const send = vi.mocked(sendMessage);
type Calls = [MessageType, unknown][];
const calls = () => send.mock.calls as Calls;
const captureCalls = () => calls().filter(([type]) => type === 'capture.saveToken');

let dismissedInStorage = false;
let saveAnswer: (req: RequestOf<'capture.saveToken'>) => ResponseOf<'capture.saveToken'>;

function view(categories: ('statistics' | 'promotion')[], readOnly: boolean) {
  return {
    id: '0c7f2d1e-4b3a-4c5d-8e6f-000000000001',
    sellerId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    label: 'Seller Lens · Статистика',
    masked: 'eyJhbG…Zk9Q',
    type: 'personal' as const,
    categories,
    readOnly,
    sandbox: false,
    expiresAt: Date.now() + 180 * 86_400_000,
    addedAt: Date.now(),
    status: { kind: 'unchecked' as const },
  };
}

beforeEach(() => {
  dismissedInStorage = false;
  saveAnswer = () => ({
    ok: true,
    created: true,
    token: view(['statistics'], true),
    check: { problems: [], baseLimited: false, sandbox: false },
  });
  send.mockImplementation((async (type: MessageType, payload: unknown) => {
    if (type === 'tokenGuide.get') return { dismissed: dismissedInStorage, lang: 'ru' };
    if (type === 'tokenGuide.setDismissed') return { ok: true };
    if (type === 'capture.saveToken') return saveAnswer(payload as RequestOf<'capture.saveToken'>);
    throw new Error(`unexpected message ${type}`);
  }) as typeof sendMessage);
});

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.reverse()) fn();
  cleanup = [];
  lang.value = 'ru';
});

/** Mounts the guide as the panel manager does: in a shadow root under our own host element. */
function mountGuide() {
  const host = document.createElement('wbx-token-setup');
  const shadow = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  shadow.append(container);
  document.body.append(host);
  const controller = new AbortController();
  render(<TokenGuide signal={controller.signal} container={container} pollMs={40} />, container);
  cleanup.push(() => {
    controller.abort();
    render(null, container);
    host.remove();
  });
  return container;
}

async function openGuide(replica: 'token-page-v1.html' | 'token-page-v2.html' = 'token-page-v1.html') {
  cleanup.push(loadReplica(replica));
  const guide = mountGuide();
  await until(() => expect(guide.textContent).toContain('Seller Lens: создание токена'));
  return guide;
}

const buttonIn = (root: Element, text: string | RegExp) =>
  [...root.querySelectorAll('button')].find((b) =>
    typeof text === 'string' ? b.textContent?.trim() === text : text.test(b.textContent ?? ''),
  );
const press = (root: Element, text: string | RegExp) => {
  const b = buttonIn(root, text);
  if (!b) throw new Error(`no button ${String(text)} in the guide`);
  b.click();
};
const tick = (ms = 250) => new Promise((r) => setTimeout(r, ms));

/** Creates a token in the v1 replica the way a seller does; returns what WB showed (read test-side). */
function createTokenInReplica(opts: { categories?: string[]; readOnly?: boolean } = {}): string {
  click('[data-replica="open"]');
  click('[data-tab="manual"]');
  click('input[value="personal"]');
  click('input[name="accept"]');
  (document.querySelector('input[name="name"]') as HTMLInputElement).value = 'Seller Lens · Статистика';
  for (const c of opts.categories ?? ['Статистика']) click(`input[name="scope"][value="${c}"]`);
  click(`input[name="access"][value="${opts.readOnly === false ? 'rw' : 'ro'}"]`);
  click('button[type="submit"]');
  const token = (document.querySelector('[data-replica="new-token"]') as HTMLInputElement | null)?.value;
  if (!token) throw new Error('the replica did not create a token');
  return token;
}

describe('capture', () => {
  it('offers only a newly shown token, and reads and sends it only on the click', async () => {
    const guide = await openGuide();
    await tick();
    // The token already on the page (the replica's «Последний созданный токен») is not offered.
    expect(document.querySelector('[data-replica="old-token"]')?.textContent).toMatch(/^eyJ/);
    expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeUndefined();

    const token = createTokenInReplica();
    await until(() => expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeDefined());
    expect(guide.querySelector('[role="status"]')?.textContent).toBe('На странице появился новый токен.');
    expect(guide.querySelector('aside')?.dataset.step).toBe('3');
    await tick();
    expect(captureCalls()).toEqual([]);
    expect(guide.innerHTML).not.toContain(token);

    press(guide, 'Сохранить в Seller Lens');
    await until(() => expect(guide.textContent).toContain('Больше с токеном ничего делать не нужно'));
    expect(captureCalls()).toEqual([
      ['capture.saveToken', { raw: token, goals: ['orders'], label: 'Seller Lens · Статистика' }],
    ]);
    // What the guide shows is the keyring's masked view; the raw token is nowhere in our DOM.
    expect(guide.textContent).toContain('eyJhbG…Zk9Q');
    expect(guide.textContent).toContain('Токен подходит для всего, что вы выбрали.');
    expect(guide.innerHTML).not.toContain(token);
    for (const field of guide.querySelectorAll('textarea, input'))
      expect((field as HTMLInputElement).value).not.toContain('eyJ');
    // Saved once: not offered again while WB still shows it.
    await tick();
    expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeUndefined();
    expect(captureCalls()).toHaveLength(1);
  });

  it('the old token re-rendered by the page is still not offered', async () => {
    const guide = await openGuide();
    const old = document.querySelector('[data-replica="old-token"]')!;
    const copy = old.cloneNode(true);
    old.remove();
    await tick();
    document.querySelector('main')!.append(copy);
    await tick();
    expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeUndefined();
    expect(captureCalls()).toEqual([]);
  });

  it('the guide starts at mount: a token shown while the background is still answering is new, the old one is not', async () => {
    let answer: (v: { dismissed: boolean; lang: 'ru' }) => void = () => undefined;
    const get = new Promise<{ dismissed: boolean; lang: 'ru' }>((resolve) => (answer = resolve));
    const base = send.getMockImplementation()!;
    send.mockImplementation(((type: MessageType, payload: never) =>
      type === 'tokenGuide.get' ? get : base(type, payload)) as typeof sendMessage);
    cleanup.push(loadReplica('token-page-v1.html'));
    const guide = mountGuide();
    const token = createTokenInReplica();
    await tick(50);
    answer({ dismissed: false, lang: 'ru' });
    await until(() => expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeDefined());
    press(guide, 'Сохранить в Seller Lens');
    await until(() => expect(captureCalls()).toHaveLength(1));
    expect(captureCalls()[0]![1]).toMatchObject({ raw: token });
  });

  it('a token closed before the click is withdrawn, and nothing is read', async () => {
    const guide = await openGuide();
    createTokenInReplica();
    await until(() => expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeDefined());
    click('[data-replica="cancel"]');
    await until(() => expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeUndefined());
    expect(guide.textContent).toContain('Когда WB покажет новый токен');
    expect(captureCalls()).toEqual([]);
  });

  it('the check against the goals: a read-only token for the bidder says what to do', async () => {
    saveAnswer = () => ({
      ok: true,
      created: true,
      token: view(['promotion'], true),
      check: {
        problems: [{ goal: 'bidder', missing: { kind: 'write', category: 'promotion' } }],
        baseLimited: false,
        sandbox: false,
      },
    });
    const guide = await openGuide();
    // Step 1: the seller wants the bidder only.
    const goal = (name: string) =>
      [...guide.querySelectorAll('label')].find((l) => l.textContent?.trim() === name)!.querySelector('input')!;
    goal('Заказы и продажи').click();
    goal('Биддер (изменение ставок)').click();
    await until(() => expect(guide.textContent).toContain('«Продвижение»; «Чтение и запись»'));
    createTokenInReplica({ categories: ['Продвижение'], readOnly: true });
    await until(() => expect(buttonIn(guide, 'Сохранить в Seller Lens')).toBeDefined());
    press(guide, 'Сохранить в Seller Lens');
    await until(() => expect(guide.querySelector('.wbx-problems')).not.toBeNull());
    expect(captureCalls()[0]![1]).toMatchObject({ goals: ['bidder'], label: 'Seller Lens · Продвижение' });
    expect(guide.querySelector('.wbx-problems')?.getAttribute('role')).toBe('alert');
    expect(guide.querySelector('.wbx-problems')?.textContent).toBe(
      'Биддер (изменение ставок): токен только для чтения, а биддеру нужно менять ставки. Создайте токен с категорией «Продвижение» и «Чтение и запись».',
    );
  });

  it('the paste field saves a pasted token, clears itself after, and keeps it on an error', async () => {
    const guide = await openGuide();
    press(guide, '3. Сохранение');
    await until(() => expect(guide.querySelector('textarea')).not.toBeNull());
    const field = guide.querySelector('textarea')!;
    const form = field.closest('form')!;
    saveAnswer = () => ({ ok: false, error: { code: 'malformed', message: 'Это не похоже на API-токен WB' } });
    field.value = 'eyJ-не-токен';
    form.requestSubmit();
    await until(() => expect(guide.querySelector('.wbx-error')?.textContent).toBe('Это не похоже на API-токен WB'));
    expect(field.value).toBe('eyJ-не-токен');

    saveAnswer = () => ({
      ok: true,
      created: true,
      token: view(['statistics'], true),
      check: { problems: [], baseLimited: false, sandbox: false },
    });
    const token = makeToken();
    field.value = token;
    form.requestSubmit();
    await until(() => expect(guide.textContent).toContain('Больше с токеном ничего делать не нужно'));
    expect(captureCalls().at(-1)).toEqual([
      'capture.saveToken',
      { raw: token, goals: ['orders'], label: 'Seller Lens · Статистика' },
    ]);
    expect(guide.querySelector('textarea')!.value).toBe('');
    expect(guide.innerHTML).not.toContain(token);
  });
});

describe('the guide', () => {
  it('points at WB’s controls, and says in words what to click where it cannot find one', async () => {
    const guide = await openGuide();
    press(guide, 'Дальше: к форме WB');
    await until(() => expect(guide.querySelector('aside')?.dataset.step).toBe('2'));
    // «+ Создать токен» is on the page: pointed at, no apology.
    await until(() => expect(guide.querySelectorAll('.wbx-pointer')).toHaveLength(1));
    expect(guide.querySelector('.wbx-active .wbx-item')?.textContent).toBe('Нажмите «+ Создать токен».');
    expect(guide.querySelector('.wbx-lost')).toBeNull();
    // WB changed the page: the button is gone. The guide says so instead of pointing elsewhere.
    document.querySelector('[data-replica="open"]')!.remove();
    await until(() =>
      expect(guide.querySelector('.wbx-lost')?.textContent).toBe(
        'Не нашли это на странице: возможно, WB её изменил. Сделайте это сами, как написано.',
      ),
    );
    expect(guide.querySelectorAll('.wbx-pointer')).toHaveLength(0);
  });

  it('on a page without WB’s form every step degrades to words', async () => {
    cleanup.push(() => (document.body.innerHTML = ''));
    document.body.innerHTML = '<main><h1>Интеграции по API</h1><p>Страница обновлена.</p></main>';
    const guide = mountGuide();
    await until(() => expect(guide.textContent).toContain('Seller Lens: создание токена'));
    press(guide, 'Дальше: к форме WB');
    const texts: string[] = [];
    for (let i = 0; i < 7; i++) {
      await until(() => expect(guide.querySelector('.wbx-lost')).not.toBeNull());
      texts.push(guide.querySelector('.wbx-active .wbx-item')!.textContent!);
      expect(guide.querySelectorAll('.wbx-pointer')).toHaveLength(0);
      press(guide, 'Дальше');
    }
    expect(texts).toEqual([
      'Нажмите «+ Создать токен».',
      'Откройте вкладку «Для интеграции вручную».',
      'Выберите тип «Персональный» и подтвердите предупреждение WB.',
      'Введите название: Seller Lens · Статистика',
      'Отметьте категории «Статистика», другие не отмечайте.',
      'Выберите «Только чтение».',
      'Нажмите «Создать токен» внизу формы.',
    ]);
    await until(() => expect(guide.querySelector('aside')?.dataset.step).toBe('3'));
  });

  it('follows WB’s form as it opens: each step points at a control once it is there', async () => {
    const guide = await openGuide('token-page-v2.html');
    press(guide, 'Дальше: к форме WB');
    const pointersFor = async (itemText: string) => {
      await until(() => expect(guide.querySelector('.wbx-active .wbx-item')?.textContent).toBe(itemText));
      await tick(200);
      return guide.querySelectorAll('.wbx-pointer').length;
    };
    expect(await pointersFor('Нажмите «+ Создать токен».')).toBe(1);
    press(guide, 'Дальше');
    expect(await pointersFor('Откройте вкладку «Для интеграции вручную».')).toBe(0);
    click('[data-replica="open"]');
    await until(() => expect(guide.querySelectorAll('.wbx-pointer')).toHaveLength(1));
    click('[data-tab="manual"]');
    press(guide, 'Дальше');
    expect(await pointersFor('Выберите тип «Персональный» и подтвердите предупреждение WB.')).toBe(1);
    press(guide, 'Дальше');
    press(guide, 'Дальше');
    expect(await pointersFor('Отметьте категории «Статистика», другие не отмечайте.')).toBe(1);
  });

  it('splits into several tokens on request, one at a time', async () => {
    const guide = await openGuide();
    const goal = (name: string) =>
      [...guide.querySelectorAll('label')].find((l) => l.textContent?.trim() === name)!.querySelector('input')!;
    goal('Финансовый отчёт').click();
    goal('Остатки на складах WB').click();
    await until(() => expect(guide.textContent).toContain('Несколько токенов по 1–2 категории, как советует WB'));
    expect(guide.querySelectorAll('.wbx-plan li')).toHaveLength(1);
    goal('Несколько токенов по 1–2 категории, как советует WB').click();
    await until(() => expect(guide.querySelectorAll('.wbx-plan li')).toHaveLength(2));
    expect([...guide.querySelectorAll('.wbx-plan li')].map((li) => li.textContent)).toEqual([
      '«Статистика», «Финансы»; «Только чтение»',
      '«Аналитика»; «Только чтение»',
    ]);
    press(guide, 'Дальше: к форме WB');
    await until(() => expect(guide.querySelector('h3')?.textContent).toBe('Токен 1 из 2'));
  });

  it('keyboard: never takes focus on load; moving between steps moves focus to the step’s heading', async () => {
    const guide = await openGuide();
    const focused = () => (guide.getRootNode() as ShadowRoot).activeElement;
    expect(focused()).toBeNull();
    for (const b of guide.querySelectorAll('button')) expect(b.getAttribute('type')).toBe('button');
    press(guide, 'Дальше: к форме WB');
    await until(() => expect(focused()?.tagName).toBe('H3'));
    expect(focused()?.textContent).toBe('Форма WB');
    expect(guide.querySelector('[aria-current="step"]')?.textContent).toBe('2. Форма WB');
  });

  it('dismissing it hides it and tells the background, which remembers', async () => {
    const guide = await openGuide();
    const close = guide.querySelector<HTMLButtonElement>('button[aria-label="Закрыть помощника"]')!;
    close.click();
    await until(() => expect(guide.innerHTML).toBe(''));
    expect(calls()).toContainEqual(['tokenGuide.setDismissed', { dismissed: true }]);
  });

  it('a dismissed guide shows nothing and watches nothing', async () => {
    dismissedInStorage = true;
    cleanup.push(loadReplica('token-page-v1.html'));
    const guide = mountGuide();
    await until(() => expect(calls().map(([t]) => t)).toContain('tokenGuide.get'));
    createTokenInReplica();
    await tick();
    expect(guide.innerHTML).toBe('');
    expect(calls().map(([t]) => t)).toEqual(['tokenGuide.get']);
  });

  it('still guides when the background does not answer', async () => {
    send.mockImplementation((async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    }) as typeof sendMessage);
    cleanup.push(loadReplica('token-page-v1.html'));
    const guide = mountGuide();
    await until(() => expect(guide.textContent).toContain('Дальше: к форме WB'));
  });

  it('speaks English when the seller chose it', async () => {
    send.mockImplementation((async (type: MessageType) =>
      type === 'tokenGuide.get' ? { dismissed: false, lang: 'en' } : { ok: true }) as typeof sendMessage);
    cleanup.push(loadReplica('token-page-v1.html'));
    const guide = mountGuide();
    await until(() => expect(guide.textContent).toContain('Seller Lens: creating a token'));
    expect(guide.textContent).toContain('Next: the WB form');
  });
});
