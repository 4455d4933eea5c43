import { useSignal } from '@preact/signals';
import { DataAge } from '@/components/data-age';
import { DataTable, type Column } from '@/components/data-table';
import { costPriceMap, normalizePrice, parseCostPriceCsv, type CostPrices } from '@/lib/analytics/cost-price';
import {
  mergeFigures,
  emptyFigures,
  unitEconomics,
  type FinanceFigures,
  type SkuWeekFigures,
  type UnitEconomics,
} from '@/lib/analytics/finance';
import { loadDataAge, loadFinance } from '@/lib/analytics/load';
import { formatPlain, formatRub, type Micro } from '@/lib/analytics/money';
import { t } from '@/lib/i18n';
import { getCostPrices, setCostPrices } from '@/lib/storage/cost-prices';
import { useLoad } from '@/lib/ui/analytics-client';
import type { Section, SectionProps } from '../section';

const m = (x: Micro | null) => (x === null ? '—' : formatRub(x));
const mc = (x: Micro | null) => (x === null ? null : formatPlain(x).replace('.', ','));

const FIG: [keyof FinanceFigures & string, Parameters<typeof t>[0]][] = [
  ['sales', 'finSales'],
  ['returns', 'finReturns'],
  ['commission', 'finCommission'],
  ['forPay', 'finForPay'],
  ['logistics', 'finLogistics'],
  ['storage', 'finStorage'],
  ['acceptance', 'finAcceptance'],
  ['penalties', 'finPenalties'],
  ['deductions', 'finDeductions'],
  ['additional', 'finAdditional'],
  ['payout', 'finPayout'],
];

const moneyCols = <T,>(get: (r: T) => FinanceFigures): Column<T>[] =>
  FIG.map(([k, label]) => ({
    key: k,
    header: t(label),
    align: 'right' as const,
    render: (r: T) => m(get(r)[k] as Micro),
    sortValue: (r: T) => get(r)[k] as Micro,
    csv: (r: T) => mc(get(r)[k] as Micro),
  }));

const skuWeekColumns = (): Column<SkuWeekFigures>[] => [
  {
    key: 'week',
    header: t('finWeek'),
    render: (r) => `${r.dateFrom.slice(0, 10)} — ${r.dateTo.slice(0, 10)}`,
    sortValue: (r) => r.dateFrom,
  },
  { key: 'nmId', header: t('skuNmId'), render: (r) => r.nmId, sortValue: (r) => r.nmId },
  { key: 'vendorCode', header: t('skuVendorCode'), render: (r) => r.vendorCode, sortValue: (r) => r.vendorCode },
  {
    key: 'salesQty',
    header: t('finSalesQty'),
    align: 'right',
    render: (r) => r.figures.salesQty,
    sortValue: (r) => r.figures.salesQty,
  },
  {
    key: 'returnsQty',
    header: t('finReturnsQty'),
    align: 'right',
    render: (r) => r.figures.returnsQty,
    sortValue: (r) => r.figures.returnsQty,
  },
  ...moneyCols<SkuWeekFigures>((r) => r.figures),
];

function CostPriceCell({ value, onSave }: { value: string | undefined; onSave: (v: string) => void }) {
  return (
    <input
      class="cost-input"
      inputMode="decimal"
      size={8}
      value={value?.replace('.', ',') ?? ''}
      aria-label={t('ueCost')}
      onChange={(e) => {
        const raw = (e.currentTarget as HTMLInputElement).value.trim().replace(/\s/g, '').replace(',', '.');
        const p = raw === '' ? '' : normalizePrice(raw);
        if (p !== null) onSave(p);
      }}
    />
  );
}

