/**
 * The controls of WB's token form, found the way a seller finds them: by visible text, role and label, never by
 * WB's hashed class names. Each finder returns null (or an empty list) when the control is not on the page, so the
 * guide can say in words what to click instead of pointing at the wrong thing.
 * Contexts: content script (reads the cabinet's DOM; holds nothing).
 */
import { CATEGORY_LABELS_RU, type WbCategory } from '../token/categories';

/** The labels of WB's token form as the guide quotes them: WB's page is in Russian, whatever our UI language. */
export const WB_FORM_LABELS = {
  create: '+ Создать токен',
  manualTab: 'Для интеграции вручную',
  personal: 'Персональный',
  readOnly: 'Только чтение',
  readWrite: 'Чтение и запись',
  submit: 'Создать токен',
} as const;

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/** The text a seller reads on an element, without a leading "+" icon. */
function textOf(el: Element): string {
  return norm(el.textContent).replace(/^\+\s*/, '');
}

/** What a form control is called: its aria-label, aria-labelledby, <label>, or the text of the label around it. */
function labelOf(el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return norm(aria);
  const by = el.getAttribute('aria-labelledby');
  if (by) {
    const text = by
      .split(/\s+/)
      .map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '')
      .join(' ');
    if (norm(text)) return norm(text);
  }
  const labels = (el as HTMLInputElement).labels;
  if (labels && labels.length > 0) return norm([...labels].map((l) => l.textContent).join(' '));
  if (el.getAttribute('role')) return textOf(el);
  return norm(el.getAttribute('placeholder') ?? el.getAttribute('title'));
}

function shown(el: Element): boolean {
  return !el.closest('[hidden],[aria-hidden="true"],[inert]') && el.checkVisibility({ visibilityProperty: true });
}

function all(root: ParentNode, selector: string): Element[] {
  return [...root.querySelectorAll(selector)].filter(shown);
}

/** Where to point for a control: a native radio or checkbox is often visually hidden, its label is not. */
function pointable(el: Element): Element {
  const input = el as HTMLInputElement;
  if (el.localName === 'input' && (input.type === 'radio' || input.type === 'checkbox')) {
    return input.labels?.[0] ?? el.closest('label') ?? el;
  }
  return el;
}

const BUTTONS = 'button, [role="button"], a[href], input[type="button"], input[type="submit"]';
const CHOICES = 'input[type="radio"], input[type="checkbox"], [role="radio"], [role="checkbox"], [role="switch"]';

/** A choice (radio, checkbox, switch, tab, segmented button or select option) whose label matches. */
function findChoice(root: ParentNode, label: RegExp): Element | null {
  const choice = all(root, CHOICES).find((el) => label.test(labelOf(el)));
  if (choice) return pointable(choice);
  const tab = all(root, `[role="tab"], [role="option"], ${BUTTONS}`).find((el) => label.test(textOf(el)));
  if (tab) return tab;
  const select = all(root, 'select').find((s) =>
    [...(s as HTMLSelectElement).options].some((o) => label.test(norm(o.text))),
  );
  return select ?? null;
}

/** With WB's form open, its controls are looked for in it only (the page behind may have look-alike filters). */
function formScope(root: ParentNode): ParentNode {
  return findOpenDialog(root) ?? root;
}

function inDialog(el: Element): boolean {
  return !!el.closest('[role="dialog"], [role="alertdialog"], dialog, form');
}

const CREATE = /^Создать (новый )?токен$/i;

/** «+ Создать токен»: the button that opens WB's token form (outside the form itself). */
export function findCreateButton(root: ParentNode = document): Element | null {
  return all(root, BUTTONS).find((el) => CREATE.test(textOf(el)) && !inDialog(el)) ?? null;
}

/** The tab «Для интеграции вручную» (the other tab is for services from WB's catalogue). */
export function findManualTab(root: ParentNode = document): Element | null {
  return (
    all(formScope(root), `[role="tab"], ${BUTTONS}`).find((el) => /^Для интеграции вручную$/i.test(textOf(el))) ?? null
  );
}

/** The choice of the token type «Персональный» (a radio, a custom radio or a select). */
export function findPersonalType(root: ParentNode = document): Element | null {
  return findChoice(formScope(root), /^Персональный(\s|$)/i);
}

/** The text field for the token's name. */
export function findNameInput(root: ParentNode = document): Element | null {
  return (
    all(formScope(root), 'input:not([type]), input[type="text"], textarea').find((el) =>
      /назван|имя токена/i.test(labelOf(el)),
    ) ?? null
  );
}

/** The checkbox of each category, by the label WB's form shows; categories not found are left out. */
export function findCategoryBoxes(
  categories: readonly WbCategory[],
  root: ParentNode = document,
): Map<WbCategory, Element> {
  const found = new Map<WbCategory, Element>();
  const boxes = all(formScope(root), 'input[type="checkbox"], [role="checkbox"], [role="switch"], [role="option"]');
  for (const c of categories) {
    const label = CATEGORY_LABELS_RU[c].toLowerCase();
    const box = boxes.find((el) => labelOf(el).toLowerCase() === label);
    if (box) found.set(c, pointable(box));
  }
  return found;
}

/** The access choice: «Только чтение», or «Чтение и запись» when the token must write. */
export function findAccessChoice(readOnly: boolean, root: ParentNode = document): Element | null {
  root = formScope(root);
  const choice = findChoice(root, readOnly ? /^Только чтение$/i : /^Чтение и запись$/i);
  if (choice) return choice;
  // Some forms have a single switch «Только чтение» instead of two choices: point at it, to be left off.
  const toggle = all(root, 'input[type="checkbox"], [role="checkbox"], [role="switch"]').find((el) =>
    /^Только чтение$/i.test(labelOf(el)),
  );
  return toggle ? pointable(toggle) : null;
}

/** «Создать токен» at the bottom of the form. */
export function findSubmitButton(root: ParentNode = document): Element | null {
  const candidates = all(root, BUTTONS).filter((el) => inDialog(el) && /^Создать( токен)?$/i.test(textOf(el)));
  return candidates.at(-1) ?? null;
}

/** WB's open token form (a modal dialog), whose controls the guide should leave uncovered. */
export function findOpenDialog(root: ParentNode = document): Element | null {
  return all(root, '[role="dialog"], [role="alertdialog"], dialog[open]').at(-1) ?? null;
}
