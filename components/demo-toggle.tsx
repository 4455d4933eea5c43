import { t } from '@/lib/i18n';

/** The demo-mode switch: fill the demo seller with generated data, or remove it in one click. */
export function DemoToggle({
  on,
  busy,
  onFill,
  onRemove,
  hint = true,
}: {
  on: boolean;
  busy: boolean;
  onFill: () => void;
  onRemove: () => void;
  hint?: boolean;
}) {
  return (
    <div class="demo-toggle" data-demo={on ? 'on' : 'off'}>
      {on ? (
        <button type="button" onClick={onRemove} disabled={busy}>
          {t('demoRemove')}
        </button>
      ) : (
        <button type="button" onClick={onFill} disabled={busy} aria-busy={busy}>
          {busy ? t('demoFilling') : t('demoEnable')}
        </button>
      )}
      {hint && !on && <p class="hint">{t('demoHint')}</p>}
    </div>
  );
}

/** «Демо» next to anything that shows the demo seller's data. */
export function DemoBadge() {
  return <span class="demo-badge">{t('demoBadge')}</span>;
}
