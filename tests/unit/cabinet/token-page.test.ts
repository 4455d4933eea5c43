import { afterEach, describe, expect, it } from 'vitest';
import {
  findAccessChoice,
  findCategoryBoxes,
  findCreateButton,
  findManualTab,
  findNameInput,
  findPersonalType,
  findSubmitButton,
} from '../../../lib/cabinet/token-page';
import type { WbCategory } from '../../../lib/token/categories';
import { click, loadReplica, REPLICAS, replicaHtml, type Replica } from './replica';

/** Category names as WB's form shows them, written out from wb-api.md §1 (not taken from the code under test). */
const FORM_NAMES: [WbCategory, string][] = [
  ['content', 'Контент'],
  ['analytics', 'Аналитика'],
  ['prices', 'Цены и скидки'],
  ['marketplace', 'Маркетплейс'],
  ['statistics', 'Статистика'],
  ['promotion', 'Продвижение'],
  ['feedbacks', 'Вопросы и отзывы'],
  ['chat', 'Чат с покупателями'],
  ['supplies', 'Поставки'],
  ['returns', 'Возвраты покупателями'],
  ['documents', 'Документы'],
  ['finance', 'Финансы'],
  ['users', 'Пользователи'],
];
const ALL = FORM_NAMES.map(([c]) => c);

/**
 * How each replica marks its controls for the test (data attributes and values the finders never look at):
 * the element a finder returns must be, or hold, the marked control.
 */
const MARKS: Record<
  Replica,
  {
    manualTab: string;
    personal: (el: Element) => boolean;
    name: string;
    category: (name: string) => string;
    access: (readOnly: boolean) => string;
    submit: string;
  }
> = {
  'token-page-v1.html': {
    manualTab: '[data-tab="manual"]',
    personal: (el) => el.querySelector('input[type="radio"]')?.getAttribute('value') === 'personal',
    name: 'input[name="name"]',
    category: (name) => `input[name="scope"][value="${name}"]`,
    access: (ro) => `input[name="access"][value="${ro ? 'ro' : 'rw'}"]`,
    submit: 'button[type="submit"]',
  },
  'token-page-v2.html': {
    manualTab: '[data-tab="manual"]',
    personal: (el) =>
      el.matches('select[data-replica="type"]') &&
      [...(el as HTMLSelectElement).options].some((o) => o.value === 'personal'),
    name: '[data-replica="name"]',
    category: (name) => `[data-scope="${name}"]`,
    access: (ro) => `[data-access="${ro ? 'ro' : 'rw'}"]`,
    submit: '[data-replica="create"]',
  },
};

const holds = (el: Element | null | undefined, selector: string) =>
  !!el && (el.matches(selector) || !!el.querySelector(selector));

let unload: (() => void) | undefined;
afterEach(() => {
  unload?.();
  unload = undefined;
});

function classNames(html: string): Set<string> {
  const names = new Set<string>();
  for (const m of html.matchAll(/class="([^"$]+)"/g)) for (const c of m[1]!.split(/\s+/)) names.add(c);
  return names;
}

describe('the two replicas of the token page', () => {
  it('share no class name, so finders cannot lean on WB’s hashed classes', () => {
    const [v1, v2] = REPLICAS.map((r) => classNames(replicaHtml(r)));
    expect(v1!.size).toBeGreaterThan(20);
    expect(v2!.size).toBeGreaterThan(15);
    expect([...v1!].filter((c) => v2!.has(c))).toEqual([]);
  });
});

