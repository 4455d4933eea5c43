import { t } from '@/lib/i18n';
import { dataAgeText } from '@/lib/ui/analytics-client';

/** Where a section's figures come from and how fresh they are: «Источник: … · данные на HH:MM МСК». */
export function DataAge({ sources }: { sources: { label: string; at: number | null | undefined }[] }) {
  return (
    <p class="data-age hint" data-age>
      {sources.map((s, i) => (
        <span key={s.label}>
          {i > 0 && ' · '}
          {t('dataSource', { source: s.label })}, {dataAgeText(s.at)}
        </span>
      ))}
    </p>
  );
}
