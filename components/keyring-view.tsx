import type { ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';
import type { SellerView } from '@/lib/token/keyring';
import { CapabilityList } from './capability-list';
import { ConfirmButton } from './confirm-button';
import { TokenCard } from './token-card';

export interface KeyringActions {
  onCheck: (tokenId: string) => Promise<string>;
  onRemove: (tokenId: string) => Promise<void>;
  onRemoveSeller: (sellerId: string) => Promise<void>;
}

/** Every seller with its tokens and capability view. */
export function KeyringView({
  sellers,
  now,
  actions,
  extra,
}: {
  sellers: SellerView[];
  now: number;
  actions: KeyringActions;
  /** More of the seller's section, after its capabilities (the sync status). */
  extra?: (sellerId: string) => ComponentChildren;
}) {
  return (
    <div class="sellers">
      {sellers.map((s) => (
        <section class="seller" key={s.sellerId} data-seller-id={s.sellerId} aria-label={s.name ?? s.sellerId}>
          <h2>{s.name ?? t('sellerShort', { id: s.sellerId.slice(-6) })}</h2>
          <ul class="tokens" aria-label={t('tokens')}>
            {s.tokens.map((tok) => (
              <TokenCard key={tok.id} token={tok} now={now} onCheck={actions.onCheck} onRemove={actions.onRemove} />
            ))}
          </ul>
          <CapabilityList capabilities={s.capabilities} />
          {extra?.(s.sellerId)}
          <ConfirmButton
            class="link"
            label={t('removeSeller')}
            question={t('confirmRemoveSeller', { seller: s.name ?? s.sellerId })}
            onConfirm={() => actions.onRemoveSeller(s.sellerId)}
          />
        </section>
      ))}
    </div>
  );
}

/** The first-run explanation of where tokens come from. */
export function EmptyKeyring({ tokenPageUrl }: { tokenPageUrl: string }) {
  return (
    <section class="empty">
      <h2>{t('emptyTitle')}</h2>
      <p>{t('emptyBody')}</p>
      <a href={tokenPageUrl} target="_blank" rel="noreferrer">
        {t('openTokenPage')}
      </a>
    </section>
  );
}
