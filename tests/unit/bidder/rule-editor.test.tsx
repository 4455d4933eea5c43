/** The bidder's rule editor: drafts in kopecks, the rule schema's Russian messages by the fields, editing, keys. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BidderRuleView, CampaignBids, RuleDraft } from '../../../components/bidder-view';
import { RuleEditor, rubToKopecks } from '../../../components/bidder/rule-editor';

const SELLER = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.appendChild(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const campaigns: CampaignBids[] = [
  {
    advertId: 1001,
    name: 'Лето',
    status: 9,
    bidType: 'unified',
    items: [{ nmId: 501, subjectName: 'Футболки', search: 25_000, recommendations: 25_000 }],
  },
  {
    advertId: 2002,
    name: 'Ручная',
    status: 9,
    bidType: 'manual',
    items: [{ nmId: 601, subjectName: 'Платья', search: 30_000, recommendations: 20_000 }],
  },
];

const existing: BidderRuleView = {
  id: 'r1',
  sellerId: SELLER,
  advertId: 2002,
  nmId: 601,
  placement: 'search',
  strategy: { kind: 'target-position', target: 4 },
  maxBidKopecks: 60_000,
  stepKopecks: 250,
  deadZone: 2,
  schedule: { days: [1, 2, 3, 4, 5], hours: [22, 23, 0, 1], outside: { kind: 'bid', bidKopecks: 31_000 } },
  budgetGuard: { minBudget: 1500 },
  positionSource: 'live',
  keyword: 'платье летнее',
  mode: 'live',
};

const byLabel = (text: string) => {
  const label = [...container.querySelectorAll('label')].find((l) => l.firstChild?.textContent?.trim() === text);
  if (!label) throw new Error(`no field «${text}»`);
  return label.querySelector('input, select') as HTMLInputElement & HTMLSelectElement;
};
const set = (el: HTMLInputElement | HTMLSelectElement, value: string) => {
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
};
const submit = () =>
  act(() => {
    container.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  });

describe('the rule editor', () => {
  it('reads roubles as typed, keeping a fraction of a kopeck for the schema to refuse', () => {
    expect(rubToKopecks('12,5')).toBe(1250);
    expect(rubToKopecks('1 000')).toBe(100_000);
    expect(rubToKopecks('0,125')).toBeCloseTo(12.5);
    expect(rubToKopecks('abc')).toBeNaN();
  });

  it('a new rule: a draft in kopecks with placement, schedule, outside bid, guards and position source', async () => {
    const onSave = vi.fn((_: RuleDraft) => Promise.resolve(null));
    await act(() => render(<RuleEditor sellerId={SELLER} campaigns={campaigns} onSave={onSave} />, container));
    expect(container.querySelector('form')!.getAttribute('aria-label')).toBe('Новое правило');
    await act(() => set(byLabel('Кампания'), '2002'));
    await act(() => {
      set(byLabel('Товар'), '601');
      set(byLabel('Место'), 'recommendations');
      set(byLabel('Целевая позиция'), '2');
      set(byLabel('Максимальная ставка, ₽'), '400');
      set(byLabel('Шаг, ₽'), '5');
      set(byLabel('Мёртвая зона, позиций'), '0');
      set(byLabel('С'), '9');
      set(byLabel('до'), '18');
      set(byLabel('Вне расписания'), 'bid');
    });
    await act(() => {
      set(byLabel('Ставка вне расписания, ₽'), '250,50');
      set(byLabel('Не повышать при бюджете ниже, ₽'), '500');
      set(byLabel('Минимальный запас, дней'), '5');
      set(byLabel('Источник позиции'), 'live');
      set(byLabel('Ключевая фраза'), '  платье  ');
    });
    const placements = [...byLabel('Место').options].map((o) => o.value);
    expect(placements).toEqual(['', 'search', 'recommendations']);
    await submit();
    expect(onSave).toHaveBeenCalledTimes(1);
    const draft = onSave.mock.calls[0]![0];
    expect(draft).toEqual({
      sellerId: SELLER,
      advertId: 2002,
      nmId: 601,
      placement: 'recommendations',
      strategy: { kind: 'target-position', target: 2 },
      maxBidKopecks: 40_000,
      stepKopecks: 500,
      deadZone: 0,
      schedule: {
        days: [1, 2, 3, 4, 5, 6, 7],
        hours: [9, 10, 11, 12, 13, 14, 15, 16, 17, 18],
        outside: { kind: 'bid', bidKopecks: 25_050 },
      },
      budgetGuard: { minBudget: 500 },
      stockGuard: { minDaysOfCover: 5 },
      positionSource: 'live',
      keyword: 'платье',
    });
    expect('mode' in draft).toBe(false);
    await vi.waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toMatch(/пробном режиме/));
  });

  it('shows the rule schema’s Russian messages by the fields, marks them, focuses the first, and sends nothing', async () => {
    const onSave = vi.fn((_: RuleDraft): Promise<string | null> => Promise.resolve(null));
    await act(() => render(<RuleEditor sellerId={SELLER} campaigns={campaigns} onSave={onSave} />, container));
    await act(() => {
      set(byLabel('Целевая позиция'), '0');
      set(byLabel('Максимальная ставка, ₽'), '0');
      set(byLabel('Шаг, ₽'), 'пять');
      set(byLabel('Источник позиции'), 'live');
    });
    await submit();
    expect(onSave).not.toHaveBeenCalled();
    const errorOf = (label: string) => {
      const input = byLabel(label);
      expect(input.getAttribute('aria-invalid')).toBe('true');
      return document.getElementById(input.getAttribute('aria-describedby')!.split(' ')[0]!)!.textContent;
    };
    expect(errorOf('Целевая позиция')).toBe('Целевая позиция — от 1 до 1000');
    expect(errorOf('Максимальная ставка, ₽')).toBe('Максимальная ставка должна быть больше 0 ₽');
    expect(errorOf('Шаг, ₽')).toBe('Шаг ставки: укажите сумму в рублях');
    expect(errorOf('Ключевая фраза')).toBe('Для живых позиций укажите ключевую фразу, по которой искать товар');
    expect(byLabel('Мёртвая зона, позиций').getAttribute('aria-invalid')).toBeNull();
    expect(container.querySelector('[role="alert"]')!.textContent).toBe(
      'Правило не сохранено: исправьте отмеченные поля.',
    );
    expect(document.activeElement).toBe(byLabel('Целевая позиция'));

    // Corrected, it goes; the background's own answer is shown as it is.
    onSave.mockImplementationOnce(() => Promise.resolve('Фиксированная ставка выше максимальной'));
    await act(() => {
      set(byLabel('Целевая позиция'), '3');
      set(byLabel('Максимальная ставка, ₽'), '300');
      set(byLabel('Шаг, ₽'), '5');
      set(byLabel('Ключевая фраза'), 'платье');
    });
    await submit();
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(byLabel('Максимальная ставка, ₽').getAttribute('aria-invalid')).toBeNull();
    await vi.waitFor(() =>
      expect(container.querySelector('[role="alert"]')?.textContent).toBe('Фиксированная ставка выше максимальной'),
    );
  });

  it('edits a rule: its values filled in, its id sent, the campaign fixed; Escape and «Отмена» leave', async () => {
    const onSave = vi.fn((_: RuleDraft) => Promise.resolve(null));
    const onCancel = vi.fn();
    await act(() =>
      render(
        <RuleEditor sellerId={SELLER} campaigns={campaigns} rule={existing} onSave={onSave} onCancel={onCancel} />,
        container,
      ),
    );
    expect(container.querySelector('form')!.getAttribute('aria-label')).toBe('Изменение правила');
    expect(byLabel('Кампания').disabled).toBe(true);
    expect(byLabel('Кампания').value).toBe('2002');
    expect(byLabel('Товар').value).toBe('601');
    expect(byLabel('Место').value).toBe('search');
    expect(byLabel('Целевая позиция').value).toBe('4');
    expect(byLabel('Максимальная ставка, ₽').value).toBe('600');
    expect(byLabel('Шаг, ₽').value).toBe('2,5');
    expect(byLabel('С').value).toBe('22');
    expect(byLabel('до').value).toBe('1');
    expect(byLabel('Ставка вне расписания, ₽').value).toBe('310');
    expect(byLabel('Источник позиции').value).toBe('live');
    expect(byLabel('Ключевая фраза').value).toBe('платье летнее');

    await act(() => set(byLabel('Максимальная ставка, ₽'), '700'));
    await submit();
    expect(onSave.mock.calls[0]![0]).toMatchObject({
      id: 'r1',
      advertId: 2002,
      maxBidKopecks: 70_000,
      stepKopecks: 250,
      deadZone: 2,
      schedule: { days: [1, 2, 3, 4, 5], hours: [0, 1, 22, 23], outside: { kind: 'bid', bidKopecks: 31_000 } },
      budgetGuard: { minBudget: 1500 },
      positionSource: 'live',
      keyword: 'платье летнее',
    });
    await vi.waitFor(() => expect(container.querySelector('[role="status"]')?.textContent).toBe('Правило сохранено.'));

    byLabel('Шаг, ₽').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    const cancel = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Отмена')!;
    await act(() => cancel.click());
    expect(onCancel).toHaveBeenCalledTimes(2);
  });
});