describe.each(REPLICAS)('finding the controls of WB’s token form in %s', (replica) => {
  const mark = MARKS[replica];

  it('before the form opens: only «+ Создать токен»; the token list’s «Только чтение» is no control', () => {
    unload = loadReplica(replica);
    expect(holds(findCreateButton(), '[data-replica="open"]')).toBe(true);
    expect(findManualTab()).toBeNull();
    expect(findPersonalType()).toBeNull();
    expect(findNameInput()).toBeNull();
    expect(findCategoryBoxes(ALL).size).toBe(0);
    expect(findAccessChoice(true)).toBeNull();
    expect(findAccessChoice(false)).toBeNull();
    // The opener is not the form's own «Создать токен».
    expect(findSubmitButton()).toBeNull();
  });

  it('step by step, each finder finds its control', () => {
    unload = loadReplica(replica);
    click('[data-replica="open"]');
    // The form opens on the catalogue tab: the manual tab is there, its fields are not yet.
    expect(findManualTab()?.matches(mark.manualTab)).toBe(true);
    expect(findPersonalType()).toBeNull();
    expect(findCreateButton(), 'the opener is hidden behind the modal, but still there').not.toBeNull();

    click(mark.manualTab);
    const personal = findPersonalType();
    expect(personal && mark.personal(personal)).toBe(true);
    expect(findNameInput()?.matches(mark.name)).toBe(true);
    const boxes = findCategoryBoxes(ALL);
    expect([...boxes.keys()]).toEqual(ALL);
    for (const [category, name] of FORM_NAMES) expect(holds(boxes.get(category), mark.category(name))).toBe(true);
    expect(holds(findAccessChoice(true), mark.access(true))).toBe(true);
    expect(holds(findAccessChoice(false), mark.access(false))).toBe(true);
    expect(findSubmitButton()?.matches(mark.submit)).toBe(true);
    // And the opener is never taken for the form's submit button, nor the other way round.
    expect(findCreateButton()?.matches(mark.submit)).toBe(false);
  });

  it('a category not in the form is left out, not guessed', () => {
    unload = loadReplica(replica);
    click('[data-replica="open"]');
    click(mark.manualTab);
    document.querySelector(mark.category('Финансы'))?.closest('label, [role="checkbox"]')?.remove();
    const boxes = findCategoryBoxes(['statistics', 'finance']);
    expect([...boxes.keys()]).toEqual(['statistics']);
  });

  it('when WB renames or drops its controls, every finder says so (null), none points elsewhere', () => {
    unload = loadReplica(replica);
    click('[data-replica="open"]');
    click(mark.manualTab);
    // A redesign: other words on every control, the same structure and classes.
    const rename = (el: Element | null, text: string) => {
      if (!el) throw new Error('control missing before the rename');
      for (const node of [...el.childNodes]) if (node.nodeType === Node.TEXT_NODE) node.textContent = '';
      const inner = el.querySelector('span:last-child');
      if (inner) inner.textContent = text;
      else el.append(text);
    };
    rename(document.querySelector('[data-replica="open"]'), 'Новый ключ');
    rename(document.querySelector(mark.manualTab), 'Ручная интеграция');
    if (replica === 'token-page-v2.html')
      document.querySelector('option[value="personal"]')!.textContent = 'Собственный';
    else rename(document.querySelector('input[value="personal"]')!.closest('label'), 'Собственный');
    document.querySelector(mark.name)?.closest('label')?.remove();
    document.querySelector(mark.name)?.remove();
    for (const [, name] of FORM_NAMES)
      rename(document.querySelector(mark.category(name))?.closest('label, [role="checkbox"]') ?? null, `${name} API`);
    for (const ro of [true, false])
      rename(
        document.querySelector(mark.access(ro))?.closest('label, [role="radio"]') ?? null,
        ro ? 'Чтение' : 'Полный доступ',
      );
    rename(document.querySelector(mark.submit), 'Готово');

    expect(findCreateButton()).toBeNull();
    expect(findManualTab()).toBeNull();
    expect(findPersonalType()).toBeNull();
    expect(findNameInput()).toBeNull();
    expect(findCategoryBoxes(ALL).size).toBe(0);
    expect(findAccessChoice(true)).toBeNull();
    expect(findAccessChoice(false)).toBeNull();
    expect(findSubmitButton()).toBeNull();
  });
});

describe('other shapes of the same controls', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('a single switch «Только чтение» is pointed at for either access (to be turned on or left off)', () => {
    document.body.innerHTML = `<div role="dialog">
      <label><input type="checkbox" id="ro" /> Только чтение</label>
      <button>Создать токен</button></div>`;
    const ro = document.getElementById('ro')!.closest('label');
    expect(findAccessChoice(true)).toBe(ro);
    expect(findAccessChoice(false)).toBe(ro);
  });

  it('with WB’s form open, look-alike controls on the page behind it are not taken', () => {
    document.body.innerHTML = `<main>
        <button id="filter">Только чтение</button>
        <label><input type="checkbox" id="stat-filter" /> Статистика</label>
        <input aria-label="Название токена" id="search" />
      </main>
      <div role="dialog"><form>
        <label><input type="checkbox" id="stat" /> Статистика</label>
        <label><input type="radio" name="a" id="ro" /> Только чтение</label>
        <label>Название токена <input id="name" /></label>
      </form></div>`;
    expect(findAccessChoice(true)).toBe(document.getElementById('ro')!.closest('label'));
    expect(findCategoryBoxes(['statistics']).get('statistics')).toBe(document.getElementById('stat')!.closest('label'));
    expect(findNameInput()).toBe(document.getElementById('name'));
  });

  it('hidden controls are not pointed at', () => {
    document.body.innerHTML = `<button hidden>Создать токен</button>
      <div style="display: none"><button role="tab">Для интеграции вручную</button></div>
      <div aria-hidden="true"><input aria-label="Название токена" /></div>`;
    expect(findCreateButton()).toBeNull();
    expect(findManualTab()).toBeNull();
    expect(findNameInput()).toBeNull();
  });

  it('labels by aria-labelledby and wrapping <label>; «Персональный» is not «Я понимаю, что персональный…»', () => {
    document.body.innerHTML = `<form>
      <span id="l1">Название</span><input id="n" aria-labelledby="l1" />
      <label><input type="checkbox" id="warn" /> Я понимаю, что персональный токен нельзя передавать</label>
      <label><input type="radio" id="p" /> Персональный токен</label></form>`;
    expect(findNameInput()).toBe(document.getElementById('n'));
    expect(findPersonalType()).toBe(document.getElementById('p')!.closest('label'));
  });
});
