import { ShareBars } from '@/components/chart';
import { DataAge } from '@/components/data-age';
import { DataTable, type Column } from '@/components/data-table';
import { topRegions, type GeoFigures } from '@/lib/analytics/geography';
import { loadDataAge, loadGeography } from '@/lib/analytics/load';
import { t, type MessageKey } from '@/lib/i18n';
import { countColumn, num, pct, rubColumn, useLoad } from '@/lib/ui/analytics-client';
import type { Section, SectionProps } from '../section';

function columns(nameHeader: string): Column<GeoFigures>[] {
  return [
    { key: 'name', header: nameHeader, render: (r) => r.name, sortValue: (r) => r.name },
    countColumn('orders', t('figOrders'), (r) => r.orders),
    rubColumn('orderSum', t('figOrderSum'), (r) => r.orderSum),
    {
      key: 'orderShare',
      header: t('geoOrderShare'),
      align: 'right',
      render: (r) => pct(r.orderShare),
      sortValue: (r) => r.orderShare,
    },
    countColumn('sales', t('figSales'), (r) => r.sales),
    rubColumn('saleSum', t('figSaleSum'), (r) => r.saleSum),
    {
      key: 'saleShare',
      header: t('geoSaleShare'),
      align: 'right',
      render: (r) => pct(r.saleShare),
      sortValue: (r) => r.saleShare,
    },
    countColumn('returns', t('figReturns'), (r) => r.returns),
    countColumn('cancels', t('figCancels'), (r) => r.cancels),
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
