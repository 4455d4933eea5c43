import { useSignal } from '@preact/signals';
import { t } from '@/lib/i18n';

export type AddOutcome = { ok: true; created: boolean } | { ok: false; message: string };

/** The paste field «API-токен» with its «Добавить» button; decode errors show inline under it. */
export function AddTokenForm({ onAdd }: { onAdd: (raw: string, label: string) => Promise<AddOutcome> }) {
  const raw = useSignal('');
  const label = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const notice = useSignal<string | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    notice.value = null;
    try {
      const result = await onAdd(raw.value, label.value);
      if (result.ok) {
        raw.value = '';
        label.value = '';
        notice.value = t(result.created ? 'added' : 'updated');
      } else {
        error.value = result.message;
      }
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="add-form" onSubmit={submit} aria-busy={busy.value}>
      <label class="field">
        <span>{t('tokenFieldLabel')}</span>
        <textarea
          name="token"
          rows={3}
          spellcheck={false}
          autocomplete="off"
          placeholder={t('tokenFieldPlaceholder')}
          value={raw.value}
          aria-invalid={error.value ? 'true' : 'false'}
          aria-describedby={error.value ? 'add-token-error' : undefined}
          onInput={(e) => (raw.value = (e.currentTarget as HTMLTextAreaElement).value)}
        />
      </label>
      <label class="field">
        <span>{t('tokenLabelFieldLabel')}</span>
        <input
          name="label"
          maxLength={80}
          autocomplete="off"
          value={label.value}
          onInput={(e) => (label.value = (e.currentTarget as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" class="primary" disabled={busy.value}>
        {busy.value ? t('adding') : t('add')}
      </button>
      {error.value && (
        <p id="add-token-error" class="error" role="alert">
          {error.value}
        </p>
      )}
      {notice.value && (
        <p class="notice" role="status">
          {notice.value}
        </p>
      )}
    </form>
  );
}
