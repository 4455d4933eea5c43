import { t } from '@/lib/i18n';

export interface Kpi {
  id: string;
  label: string;
  value: string;
  /** Change against the previous period, percent; null when the previous one was 0. */
  changePct?: number | null;
  /** Whether a rise is good (orders) or bad (returns): colours the change. */
  goodWhenUp?: boolean;
}

/** The overview's figures as tiles with their change against the previous period. */
export function KpiTiles({ items }: { items: Kpi[] }) {
  return (
    <ul class="kpis">
      {items.map((k) => {
        const up = (k.changePct ?? 0) > 0;
        const cls = k.changePct == null || k.changePct === 0 ? '' : up === (k.goodWhenUp ?? true) ? 'good' : 'bad';
        return (
          <li key={k.id} data-kpi={k.id}>
            <span class="kpi-label">{k.label}</span>
            <strong class="kpi-value">{k.value}</strong>
            {k.changePct !== undefined && (
              <span class={`kpi-change ${cls}`}>
                {k.changePct === null
                  ? t('figNoPrevious')
                  : t('figVsPrevious', {
                      change: `${k.changePct > 0 ? '+' : ''}${k.changePct.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`,
                    })}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
