/**
 * The cabinet panels' figures: read from IndexedDB, computed with lib/analytics, and answered display-ready (short
 * strings, numbers already formatted), so the content script carries no analytics, no dictionary and no database.
 * Also remembers each panel's folded state (content scripts cannot read extension local storage).
 * Contexts: background only.
 */
import { storage } from 'wxt/utils/storage';
import Dexie from 'dexie';
import { adsFigures, revenueByNm } from '../analytics/ads';
import { baskets } from '../analytics/baskets';
import { financeBySkuAndWeek, reconcile, type FinanceLine } from '../analytics/finance';
import { loadGeography, loadOverview, loadSkuTotals, loadStocks } from '../analytics/load';
import { formatRub, type Micro } from '../analytics/money';
import { COVER_WINDOW_DAYS } from '../analytics/stocks';
import { dayOf } from '../db/orders';
import { ofSeller, type Dataset, type SellerLensDb } from '../db/schema';
import { sellerSyncStates } from '../db/sync-state';
import { formatTimeMsk, t, type Lang, type MessageKey } from '../i18n';
import type { Handlers, RequestOf, ResponseOf } from '../messaging';
import type { Keyring } from '../token/keyring';
import { mskDay } from '../ui/period';
import { pickedSellerItem } from '../storage/picked-seller';
import { langItem } from './keyring-service';

export type PanelKind = RequestOf<'panel.figures'>['panel'];
export type PanelFiguresView = ResponseOf<'panel.figures'>;

/** Each panel's folded state. */
export const panelCollapsedItem = storage.defineItem<Partial<Record<PanelKind, boolean>>>('local:panelCollapsed', {
  fallback: {},
  version: 1,
});

export interface PanelServiceDeps {
  db: SellerLensDb;
  keyring: Pick<Keyring, 'sellers'>;
  now?: () => number;
  /** The seller the seller last picked in the dashboard, if it keeps one. */
  preferredSeller?: () => Promise<string | null>;
}

const DAY = 86_400_000;
const OVERVIEW_DAYS = 7;
const REGION_DAYS = 30;
const CAMPAIGN_DAYS = 7;
const LOW_COVER = 14;
const REGION_ROWS = 10;

const TITLE: Record<PanelKind, MessageKey> = {
  overview: 'panelOverviewTitle',
  regions: 'panelRegionsTitle',
  stocks: 'panelStocksTitle',
  finance: 'panelFinanceTitle',
  campaign: 'panelCampaignTitle',
};

/** The datasets a panel's figures come from (their freshness is the panel's). */
const DATASETS: Record<PanelKind, Dataset[]> = {
  overview: ['orders', 'sales'],
  regions: ['orders'],
  stocks: ['stocks', 'orders'],
  finance: ['finance'],
  campaign: ['ads'],
};

/** 12 345 (narrow no-break spaces between thousands, as Russians group digits). */
export function formatCount(n: number, lang: Lang = 'ru'): string {
  const [whole, frac] = String(Math.abs(n)).split('.') as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'ru' ? '\u202f' : ',');
  return `${n < 0 ? '−' : ''}${grouped}${frac ? (lang === 'ru' ? ',' : '.') + frac : ''}`;
}

