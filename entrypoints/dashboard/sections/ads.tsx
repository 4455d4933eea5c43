import { DataAge } from '@/components/data-age';
import { DataTable, type Column } from '@/components/data-table';
import type { AdFigures, AdSkuFigures, CampaignFigures } from '@/lib/analytics/ads';
import { loadAds, loadDataAge } from '@/lib/analytics/load';
import { t } from '@/lib/i18n';
import { csvRub, num, pct, rub, useLoad } from '@/lib/ui/analytics-client';
import type { Section, SectionProps } from '../section';

function figureCols<T extends AdFigures>(): Column<T>[] {
  return [
    { key: 'views', header: t('adViews'), align: 'right', render: (r) => num(r.views), sortValue: (r) => r.views },
    { key: 'clicks', header: t('adClicks'), align: 'right', render: (r) => num(r.clicks), sortValue: (r) => r.clicks },
    {
      key: 'ctr',
      header: t('adCtr'),
      align: 'right',
      render: (r) => pct(r.ctr),
      sortValue: (r) => r.ctr ?? -1,
      csv: (r) => r.ctr,
    },
    {
      key: 'spend',
      header: t('adSpend'),
      align: 'right',
      render: (r) => rub(r.spend),
      sortValue: (r) => r.spend,
      csv: (r) => csvRub(r.spend),
    },
    {
      key: 'cpc',
      header: t('adCpc'),
      align: 'right',
      render: (r) => rub(r.cpc),
      sortValue: (r) => r.cpc ?? -1,
      csv: (r) => csvRub(r.cpc),
    },
    { key: 'orders', header: t('adOrders'), align: 'right', render: (r) => num(r.orders), sortValue: (r) => r.orders },
    {
      key: 'adOrderSum',
      header: t('adOrderSum'),
      align: 'right',
      render: (r) => rub(r.adOrderSum),
      sortValue: (r) => r.adOrderSum,
      csv: (r) => csvRub(r.adOrderSum),
    },
    {
      key: 'drr',
      header: t('adDrr'),
      align: 'right',
      render: (r) => pct(r.drr),
      sortValue: (r) => r.drr ?? -1,
      csv: (r) => r.drr,
    },
  ];
}

function Ads({ sellerId, period }: SectionProps) {
  const res = useLoad(
    (db) => Promise.all([loadAds(db, sellerId, period), loadDataAge(db, sellerId)]),
    [sellerId, period.from, period.to],
  );
  if (res.state === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (res.state === 'error') return <p class="error">{res.error}</p>;
  const [ads, age] = res.value;
  const campaignCols: Column<CampaignFigures>[] = [
    { key: 'advertId', header: 'ID', render: (r) => r.advertId, sortValue: (r) => r.advertId },
    { key: 'name', header: t('adCampaign'), render: (r) => r.name, sortValue: (r) => r.name },
    ...figureCols<CampaignFigures>(),
  ];
  const skuCols: Column<AdSkuFigures>[] = [
    { key: 'nmId', header: t('skuNmId'), render: (r) => r.nmId, sortValue: (r) => r.nmId },
    ...figureCols<AdSkuFigures>(),
    {
      key: 'revenue',
      header: t('adRevenue'),
      align: 'right',
      render: (r) => rub(r.revenue),
      sortValue: (r) => r.revenue,
      csv: (r) => csvRub(r.revenue),
    },
  ];
  return (
    <section data-section="ads" data-ms={res.ms}>
      <DataAge
        sources={[
          { label: t('srcAds'), at: age.ads },
          { label: t('srcStatistics'), at: age.sales },
        ]}
      />
      <p data-ads-total>{t('adTotal', { spend: rub(ads.total.spend), drr: pct(ads.total.drr) })}</p>
      <DataTable
        id="ads-campaigns"
        caption={t('adByCampaign')}
        rows={ads.campaigns}
        columns={campaignCols}
        initialSort={{ key: 'spend', dir: 'desc' }}
      />
      <DataTable
        id="ads-skus"
        caption={t('adBySku')}
        rows={ads.skus}
        columns={skuCols}
        initialSort={{ key: 'spend', dir: 'desc' }}
        limit={200}
      />
    </section>
  );
}

/** Ads per campaign and SKU: spend, views, clicks, CTR, CPC, orders and ad spend's share of revenue. */
export const adsSection: Section = {
  id: 'ads',
  title: 'sectionAds',
  render: (p) => <Ads {...p} />,
};
