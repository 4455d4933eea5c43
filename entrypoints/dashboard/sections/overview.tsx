import { useMemo } from 'preact/hooks';
import { DailyChart, formatAxisRub } from '@/components/chart';
import { DataAge } from '@/components/data-age';
import { DataTable, type Column } from '@/components/data-table';
import { KpiTiles, type Kpi } from '@/components/kpi-tiles';
import { loadDataAge, loadOverview } from '@/lib/analytics/load';
import type { DayFigures } from '@/lib/analytics/overview';
import { t } from '@/lib/i18n';
import { csvRub, num, pct, rub, useLoad } from '@/lib/ui/analytics-client';
import type { Section, SectionProps } from '../section';

const dayX = (day: string) => Date.parse(`${day}T00:00:00+03:00`) / 1000;

const money = (key: keyof DayFigures & string, header: string): Column<DayFigures> => ({
  key,
  header,
  align: 'right',
  render: (r) => rub(r[key] as number),
  sortValue: (r) => r[key] as number,
  csv: (r) => csvRub(r[key] as number),
});
const count = (key: keyof DayFigures & string, header: string): Column<DayFigures> => ({
  key,
  header,
  align: 'right',
  render: (r) => num(r[key] as number),
  sortValue: (r) => r[key] as number,
});

function Overview({ sellerId, period }: SectionProps) {
  const res = useLoad(
    (db) => Promise.all([loadOverview(db, sellerId, period), loadDataAge(db, sellerId)]),
    [sellerId, period.from, period.to],
  );
  const data = res.state === 'ready' ? res.value : null;
  const chart = useMemo(() => {
    if (!data) return null;
    const days = data[0].now.byDay;
    return {
      x: days.map((d) => dayX(d.day)),
      counts: [
        { label: t('figOrders'), values: days.map((d) => d.orders), color: '#7b2cbf' },
        { label: t('figSales'), values: days.map((d) => d.sales), color: '#2a9d8f' },
        { label: t('figReturns'), values: days.map((d) => d.returns), color: '#e76f51' },
      ],
      sums: [
        { label: t('figOrderSum'), values: days.map((d) => d.orderSum / 100), color: '#7b2cbf' },
        { label: t('figRevenue'), values: days.map((d) => d.revenue / 100), color: '#2a9d8f' },
      ],
    };
  }, [data]);
  if (res.state === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (res.state === 'error') return <p class="error">{res.error}</p>;
  const [{ now, changes }, age] = res.value;
  const tot = now.totals;
  const kpis: Kpi[] = [
    { id: 'orders', label: t('figOrders'), value: num(tot.orders), changePct: changes.orders.changePct },
    { id: 'orderSum', label: t('figOrderSum'), value: rub(tot.orderSum), changePct: changes.orderSum.changePct },
    { id: 'sales', label: t('figSales'), value: num(tot.sales), changePct: changes.sales.changePct },
    {
      id: 'returns',
      label: t('figReturns'),
      value: num(tot.returns),
      changePct: changes.returns.changePct,
      goodWhenUp: false,
    },
    {
      id: 'cancels',
      label: t('figCancels'),
      value: num(tot.cancels),
      changePct: changes.cancels.changePct,
      goodWhenUp: false,
    },
    {
      id: 'buyoutRate',
      label: t('figBuyoutRate'),
      value: pct(tot.buyoutRate),
      changePct: changes.buyoutRate.changePct,
    },
    {
      id: 'averageCheck',
      label: t('figAverageCheck'),
      value: rub(tot.averageCheck),
      changePct: changes.averageCheck.changePct,
    },
    { id: 'revenue', label: t('figRevenue'), value: rub(tot.revenue), changePct: changes.revenue.changePct },
    { id: 'forPay', label: t('figForPay'), value: rub(tot.forPay), changePct: changes.forPay.changePct },
  ];
  const columns: Column<DayFigures>[] = [
    { key: 'day', header: t('figDay'), render: (r) => r.day, sortValue: (r) => r.day },
    count('orders', t('figOrders')),
    money('orderSum', t('figOrderSum')),
    count('cancels', t('figCancels')),
    count('sales', t('figSales')),
    money('saleSum', t('figSaleSum')),
    count('returns', t('figReturns')),
    money('returnSum', t('figReturnSum')),
    money('revenue', t('figRevenue')),
    money('forPay', t('figForPay')),
  ];
  return (
    <section data-section="overview" data-ms={res.ms}>
      <DataAge sources={[{ label: t('srcStatistics'), at: Math.max(age.orders ?? 0, age.sales ?? 0) || null }]} />
      <KpiTiles items={kpis} />
      {chart && now.byDay.length > 1 && (
        <div class="chart-row">
          <DailyChart id="orders-by-day" title={t('figOrdersByDay')} x={chart.x} series={chart.counts} />
          <DailyChart
            id="sums-by-day"
            title={t('figSumsByDay')}
            x={chart.x}
            series={chart.sums}
            formatY={formatAxisRub}
          />
        </div>
      )}
      <DataTable
        id="overview-days"
        caption={t('figByDayTable')}
        rows={now.byDay}
        columns={columns}
        initialSort={{ key: 'day', dir: 'desc' }}
      />
    </section>
  );
}

/** Orders, buyouts, returns, cancellations, buyout rate, average check and payout, against the previous period. */
export const overviewSection: Section = {
  id: 'overview',
  title: 'sectionOverview',
  render: (p) => <Overview {...p} />,
};