const kopecksToMicro = (k: number): Micro => BigInt(Math.round(k)) * 10_000n;
const rub = (k: number) => formatRub(kopecksToMicro(k));
const pct = (x: number, lang: Lang) => `${x > 0 ? '+' : ''}${formatCount(x, lang)} %`;
const dm = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}`;
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** «данные на 14:30 МСК» (with the date when it is not today). */
export function dataAge(at: number, now: number, lang: Lang): string {
  const time = formatTimeMsk(new Date(at));
  if (mskDay(at) === mskDay(now)) return t('panelDataAt', { time }, lang);
  return t('panelDataAtDay', { date: dm(mskDay(at)), time }, lang);
}

export function createPanelService({
  db,
  keyring,
  now = Date.now,
  preferredSeller = () => pickedSellerItem.getValue(),
}: PanelServiceDeps) {
  async function pickSeller(): Promise<string | null> {
    const sellers = await keyring.sellers();
    const preferred = await preferredSeller?.().catch(() => null);
    if (preferred && sellers.some((s) => s.sellerId === preferred)) return preferred;
    return sellers[0]?.sellerId ?? null;
  }

  async function names(sellerId: string): Promise<Map<number, string>> {
    const cards = await ofSeller(db.cards, sellerId).toArray();
    return new Map(cards.map((c) => [c.nmId, c.vendorCode || String(c.nmId)]));
  }
  /** The seller's vendor code (what sellers call their article) where the card is known, else WB's nmId. */
  const skuLabel = (nm: Map<number, string>, nmId: number) => (nm.get(nmId) ?? String(nmId)).slice(0, 60);

  async function figures(req: RequestOf<'panel.figures'>): Promise<PanelFiguresView> {
    const lang = await langItem.getValue();
    const at = now();
    const panel = req.panel;
    const title =
      panel === 'campaign' && req.panel === 'campaign'
        ? t(TITLE.campaign, { id: req.campaignId }, lang)
        : t(TITLE[panel], undefined, lang);
    const view: PanelFiguresView = {
      panel,
      lang,
      title,
      subtitle: '',
      collapsed: (await panelCollapsedItem.getValue())[panel] ?? false,
      empty: null,
      stats: [],
      tables: [],
      notes: [],
      asOf: null,
      source: '',
      ui: { collapse: t('panelCollapse', undefined, lang), expand: t('panelExpand', undefined, lang) },
    };
    const sellerId = await pickSeller();
    if (!sellerId) return { ...view, empty: t('panelNoToken', undefined, lang) };

    const states = (await sellerSyncStates(db, sellerId)).filter((s) => DATASETS[panel].includes(s.dataset));
    const done = states.filter((s) => s.lastSuccessAt !== null);
    if (done.length < DATASETS[panel].length) {
      const skipped = states.find((s) => s.skipReason);
      return { ...view, empty: skipped?.skipReason?.slice(0, 200) ?? t('panelNoDataYet', undefined, lang) };
    }
    view.asOf = dataAge(Math.min(...done.map((s) => s.lastSuccessAt!)), at, lang);
    const today = mskDay(at);
    const n = (x: number) => formatCount(x, lang);
    const L = (k: MessageKey, p?: Record<string, string | number>) => t(k, p, lang);

    switch (req.panel) {
      case 'overview': {
        const from = addDays(today, -(OVERVIEW_DAYS - 1));
        const { now: cur, changes } = await loadOverview(db, sellerId, { from, to: today });
        const c = cur.totals;
        const vs = (k: keyof typeof changes) => {
          const ch = changes[k].changePct;
          return ch === null ? null : L('panelVsPrev', { pct: pct(ch, lang), n: OVERVIEW_DAYS });
        };
        view.subtitle = L('panelLastDays', { n: OVERVIEW_DAYS, from: dm(from), to: dm(today) });
        view.stats = [
          { label: L('panelOrders'), value: n(c.orders), note: vs('orders') },
          { label: L('panelOrderSum'), value: rub(c.orderSum), note: vs('orderSum') },
          { label: L('panelBuyouts'), value: n(c.sales), note: vs('sales') },
          { label: L('panelReturns'), value: n(c.returns), note: null },
          { label: L('panelCancels'), value: n(c.cancels), note: null },
          { label: L('panelForPay'), value: rub(c.forPay), note: vs('forPay') },
        ];
        const bySku = new Map<number, { orders: number; sum: number }>();
        for (const r of await loadSkuTotals(db, sellerId, { from, to: today })) {
          const g = bySku.get(r.nmId) ?? { orders: 0, sum: 0 };
          g.orders += r.orders;
          g.sum += r.orderSum;
          bySku.set(r.nmId, g);
        }
        const nm = await names(sellerId);
        const top = [...bySku.entries()]
          .filter(([, g]) => g.orders > 0)
          .sort((a, b) => b[1].orders - a[1].orders || a[0] - b[0]);
        if (top.length)
          view.tables = [
            {
              caption: L('panelTopSkus'),
              columns: [L('panelSku'), L('panelOrders'), L('panelSum')],
              rows: top.slice(0, 5).map(([id, g]) => [skuLabel(nm, id), n(g.orders), rub(g.sum)]),
            },
          ];
        view.source = L('panelSourceStatistics');
        break;
      }
      case 'regions': {
        const from = addDays(today, -(REGION_DAYS - 1));
        const regions = (await loadGeography(db, sellerId, { from, to: today })).region;
        // Baskets need WB's gNumber, which the roll-up cannot hold: the period's raw orders, grouped by region.
        const orders = await ofSeller(db.orders, sellerId)
          .filter((o) => dayOf(o.date) >= from && dayOf(o.date) <= today)
          .toArray();
        const byRegion = new Map<string, typeof orders>();
        for (const o of orders) {
          const r = o.regionName || '—';
          byRegion.set(r, [...(byRegion.get(r) ?? []), o]);
        }
        const all = baskets(orders);
        view.subtitle = L('panelLastDays', { n: REGION_DAYS, from: dm(from), to: dm(today) });
        view.stats = [
          { label: L('panelOrders'), value: n(all.items), note: null },
          { label: L('panelBaskets'), value: n(all.baskets), note: null },
          { label: L('panelItemsPerBasket'), value: all.average === null ? '—' : n(all.average), note: null },
          { label: L('panelRegions'), value: n(regions.length), note: null },
        ];
        if (regions.length)
          view.tables = [
            {
              caption: L('panelRegion'),
              columns: [L('panelRegion'), L('panelOrders'), L('panelBaskets'), L('panelItemsPerBasket'), L('panelSum')],
              rows: regions.slice(0, REGION_ROWS).map((r) => {
                const b = baskets(byRegion.get(r.name) ?? []);
                return [
                  r.name.slice(0, 80),
                  n(r.orders),
                  n(b.baskets),
                  b.average === null ? '—' : n(b.average),
                  rub(r.orderSum),
                ];
              }),
            },
          ];
        view.source = L('panelSourceRegions');
        break;
      }
      case 'stocks': {
        const { items } = await loadStocks(db, sellerId, today);
        const sum = (f: (c: (typeof items)[number]) => number) => items.reduce((s, c) => s + f(c), 0);
        const low = items.filter((c) => c.daysOfCover !== null && c.daysOfCover < LOW_COVER).length;
        const from = addDays(today, -COVER_WINDOW_DAYS);
        view.subtitle = L('panelLastDays', { n: COVER_WINDOW_DAYS, from: dm(from), to: dm(addDays(today, -1)) });
        view.stats = [
          { label: L('panelStockWb'), value: n(sum((c) => c.quantity)), note: null },
          { label: L('panelToClient'), value: n(sum((c) => c.inWayToClient)), note: null },
          { label: L('panelFromClient'), value: n(sum((c) => c.inWayFromClient)), note: null },
          { label: L('panelLowCover', { n: LOW_COVER }), value: n(low), note: null },
        ];
        const nm = await names(sellerId);
        if (items.length)
          view.tables = [
            {
              caption: L('panelSoonestOut'),
              columns: [
                L('panelSku'),
                L('panelStock'),
                L('panelToClient'),
                L('panelFromClient'),
                L('panelOrdersPerDay'),
                L('panelDaysOfCover'),
              ],
              rows: items
                .slice(0, 10)
                .map((c) => [
                  skuLabel(nm, c.nmId),
                  n(c.quantity),
                  n(c.inWayToClient),
                  n(c.inWayFromClient),
                  n(c.dailyOrders),
                  c.daysOfCover === null ? '∞' : n(c.daysOfCover),
                ]),
            },
          ];
        view.source = L('panelSourceStocks', { n: COVER_WINDOW_DAYS });
        break;
      }
      case 'finance': {
        // The latest report: one pass keeps only its rows.
        let latest: FinanceLine[] = [];
        let key = '';
        await ofSeller(db.finance, sellerId).each((r) => {
          const k = `${r.dateFrom}|${r.reportId}`;
          if (k > key) {
            key = k;
            latest = [];
          }
          if (k === key) latest.push(r);
        });
        const [rec] = reconcile(latest);
        if (!rec) return { ...view, empty: L('panelNoDataYet') };
        const f = rec.reportTotal;
        const day = (s: string) => dm(s.slice(0, 10));
        view.subtitle = L('panelReport', { id: rec.reportId, from: day(rec.dateFrom), to: day(rec.dateTo) });
        view.stats = [
          { label: L('panelBuyouts'), value: `${n(f.salesQty)} · ${formatRub(f.sales)}`, note: null },
          { label: L('panelReturns'), value: `${n(f.returnsQty)} · ${formatRub(f.returns)}`, note: null },
          { label: L('panelCommission'), value: formatRub(f.commission), note: null },
          { label: L('panelForPay'), value: formatRub(f.forPay), note: null },
          { label: L('panelLogistics'), value: formatRub(f.logistics), note: null },
          { label: L('panelStorage'), value: formatRub(f.storage), note: null },
          { label: L('panelPenalties'), value: formatRub(f.penalties + f.deductions), note: null },
          { label: L('panelPayout'), value: formatRub(f.payout), note: null },
        ];
        const perSku = financeBySkuAndWeek(latest).sort((a, b) =>
          a.figures.payout < b.figures.payout ? 1 : a.figures.payout > b.figures.payout ? -1 : a.nmId - b.nmId,
        );
        if (perSku.length)
          view.tables = [
            {
              caption: L('panelPerSku'),
              columns: [L('panelSku'), L('panelSold'), L('panelForPay'), L('panelLogistics'), L('panelPayout')],
              rows: perSku
                .slice(0, 10)
                .map((s) => [
                  (s.vendorCode || String(s.nmId)).slice(0, 60),
                  n(s.figures.salesQty - s.figures.returnsQty),
                  formatRub(s.figures.forPay),
                  formatRub(s.figures.logistics),
                  formatRub(s.figures.payout),
                ]),
            },
          ];
        const other = rec.differences.reduce((s, d) => s + d.amount, 0n);
        view.notes = [
          L('panelReconciled', {
            perSku: formatRub(rec.perSkuTotal),
            other: formatRub(other),
            total: formatRub(f.payout),
          }),
          ...rec.differences
            .slice(0, 8)
            .map((d) => L('panelDifference', { name: d.name.slice(0, 200), amount: formatRub(d.amount) })),
          ...(rec.unexplained !== 0n ? [L('panelUnexplained', { amount: formatRub(rec.unexplained) })] : []),
        ];
        view.source = L('panelSourceFinance');
        break;
      }
      case 'campaign': {
        const id = req.campaignId;
        const campaign = await db.campaigns.get([sellerId, id]);
        if (!campaign) return { ...view, empty: L('panelNoCampaign', { id }) };
        const from = addDays(today, -(CAMPAIGN_DAYS - 1));
        const [rows, rollups, bids] = await Promise.all([
          db.adStats
            .where(':id')
            .between([sellerId, id, from, Dexie.minKey], [sellerId, id, today, Dexie.maxKey], true, true)
            .toArray(),
          loadSkuTotals(db, sellerId, { from, to: today }),
          db.bids
            .where(':id')
            .between([sellerId, id, Dexie.minKey], [sellerId, id, Dexie.maxKey], true, true)
            .toArray(),
        ]);
        const ads = adsFigures(rows, [campaign], revenueByNm(rollups), { from, to: today });
        const a = ads.campaigns[0] ?? ads.total;
        view.subtitle = `${campaign.name.slice(0, 100)} · ${L('panelLastDays', { n: CAMPAIGN_DAYS, from: dm(from), to: dm(today) })}`;
        view.stats = [
          { label: L('panelViews'), value: n(a.views), note: null },
          { label: L('panelClicks'), value: n(a.clicks), note: null },
          { label: 'CTR', value: a.ctr === null ? '—' : `${n(a.ctr)} %`, note: null },
          { label: 'CPC', value: a.cpc === null ? '—' : rub(a.cpc), note: null },
          { label: L('panelSpend'), value: rub(a.spend), note: null },
          { label: L('panelOrders'), value: n(a.orders), note: null },
          { label: L('panelCpo'), value: a.orders ? rub(Math.round(a.spend / a.orders)) : '—', note: null },
          { label: L('panelDrr'), value: a.drr === null ? '—' : `${n(a.drr)} %`, note: null },
        ];
        const bySku = new Map(ads.skus.map((s) => [s.nmId, s]));
        const nmIds = [...new Set([...bids.map((b) => b.nmId), ...bySku.keys()])].sort((x, y) => x - y);
        const nm = await names(sellerId);
        if (nmIds.length)
          view.tables = [
            {
              caption: L('panelSku'),
              columns: [
                L('panelSku'),
                L('panelBid'),
                L('panelViews'),
                L('panelClicks'),
                L('panelSpend'),
                L('panelOrders'),
              ],
              rows: nmIds.slice(0, 10).map((nmId) => {
                const f = bySku.get(nmId);
                const b = bids.find((x) => x.nmId === nmId);
                const bid = b ? rub(campaign.placements.search ? b.search : b.recommendations) : '—';
                return [
                  skuLabel(nm, nmId),
                  bid,
                  n(f?.views ?? 0),
                  n(f?.clicks ?? 0),
                  rub(f?.spend ?? 0),
                  n(f?.orders ?? 0),
                ];
              }),
            },
          ];
        view.source = L('panelSourceAds');
        break;
      }
    }
    return view;
  }

  const handlers: Handlers = {
    'panel.figures': (req) => figures(req),
    'panel.setCollapsed': async ({ panel, collapsed }) => {
      const state = await panelCollapsedItem.getValue();
      await panelCollapsedItem.setValue({ ...state, [panel]: collapsed });
      return { ok: true };
    },
  };
  return { figures, handlers };
}
