import { useSignal } from '@preact/signals';
import { t } from '@/lib/i18n';

/** A destructive action that asks in place (no modal dialog: popups close on `confirm()` in some browsers). */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  class: cls = '',
}: {
  label: string;
  question: string;
  onConfirm: () => void | Promise<void>;
  class?: string;
}) {
  const asking = useSignal(false);
  if (!asking.value) {
    return (
      <button type="button" class={`danger ${cls}`} onClick={() => (asking.value = true)}>
        {label}
      </button>
    );
  }
  return (
    <span class="confirm" role="group" aria-label={question}>
      <span>{question}</span>{' '}
      <button type="button" class="danger" onClick={() => void onConfirm()} autoFocus>
        {t('confirmYes')}
      </button>{' '}
      <button type="button" onClick={() => (asking.value = false)}>
        {t('confirmNo')}
      </button>
    </span>
  );
}
