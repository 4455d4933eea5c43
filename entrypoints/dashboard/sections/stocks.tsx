import { ShareBars } from '@/components/chart';
import { DataAge } from '@/components/data-age';
import { DataTable, type Column } from '@/components/data-table';
import { loadDataAge, loadStocks } from '@/lib/analytics/load';
import type { StockFigures } from '@/lib/analytics/stocks';
import { t } from '@/lib/i18n';
import { countColumn, useLoad } from '@/lib/ui/analytics-client';
import { mskDay } from '@/lib/ui/period';
import type { Section, SectionProps } from '../section';

type WarehouseRow = Awaited<ReturnType<typeof loadStocks>>['byWarehouse'][number];

const cover = (r: StockFigures) =>
  r.daysOfCover === null ? t('stockNoDemand') : r.daysOfCover.toLocaleString('ru-RU');

const itemColumns = (): Column<StockFigures>[] => [
  { key: 'nmId', header: t('skuNmId'), render: (r) => r.nmId, sortValue: (r) => r.nmId },
  countColumn('quantity', t('stockQuantity'), (r) => r.quantity),
  countColumn('inWayToClient', t('stockToClient'), (r) => r.inWayToClient),
  countColumn('inWayFromClient', t('stockFromClient'), (r) => r.inWayFromClient),
  {
    key: 'dailyOrders',
    header: t('stockDailyOrders'),
    align: 'right',
    render: (r) => r.dailyOrders.toLocaleString('ru-RU'),
    sortValue: (r) => r.dailyOrders,
  },
  {
    key: 'daysOfCover',
    header: t('stockCover'),
    align: 'right',
    render: cover,
    sortValue: (r) => r.daysOfCover ?? Number.MAX_SAFE_INTEGER,
    csv: (r) => r.daysOfCover,
  },
  {
    key: 'warehouses',
    header: t('stockWarehouse'),
    render: (r) => r.warehouses.map((w) => `${w.warehouseName}: ${w.quantity}`).join(', '),
    csv: (r) => r.warehouses.map((w) => `${w.warehouseName}: ${w.quantity}`).join(', '),
  },
];

const warehouseColumns = (): Column<WarehouseRow>[] => [
  { key: 'nmId', header: t('skuNmId'), render: (r) => r.nmId, sortValue: (r) => r.nmId },
  {
    key: 'warehouseName',
    header: t('stockWarehouse'),
    render: (r) => r.warehouseName,
    sortValue: (r) => r.warehouseName,
  },
  countColumn('quantity', t('stockQuantity'), (r) => r.quantity),
  countColumn('inWayToClient', t('stockToClient'), (r) => r.inWayToClient),
  countColumn('inWayFromClient', t('stockFromClient'), (r) => r.inWayFromClient),
];

function Stocks({ sellerId }: SectionProps) {
  const today = mskDay(Date.now());
  const res = useLoad(
    (db) => Promise.all([loadStocks(db, sellerId, today), loadDataAge(db, sellerId)]),
    [sellerId, today],
  );
  if (res.state === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (res.state === 'error') return <p class="error">{res.error}</p>;
  const [{ items, risk, byWarehouse }, age] = res.value;
  const shortest = items.filter((i) => i.daysOfCover !== null).slice(0, 15);
  return (
    <section data-section="stocks" data-ms={res.ms}>
      <DataAge
        sources={[
          { label: t('srcStocks'), at: age.stocks },
          { label: t('srcStatistics'), at: age.orders },
        ]}
      />
      <h2>{t('stockRisk')}</h2>
      {risk.length === 0 ? (
        <p class="hint">{t('stockRiskNone')}</p>
      ) : (
        <DataTable id="stock-risk" caption={t('stockRisk')} rows={risk} columns={itemColumns()} />
      )}
      {shortest.length > 0 && (
        <ShareBars
          id="stock-cover"
          title={t('stockCoverChart')}
          items={shortest.map((i) => ({ label: String(i.nmId), value: i.daysOfCover ?? 0, text: cover(i) }))}
        />
      )}
      <DataTable id="stock-items" caption={t('stockItems')} rows={items} columns={itemColumns()} limit={200} />
      <DataTable
        id="stock-warehouses"
        caption={t('stockByWarehouse')}
        rows={byWarehouse}
        columns={warehouseColumns()}
        limit={200}
      />
    </section>
  );
}

/** Stocks per item and warehouse, in transit, days of cover and the items about to run out (period-independent). */
export const stocksSection: Section = {
  id: 'stocks',
  title: 'sectionStocks',
  render: (p) => <Stocks {...p} />,
};
