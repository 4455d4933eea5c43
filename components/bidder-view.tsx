/**
 * The bidder's dashboard views: the campaigns' current bids, the rules
 * with their state, the kill switch, the last check, and the audit log with filters, CSV export and the
 * "why did this bid change?" view. Props only: data and callbacks come from the section.
 */
import { useSignal } from '@preact/signals';
import { formatRub } from '@/lib/bidder/strategy';
import { formatDateMsk, formatTimeMsk, t, type MessageKey } from '@/lib/i18n';
import type { RequestOf, ResponseOf } from '@/lib/messaging';
import { ConfirmButton } from './confirm-button';
import { DataTable, type Column } from './data-table';

export type BidderState = ResponseOf<'bidder.state'>;
export type BidderRuleView = BidderState['rules'][number];
export type BidderAuditView = ResponseOf<'bidder.audit'>['entries'][number];
export type RuleDraft = RequestOf<'bidder.saveRule'>;
export type OutcomeKind = BidderAuditView['outcome']['kind'];

export interface CampaignBids {
  advertId: number;
  name: string;
  status: number;
  bidType: string;
  items: { nmId: number; subjectName: string; search: number; recommendations: number }[];
}

export interface AuditFilterValues {
  advertId?: number;
  nmId?: number;
  outcome?: OutcomeKind;
}

const OUTCOMES: OutcomeKind[] = ['accepted', 'dry-run', 'kill-switch', 'deferred', 'rejected', 'error', 'hold'];
const OUTCOME_LABEL: Record<OutcomeKind, MessageKey> = {
  accepted: 'bidderOutcomeAccepted',
  'dry-run': 'bidderOutcomeDryRun',
  'kill-switch': 'bidderOutcomeKillSwitch',
  deferred: 'bidderOutcomeDeferred',
  rejected: 'bidderOutcomeRejected',
  error: 'bidderOutcomeError',
  hold: 'bidderOutcomeHold',
};
const STATUS_LABEL: Record<number, MessageKey> = {
  4: 'bidderStatusReady',
  9: 'bidderStatusActive',
  11: 'bidderStatusPaused',
};

/** When, in Moscow time: «20.08.2026 12:00». */
export function atMsk(ms: number): string {
  const d = new Date(ms);
  return `${formatDateMsk(d)} ${formatTimeMsk(d)}`;
}

/** The campaigns' current bids per item (as last synced or set by the bidder). */
export function CampaignBidsTable({ campaigns }: { campaigns: readonly CampaignBids[] }) {
  const rows = campaigns.flatMap((c) => c.items.map((i) => ({ c, i })));
  const columns: Column<(typeof rows)[number]>[] = [
    {
      key: 'campaign',
      header: t('bidderCampaign'),
      render: (r) => `${r.c.name} (${r.c.advertId})`,
      sortValue: (r) => r.c.advertId,
    },
    {
      key: 'status',
      header: t('bidderCampaignStatus'),
      render: (r) => (STATUS_LABEL[r.c.status] ? t(STATUS_LABEL[r.c.status]!) : String(r.c.status)),
      sortValue: (r) => r.c.status,
    },
    {
      key: 'item',
      header: t('bidderItem'),
      render: (r) => `${r.i.nmId} · ${r.i.subjectName}`,
      sortValue: (r) => r.i.nmId,
    },
    {
      key: 'search',
      header: t('bidderBidSearch'),
      render: (r) => formatRub(r.i.search),
      sortValue: (r) => r.i.search / 100,
      align: 'right',
    },
    {
      key: 'recommendations',
      header: t('bidderBidRecommendations'),
      render: (r) => (r.c.bidType === 'unified' ? '—' : formatRub(r.i.recommendations)),
      sortValue: (r) => r.i.recommendations / 100,
      align: 'right',
    },
  ];
  return <DataTable id="bidder-bids" caption={t('bidderBidsCaption')} rows={rows} columns={columns} limit={50} />;
}

/** Where a decision's position came from, in the seller's words. */
const SOURCE_LABEL: Record<string, MessageKey> = {
  fullstats: 'bidderSourceFullstats',
  'keyword-stats': 'bidderSourceKeywordStats',
  search: 'bidderSourceSearch',
  stale: 'bidderSourceStale',
  none: 'bidderSourceNone',
};

const val = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;

