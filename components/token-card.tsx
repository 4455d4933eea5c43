import { useSignal } from '@preact/signals';
import { formatDateMsk, formatDuration, formatTimeMsk, lang, t, type MessageKey } from '@/lib/i18n';
import { CATEGORY_LABELS_EN, CATEGORY_LABELS_RU } from '@/lib/token/categories';
import type { TokenView } from '@/lib/token/keyring';
import { ConfirmButton } from './confirm-button';

const TYPE_LABEL: Record<TokenView['type'], MessageKey> = {
  base: 'typeBase',
  personal: 'typePersonal',
  service: 'typeService',
  test: 'typeTest',
  unknown: 'typeUnknown',
};

function statusText(token: TokenView): string {
  const s = token.status;
  if (s.kind === 'ok') return `${t('statusOk')}, ${t('checkedAt', { time: formatTimeMsk(new Date(s.checkedAt)) })}`;
  if (s.kind === 'expired') return t('statusExpired');
  if (s.kind === 'rejected') return t('statusRejected', { reason: s.reason });
  return t('statusUnchecked');
}

/** One token: label, masked value, type, categories, access, expiry countdown, status and its actions. */
export function TokenCard({
  token,
  now,
  onCheck,
  onRemove,
}: {
  token: TokenView;
  now: number;
  onCheck: (id: string) => Promise<string>;
  onRemove: (id: string) => Promise<void>;
}) {
  const busy = useSignal(false);
  const checkMessage = useSignal<string | null>(null);
  const labels = lang.value === 'ru' ? CATEGORY_LABELS_RU : CATEGORY_LABELS_EN;
  const left = token.expiresAt - now;
  const expired = left <= 0 || token.status.kind === 'expired';
  const soon = !expired && left < 14 * 86_400_000;

  const check = async () => {
    busy.value = true;
    checkMessage.value = null;
    try {
      checkMessage.value = await onCheck(token.id);
    } finally {
      busy.value = false;
    }
  };

  return (
    <li class="token" data-token-id={token.id} aria-label={token.label}>
      <div class="token-head">
        <strong class="token-label">{token.label}</strong>
        <span class="pill">{t(TYPE_LABEL[token.type])}</span>
        <span class={`pill ${token.readOnly ? '' : 'pill-write'}`}>
          {token.readOnly ? t('readOnly') : t('readWrite')}
        </span>
      </div>
      <code class="token-mask" aria-label="token">
        {token.masked}
      </code>
      <div class="token-categories">
        {t('categories')}:{' '}
        {token.categories.length ? token.categories.map((c) => labels[c]).join(', ') : t('noCategories')}
      </div>
      {token.sandbox && <div class="hint">{t('sandboxHint')}</div>}
      <div class={`token-expiry ${expired ? 'bad' : soon ? 'warn' : ''}`}>
        {expired
          ? t('expired')
          : `${t('expiresIn', { left: formatDuration(left) })} (${t('expiresOn', { date: formatDateMsk(new Date(token.expiresAt)) })})`}
      </div>
      <div class={`token-status status-${token.status.kind}`}>{statusText(token)}</div>
      <div class="actions">
        <button type="button" onClick={check} disabled={busy.value}>
          {busy.value ? t('checking') : t('checkToken')}
        </button>
        <ConfirmButton
          label={t('remove')}
          question={t('confirmRemoveToken', { label: token.label })}
          onConfirm={() => onRemove(token.id)}
        />
      </div>
      {checkMessage.value && (
        <p class="notice" role="status">
          {checkMessage.value}
        </p>
      )}
    </li>
  );
}
