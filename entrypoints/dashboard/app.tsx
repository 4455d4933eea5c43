import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { DemoBadge, DemoToggle } from '@/components/demo-toggle';
import { EmptyKeyring } from '@/components/keyring-view';
import { LangSwitch } from '@/components/lang-switch';
import { TOKEN_PAGE_URL } from '@/lib/cabinet/routes';
import { t, type MessageKey } from '@/lib/i18n';
import { refreshKeyring, sellers, setLang, watchKeyring } from '@/lib/ui/keyring-client';
import { pickedSellerItem } from '@/lib/storage/picked-seller';
import { PERIOD_PRESETS, presetPeriod, type PeriodPreset } from '@/lib/ui/period';
import { refreshSync, watchSync } from '@/lib/ui/sync-client';
import { DEMO_SELLER_ID, demoBusy, demoOn, fillDemo, removeDemo, watchDemo } from '@/lib/ui/demo-client';
import { SECTIONS } from './sections';

const PRESET_LABEL: Record<PeriodPreset, MessageKey> = {
  today: 'periodToday',
  yesterday: 'periodYesterday',
  '7d': 'period7d',
  '30d': 'period30d',
  '90d': 'period90d',
  '365d': 'period365d',
};

function sectionFromHash(): string {
  const id = location.hash.replace(/^#\/?/, '');
  return SECTIONS.some((s) => s.id === id) ? id : SECTIONS[0]!.id;
}

/** The full-page dashboard: seller and period pickers, tabs of sections (one file each). */
export function Dashboard() {
  const active = useSignal(sectionFromHash());
  const preset = useSignal<PeriodPreset>('30d');
  const sellerId = useSignal<string | null>(null);

  useEffect(() => {
    document.title = t('dashboardTitle');
    const stop = watchKeyring();
    const stopSync = watchSync();
    const stopDemo = watchDemo();
    void refreshKeyring();
    void refreshSync();
    const onHash = () => (active.value = sectionFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      stop();
      stopSync();
      stopDemo();
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  const keyringList = sellers.value;
  // The demo seller joins the keyring's sellers while demo mode is on, labelled «Демо».
  const list =
    keyringList && demoOn.value
      ? [...keyringList, { sellerId: DEMO_SELLER_ID, name: `${t('demoSellerName')} (${t('demoBadge')})` }]
      : keyringList;
  const current =
    sellerId.value && list?.some((s) => s.sellerId === sellerId.value) ? sellerId.value : (list?.[0]?.sellerId ?? null);
  const section = SECTIONS.find((s) => s.id === active.value) ?? SECTIONS[0]!;

  const onTabKey = (e: KeyboardEvent, index: number) => {
    const next = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : null;
    if (next === null) return;
    const target = SECTIONS[(next + SECTIONS.length) % SECTIONS.length]!;
    location.hash = `#/${target.id}`;
    document.getElementById(`tab-${target.id}`)?.focus();
  };

  return (
    <div class="dashboard">
      <header class="dash-header">
        <h1>
          {t('dashboardTitle')}
          {current === DEMO_SELLER_ID && <DemoBadge />}
        </h1>
        <div class="dash-controls">
          {list && list.length > 1 && (
            <label>
              {t('seller')}{' '}
              <select
                value={current ?? ''}
                onChange={(e) => {
                  sellerId.value = (e.currentTarget as HTMLSelectElement).value;
                  // The cabinet panels follow the seller picked here.
                  void pickedSellerItem.setValue(sellerId.value);
                }}
              >
                {list.map((s) => (
                  <option key={s.sellerId} value={s.sellerId}>
                    {s.name ?? t('sellerShort', { id: s.sellerId.slice(-6) })}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('period')}{' '}
            <select
              value={preset.value}
              onChange={(e) => (preset.value = (e.currentTarget as HTMLSelectElement).value as PeriodPreset)}
            >
              {PERIOD_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {t(PRESET_LABEL[p])}
                </option>
              ))}
            </select>
          </label>
          <DemoToggle
            on={demoOn.value}
            busy={demoBusy.value}
            hint={false}
            onFill={() => void fillDemo().then(() => (sellerId.value = DEMO_SELLER_ID))}
            onRemove={() => void removeDemo()}
          />
          <LangSwitch onChange={setLang} />
        </div>
      </header>
      {current === DEMO_SELLER_ID && (
        <p class="demo-banner" role="note">
          {t('demoBanner')}
        </p>
      )}
      <nav role="tablist" aria-label={t('dashboardTitle')} class="tabs">
        {SECTIONS.map((s, i) => (
          <a
            key={s.id}
            id={`tab-${s.id}`}
            role="tab"
            href={`#/${s.id}`}
            aria-selected={s.id === section.id}
            aria-controls="dash-panel"
            tabIndex={s.id === section.id ? 0 : -1}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {t(s.title)}
          </a>
        ))}
      </nav>
      <div id="dash-panel" role="tabpanel" aria-labelledby={`tab-${section.id}`} class="dash-panel">
        {list === null && <p aria-busy="true">{t('loading')}</p>}
        {list && list.length === 0 && (
          <>
            <EmptyKeyring tokenPageUrl={TOKEN_PAGE_URL} />
            <p class="hint">{t('demoHint')}</p>
          </>
        )}
        {list &&
          list.length > 0 &&
          current &&
          section.render({ sellerId: current, period: presetPeriod(preset.value) })}
      </div>
    </div>
  );
}
