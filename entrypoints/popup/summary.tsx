import { DemoBadge } from '@/components/demo-toggle';
import { TodaySummary } from '@/components/today-summary';
import { loadDataAge, loadStocks, loadToday } from '@/lib/analytics/load';
import { t } from '@/lib/i18n';
import { dataAgeText, rub, useLoad } from '@/lib/ui/analytics-client';
import { DEMO_SELLER_ID } from '@/lib/ui/demo-client';
import { mskDay } from '@/lib/ui/period';
import { sellerAlerts, type SyncSeller } from './alerts';

type Seller = {
  sellerId: string;
  name: string | null;
  tokens?: { label: string; expiresAt: number; sandbox?: boolean }[];
};

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
