import { t, type MessageKey } from '@/lib/i18n';
import type { Capability, Feature } from '@/lib/token/capabilities';
import { CATEGORY_LABELS_EN, CATEGORY_LABELS_RU } from '@/lib/token/categories';
import { lang } from '@/lib/i18n';

const FEATURE_LABEL: Record<Feature, MessageKey> = {
  orders: 'capOrders',
  stocks: 'capStocks',
  finance: 'capFinance',
  ads: 'capAds',
  bidder: 'capBidder',
};

const BASE_LIMIT: Partial<Record<Feature, MessageKey>> = {
  orders: 'baseOrdersLimit',
  finance: 'baseFinanceLimit',
  ads: 'baseAdsLimit',
  bidder: 'baseBidsLimit',
};

/** The text of what a feature lacks, e.g. «нужен токен с категорией «Продвижение» без флага «Только чтение»». */
export function missingText(cap: Capability): string {
  if (!cap.missing) return '';
  const category = (lang.value === 'ru' ? CATEGORY_LABELS_RU : CATEGORY_LABELS_EN)[cap.missing.category];
  if (cap.missing.kind === 'write') return t('capNeedWrite', { category });
  if (cap.missing.kind === 'notBase') return t('capNeedNotBase');
  return t('capNeedCategory', { category });
}

/** Which features the keyring serves for one seller, and exactly what token is missing for the rest. */
export function CapabilityList({ capabilities }: { capabilities: Capability[] }) {
  const baseLimited = capabilities.some((c) => c.ok && c.baseLimited);
  return (
    <section class="capabilities" aria-label={t('capabilitiesTitle')}>
      <h3>{t('capabilitiesTitle')}</h3>
      <ul>
        {capabilities.map((cap) => {
          const limit = BASE_LIMIT[cap.feature];
          return (
            <li key={cap.feature} class={cap.ok ? 'cap-ok' : 'cap-missing'} data-feature={cap.feature}>
              <span aria-hidden="true">{cap.ok ? '✓' : '✕'}</span> <strong>{t(FEATURE_LABEL[cap.feature])}</strong>
              {': '}
              {cap.ok ? t('capOk') : missingText(cap)}
              {cap.ok && cap.baseLimited && limit && (
                <span class="hint"> ({t('capBaseLimit', { limit: t(limit) })})</span>
              )}
            </li>
          );
        })}
      </ul>
      {baseLimited && <p class="hint">{t('recommendPersonal')}</p>}
    </section>
  );
}
