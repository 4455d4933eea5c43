/** Generates `_locales/{ru,en}/messages.json` for the manifest from lib/i18n (build time only). */
import { en, ru } from '../lib/i18n/messages';

const MANIFEST_KEYS = ['extName', 'extDescription'] as const;

export function writeLocales(): { relativeDest: string; contents: string }[] {
  return (
    [
      ['ru', ru],
      ['en', en],
    ] as const
  ).map(([code, dict]) => ({
    relativeDest: `_locales/${code}/messages.json`,
    contents: JSON.stringify(Object.fromEntries(MANIFEST_KEYS.map((k) => [k, { message: dict[k] }])), null, 2),
  }));
}
