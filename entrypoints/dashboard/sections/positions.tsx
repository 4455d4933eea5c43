import { useSignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { DataTable, type Column } from '@/components/data-table';
import { PositionChart } from '@/components/positions/position-chart';
import { formatDateMsk, formatTimeMsk, lang, t, type MessageKey } from '@/lib/i18n';
import { sendMessage, type ResponseOf } from '@/lib/messaging';
import { POSITIONS_CHANGED } from '@/lib/messaging/positions-protocol';
import { PUBLIC_HOST_PERMISSIONS } from '@/lib/positions/hosts';
import { POSITION_SOURCE_LABELS, type PositionSource } from '@/lib/positions/official';
import { liveChecksExplained, type LiveChecksSettings } from '@/lib/positions/schedule';
import { num, rub } from '@/lib/ui/analytics-client';
import type { Section, SectionProps } from '../section';

type State = ResponseOf<'positions.state'>;
type Phrase = State['phrases'][number];
type Point = ResponseOf<'positions.history'>['points'][number];
type Table = NonNullable<ResponseOf<'positions.competitors'>['table']>;
type Competitor = Table['competitors'][number];
type SideRow = ResponseOf<'positions.sideBySide'>['rows'][number];

const HOUR_MS = 3_600_000;
const INTERVALS: { ms: number; label: MessageKey }[] = [
  { ms: 24 * HOUR_MS, label: 'positionsEvery24h' },
  { ms: 12 * HOUR_MS, label: 'positionsEvery12h' },
  { ms: 6 * HOUR_MS, label: 'positionsEvery6h' },
  { ms: 3 * HOUR_MS, label: 'positionsEvery3h' },
  { ms: HOUR_MS, label: 'positionsEvery1h' },
];
/** Columns of the side-by-side table, official sources first. */
const SOURCES: PositionSource[] = ['search-report-avg', 'search-report-median', 'live', 'live-organic'];
/** WB's ad positions, read by the bidder for its campaigns: a column only when some row of the SKU has one. */
const AD_SOURCES: PositionSource[] = ['normquery-avg', 'fullstats-avg'];

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const when = (ms: number) => `${formatDateMsk(new Date(ms))} ${formatTimeMsk(new Date(ms))}`;
const pos = (p: number | null | undefined) => (p == null ? '—' : num(Math.round(p * 10) / 10));

function watchPositions(onChange: () => void): () => void {
  const listener = (msg: unknown) => {
    if (typeof msg === 'object' && msg !== null && (msg as { ns?: unknown }).ns === POSITIONS_CHANGED) onChange();
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** The switch of live checks, what they do, today's usage, and the failure that stands (a pause, a new format). */
function LiveSettings({ state, onChanged }: { state: State; onChanged: () => void }) {
  const note = useSignal<string | null>(null);
  const busy = useSignal(false);
  const s = state.settings as LiveChecksSettings;
  const toggle = async (on: boolean) => {
    busy.value = true;
    note.value = null;
    try {
      if (on) {
        // From the seller's click: the browser asks for WB's public search hosts; a refusal keeps checks off.
        const granted = await browser.permissions.request({ origins: [...PUBLIC_HOST_PERMISSIONS] });
        if (!granted) {
          note.value = t('positionsPermissionDenied');
          return;
        }
      }
      const r = await sendMessage('positions.setSettings', { enabled: on });
      if (!r.ok) note.value = r.error;
    } catch (e) {
      note.value = errorText(e);
    } finally {
      busy.value = false;
      onChanged();
    }
  };
  const live = state.liveError;
  return (
    <div class="positions-live" data-positions="settings">
      <label>
        <input
          type="checkbox"
          role="switch"
          checked={s.enabled}
          disabled={busy.value}
          aria-describedby="positions-explained"
          onChange={(e) => void toggle((e.target as HTMLInputElement).checked)}
        />{' '}
        {t('positionsLiveSwitch')}
      </label>
      <p id="positions-explained" class="hint">
        {liveChecksExplained(s, lang.value)}
      </p>
      {note.value && (
        <p class="error" role="alert">
          {note.value}
        </p>
      )}
      {s.enabled && (
        <p class="hint">
          {t('positionsUsage', { used: state.usedToday, cap: s.dailyCap })}
          {state.pause && state.pause.reason !== 'format-changed'
            ? ` ${t('positionsPaused', { time: formatTimeMsk(new Date(state.pause.until)) })}`
            : ''}
        </p>
      )}
      {live && (
        <div class="error" role="alert" data-positions="live-error">
          <p>{live.message}</p>
          <p class="hint">{t('positionsOfficialStay')}</p>
        </div>
      )}
    </div>
  );
}

function Suggestions({ sellerId, nmId, onAdd }: { sellerId: string; nmId: number; onAdd: (phrase: string) => void }) {
  const res = useSignal<ResponseOf<'positions.suggest'> | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    res.value = null;
    sendMessage('positions.suggest', { sellerId, nmId })
      .then((r) => live && (res.value = r))
      .catch((e: unknown) => live && (res.value = { error: errorText(e) }));
    return () => {
      live = false;
    };
  }, [sellerId, nmId]);
  const r = res.value;
  return (
    <section aria-labelledby="positions-suggest-title" data-positions="suggestions">
      <h3 id="positions-suggest-title">{t('positionsSuggestTitle')}</h3>
      {r === null ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : 'available' in r && r.available ? (
        r.suggestions.length === 0 ? (
          <p class="hint">{t('positionsSuggestNone')}</p>
        ) : (
          <ul class="positions-suggestions">
            {r.suggestions.slice(0, 15).map((s) => (
              <li key={s.clusterKey}>
                <button
                  type="button"
                  aria-label={t('positionsSuggestAdd', { phrase: s.phrase })}
                  onClick={() => onAdd(s.phrase)}
                >
                  + {s.phrase}
                </button>{' '}
                <span class="hint">
                  {t('positionsSuggestItem', {
                    orders: num(s.orders),
                    opens: num(s.openCard),
                    avg: pos(s.avgPosition),
                  })}
                </span>
              </li>
            ))}
          </ul>
        )
      ) : (
        <p class="hint">{'error' in r ? r.error : ''}</p>
      )}
    </section>
  );
}

function AddPhrase({ onAdd }: { onAdd: (phrase: string, intervalMs: number) => Promise<string | null> }) {
  const phrase = useSignal('');
  const interval = useSignal(INTERVALS[0]!.ms);
  const error = useSignal<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    error.value = await onAdd(phrase.value, interval.value);
    if (!error.value) phrase.value = '';
  };
  return (
    <form aria-label={t('positionsAddForm')} class="positions-add" onSubmit={(e) => void submit(e)}>
      <label>
        {t('positionsPhrase')}{' '}
        <input
          type="text"
          maxLength={200}
          required
          value={phrase.value}
          onInput={(e) => (phrase.value = (e.target as HTMLInputElement).value)}
        />
      </label>{' '}
      <label>
        {t('positionsInterval')}{' '}
        <select
          value={String(interval.value)}
          onChange={(e) => (interval.value = Number((e.target as HTMLSelectElement).value))}
        >
          {INTERVALS.map((i) => (
            <option key={i.ms} value={String(i.ms)}>
              {t(i.label)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">{t('positionsAdd')}</button>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </form>
  );
}

function phraseState(p: Phrase, enabled: boolean): string {
  if (p.lastError && (p.lastCheckedAt === null || (p.lastAttemptAt ?? 0) > p.lastCheckedAt)) return p.lastError;
  if (p.lastCheckedAt === null) return enabled ? t('positionsNever') : t('positionsOff');
  return p.position === null ? t('positionsNotFound') : '';
}

function PhrasesTable({
  state,
  phrases,
  selected,
  onSelect,
  onRemove,
}: {
  state: State;
  phrases: Phrase[];
  selected: string | null;
  onSelect: (key: string) => void;
  onRemove: (p: Phrase) => void;
}) {
  const enabled = state.settings.enabled;
  const columns: Column<Phrase>[] = [
    { key: 'phrase', header: t('positionsColPhrase'), render: (p) => p.phrase, sortValue: (p) => p.phrase },
    {
      key: 'position',
      header: t('positionsColPosition'),
      align: 'right',
      render: (p) => (p.lastCheckedAt === null ? '—' : p.position === null ? t('positionsNotFound') : pos(p.position)),
      sortValue: (p) => p.position ?? Number.MAX_SAFE_INTEGER,
    },
    {
      key: 'organic',
      header: t('positionsColOrganic'),
      align: 'right',
      render: (p) => pos(p.organicPosition),
      sortValue: (p) => p.organicPosition ?? Number.MAX_SAFE_INTEGER,
    },
    {
      key: 'checked',
      header: t('positionsColChecked'),
      render: (p) => (p.lastCheckedAt === null ? '—' : when(p.lastCheckedAt)),
      sortValue: (p) => p.lastCheckedAt ?? 0,
    },
    {
      key: 'next',
      header: t('positionsColNext'),
      render: (p) => (p.nextCheckAt === null ? '—' : when(Math.max(p.nextCheckAt, Date.now()))),
      csv: (p) => p.nextCheckAt,
    },
    {
      key: 'state',
      header: t('positionsColState'),
      render: (p) => phraseState(p, enabled),
      csv: (p) => phraseState(p, enabled),
    },
    {
      key: 'actions',
      header: t('positionsColActions'),
      render: (p) => (
        <span class="positions-actions">
          <button type="button" aria-pressed={selected === p.clusterKey} onClick={() => onSelect(p.clusterKey)}>
            {t('positionsShow')}
          </button>{' '}
          <button type="button" onClick={() => onRemove(p)}>
            {t('positionsRemove')}
          </button>
        </span>
      ),
      csv: () => null,
    },
  ];
  return (
    <DataTable
      id="positions-phrases"
      caption={t('positionsTracked')}
      rows={phrases}
      columns={columns}
      empty={t('positionsNoPhrases')}
    />
  );
}

function History({
  sellerId,
  nmId,
  phrase,
  version,
}: {
  sellerId: string;
  nmId: number;
  phrase: Phrase;
  version: number;
}) {
  const points = useSignal<Point[] | null>(null);
  const error = useSignal<string | null>(null);
  useEffect(() => {
    let live = true;
    sendMessage('positions.history', { sellerId, nmId, clusterKey: phrase.clusterKey })
      .then((r) => live && ((points.value = r.points), (error.value = null)))
      .catch((e: unknown) => live && (error.value = errorText(e)));
    return () => {
      live = false;
    };
  }, [sellerId, nmId, phrase.clusterKey, version]);
  const p = points.value;
  const x = useMemo(() => (p ?? []).map((r) => Math.round(r.at / 1000)), [p]);
  const series = useMemo(
    () => [
      { label: t('positionsSeriesShown'), values: (p ?? []).map((r) => r.position), color: '#7b2ff7' },
      { label: t('positionsSeriesOrganic'), values: (p ?? []).map((r) => r.organicPosition), color: '#2a9d8f' },
    ],
    [p, lang.value],
  );
  const title = t('positionsHistory', { phrase: phrase.phrase });
  if (error.value) return <p class="error">{error.value}</p>;
  if (p === null) return <p aria-busy="true">{t('loading')}</p>;
  const columns: Column<Point>[] = [
    { key: 'at', header: t('positionsColChecked'), render: (r) => when(r.at), sortValue: (r) => r.at },
    {
      key: 'position',
      header: t('positionsColPosition'),
      align: 'right',
      render: (r) => (r.position === null ? t('positionsNotFoundIn', { n: r.searchedTo }) : pos(r.position)),
      sortValue: (r) => r.position ?? Number.MAX_SAFE_INTEGER,
    },
    {
      key: 'organic',
      header: t('positionsColOrganic'),
      align: 'right',
      render: (r) => pos(r.organicPosition),
      sortValue: (r) => r.organicPosition ?? Number.MAX_SAFE_INTEGER,
    },
    {
      key: 'ad',
      header: t('positionsColAd'),
      render: (r) =>
        r.boosted
          ? r.promoPosition === null
            ? t('positionsAdYes')
            : t('positionsAdSlot', { slot: r.promoPosition })
          : t('positionsOrganicShort'),
      sortValue: (r) => (r.boosted ? 1 : 0),
    },
  ];
  return (
    <section data-positions="history" aria-label={title}>
      {p.length === 0 ? (
        <p class="hint">{t('positionsHistoryEmpty')}</p>
      ) : (
        <>
          {p.length > 1 && <PositionChart id="positions-history" title={title} x={x} series={series} />}
          <DataTable
            id="positions-history"
            caption={title}
            rows={p}
            columns={columns}
            initialSort={{ key: 'at', dir: 'desc' }}
            limit={60}
          />
        </>
      )}
    </section>
  );
}

const competitorColumns = (): Column<Competitor>[] => [
  {
    key: 'position',
    header: t('positionsColPosition'),
    align: 'right',
    render: (c) => num(c.position),
    sortValue: (c) => c.position,
  },
  { key: 'nmId', header: t('positionsColNm'), render: (c) => c.nmId, sortValue: (c) => c.nmId },
  { key: 'name', header: t('positionsColName'), render: (c) => c.name, sortValue: (c) => c.name },
  { key: 'brand', header: t('positionsColBrand'), render: (c) => c.brand, sortValue: (c) => c.brand },
  {
    key: 'ad',
    header: t('positionsColAd'),
    render: (c) =>
      c.isAd ? (
        <strong class="pill" data-ad="true">
          {c.promoPosition === null ? t('positionsAdYes') : t('positionsAdSlot', { slot: c.promoPosition })}
        </strong>
      ) : (
        t('positionsOrganicShort')
      ),
    sortValue: (c) => (c.isAd ? (c.promoPosition ?? 0) : -1),
    csv: (c) => (c.isAd ? (c.promoPosition ?? 'ad') : ''),
  },
  {
    key: 'bid',
    header: t('positionsColBid'),
    align: 'right',
    render: (c) => rub(c.bidKopecks),
    sortValue: (c) => c.bidKopecks ?? -1,
    csv: (c) => c.cpmRub,
  },
  {
    key: 'price',
    header: t('positionsColPrice'),
    align: 'right',
    render: (c) => rub(c.priceKopecks),
    sortValue: (c) => c.priceKopecks ?? -1,
    csv: (c) => (c.priceKopecks === null ? null : c.priceKopecks / 100),
  },
  {
    key: 'rating',
    header: t('positionsColRating'),
    align: 'right',
    render: (c) => (c.rating === null ? '—' : c.rating.toLocaleString('ru-RU', { maximumFractionDigits: 1 })),
    sortValue: (c) => c.rating ?? -1,
  },
  {
    key: 'reviews',
    header: t('positionsColReviews'),
    align: 'right',
    render: (c) => (c.feedbacks === null ? '—' : num(c.feedbacks)),
    sortValue: (c) => c.feedbacks ?? -1,
  },
];

function BidComparison({ bid }: { bid: Table['bid'] }) {
  if (bid.adsAbove === 0) return <p class="hint">{t('positionsNoAdsAbove')}</p>;
  const r = (k: number | null) => (k === null ? '—' : rub(k).replace(/\s*₽$/, ''));
  return (
    <p class="hint" data-positions="bid">
      {t('positionsBidSummary', {
        ads: bid.adsAbove,
        withBid: bid.withBid,
        low: r(bid.lowestKopecks),
        high: r(bid.highestKopecks),
        median: r(bid.medianKopecks),
      })}{' '}
      {bid.sellerBidKopecks === null
        ? t('positionsBidNoSeller')
        : t('positionsBidSeller', {
            bid: r(bid.sellerBidKopecks),
            higher: bid.higherBids,
            notHigher: bid.notHigherBids,
          })}
    </p>
  );
}

function Competitors({ sellerId, phrase, version }: { sellerId: string; phrase: Phrase; version: number }) {
  const table = useSignal<Table | null | undefined>(undefined);
  const error = useSignal<string | null>(null);
  useEffect(() => {
    let live = true;
    sendMessage('positions.competitors', { sellerId, clusterKey: phrase.clusterKey })
      .then((r) => live && ((table.value = r.table), (error.value = null)))
      .catch((e: unknown) => live && (error.value = errorText(e)));
    return () => {
      live = false;
    };
  }, [sellerId, phrase.clusterKey, version]);
  const title = t('positionsCompetitors', { phrase: phrase.phrase });
  const v = table.value;
  return (
    <section data-positions="competitors" aria-label={title}>
      {error.value ? (
        <p class="error">{error.value}</p>
      ) : v === undefined ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : v === null ? (
        <p class="hint">{t('positionsCompetitorsNone')}</p>
      ) : (
        <>
          <p class="hint">
            {t('positionsCompetitorsAt', {
              time: when(v.at),
              total: v.total === null ? '—' : num(v.total),
            })}
          </p>
          <BidComparison bid={v.bid} />
          {v.cardsError && <p class="hint">{v.cardsError}</p>}
          <DataTable
            id="positions-competitors"
            caption={title}
            rows={v.competitors}
            columns={competitorColumns()}
            empty={t('positionsCompetitorsEmpty')}
            limit={300}
          />
        </>
      )}
    </section>
  );
}

function SideBySide({ sellerId, nmId, version }: { sellerId: string; nmId: number; version: number }) {
  const rows = useSignal<SideRow[] | null>(null);
  const error = useSignal<string | null>(null);
  useEffect(() => {
    let live = true;
    sendMessage('positions.sideBySide', { sellerId })
      .then((r) => live && ((rows.value = r.rows), (error.value = null)))
      .catch((e: unknown) => live && (error.value = errorText(e)));
    return () => {
      live = false;
    };
  }, [sellerId, version]);
  if (error.value) return <p class="error">{error.value}</p>;
  if (rows.value === null) return <p aria-busy="true">{t('loading')}</p>;
  const mine = rows.value.filter((r) => r.nmId === nmId);
  const cell = (r: SideRow, s: PositionSource) => r.readings.find((x) => x.source === s);
  const columns: Column<SideRow>[] = [
    {
      key: 'phrase',
      header: t('positionsColPhrase'),
      render: (r) => r.phrase ?? '—',
      sortValue: (r) => r.phrase ?? '',
    },
    ...[...SOURCES, ...AD_SOURCES.filter((s) => mine.some((r) => cell(r, s)))].map((s): Column<SideRow> => ({
      key: s,
      header: POSITION_SOURCE_LABELS[s][lang.value],
      align: 'right',
      render: (r) => {
        const c = cell(r, s);
        if (!c) return '—';
        const text = c.position === null ? t('positionsNotFound') : pos(c.position);
        const at = c.at !== undefined ? when(c.at) : c.period ? `${c.period.start} — ${c.period.end}` : '';
        return <span title={at}>{text}</span>;
      },
      sortValue: (r) => cell(r, s)?.position ?? Number.MAX_SAFE_INTEGER,
      csv: (r) => cell(r, s)?.position ?? null,
    })),
  ];
  return (
    <DataTable
      id="positions-side-by-side"
      caption={t('positionsSideBySide')}
      rows={mine}
      columns={columns}
      empty={t('positionsSideEmpty')}
      limit={100}
    />
  );
}

function Positions({ sellerId }: SectionProps) {
  const state = useSignal<State | null>(null);
  const error = useSignal<string | null>(null);
  const nmId = useSignal<number | null>(null);
  const selected = useSignal<string | null>(null);
  const checking = useSignal(false);
  const checkNote = useSignal<string | null>(null);
  /** Bumped on every change the background broadcasts: history, competitors and the side-by-side reload. */
  const version = useSignal(0);

  const refresh = async () => {
    try {
      const s = await sendMessage('positions.state', { sellerId });
      state.value = s;
      error.value = null;
      if (nmId.value === null || !s.skus.some((k) => k.nmId === nmId.value)) {
        nmId.value = s.phrases[0]?.nmId ?? s.skus[0]?.nmId ?? null;
      }
    } catch (e) {
      error.value = errorText(e);
    }
  };
  useEffect(() => {
    state.value = null;
    nmId.value = null;
    selected.value = null;
    void refresh();
    return watchPositions(() => {
      version.value++;
      void refresh();
    });
  }, [sellerId]);

  if (error.value && !state.value) return <p class="error">{error.value}</p>;
  const s = state.value;
  if (!s) return <p aria-busy="true">{t('loading')}</p>;
  const nm = nmId.value;
  const phrases = s.phrases.filter((p) => p.nmId === nm);
  const current = phrases.find((p) => p.clusterKey === selected.value) ?? phrases[0] ?? null;

  const add = async (phrase: string, intervalMs?: number): Promise<string | null> => {
    if (nm === null) return null;
    try {
      const r = await sendMessage('positions.addPhrase', {
        sellerId,
        nmId: nm,
        phrase,
        ...(intervalMs ? { intervalMs } : {}),
      });
      await refresh();
      return r.ok ? null : r.error;
    } catch (e) {
      return errorText(e);
    }
  };
  const checkNow = async () => {
    checking.value = true;
    checkNote.value = null;
    try {
      const r = await sendMessage('positions.checkNow', { sellerId });
      checkNote.value = r.errors.length ? r.errors.join(' ') : t('positionsChecked', { n: r.checked });
    } catch (e) {
      checkNote.value = errorText(e);
    } finally {
      checking.value = false;
      version.value++;
      await refresh();
    }
  };

  return (
    <section data-section="positions" class="positions">
      <h2>{t('positionsTitle')}</h2>
      <LiveSettings state={s} onChanged={() => void refresh()} />
      {s.skus.length === 0 ? (
        <p class="hint">{t('positionsNoSkus')}</p>
      ) : (
        <>
          <p>
            <label for="positions-sku">{t('positionsSku')}</label>{' '}
            <select
              id="positions-sku"
              value={nm === null ? '' : String(nm)}
              onChange={(e) => {
                nmId.value = Number((e.target as HTMLSelectElement).value);
                selected.value = null;
              }}
            >
              {s.skus.map((k) => (
                <option key={k.nmId} value={String(k.nmId)}>
                  {k.nmId}
                  {k.vendorCode ? ` · ${k.vendorCode}` : ''}
                  {k.title ? ` · ${k.title}` : ''}
                </option>
              ))}
            </select>{' '}
            <button type="button" disabled={checking.value || s.phrases.length === 0} onClick={() => void checkNow()}>
              {t('positionsCheckNow')}
            </button>
          </p>
          <p role="status" class="hint">
            {checking.value ? t('positionsChecking') : (checkNote.value ?? '')}
          </p>
          {nm !== null && (
            <>
              <AddPhrase onAdd={add} />
              <Suggestions sellerId={sellerId} nmId={nm} onAdd={(p) => void add(p)} />
              <PhrasesTable
                state={s}
                phrases={phrases}
                selected={current?.clusterKey ?? null}
                onSelect={(k) => (selected.value = k)}
                onRemove={(p) =>
                  void sendMessage('positions.removePhrase', { sellerId, nmId: p.nmId, clusterKey: p.clusterKey })
                    .catch(() => undefined)
                    .then(refresh)
                }
              />
              {current && (
                <>
                  <History sellerId={sellerId} nmId={nm} phrase={current} version={version.value} />
                  <Competitors sellerId={sellerId} phrase={current} version={version.value} />
                </>
              )}
              <SideBySide sellerId={sellerId} nmId={nm} version={version.value} />
            </>
          )}
        </>
      )}
    </section>
  );
}

/** Позиции: phrases per SKU, live checks (opt-in), history, competitors, and WB's official positions beside them. */
export const positionsSection: Section = {
  id: 'positions',
  title: 'sectionPositions',
  render: (p) => <Positions {...p} />,
};
