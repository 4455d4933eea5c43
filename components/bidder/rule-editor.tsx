/**
 * The bidder's rule editor: a new rule (always saved in dry-run) or an existing one (its mode stays; switching is
 * its own step). Every field of a rule: campaign, item, placement, strategy (target position or fixed bid), maximum
 * bid, step, dead zone, schedule with the bid outside it, budget and stock guards, position source and keyword.
 * The rule schema checks the draft here first, so its Russian messages show next to the fields they concern;
 * the background checks it again. Props only: data and callbacks come from the section.
 */
import { useSignal } from '@preact/signals';
import { useId } from 'preact/hooks';
import { LIVE_NEEDS_KEYWORD, ruleSchema } from '@/lib/bidder/rules';
import { formatRub } from '@/lib/bidder/strategy';
import { t, type MessageKey } from '@/lib/i18n';
import type { BidderRuleView, CampaignBids, RuleDraft } from '../bidder-view';

const WEEKDAYS: MessageKey[] = ['dayMon', 'dayTue', 'dayWed', 'dayThu', 'dayFri', 'daySat', 'daySun'];
const HOURS = Array.from({ length: 24 }, (_, h) => h);

type Field =
  | 'advertId'
  | 'target'
  | 'fixed'
  | 'maxBid'
  | 'step'
  | 'deadZone'
  | 'days'
  | 'outsideBid'
  | 'minBudget'
  | 'minCover'
  | 'keyword';

/** Where a rule schema's issue belongs in the form. */
function fieldOf(path: readonly PropertyKey[]): Field | null {
  const [a, b, c] = path.map(String);
  if (a === 'strategy') return b === 'target' ? 'target' : 'fixed';
  if (a === 'maxBidKopecks') return 'maxBid';
  if (a === 'stepKopecks') return 'step';
  if (a === 'deadZone') return 'deadZone';
  if (a === 'schedule') return b === 'outside' || c === 'bidKopecks' ? 'outsideBid' : 'days';
  if (a === 'budgetGuard') return 'minBudget';
  if (a === 'stockGuard') return 'minCover';
  if (a === 'keyword' || a === 'positionSource') return 'keyword';
  if (a === 'advertId') return 'advertId';
  return null;
}

/**
 * Roubles as typed («12,50», «1 200») → kopecks; NaN for text that is not a number (the schema then says so);
 * a fraction of a kopeck stays fractional, so the schema can say «не больше двух знаков после запятой».
 */
export function rubToKopecks(text: string): number {
  const x = Number(text.replace(/[\s\u00a0]/g, '').replace(',', '.'));
  if (!Number.isFinite(x)) return NaN;
  const k = x * 100;
  return Math.abs(k - Math.round(k)) < 1e-6 ? Math.round(k) : k;
}

/** A plain number as typed («1,5» → 1.5); NaN when it is not one. */
function numberOf(text: string): number {
  return text.trim() === '' ? NaN : Number(text.trim().replace(',', '.'));
}

const rub = (kopecks: number | undefined) => (kopecks === undefined ? '' : String(kopecks / 100).replace('.', ','));

/** The hours as a «from–to» range (the editor's form of a schedule); a range that wraps midnight is kept. */
function hoursRange(hours: readonly number[]): { from: number; to: number } {
  if (hours.length === 0 || hours.length === 24) return { from: 0, to: 23 };
  const set = new Set(hours);
  // The range starts at an hour whose previous hour is not in the schedule.
  const from = hours.find((h) => !set.has((h + 23) % 24)) ?? hours[0]!;
  let to = from;
  while (set.has((to + 1) % 24) && (to + 1) % 24 !== from) to = (to + 1) % 24;
  return { from, to };
}

export interface RuleEditorProps {
  sellerId: string;
  campaigns: readonly CampaignBids[];
  /** The rule to edit; absent = a new rule. */
  rule?: BidderRuleView | null;
  /** Saves the draft; answers an error text, or null when saved. */
  onSave: (draft: RuleDraft) => Promise<string | null>;
  /** Leaves editing (a button, and Escape). */
  onCancel?: () => void;
}

