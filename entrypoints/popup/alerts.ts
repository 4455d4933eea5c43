/**
 * The popup's alerts for one seller: stock running out, a token expiring within 14 days (or expired), sync errors.
 * Pure: a function of the seller's tokens, how many SKUs risk running out, the sync status and the time.
 */
import type { SummaryAlert } from '@/components/today-summary';
import { formatDuration, t } from '@/lib/i18n';
import type { ResponseOf } from '@/lib/messaging';

/** Tokens expiring within this are announced (the keyring's reminders start at 14 days too). */
export const TOKEN_WARN_MS = 14 * 86_400_000;

export interface AlertSeller {
  /** The seller's tokens; sandbox tokens serve no data, so their expiry is no alert (as on the toolbar badge). */
  tokens?: { label: string; expiresAt: number; sandbox?: boolean }[];
}
export type SyncSeller = ResponseOf<'sync.status'>['sellers'][number];

/** Alerts of a seller, stock first, then tokens by expiry, then sync errors (each error once). */
export function sellerAlerts(
  seller: AlertSeller,
  riskCount: number,
  sync: SyncSeller | undefined,
  now: number,
): SummaryAlert[] {
  const out: SummaryAlert[] = [];
  if (riskCount > 0) out.push({ kind: 'stock', text: t('alertStock', { n: riskCount }) });
  const tokens = (seller.tokens ?? []).filter((tok) => !tok.sandbox).sort((a, b) => a.expiresAt - b.expiresAt);
  for (const tok of tokens) {
    const left = tok.expiresAt - now;
    if (left <= 0) out.push({ kind: 'token', text: t('alertTokenExpired', { name: tok.label }) });
    else if (left < TOKEN_WARN_MS)
      out.push({ kind: 'token', text: t('alertToken', { name: tok.label, left: formatDuration(left) }) });
  }
  const errors = [sync?.stopped, ...(sync?.datasets ?? []).map((d) => (d.state === 'error' ? d.lastError : null))];
  for (const detail of new Set(errors.filter((e): e is string => !!e)))
    out.push({ kind: 'sync', text: t('alertSync', { detail }) });
  return out;
}