function Finance({ sellerId, period }: SectionProps) {
  const version = useSignal(0);
  const importMsg = useSignal<string | null>(null);
  const res = useLoad(
    (db) => Promise.all([loadFinance(db, sellerId, period), loadDataAge(db, sellerId), getCostPrices(sellerId)]),
    [sellerId, period.from, period.to, version.value],
  );
  if (res.state === 'loading') return <p aria-busy="true">{t('loading')}</p>;
  if (res.state === 'error') return <p class="error">{res.error}</p>;
  const [fin, age, prices] = res.value;
  const save = async (p: CostPrices) => {
    await setCostPrices(sellerId, p);
    version.value++;
  };
  const ue = unitEconomics(fin.perSkuWeek, costPriceMap(prices));
  const vendorOf = new Map(fin.perSkuWeek.map((r) => [r.nmId, r.vendorCode]));
  const missing = ue.filter((u) => u.costPrice === null).length;
  const onImport = async (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    const r = parseCostPriceCsv(await file.text(), new Map([...vendorOf].map(([nm, v]) => [v, nm])));
    importMsg.value = t('ueImported', { n: Object.keys(r.prices).length, errors: r.errors.length });
    await save(r.prices);
  };
  const ueColumns: Column<UnitEconomics>[] = [
    { key: 'nmId', header: t('skuNmId'), render: (r) => r.nmId, sortValue: (r) => r.nmId },
    {
      key: 'vendorCode',
      header: t('skuVendorCode'),
      render: (r) => vendorOf.get(r.nmId) ?? '',
      sortValue: (r) => vendorOf.get(r.nmId) ?? '',
    },
    { key: 'netQty', header: t('ueNetQty'), align: 'right', render: (r) => r.netQty, sortValue: (r) => r.netQty },
    {
      key: 'payout',
      header: t('finPayout'),
      align: 'right',
      render: (r) => m(r.payout),
      sortValue: (r) => r.payout,
      csv: (r) => mc(r.payout),
    },
    {
      key: 'costPrice',
      header: t('ueCost'),
      align: 'right',
      render: (r) => (
        <CostPriceCell value={prices[String(r.nmId)]} onSave={(v) => void save({ [String(r.nmId)]: v })} />
      ),
      sortValue: (r) => r.costPrice ?? -1n,
      csv: (r) => mc(r.costPrice),
    },
    {
      key: 'profit',
      header: t('ueProfit'),
      align: 'right',
      render: (r) => (r.profit === null ? <span class="hint">{t('ueNoCost')}</span> : m(r.profit)),
      sortValue: (r) => r.profit ?? -(10n ** 30n),
      csv: (r) => mc(r.profit),
    },
    {
      key: 'marginPct',
      header: t('ueMargin'),
      align: 'right',
      render: (r) => (r.marginPct === null ? '—' : `${r.marginPct.toLocaleString('ru-RU')} %`),
      sortValue: (r) => r.marginPct ?? -1e9,
      csv: (r) => r.marginPct,
    },
  ];
  const totals = fin.perSkuWeek.reduce((acc, r) => mergeFigures(acc, r.figures), emptyFigures());
  return (
    <section data-section="finance" data-ms={res.ms}>
      <DataAge sources={[{ label: t('srcFinance'), at: age.finance }]} />
      <ul class="kpis">
        {FIG.map(([k, label]) => (
          <li key={k} data-kpi={`fin-${k}`}>
            <span class="kpi-label">{t(label)}</span>
            <strong class="kpi-value">{m(totals[k] as Micro)}</strong>
          </li>
        ))}
      </ul>
      <DataTable
        id="finance-sku-week"
        caption={t('finPerSkuWeek')}
        rows={fin.perSkuWeek}
        columns={skuWeekColumns()}
        limit={200}
      />
      <h2>{t('finReconTitle')}</h2>
      <DataTable
        id="reconciliation"
        caption={t('finReconTitle')}
        rows={fin.reconciliation}
        columns={[
          {
            key: 'week',
            header: t('finWeek'),
            render: (r) => `${r.dateFrom.slice(0, 10)} — ${r.dateTo.slice(0, 10)}`,
            sortValue: (r) => r.dateFrom,
          },
          { key: 'reportId', header: t('finReport'), render: (r) => r.reportId, sortValue: (r) => r.reportId },
          {
            key: 'total',
            header: t('finReportTotal'),
            align: 'right',
            render: (r) => m(r.reportTotal.payout),
            sortValue: (r) => r.reportTotal.payout,
            csv: (r) => mc(r.reportTotal.payout),
          },
          {
            key: 'perSku',
            header: t('finPerSkuTotal'),
            align: 'right',
            render: (r) => m(r.perSkuTotal),
            sortValue: (r) => r.perSkuTotal,
            csv: (r) => mc(r.perSkuTotal),
          },
          {
            key: 'differences',
            header: t('finNotPerSku'),
            render: (r) => r.differences.map((d) => `${d.name}: ${formatRub(d.amount)}`).join('; ') || '—',
            csv: (r) => r.differences.map((d) => `${d.name}: ${formatPlain(d.amount)}`).join('; '),
          },
          {
            key: 'unexplained',
            header: t('finUnexplained'),
            align: 'right',
            render: (r) => m(r.unexplained),
            sortValue: (r) => r.unexplained,
            csv: (r) => mc(r.unexplained),
          },
        ]}
      />
      <h2>{t('ueTitle')}</h2>
      <p class="hint">{t('ueHint')}</p>
      {missing > 0 && (
        <p class="hint" data-no-cost>
          {t('ueNoCostSummary', { n: missing })}
        </p>
      )}
      <label class="file-button">
        {t('ueImport')} <input type="file" accept=".csv,text/csv" onChange={(e) => void onImport(e)} />
      </label>
      {importMsg.value && <p role="status">{importMsg.value}</p>}
      <DataTable id="unit-economics" caption={t('ueTitle')} rows={ue} columns={ueColumns} limit={200} />
    </section>
  );
}

/** Finance per SKU and week from the detailed report, reconciliation with WB's totals, and unit economics. */
export const financeSection: Section = {
  id: 'finance',
  title: 'sectionFinance',
  render: (p) => <Finance {...p} />,
};
