import { DemoBadge } from '@/components/demo-toggle';
import { TodaySummary, type SummaryAlert } from '@/components/today-summary';
import { loadDataAge, loadStocks, loadToday } from '@/lib/analytics/load';
import type { ResponseOf } from '@/lib/messaging';
import { formatDuration, t } from '@/lib/i18n';
import { dataAgeText, rub, useLoad } from '@/lib/ui/analytics-client';
import { DEMO_SELLER_ID } from '@/lib/ui/demo-client';
import { mskDay } from '@/lib/ui/period';

type Seller = { sellerId: string; name: string | null; tokens?: { label: string; expiresAt: number }[] };
type SyncSeller = ResponseOf<'sync.status'>['sellers'][number];

const TOKEN_WARN_MS = 14 * 86_400_000;

/** Alerts of a seller: stock running out, a token expiring within 14 days, sync errors. */
export function sellerAlerts(
  seller: Seller,
  riskCount: number,
  sync: SyncSeller | undefined,
  now: number,
): SummaryAlert[] {
  const out: SummaryAlert[] = [];
  if (riskCount > 0) out.push({ kind: 'stock', text: t('alertStock', { n: riskCount }) });
  for (const tok of seller.tokens ?? []) {
    const left = tok.expiresAt - now;
    if (left < TOKEN_WARN_MS)
      out.push({ kind: 'token', text: t('alertToken', { name: tok.label, left: formatDuration(Math.max(0, left)) }) });
  }
  if (sync?.stopped) out.push({ kind: 'sync', text: t('alertSync', { detail: sync.stopped }) });
  for (const d of sync?.datasets ?? []) {
    if (d.state === 'error' && d.lastError) out.push({ kind: 'sync', text: t('alertSync', { detail: d.lastError }) });
  }
  return out;
}

/** Today and yesterday for one seller, from the roll-up, with its alerts. */
export function SellerSummary({ seller, sync }: { seller: Seller; sync: SyncSeller | undefined }) {
  const now = Date.now();
  const today = mskDay(now);
  const res = useLoad(
    (db) =>
      Promise.all([
        loadToday(db, seller.sellerId, today),
        loadStocks(db, seller.sellerId, today),
        loadDataAge(db, seller.sellerId),
      ]),
    [seller.sellerId, today],
  );
  if (res.state !== 'ready') return null;
  const [days, stocks, age] = res.value;
  const demo = seller.sellerId === DEMO_SELLER_ID;
  return (
    <TodaySummary
      title={
        <>
          {seller.name ?? t('sellerShort', { id: seller.sellerId.slice(-6) })}
          {demo && <DemoBadge />}
        </>
      }
      today={days.today.totals}
      yesterday={days.yesterday.totals}
      money={rub}
      dataAge={dataAgeText(Math.max(age.orders ?? 0, age.sales ?? 0) || null, now)}
      alerts={sellerAlerts(seller, stocks.risk.length, sync, now)}
    />
  );
}
