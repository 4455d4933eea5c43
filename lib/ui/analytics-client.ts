/**
 * The analytics as extension pages read them: one IndexedDB connection of the page (pages may read it directly),
 * a hook that runs a loader for the current seller and period, and money helpers for kopecks.
 * Contexts: extension pages.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Column } from '../../components/data-table';
import { formatPlain, formatRub, fromKopecks } from '../analytics/money';
import { SellerLensDb } from '../db/schema';
import { formatDateMsk, formatTimeMsk, t } from '../i18n';

let db: SellerLensDb | null = null;

/** The page's connection (opened on first use). */
export function pageDb(): SellerLensDb {
  return (db ??= new SellerLensDb());
}

export type Loaded<T> =
  { state: 'loading' } | { state: 'ready'; value: T; ms: number } | { state: 'error'; error: string };

/** Runs `load` whenever `deps` change; the last answer wins. */
export function useLoad<T>(load: (db: SellerLensDb) => Promise<T>, deps: unknown[]): Loaded<T> {
  const [res, setRes] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    setRes({ state: 'loading' });
    const t0 = performance.now();
    load(pageDb()).then(
      (value) => live && setRes({ state: 'ready', value, ms: Math.round(performance.now() - t0) }),
      (e: unknown) => live && setRes({ state: 'error', error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, deps);
  return res;
}

/** Kopecks as «1 234,50 ₽». */
export function rub(kopecks: number | null | undefined): string {
  return kopecks == null ? '—' : formatRub(fromKopecks(kopecks));
}

/** Kopecks as a CSV cell «1234,50» (Excel in a Russian locale reads the comma). */
export function csvRub(kopecks: number | null | undefined): string | null {
  return kopecks == null ? null : formatPlain(fromKopecks(kopecks)).replace('.', ',');
}

/** A percent as «12,5 %», or «—». */
export function pct(x: number | null | undefined): string {
  return x == null ? '—' : `${x.toLocaleString('ru-RU', { maximumFractionDigits: 2 })} %`;
}

/** A count as «1 234». */
export function num(x: number): string {
  return x.toLocaleString('ru-RU');
}

/** «данные на HH:MM МСК» (with the date when not today), or that nothing is loaded yet. */
export function dataAgeText(at: number | null | undefined, now = Date.now()): string {
  if (!at) return t('dataNever');
  const d = new Date(at);
  return formatDateMsk(d) === formatDateMsk(new Date(now))
    ? t('dataAge', { time: formatTimeMsk(d) })
    : t('dataAgeDate', { date: formatDateMsk(d), time: formatTimeMsk(d) });
}

/** A right-aligned count column: shown grouped, sorted and exported as the number. */
export function countColumn<T>(key: string, header: string, get: (r: T) => number): Column<T> {
  return { key, header, align: 'right', render: (r) => num(get(r)), sortValue: get };
}

/** A right-aligned money column (kopecks): shown in roubles, exported as a plain decimal. */
export function rubColumn<T>(key: string, header: string, get: (r: T) => number): Column<T> {
  return { key, header, align: 'right', render: (r) => rub(get(r)), sortValue: get, csv: (r) => csvRub(get(r)) };
}

/** A right-aligned share column (0..1, or null when undefined): rows without a value sort last. */
export function pctColumn<T>(key: string, header: string, get: (r: T) => number | null): Column<T> {
  return { key, header, align: 'right', render: (r) => pct(get(r)), sortValue: (r) => get(r) ?? -1, csv: get };
}
