import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuditLog,
  BidderControls,
  RulesList,
  type BidderAuditView,
  type BidderState,
  type CampaignBids,
} from '../../../components/bidder-view';

const SELLER = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const NOW = Date.parse('2026-08-20T09:00:00Z');
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
];

function state(over: Partial<BidderState> = {}): BidderState {
  return {
    sellerId: SELLER,
    rules: [
      {
        id: 'r1',
        sellerId: SELLER,
        advertId: 1001,
        nmId: 501,
        strategy: { kind: 'target-position', target: 2 },
        maxBidKopecks: 40_000,
        stepKopecks: 500,
        deadZone: 0,
        schedule: { days: [1, 2, 3, 4, 5, 6, 7], hours: [9, 10], outside: { kind: 'min' } },
        mode: 'dry-run',
      },
    ],
    settings: { killSwitch: false },
    lastCheck: null,
    ruleStates: [{ ruleId: 'r1', state: 'paused', reason: 'запас 2 дня ниже порога 5' }],
    blocked: null,
    baseLimited: false,
    ...over,
  };
}

const entry: BidderAuditView = {
  at: NOW,
  seq: 0,
  sellerId: SELLER,
  advertId: 1001,
  nmId: 501,
  placement: 'combined',
  ruleId: 'r1',
  mode: 'live',
  inputs: {
    position: 7,
    positionSource: 'fullstats',
    target: 2,
    currentBidKopecks: 25_000,
    minBidKopecks: 15_000,
    maxBidKopecks: 40_000,
    budget: 1200,
    daysOfCover: 12.5,
    campaignStatus: 9,
  },
  firedRule: 'target',
  reasonCode: 'position-worse',
  reasonText: 'позиция 7 хуже цели 2: ставка +5,00 ₽',
  action: 'raise',
  oldBidKopecks: 25_000,
  newBidKopecks: 25_500,
  unreachable: false,
  minAboveMax: false,
  outcome: { kind: 'accepted', wbAnswer: 'WB принял ставку 255,00 ₽ (combined)' },
};

const byLabel = (text: string) => {
  const label = [...container.querySelectorAll('label')].find((l) => l.firstChild?.textContent?.trim() === text);
  return label!.querySelector('input, select') as HTMLInputElement & HTMLSelectElement;
};
const set = (el: HTMLInputElement | HTMLSelectElement, value: string) => {
  el.value = value;
  el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
};

describe('bidder views', () => {
  it('the rules list shows a guard’s pause with its reason and switches a dry-run rule live', async () => {
    const onMode = vi.fn();
    await act(() => render(<RulesList state={state()} onMode={onMode} onDelete={vi.fn()} />, container));
    expect(container.textContent).toContain('приостановлено — запас 2 дня ниже порога 5');
    const live = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Включить ставки')!;
    await act(() => live.click());
    expect(onMode).toHaveBeenCalledWith('r1', 'live');
  });

  it('the controls say when the bidder cannot run, flag a Base token, and toggle the kill switch', async () => {
    const onKill = vi.fn();
    await act(() =>
      render(
        <BidderControls
          state={state({ blocked: 'Биддеру нужен токен', baseLimited: true })}
          busy={false}
          onKillSwitch={onKill}
          onRunNow={vi.fn()}
        />,
        container,
      ),
    );
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Биддеру нужен токен');
    expect(container.textContent).toContain('нужен персональный токен');
    await act(() => (container.querySelector('input[type="checkbox"]') as HTMLInputElement).click());
    expect(onKill).toHaveBeenCalledWith(true);
  });

  it('the audit log filters by outcome and explains a change: inputs, rule, old → new, WB’s answer', async () => {
    const onFilters = vi.fn();
    await act(() =>
      render(<AuditLog entries={[entry]} campaigns={campaigns} filters={{}} onFilters={onFilters} />, container),
    );
    expect(container.querySelector('tbody')?.textContent).toContain('позиция 7 хуже цели 2');
    await act(() => set(byLabel('Итог'), 'rejected'));
    expect(onFilters).toHaveBeenCalledWith({ outcome: 'rejected' });
    const why = [...container.querySelectorAll('button')].find((b) => b.textContent === 'Почему?')!;
    await act(() => why.click());
    const view = container.querySelector('section.bidder-why')!;
    expect(view.textContent).toContain('250,00\u00a0₽ → 255,00\u00a0₽');
    expect(view.textContent).toContain('Минимум WB150,00\u00a0₽');
    // The position's source, in the seller's words.
    expect(view.textContent).toContain('(статистика кампании)');
    expect(view.textContent).toContain('Запас, дней12.5');
    expect(view.textContent).toContain('WB принял: WB принял ставку 255,00 ₽ (combined)');
  });
});
