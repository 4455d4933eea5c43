/**
 * Ads: per campaign and per item, spend, views, clicks, CTR, CPC, orders and the ad spend's share of revenue (ДРР).
 * Spend comes in roubles with kopecks (fullstats); it is summed in integer kopecks. Contexts: any (pure).
 */

export interface AdStatRow {
  advertId: number;
  date: string;
  nmId: number;
  views: number;
  clicks: number;
  /** Spend, roubles. */
  sum: number;
  /** Orders' amount through the ad, roubles. */
  sumPrice: number;
  orders: number;
}

export interface CampaignInfo {
  advertId: number;
  name: string;
  status: number;
  type: number;
}

export interface AdFigures {
  views: number;
  clicks: number;
  /** kopecks */
  spend: number;
  orders: number;
  /** Orders' amount through the ads, kopecks. */
  adOrderSum: number;
  /** clicks / views, percent; null without views. */
  ctr: number | null;
  /** spend / clicks, kopecks; null without clicks. */
  cpc: number | null;
  /** Spend over revenue, percent; null without revenue. */
  drr: number | null;
}

export interface CampaignFigures extends AdFigures {
  advertId: number;
  name: string;
  status: number;
}

export interface AdSkuFigures extends AdFigures {
  nmId: number;
  /** The item's revenue in the period (from the roll-up), kopecks: what ДРР is measured against. */
  revenue: number;
}

interface Acc {
  views: number;
  clicks: number;
  spend: number;
  orders: number;
  adOrderSum: number;
}

const acc = (): Acc => ({ views: 0, clicks: 0, spend: 0, orders: 0, adOrderSum: 0 });

function add(a: Acc, r: AdStatRow) {
  a.views += r.views;
  a.clicks += r.clicks;
  a.spend += Math.round(r.sum * 100);
  a.orders += r.orders;
  a.adOrderSum += Math.round(r.sumPrice * 100);
}

function finish(a: Acc, revenue: number | null): AdFigures {
  return {
    ...a,
    ctr: a.views ? Math.round((10000 * a.clicks) / a.views) / 100 : null,
    cpc: a.clicks ? Math.round(a.spend / a.clicks) : null,
    drr: revenue && revenue > 0 ? Math.round((10000 * a.spend) / revenue) / 100 : null,
  };
}

export interface AdsFigures {
  total: AdFigures;
  campaigns: CampaignFigures[];
  skus: AdSkuFigures[];
}

/**
 * Ads figures for the period [from, to]. `revenueByNm` is each item's revenue (kopecks) from the roll-up; the
 * campaign's ДРР is its spend over the revenue of the items it advertised, the total's over all revenue.
 */
export function adsFigures(
  adStats: Iterable<AdStatRow>,
  campaigns: Iterable<CampaignInfo>,
  revenueByNm: ReadonlyMap<number, number>,
  period?: { from: string; to: string },
): AdsFigures {
  const byCampaign = new Map<number, { a: Acc; nms: Set<number> }>();
  const bySku = new Map<number, Acc>();
  const total = acc();
  for (const r of adStats) {
    if (period && (r.date < period.from || r.date > period.to)) continue;
    let c = byCampaign.get(r.advertId);
    if (!c) byCampaign.set(r.advertId, (c = { a: acc(), nms: new Set() }));
    add(c.a, r);
    c.nms.add(r.nmId);
    let s = bySku.get(r.nmId);
    if (!s) bySku.set(r.nmId, (s = acc()));
    add(s, r);
    add(total, r);
  }
  const info = new Map<number, CampaignInfo>();
  for (const c of campaigns) info.set(c.advertId, c);
  let allRevenue = 0;
  for (const v of revenueByNm.values()) allRevenue += v;
  const revenueOf = (nms: Iterable<number>) => {
    let s = 0;
    for (const nm of nms) s += revenueByNm.get(nm) ?? 0;
    return s;
  };
  return {
    total: finish(total, allRevenue),
    campaigns: [...byCampaign.entries()]
      .map(([advertId, { a, nms }]) => ({
        advertId,
        name: info.get(advertId)?.name ?? '',
        status: info.get(advertId)?.status ?? 0,
        ...finish(a, revenueOf(nms)),
      }))
      .sort((x, y) => y.spend - x.spend || x.advertId - y.advertId),
    skus: [...bySku.entries()]
      .map(([nmId, a]) => ({ nmId, revenue: revenueByNm.get(nmId) ?? 0, ...finish(a, revenueByNm.get(nmId) ?? 0) }))
      .sort((x, y) => y.spend - x.spend || x.nmId - y.nmId),
  };
}

/** Revenue per nmId (kopecks) from roll-up rows. */
export function revenueByNm(rows: Iterable<{ nmId: number; revenue: number }>): Map<number, number> {
  const m = new Map<number, number>();
  for (const r of rows) m.set(r.nmId, (m.get(r.nmId) ?? 0) + r.revenue);
  return m;
}
