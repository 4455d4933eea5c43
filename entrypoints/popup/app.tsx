import { useEffect } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { AddTokenForm } from '@/components/add-token-form';
import { EmptyKeyring, KeyringView } from '@/components/keyring-view';
import { LangSwitch } from '@/components/lang-switch';
import { t } from '@/lib/i18n';
import {
  addToken,
  checkToken,
  loadError,
  refreshKeyring,
  removeSeller,
  removeToken,
  sellers,
  setLang,
  watchKeyring,
} from '@/lib/ui/keyring-client';

import { TOKEN_PAGE_URL } from '@/lib/cabinet/routes';
import { SyncStatus } from '@/components/sync-status';
import { clearHistory, refreshSync, setPollMinutes, syncNow, syncStatus, watchSync } from '@/lib/ui/sync-client';
import { openTokenGuide } from '@/lib/ui/token-guide-client';
import { DemoToggle } from '@/components/demo-toggle';
import { DEMO_SELLER_ID, demoBusy, demoOn, fillDemo, removeDemo, watchDemo } from '@/lib/ui/demo-client';
import { SellerSummary } from './summary';

export function App() {
  useEffect(() => {
    const stop = watchKeyring();
    const stopSync = watchSync();
    const stopDemo = watchDemo();
    void refreshKeyring();
    void refreshSync();
    return () => {
      stop();
      stopSync();
      stopDemo();
    };
  }, []);

  const list = sellers.value;
  return (
    <main>
      <header>
        <h1 id="popup-title">{t('appTitle')}</h1>
        <LangSwitch onChange={setLang} />
      </header>
      <p class="hint">{t('tagline')}</p>
      {loadError.value && (
        <p class="error" role="alert">
          {loadError.value}
        </p>
      )}
      {list === null && !loadError.value && <p aria-busy="true">{t('loading')}</p>}
      {list !== null && list.length === 0 && <EmptyKeyring tokenPageUrl={TOKEN_PAGE_URL} />}
      {list?.map((s) => (
        <SellerSummary
          key={s.sellerId}
          seller={s}
          sync={syncStatus.value?.sellers.find((x) => x.sellerId === s.sellerId)}
        />
      ))}
      {demoOn.value && (
        <SellerSummary seller={{ sellerId: DEMO_SELLER_ID, name: t('demoSellerName') }} sync={undefined} />
      )}
      {list !== null && (list.length === 0 || demoOn.value) && (
        <DemoToggle
          on={demoOn.value}
          busy={demoBusy.value}
          onFill={() => void fillDemo()}
          onRemove={() => void removeDemo()}
        />
      )}
      <button type="button" class="link" onClick={() => void openTokenGuide()}>
        {t('guideOpen')}
      </button>
      <AddTokenForm onAdd={addToken} />
      {list !== null && list.length > 0 && (
        <KeyringView
          sellers={list}
          now={Date.now()}
          actions={{ onCheck: checkToken, onRemove: removeToken, onRemoveSeller: removeSeller }}
          extra={(sellerId) => (
            <SyncStatus
              status={syncStatus.value?.sellers.find((x) => x.sellerId === sellerId)}
              now={Date.now()}
              pollMinutes={syncStatus.value?.pollMinutes ?? 5}
              onSyncNow={() => syncNow(sellerId)}
              onPollMinutes={(m) => void setPollMinutes(m)}
              onClearHistory={(days) => clearHistory(sellerId, days)}
            />
          )}
        />
      )}
      <footer>
        <a href={browser.runtime.getURL('/dashboard.html')} target="_blank" rel="noreferrer">
          {t('openDashboard')}
        </a>
      </footer>
    </main>
  );
}
