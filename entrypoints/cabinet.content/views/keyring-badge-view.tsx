/**
 * The keyring badge's view: a small docked Seller Lens badge with the keyring's state, from the background by
 * message. It shows counts only, never anything of a token. Loaded lazily (see ../panels/keyring-badge.ts).
 */
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { useSignal } from '@preact/signals';
import { formatDuration, lang, pluralRu, t } from '@/lib/i18n';
import { sendMessage, type ResponseOf } from '@/lib/messaging';

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

/** Renders the badge; returns its unmount. */
export function mountKeyringBadge(container: HTMLElement, signal: AbortSignal): () => void {
  render(<KeyringBadge signal={signal} />, container);
  return () => render(null, container);
}
