import { useSignal } from '@preact/signals';
import { formatDateMsk, formatTimeMsk, t, type MessageKey } from '@/lib/i18n';
import type { ResponseOf } from '@/lib/messaging/protocol';
import { ConfirmButton } from './confirm-button';
import './sync-status.css';

export type SellerSync = ResponseOf<'sync.status'>['sellers'][number];
export type DatasetSync = SellerSync['datasets'][number];

const DATASET_LABEL: Record<DatasetSync['dataset'], MessageKey> = {
  orders: 'syncDatasetOrders',
  sales: 'syncDatasetSales',
  orderFeed: 'syncDatasetOrderFeed',
  stocks: 'syncDatasetStocks',
  finance: 'syncDatasetFinance',
  ads: 'syncDatasetAds',
  cards: 'syncDatasetCards',
};

export const POLL_CHOICES = [5, 10, 15, 30, 60] as const;
export const CLEAR_CHOICES: readonly { days: number; label: MessageKey }[] = [
  { days: 183, label: 'syncClearHalfYear' },
  { days: 365, label: 'syncClearYear' },
  { days: 730, label: 'syncClearTwoYears' },
];

/** «следующий запрос в 14:35 МСК», with the date when it is not today (a Base token's limits are hours long). */
export function nextRequestText(at: number, now: number): string {
  const time = formatTimeMsk(new Date(at));
  const date = formatDateMsk(new Date(at));
  return date === formatDateMsk(new Date(now))
    ? t('syncNextRequest', { time })
    : t('syncNextRequestOn', { date, time });
}

function rowsPages(d: DatasetSync): string {
  return t('syncRowsPages', { rows: d.rowsSoFar.toLocaleString('ru-RU'), pages: d.pages });
}

function DatasetRow({ d, now }: { d: DatasetSync; now: number }) {
  const label = t(DATASET_LABEL[d.dataset]);
  const loading = d.state === 'backfill' || d.state === 'waiting';
  const percent = d.progress === null ? null : Math.round(d.progress * 100);
  return (
    <li class={`sync-row sync-${d.state}`} data-dataset={d.dataset}>
      <strong>{label}</strong>
      {loading && (
        <>
          <div
            class="sync-progress"
            role="progressbar"
            aria-label={t('syncProgressLabel', { dataset: label })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent ?? undefined}
            aria-valuetext={rowsPages(d)}
          >
            <div
              class={percent === null ? 'sync-progress-fill indeterminate' : 'sync-progress-fill'}
              style={percent === null ? undefined : { width: `${percent}%` }}
            />
          </div>
          <span class="hint sync-counts">
            {d.running ? t('syncRunning') : d.state === 'waiting' ? t('syncWaiting') : t('syncBackfill')}
            {' · '}
            {rowsPages(d)}
          </span>
        </>
      )}
      {d.lastSuccessAt !== null && !loading && (
        <span class="sync-fresh">{t('syncDataAt', { time: formatTimeMsk(new Date(d.lastSuccessAt)) })}</span>
      )}
      {d.state === 'skipped' && d.skipReason && (
        <span class="hint sync-skip">{t('syncSkipped', { reason: d.skipReason })}</span>
      )}
      {d.state === 'error' && d.lastError && <span class="error sync-error">{d.lastError}</span>}
      {d.nextAllowedAt !== null && d.state !== 'skipped' && (
        <span class="hint sync-next">{nextRequestText(d.nextAllowedAt, now)}</span>
      )}
    </li>
  );
}

/** A seller's sync: per dataset a progress bar during the first load, then how fresh the data is; and the actions. */
export function SyncStatus({
  status,
  now,
  pollMinutes,
  onSyncNow,
  onPollMinutes,
  onClearHistory,
}: {
  status: SellerSync | undefined;
  now: number;
  pollMinutes: number;
  onSyncNow: () => Promise<void> | void;
  onPollMinutes?: (minutes: number) => void;
  /** Deletes history older than `days`; resolves to the message to show. */
  onClearHistory?: (days: number) => Promise<string>;
}) {
  const notice = useSignal<string | null>(null);
  const clearDays = useSignal<number>(CLEAR_CHOICES[1]!.days);
  const datasets = status?.datasets ?? [];
  return (
    <section class="sync" aria-label={t('syncTitle')}>
      <h3>{t('syncTitle')}</h3>
      {status?.stopped && (
        <p class="error" role="alert">
          {status.stopped}
        </p>
      )}
      {datasets.length === 0 && <p class="hint">{t('syncNotYet')}</p>}
      <ul class="sync-datasets">
        {datasets.map((d) => (
          <DatasetRow key={d.dataset} d={d} now={now} />
        ))}
      </ul>
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={async () => {
            await onSyncNow();
            notice.value = t('syncNowStarted');
          }}
        >
          {t('syncNow')}
        </button>
        {notice.value && (
          <span class="hint" role="status">
            {notice.value}
          </span>
        )}
      </div>
      {(onPollMinutes || onClearHistory) && (
        <details class="sync-settings">
          <summary>{t('syncSettings')}</summary>
          {onPollMinutes && (
            <label class="field">
              <span>{t('syncPollLabel')}</span>
              <select
                value={String(pollMinutes)}
                onChange={(e) => onPollMinutes(Number((e.currentTarget as HTMLSelectElement).value))}
              >
                {POLL_CHOICES.map((n) => (
                  <option key={n} value={String(n)}>
                    {t('syncPollMinutes', { n })}
                  </option>
                ))}
              </select>
            </label>
          )}
          {onClearHistory && (
            <div class="field">
              <label>
                <span>{t('syncClearLabel')}</span>{' '}
                <select
                  value={String(clearDays.value)}
                  onChange={(e) => (clearDays.value = Number((e.currentTarget as HTMLSelectElement).value))}
                >
                  {CLEAR_CHOICES.map((c) => (
                    <option key={c.days} value={String(c.days)}>
                      {t(c.label)}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <ConfirmButton
                label={t('syncClearButton')}
                question={t('syncClearConfirm', {
                  period: t(CLEAR_CHOICES.find((c) => c.days === clearDays.value)!.label),
                })}
                onConfirm={async () => {
                  notice.value = await onClearHistory(clearDays.value);
                }}
              />
            </div>
          )}
        </details>
      )}
    </section>
  );
}