const STATE_LABEL: Record<BidderState['ruleStates'][number]['state'], MessageKey> = {
  live: 'bidderStateLive',
  'dry-run': 'bidderStateDryRun',
  paused: 'bidderStatePaused',
  stopped: 'bidderStateStopped',
};

function strategyText(r: BidderRuleView): string {
  const live = r.positionSource === 'live' && r.keyword ? `, ${t('bidderRuleKeyword', { keyword: r.keyword })}` : '';
  return r.strategy.kind === 'target-position'
    ? t('bidderStrategyTargetN', { n: r.strategy.target }) + live
    : t('bidderStrategyFixedN', { bid: formatRub(r.strategy.bidKopecks) });
}

/** The seller's rules with their state (live, dry-run, paused by a guard and why) and the live/dry-run switch. */
export function RulesList({
  state,
  onMode,
  onDelete,
  onEdit,
  onPause,
}: {
  state: BidderState;
  onMode: (ruleId: string, mode: 'live' | 'dry-run') => void;
  onDelete: (ruleId: string) => void;
  /** Opens the rule in the editor. */
  onEdit?: (ruleId: string) => void;
  /** Pauses (true) or resumes (false) the rule. */
  onPause?: (ruleId: string, paused: boolean) => void;
}) {
  if (state.rules.length === 0) return <p class="hint">{t('bidderNoRules')}</p>;
  return (
    <table class="bidder-rules">
      <caption>{t('bidderRules')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('bidderCampaign')}</th>
          <th scope="col">{t('bidderItem')}</th>
          <th scope="col">{t('bidderStrategy')}</th>
          <th scope="col">{t('bidderMaxBidShort')}</th>
          <th scope="col">{t('bidderRuleState')}</th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {state.rules.map((r) => {
          const s = state.ruleStates.find((x) => x.ruleId === r.id);
          return (
            <tr key={r.id} data-rule={r.id}>
              <td>{r.advertId}</td>
              <td>{r.nmId ?? t('bidderAllItems')}</td>
              <td>{strategyText(r)}</td>
              <td class="num">{formatRub(r.maxBidKopecks)}</td>
              <td>
                <span class={`rule-state ${s?.state ?? r.mode}`}>{t(STATE_LABEL[s?.state ?? r.mode])}</span>
                {s?.reason && <span class="hint"> — {s.reason}</span>}
              </td>
              <td>
                {r.mode === 'dry-run' ? (
                  <button type="button" onClick={() => onMode(r.id, 'live')}>
                    {t('bidderGoLive')}
                  </button>
                ) : (
                  <button type="button" onClick={() => onMode(r.id, 'dry-run')}>
                    {t('bidderGoDryRun')}
                  </button>
                )}{' '}
                {onPause && (
                  <>
                    <button type="button" onClick={() => onPause(r.id, !r.paused)}>
                      {t(r.paused ? 'bidderResume' : 'bidderPause')}
                    </button>{' '}
                  </>
                )}
                {onEdit && (
                  <>
                    <button type="button" onClick={() => onEdit(r.id)}>
                      {t('bidderEditRule')}
                    </button>{' '}
                  </>
                )}
                <ConfirmButton
                  label={t('bidderDeleteRule')}
                  question={t('bidderDeleteRuleQ')}
                  onConfirm={() => onDelete(r.id)}
                />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The kill switch, «Проверить сейчас» and what the last check said. */
export function BidderControls({
  state,
  busy,
  onKillSwitch,
  onRunNow,
}: {
  state: BidderState;
  busy: boolean;
  onKillSwitch: (on: boolean) => void;
  onRunNow: () => void;
}) {
  const last = state.lastCheck;
  return (
    <div class="bidder-controls">
      {state.blocked && (
        <p role="alert" class="error">
          {state.blocked}
        </p>
      )}
      {state.baseLimited && <p class="warn">{t('bidderBaseLimited')}</p>}
      <label class={`kill-switch ${state.settings.killSwitch ? 'on' : ''}`}>
        <input
          type="checkbox"
          checked={state.settings.killSwitch}
          onChange={(e) => onKillSwitch(e.currentTarget.checked)}
        />{' '}
        {t('bidderKillSwitch')}
      </label>{' '}
      <button type="button" onClick={onRunNow} disabled={busy || state.rules.length === 0}>
        {t('bidderRunNow')}
      </button>
      <section aria-label={t('bidderLastCheck')} class="bidder-last-check">
        <h3>{t('bidderLastCheck')}</h3>
        {last ? (
          <>
            <p>{t('bidderLastCheckAt', { at: atMsk(last.at), decisions: last.decisions, writes: last.writes })}</p>
            <ul>
              {last.messages.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
              {last.skipped.map((s, i) => (
                <li key={`s${i}`}>
                  {t('bidderSkipped', { advertId: s.advertId })}: {s.reason}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p class="hint">{t('bidderNoCheckYet')}</p>
        )}
      </section>
    </div>
  );
}

function outcomeText(e: BidderAuditView): string {
  const o = e.outcome;
  const base = t(OUTCOME_LABEL[o.kind]);
  if (o.kind === 'accepted') return `${base}: ${o.wbAnswer}`;
  if (o.kind === 'rejected' || o.kind === 'deferred' || o.kind === 'error') return `${base}: ${o.detail}`;
  return base;
}

/** "Why did this bid change?": the inputs, the rule that fired, old → new and WB's answer. */
export function WhyView({ entry, onClose }: { entry: BidderAuditView; onClose: () => void }) {
  const i = entry.inputs;
  const dash = '—';
  return (
    <section class="bidder-why" aria-label={t('bidderWhy')}>
      <h3>{t('bidderWhy')}</h3>
      <p class="why-change">
        {formatRub(entry.oldBidKopecks)} → {formatRub(entry.newBidKopecks)} · {entry.reasonText}
      </p>
      <dl>
        <dt>{t('bidderWhen')}</dt>
        <dd>{atMsk(entry.at)} МСК</dd>
        <dt>{t('bidderCampaign')}</dt>
        <dd>{entry.advertId}</dd>
        <dt>{t('bidderItem')}</dt>
        <dd>
          {entry.nmId} · {entry.placement}
        </dd>
        <dt>{t('bidderRuleFired')}</dt>
        <dd>
          {entry.firedRule} ({entry.mode === 'live' ? t('bidderStateLive') : t('bidderStateDryRun')})
        </dd>
        <dt>{t('bidderInPosition')}</dt>
        <dd>
          {i.position ?? dash} ({t(SOURCE_LABEL[i.positionSource] ?? 'bidderSourceNone')})
          {i.positionNote ? ` — ${i.positionNote}` : ''}
        </dd>
        <dt>{t('bidderInTarget')}</dt>
        <dd>{i.target ?? dash}</dd>
        <dt>{t('bidderInBid')}</dt>
        <dd>{formatRub(i.currentBidKopecks)}</dd>
        <dt>{t('bidderInMin')}</dt>
        <dd>{formatRub(i.minBidKopecks)}</dd>
        <dt>{t('bidderMaxBidShort')}</dt>
        <dd>{formatRub(i.maxBidKopecks)}</dd>
        <dt>{t('bidderInBudget')}</dt>
        <dd>{i.budget === null ? dash : `${i.budget} ₽`}</dd>
        <dt>{t('bidderInCover')}</dt>
        <dd>{i.daysOfCover ?? dash}</dd>
        <dt>{t('bidderWbAnswer')}</dt>
        <dd>{outcomeText(entry)}</dd>
      </dl>
      <button type="button" onClick={onClose}>
        {t('bidderClose')}
      </button>
    </section>
  );
}

/** The audit log: filters by campaign, item and outcome; CSV export; a row opens the "why" view. */
export function AuditLog({
  entries,
  campaigns,
  filters,
  onFilters,
}: {
  entries: readonly BidderAuditView[];
  campaigns: readonly CampaignBids[];
  filters: AuditFilterValues;
  onFilters: (f: AuditFilterValues) => void;
}) {
  const selected = useSignal<BidderAuditView | null>(null);
  const columns: Column<BidderAuditView>[] = [
    {
      key: 'at',
      header: t('bidderWhen'),
      render: (e) => atMsk(e.at),
      sortValue: (e) => e.at,
      csv: (e) => new Date(e.at).toISOString(),
    },
    { key: 'campaign', header: t('bidderCampaign'), render: (e) => e.advertId, sortValue: (e) => e.advertId },
    { key: 'item', header: t('bidderItem'), render: (e) => e.nmId, sortValue: (e) => e.nmId },
    { key: 'placement', header: t('bidderPlacement'), render: (e) => e.placement, sortValue: (e) => e.placement },
    { key: 'mode', header: t('bidderMode'), render: (e) => e.mode, sortValue: (e) => e.mode },
    {
      key: 'position',
      header: t('bidderInPosition'),
      render: (e) => e.inputs.position ?? '—',
      csv: (e) => e.inputs.position,
      align: 'right',
    },
    {
      key: 'target',
      header: t('bidderInTarget'),
      render: (e) => e.inputs.target ?? '—',
      csv: (e) => e.inputs.target,
      align: 'right',
    },
    {
      key: 'min',
      header: t('bidderInMin'),
      render: (e) => formatRub(e.inputs.minBidKopecks),
      csv: (e) => e.inputs.minBidKopecks / 100,
      align: 'right',
    },
    {
      key: 'budget',
      header: t('bidderInBudget'),
      render: (e) => e.inputs.budget ?? '—',
      csv: (e) => e.inputs.budget,
      align: 'right',
    },
    {
      key: 'cover',
      header: t('bidderInCover'),
      render: (e) => e.inputs.daysOfCover ?? '—',
      csv: (e) => e.inputs.daysOfCover,
      align: 'right',
    },
    { key: 'rule', header: t('bidderRuleFired'), render: (e) => e.firedRule, sortValue: (e) => e.firedRule },
    {
      key: 'old',
      header: t('bidderOldBid'),
      render: (e) => formatRub(e.oldBidKopecks),
      sortValue: (e) => e.oldBidKopecks / 100,
      align: 'right',
    },
    {
      key: 'new',
      header: t('bidderNewBid'),
      render: (e) => formatRub(e.newBidKopecks),
      sortValue: (e) => e.newBidKopecks / 100,
      align: 'right',
    },
    { key: 'reason', header: t('bidderReason'), render: (e) => e.reasonText, csv: (e) => e.reasonText },
    { key: 'outcome', header: t('bidderOutcome'), render: (e) => outcomeText(e), sortValue: (e) => outcomeText(e) },
    {
      key: 'why',
      header: '',
      render: (e) => (
        <button type="button" class="link" onClick={() => (selected.value = e)}>
          {t('bidderWhyShort')}
        </button>
      ),
      csv: () => null,
    },
  ];
  const items = [...new Set(entries.map((e) => e.nmId))].sort((a, b) => a - b);
  return (
    <section class="bidder-audit" aria-label={t('bidderAudit')}>
      <h3>{t('bidderAudit')}</h3>
      <div class="filters">
        <label>
          {t('bidderCampaign')}{' '}
          <select
            value={filters.advertId ? String(filters.advertId) : ''}
            onChange={(e) => {
              const { advertId: _a, ...rest } = filters;
              onFilters(val(e) ? { ...rest, advertId: Number(val(e)) } : rest);
            }}
          >
            <option value="">{t('bidderAll')}</option>
            {campaigns.map((c) => (
              <option key={c.advertId} value={String(c.advertId)}>
                {c.name} ({c.advertId})
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('bidderItem')}{' '}
          <select
            value={filters.nmId ? String(filters.nmId) : ''}
            onChange={(e) => {
              const { nmId: _n, ...rest } = filters;
              onFilters(val(e) ? { ...rest, nmId: Number(val(e)) } : rest);
            }}
          >
            <option value="">{t('bidderAll')}</option>
            {[...new Set([...items, ...(filters.nmId ? [filters.nmId] : [])])].map((n) => (
              <option key={n} value={String(n)}>
                {n}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('bidderOutcome')}{' '}
          <select
            value={filters.outcome ?? ''}
            onChange={(e) => {
              const { outcome: _o, ...rest } = filters;
              onFilters(val(e) ? { ...rest, outcome: val(e) as OutcomeKind } : rest);
            }}
          >
            <option value="">{t('bidderAll')}</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(OUTCOME_LABEL[o])}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DataTable
        id="bidder-audit"
        caption={t('bidderAuditCaption')}
        rows={entries}
        columns={columns}
        empty={t('bidderAuditEmpty')}
        limit={200}
      />
      {selected.value && <WhyView entry={selected.value} onClose={() => (selected.value = null)} />}
    </section>
  );
}
