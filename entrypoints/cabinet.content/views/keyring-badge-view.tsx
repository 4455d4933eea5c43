/**
 * A small docked Seller Lens badge with the keyring's state, from the background by message.
 * Proves the content script → background path; it shows counts only, never anything of a token.
 */
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { isCabinetPage, isTokenPage } from '@/lib/cabinet/routes';
import { formatDuration, lang, pluralRu, t } from '@/lib/i18n';
import { sendMessage, type ResponseOf } from '@/lib/messaging';
import type { Panel } from '../panel';

type Status = ResponseOf<'panel.keyringStatus'>;

function summary(s: Status): string {
  if (s.tokens === 0) return t('badgeNoTokens');
  const tokens =
    lang.value === 'ru'
      ? `${s.tokens} ${pluralRu(s.tokens, ['токен', 'токена', 'токенов'])}`
      : `${s.tokens} token${s.tokens === 1 ? '' : 's'}`;
  const sellers =
    lang.value === 'ru'
      ? `${s.sellers} ${pluralRu(s.sellers, ['продавец', 'продавца', 'продавцов'])}`
      : `${s.sellers} seller${s.sellers === 1 ? '' : 's'}`;
  return t('badgeTokens', { tokens, sellers });
}

function KeyringBadge({ signal }: { signal: AbortSignal }) {
  const status = useSignal<Status | null>(null);
  const collapsed = useSignal(false);
  useEffect(() => {
    sendMessage('panel.keyringStatus', {})
      .then((s) => {
        if (signal.aborted) return;
        lang.value = s.lang;
        status.value = s;
      })
      .catch(() => undefined);
  }, []);
  const s = status.value;
  if (!s) return null;
  return (
    <aside
      id="wbx-keyring-badge"
      class="wbx-badge"
      aria-label={t('badgeTitle')}
      data-state={s.tokens ? 'ready' : 'empty'}
    >
      <button
        type="button"
        class="wbx-toggle"
        aria-expanded={!collapsed.value}
        onClick={() => (collapsed.value = !collapsed.value)}
      >
        {t('badgeTitle')}
      </button>
      {!collapsed.value && (
        <span class="wbx-summary">
          {summary(s)}
          {s.soonestExpiryMs !== null && (
            <span class="wbx-warn"> · {t('badgeExpiring', { left: formatDuration(s.soonestExpiryMs) })}</span>
          )}
        </span>
      )}
    </aside>
  );
}

export const keyringBadgePanel: Panel = {
  id: 'keyring-badge',
  // Not on the token pages: the token guide is Seller Lens there, and the badge would sit on WB's form.
  matches: (url) => isCabinetPage(url) && !isTokenPage(url),
  mount(container, signal) {
    render(<KeyringBadge signal={signal} />, container);
  },
};