/** The form of a bidder rule, new or edited. */
export function RuleEditor({ sellerId, campaigns, rule, onSave, onCancel }: RuleEditorProps) {
  const id = useId();
  const editing = Boolean(rule);
  const hours = hoursRange(rule?.schedule.hours ?? HOURS);
  const advertId = useSignal(rule ? String(rule.advertId) : '');
  const nmId = useSignal(rule?.nmId !== undefined ? String(rule.nmId) : '');
  const placement = useSignal<string>(rule?.placement ?? '');
  const kind = useSignal<'target-position' | 'fixed-bid'>(rule?.strategy.kind ?? 'target-position');
  const target = useSignal(rule?.strategy.kind === 'target-position' ? String(rule.strategy.target) : '3');
  const fixed = useSignal(rule?.strategy.kind === 'fixed-bid' ? rub(rule.strategy.bidKopecks) : '');
  const maxBid = useSignal(rub(rule?.maxBidKopecks));
  const step = useSignal(rule ? rub(rule.stepKopecks) : '1');
  const deadZone = useSignal(String(rule?.deadZone ?? 1));
  const days = useSignal<number[]>(rule ? [...rule.schedule.days] : [1, 2, 3, 4, 5, 6, 7]);
  const fromHour = useSignal(String(hours.from));
  const toHour = useSignal(String(hours.to));
  const outsideKind = useSignal<'min' | 'bid'>(rule?.schedule.outside.kind ?? 'min');
  const outsideBid = useSignal(rule?.schedule.outside.kind === 'bid' ? rub(rule.schedule.outside.bidKopecks) : '');
  const minBudget = useSignal(rule?.budgetGuard ? String(rule.budgetGuard.minBudget).replace('.', ',') : '');
  const minCover = useSignal(rule?.stockGuard ? String(rule.stockGuard.minDaysOfCover).replace('.', ',') : '');
  const source = useSignal<'official' | 'live'>(rule?.positionSource ?? 'official');
  const keyword = useSignal(rule?.keyword ?? '');
  const errors = useSignal<Partial<Record<Field, string>>>({});
  const message = useSignal<{ ok: boolean; text: string } | null>(null);

  const campaign = campaigns.find((c) => String(c.advertId) === advertId.value) ?? campaigns[0];
  const placements =
    campaign?.bidType === 'unified'
      ? (['combined'] as const)
      : campaign
        ? (['search', 'recommendations'] as const)
        : ([] as const);
  const fid = (f: Field) => `${id}-${f}`;

  const draftOf = (): RuleDraft | null => {
    if (!campaign) return null;
    const from = Number(fromHour.value);
    const to = Number(toHour.value);
    const scheduleHours = HOURS.filter((h) => (from <= to ? h >= from && h <= to : h >= from || h <= to));
    const kw = keyword.value.trim();
    return {
      ...(rule ? { id: rule.id } : {}),
      sellerId,
      advertId: campaign.advertId,
      ...(nmId.value ? { nmId: Number(nmId.value) } : {}),
      ...(placement.value && (placements as readonly string[]).includes(placement.value)
        ? { placement: placement.value as NonNullable<RuleDraft['placement']> }
        : {}),
      strategy:
        kind.value === 'target-position'
          ? { kind: 'target-position', target: numberOf(target.value) }
          : { kind: 'fixed-bid', bidKopecks: rubToKopecks(fixed.value) },
      maxBidKopecks: maxBid.value.trim() === '' ? NaN : rubToKopecks(maxBid.value),
      stepKopecks: rubToKopecks(step.value),
      deadZone: numberOf(deadZone.value),
      schedule: {
        days: [...days.value].sort((a, b) => a - b),
        hours: scheduleHours,
        outside:
          outsideKind.value === 'min' ? { kind: 'min' } : { kind: 'bid', bidKopecks: rubToKopecks(outsideBid.value) },
      },
      ...(minBudget.value.trim() ? { budgetGuard: { minBudget: numberOf(minBudget.value) } } : {}),
      ...(minCover.value.trim() ? { stockGuard: { minDaysOfCover: numberOf(minCover.value) } } : {}),
      positionSource: source.value,
      ...(kw ? { keyword: kw } : {}),
    };
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const draft = draftOf();
    if (!draft) return;
    const checked = ruleSchema.safeParse({ ...draft, id: draft.id ?? 'new', mode: rule?.mode ?? 'dry-run' });
    const found: Partial<Record<Field, string>> = {};
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const f = fieldOf(issue.path);
        if (f && !found[f]) found[f] = issue.message;
      }
    }
    if (draft.schedule && draft.schedule.days.length === 0) found.days = t('bidderNoDays');
    // The schema checks this only once the rest is valid: say it together with the rest.
    if (draft.positionSource === 'live' && !draft.keyword) found.keyword ??= LIVE_NEEDS_KEYWORD;
    errors.value = found;
    const first = Object.keys(found)[0] as Field | undefined;
    if (first) {
      message.value = { ok: false, text: t('bidderFormErrors') };
      (e.currentTarget as HTMLFormElement | null)?.querySelector<HTMLElement>(`#${CSS.escape(fid(first))}`)?.focus();
      return;
    }
    const error = await onSave(draft);
    message.value = error
      ? { ok: false, text: error }
      : { ok: true, text: t(editing ? 'bidderRuleUpdated' : 'bidderRuleSaved') };
  };

  /** A labelled input, its hint and its error, tied by aria-describedby (outside the label, so not in its name). */
  const input = (
    f: Field,
    label: string,
    value: string,
    set: (v: string) => void,
    extra: { inputMode?: 'decimal' | 'numeric' | 'text'; required?: boolean; hint?: string } = {},
  ) => {
    const error = errors.value[f];
    const described = [error ? `${fid(f)}-error` : '', extra.hint ? `${fid(f)}-hint` : ''].filter(Boolean).join(' ');
    return (
      <div class="field">
        <label>
          {label}{' '}
          <input
            id={fid(f)}
            inputMode={extra.inputMode ?? 'decimal'}
            required={extra.required}
            value={value}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={described || undefined}
            onInput={(e) => set((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        {extra.hint && (
          <p class="hint" id={`${fid(f)}-hint`}>
            {extra.hint}
          </p>
        )}
        {error && (
          <p class="error" id={`${fid(f)}-error`}>
            {error}
          </p>
        )}
      </div>
    );
  };
  const val = (e: Event) => (e.currentTarget as HTMLSelectElement).value;
  const title = t(editing ? 'bidderEditRuleTitle' : 'bidderNewRule');

  return (
    <form
      class="bidder-form"
      aria-label={title}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onCancel) {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h3>{title}</h3>
      <label>
        {t('bidderCampaign')}{' '}
        <select
          id={fid('advertId')}
          value={campaign ? String(campaign.advertId) : ''}
          disabled={editing}
          onChange={(e) => {
            advertId.value = val(e);
            nmId.value = '';
            placement.value = '';
          }}
        >
          {campaigns.map((c) => (
            <option key={c.advertId} value={String(c.advertId)}>
              {c.name} ({c.advertId})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('bidderItem')}{' '}
        <select value={nmId.value} onChange={(e) => (nmId.value = val(e))}>
          <option value="">{t('bidderAllItems')}</option>
          {campaign?.items.map((i) => (
            <option key={i.nmId} value={String(i.nmId)}>
              {i.nmId} · {i.subjectName} · {formatRub(i.search)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('bidderPlacement')}{' '}
        <select value={placement.value} onChange={(e) => (placement.value = val(e))}>
          <option value="">{t('bidderPlacementAll')}</option>
          {placements.map((p) => (
            <option key={p} value={p}>
              {t(
                p === 'combined'
                  ? 'bidderPlacementCombined'
                  : p === 'search'
                    ? 'bidderPlacementSearch'
                    : 'bidderPlacementRecommendations',
              )}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('bidderStrategy')}{' '}
        <select value={kind.value} onChange={(e) => (kind.value = val(e) as typeof kind.value)}>
          <option value="target-position">{t('bidderStrategyTarget')}</option>
          <option value="fixed-bid">{t('bidderStrategyFixed')}</option>
        </select>
      </label>
      {kind.value === 'target-position'
        ? input('target', t('bidderTargetPosition'), target.value, (v) => (target.value = v), { inputMode: 'numeric' })
        : input('fixed', t('bidderFixedBid'), fixed.value, (v) => (fixed.value = v))}
      {input('maxBid', t('bidderMaxBid'), maxBid.value, (v) => (maxBid.value = v), { required: true })}
      {input('step', t('bidderStep'), step.value, (v) => (step.value = v), { required: true })}
      {input('deadZone', t('bidderDeadZone'), deadZone.value, (v) => (deadZone.value = v), { inputMode: 'numeric' })}
      <fieldset>
        <legend>{t('bidderSchedule')}</legend>
        <span id={fid('days')} tabIndex={-1} aria-describedby={errors.value.days ? `${fid('days')}-error` : undefined}>
          {WEEKDAYS.map((key, i) => (
            <label key={key} class="inline">
              <input
                type="checkbox"
                checked={days.value.includes(i + 1)}
                onChange={(e) =>
                  (days.value = e.currentTarget.checked
                    ? [...days.value, i + 1]
                    : days.value.filter((d) => d !== i + 1))
                }
              />
              {t(key)}
            </label>
          ))}
        </span>
        {errors.value.days && (
          <p class="error" id={`${fid('days')}-error`}>
            {errors.value.days}
          </p>
        )}
        <label>
          {t('bidderHoursFrom')}{' '}
          <select value={fromHour.value} onChange={(e) => (fromHour.value = val(e))}>
            {HOURS.map((h) => (
              <option key={h} value={String(h)}>{`${String(h).padStart(2, '0')}:00`}</option>
            ))}
          </select>
        </label>
        <label>
          {t('bidderHoursTo')}{' '}
          <select value={toHour.value} onChange={(e) => (toHour.value = val(e))}>
            {HOURS.map((h) => (
              <option key={h} value={String(h)}>{`${String(h).padStart(2, '0')}:59`}</option>
            ))}
          </select>
        </label>
        <label>
          {t('bidderOutside')}{' '}
          <select value={outsideKind.value} onChange={(e) => (outsideKind.value = val(e) as 'min' | 'bid')}>
            <option value="min">{t('bidderOutsideMin')}</option>
            <option value="bid">{t('bidderOutsideBid')}</option>
          </select>
        </label>
        {outsideKind.value === 'bid' &&
          input('outsideBid', t('bidderOutsideBidRub'), outsideBid.value, (v) => (outsideBid.value = v))}
      </fieldset>
      {input('minBudget', t('bidderBudgetGuard'), minBudget.value, (v) => (minBudget.value = v))}
      {input('minCover', t('bidderStockGuard'), minCover.value, (v) => (minCover.value = v))}
      <label>
        {t('bidderPositionSource')}{' '}
        <select value={source.value} onChange={(e) => (source.value = val(e) as 'official' | 'live')}>
          <option value="official">{t('bidderSourceOfficial')}</option>
          <option value="live">{t('bidderSourceLive')}</option>
        </select>
      </label>
      {input('keyword', t('bidderKeyword'), keyword.value, (v) => (keyword.value = v), {
        inputMode: 'text',
        hint: t('bidderKeywordHint'),
      })}
      <button type="submit" disabled={!campaign}>
        {t(editing ? 'bidderSaveRule' : 'bidderCreateRule')}
      </button>
      {onCancel && (
        <>
          {' '}
          <button type="button" onClick={onCancel}>
            {t('bidderCancelEdit')}
          </button>
        </>
      )}
      {message.value && (
        <p role={message.value.ok ? 'status' : 'alert'} class={message.value.ok ? 'ok' : 'error'}>
          {message.value.text}
        </p>
      )}
    </form>
  );
}
