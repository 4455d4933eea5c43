import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { config as zodConfig } from 'zod/mini';
import '@/components/base.css';
import { EmptyKeyring, KeyringView } from '@/components/keyring-view';
import { TOKEN_PAGE_URL } from '@/lib/cabinet/routes';
import { t } from '@/lib/i18n';
import { checkToken, refreshKeyring, removeSeller, removeToken, sellers, watchKeyring } from '@/lib/ui/keyring-client';
import { SyncStatus } from '@/components/sync-status';
import { clearHistory, refreshSync, setPollMinutes, syncNow, syncStatus, watchSync } from '@/lib/ui/sync-client';

zodConfig({ jitless: true });

/** The full-page dashboard: an empty shell until the analytics sections land. */
function Dashboard() {
  useEffect(() => {
    document.title = t('dashboardTitle');
    const stop = watchKeyring();
    const stopSync = watchSync();
    void refreshKeyring();
    void refreshSync();
    return () => {
      stop();
      stopSync();
    };
  }, []);
  const list = sellers.value;
  return (
    <main style={{ maxWidth: '960px', margin: '0 auto', padding: '16px' }}>
      <h1>{t('dashboardTitle')}</h1>
      <p class="hint">{t('dashboardEmpty')}</p>
      {list && list.length === 0 && <EmptyKeyring tokenPageUrl={TOKEN_PAGE_URL} />}
      {list && list.length > 0 && (
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
    </main>
  );
}

render(<Dashboard />, document.getElementById('app')!);
