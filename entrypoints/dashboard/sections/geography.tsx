import { ShareBars } from '@/components/chart';
import { DataAge } from '@/components/data-age';
import { DataTable, type Column } from '@/components/data-table';
import { topRegions, type GeoFigures } from '@/lib/analytics/geography';
import { loadDataAge, loadGeography } from '@/lib/analytics/load';
import { t, type MessageKey } from '@/lib/i18n';
import { csvRub, num, pct, rub, useLoad } from '@/lib/ui/analytics-client';
import type { Section, SectionProps } from '../section';

function columns(nameHeader: string): Column<GeoFigures>[] {
  return [
    { key: 'name', header: nameHeader, render: (r) => r.name, sortValue: (r) => r.name },
    { key: 'orders', header: t('figOrders'), align: 'right', render: (r) => num(r.orders), sortValue: (r) => r.orders },
    {
      key: 'orderSum',
      header: t('figOrderSum'),
      align: 'right',
      render: (r) => rub(r.orderSum),
      sortValue: (r) => r.orderSum,
      csv: (r) => csvRub(r.orderSum),
    },
    {
      key: 'orderShare',
      header: t('geoOrderShare'),
      align: 'right',
      render: (r) => pct(r.orderShare),
      sortValue: (r) => r.orderShare,
    },
    { key: 'sales', header: t('figSales'), align: 'right', render: (r) => num(r.sales), sortValue: (r) => r.sales },
    {
      key: 'saleSum',
      header: t('figSaleSum'),
      align: 'right',
      render: (r) => rub(r.saleSum),
      sortValue: (r) => r.saleSum,
      csv: (r) => csvRub(r.saleSum),
    },
    {
      key: 'saleShare',
      header: t('geoSaleShare'),
      align: 'right',
      render: (r) => pct(r.saleShare),
      sortValue: (r) => r.saleShare,
    },
    {
      key: 'returns',
      header: t('figReturns'),
      align: 'right',
      render: (r) => num(r.returns),
      sortValue: (r) => r.returns,
    },
    {
      key: 'cancels',
      header: t('figCancels'),
      align: 'right',
      render: (r) => num(r.cancels),
      sortValue: (r) => r.cancels,
    },
  ];
}

const TABLES: { level: 'okrug' | 'region' | 'country'; caption: MessageKey; header: MessageKey }[] = [
  { level: 'okrug', caption: 'geoByOkrug', header: 'geoOkrug' },
  { level: 'region', caption: 'geoByRegion', header: 'geoRegion' },
  { level: 'country', caption: 'geoByCountry', header: 'geoCountry' },
];

function Geography({ sellerId, period }: SectionProps) {
  const res = useLoad(
    (db) => Promise.all([loadGeography(db, sellerId, period), loadDataAge(db, sellerId)]),
    [sellerId, period.from, period.to],
  );
  if (res.state === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (res.state === 'error') return <p class="error">{res.error}</p>;
  const [geo, age] = res.value;
  const top = topRegions(geo.region, 10, t('geoRest'));
  return (
    <section data-section="geography" data-ms={res.ms}>
      <DataAge sources={[{ label: t('srcStatistics'), at: Math.max(age.orders ?? 0, age.sales ?? 0) || null }]} />
      {top.length > 0 && (
        <ShareBars
          id="top-regions"
          title={t('geoTopRegions')}
          items={top.map((g) => ({ label: g.name, value: g.orders, text: `${num(g.orders)} · ${pct(g.orderShare)}` }))}
        />
      )}
      {TABLES.map((x) => (
        <DataTable
          key={x.level}
          id={`geo-${x.level}`}
          caption={t(x.caption)}
          rows={geo[x.level]}
          columns={columns(t(x.header))}
          initialSort={{ key: 'orders', dir: 'desc' }}
          limit={x.level === 'region' ? 50 : undefined}
        />
      ))}
    </section>
  );
}

/** Orders and buyouts by federal district, region and country, with shares and the top regions. */
export const geographySection: Section = {
  id: 'geography',
  title: 'sectionGeography',
  render: (p) => <Geography {...p} />,
};
