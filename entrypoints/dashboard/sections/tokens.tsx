import { SyncStatus } from '@/components/sync-status';
import { KeyringView } from '@/components/keyring-view';
import { checkToken, removeSeller, removeToken, sellers } from '@/lib/ui/keyring-client';
import { clearHistory, setPollMinutes, syncNow, syncStatus } from '@/lib/ui/sync-client';
import type { Section } from '../section';

/** Tokens and sync: the keyring with each seller's sync status. */
export const tokensSection: Section = {
  id: 'tokens',
  title: 'sectionTokens',
  render: () => (
    <KeyringView
      sellers={sellers.value ?? []}
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
  ),
};
