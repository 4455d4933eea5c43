import { lang, t, type Lang } from '@/lib/i18n';

/** RU / EN switch; Russian is the default. */
export function LangSwitch({ onChange }: { onChange: (l: Lang) => void }) {
  return (
    <label class="lang">
      <span class="visually-hidden">{t('language')}</span>
      <select
        aria-label={t('language')}
        value={lang.value}
        onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as Lang)}
      >
        <option value="ru">RU</option>
        <option value="en">EN</option>
      </select>
    </label>
  );
}
