import { useSignal } from '@preact/signals';
import { DataAge } from '@/components/data-age';
import { DataTable, type Column } from '@/components/data-table';
import type { Baskets } from '@/lib/analytics/baskets';
import { loadBasketsAndSizes, loadDataAge, loadSkus } from '@/lib/analytics/load';
import type { SizeFigures, SkuFigures, StatusCounts } from '@/lib/analytics/sku';
import { t } from '@/lib/i18n';
import { countColumn, num, pageDb, pct, pctColumn, rubColumn, useLoad } from '@/lib/ui/analytics-client';
import type { Period, Section, SectionProps } from '../section';

const statusText = (s: StatusCounts) =>
  (
    [
      ['created', 'statusCreated'],
      ['buyout', 'statusBuyout'],
      ['cancel', 'statusCancel'],
      ['return', 'statusReturn'],
      ['returnDefective', 'statusReturnDefective'],
    ] as const
  )
    .filter(([k]) => s[k] > 0)
    .map(([k, label]) => `${t(label)}: ${s[k]}`)
    .join(', ');

const skuColumns = (): Column<SkuFigures>[] => [
  { key: 'nmId', header: t('skuNmId'), render: (r) => r.nmId, sortValue: (r) => r.nmId },
  { key: 'vendorCode', header: t('skuVendorCode'), render: (r) => r.vendorCode, sortValue: (r) => r.vendorCode },
  { key: 'title', header: t('skuTitle'), render: (r) => r.title, sortValue: (r) => r.title },
  countColumn('orders', t('figOrders'), (r) => r.orders),
  rubColumn('orderSum', t('figOrderSum'), (r) => r.orderSum),
  countColumn('cancels', t('figCancels'), (r) => r.cancels),
  countColumn('sales', t('figSales'), (r) => r.sales),
  countColumn('returns', t('figReturns'), (r) => r.returns),
  pctColumn('buyoutRate', t('figBuyoutRate'), (r) => r.buyoutRate),
  rubColumn('revenue', t('figRevenue'), (r) => r.revenue),
  rubColumn('forPay', t('figForPay'), (r) => r.forPay),
  {
    key: 'statuses',
    header: t('skuStatuses'),
    render: (r) => statusText(r.statuses),
    csv: (r) => statusText(r.statuses),
  },
];

const sizeColumns = (): Column<SizeFigures>[] => [
  { key: 'nmId', header: t('skuNmId'), render: (r) => r.nmId, sortValue: (r) => r.nmId },
  { key: 'vendorCode', header: t('skuVendorCode'), render: (r) => r.vendorCode, sortValue: (r) => r.vendorCode },
  { key: 'techSize', header: t('skuSize'), render: (r) => r.techSize, sortValue: (r) => r.techSize },
  countColumn('orders', t('figOrders'), (r) => r.orders),
  countColumn('cancels', t('figCancels'), (r) => r.cancels),
  countColumn('sales', t('figSales'), (r) => r.sales),
  countColumn('returns', t('figReturns'), (r) => r.returns),
  pctColumn('buyoutRate', t('figBuyoutRate'), (r) => r.buyoutRate),
  rubColumn('revenue', t('figRevenue'), (r) => r.revenue),
  rubColumn('forPay', t('figForPay'), (r) => r.forPay),
];

type BasketRow = Baskets['distribution'][number];

/** Baskets and sizes read raw orders, so they run only when asked, for the period shown. */
function BasketsAndSizes({ sellerId, period }: { sellerId: string; period: Period }) {
  const state = useSignal<{
    key: string;
    busy: boolean;
    value?: Awaited<ReturnType<typeof loadBasketsAndSizes>>;
  } | null>(null);
  const key = `${sellerId}|${period.from}|${period.to}`;
  const cur = state.value?.key === key ? state.value : null;
  const run = async () => {
    state.value = { key, busy: true };
    const value = await loadBasketsAndSizes(pageDb(), sellerId, period);
    if (state.value?.key === key) state.value = { key, busy: false, value };
  };
  const v = cur?.value;
  return (
    <div class="baskets" data-baskets>
      <h2>{t('basketsTitle')}</h2>
      <p class="hint">{t('basketsNote')}</p>
      <button type="button" onClick={() => void run()} disabled={cur?.busy}>
        {t('basketsRun')}
      </button>
      {v && (
        <>
          <p data-basket-average>
            {t('basketsAverage', {
              n: v.baskets.average?.toLocaleString('ru-RU') ?? '—',
              baskets: num(v.baskets.baskets),
              items: num(v.baskets.items),
              ms: v.scannedMs,
            })}
          </p>
          <DataTable<BasketRow>
            id="baskets"
            caption={t('basketsTitle')}
            rows={v.baskets.distribution}
            columns={[
              {
                key: 'size',
                header: t('basketsSize'),
                render: (r) => (r.size >= 5 ? '5+' : r.size),
                sortValue: (r) => r.size,
              },
              countColumn('baskets', t('basketsCount'), (r) => r.baskets),
              {
                key: 'share',
                header: t('basketsShare'),
                align: 'right',
                render: (r) => pct(r.share),
                sortValue: (r) => r.share,
              },
            ]}
          />
          <DataTable id="sizes" caption={t('sizesTable')} rows={v.sizes} columns={sizeColumns()} limit={100} />
        </>
      )}
    </div>
  );
}

function Products({ sellerId, period }: SectionProps) {
  const res = useLoad(
    (db) => Promise.all([loadSkus(db, sellerId, period), loadDataAge(db, sellerId)]),
    [sellerId, period.from, period.to],
  );
  if (res.state === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (res.state === 'error') return <p class="error">{res.error}</p>;
  const [skus, age] = res.value;
  return (
    <section data-section="products" data-ms={res.ms}>
      <DataAge
        sources={[
          { label: t('srcStatistics'), at: Math.max(age.orders ?? 0, age.sales ?? 0) || null },
          { label: t('srcFeed'), at: age.orderFeed },
          { label: t('srcCards'), at: age.cards },
        ]}
      />
      <DataTable
        id="skus"
        caption={t('skuTable')}
        rows={skus}
        columns={skuColumns()}
        initialSort={{ key: 'orders', dir: 'desc' }}
        limit={200}
      />
      <BasketsAndSizes sellerId={sellerId} period={period} />
    </section>
  );
}

/** Each SKU's orders, buyouts, returns, cancellations, statuses, revenue and payout; baskets and sizes on demand. */
export const productsSection: Section = {
  id: 'products',
  title: 'sectionProducts',
  render: (p) => <Products {...p} />,
};
