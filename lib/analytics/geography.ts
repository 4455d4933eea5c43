/**
 * Geography: orders and sales by federal district, region and country, with each one's share of the total, from
 * the daily roll-up. Contexts: any (pure).
 */
import { addTotals, emptyTotals, type Totals } from './overview';

export type GeoLevel = 'okrug' | 'region' | 'country';

export interface GeoFigures extends Totals {
  /** The district, region or country as WB names it («—» when WB left it empty). */
  name: string;
  /**
   * For a region: its district and country; for a district, its country. «—» when the group's rows name several (or
   * none), so the figures do not depend on the order of the rows.
   */
  okrug: string;
  country: string;
  /** Share of the period's orders (count), percent. */
  orderShare: number;
  /** Share of the period's buyouts (count), percent. */
  saleShare: number;
}

const UNKNOWN = '—';

/** What geography needs of a row (a DayRow, or a region's period roll-up entry). */
export type GeoRow = Totals & { region: string; okrug: string; country: string };

/** Figures per district, region or country, most orders first (ties by name). */
export function geography(rows: Iterable<GeoRow>, level: GeoLevel = 'region'): GeoFigures[] {
  const groups = new Map<string, GeoFigures>();
  const total = emptyTotals();
  for (const r of rows) {
    const name = (level === 'region' ? r.region : level === 'okrug' ? r.okrug : r.country) || UNKNOWN;
    let g = groups.get(name);
    if (!g) {
      g = {
        name,
        okrug: r.okrug || UNKNOWN,
        country: r.country || UNKNOWN,
        orderShare: 0,
        saleShare: 0,
        ...emptyTotals(),
      };
      groups.set(name, g);
    }
    if (g.okrug !== (r.okrug || UNKNOWN)) g.okrug = UNKNOWN;
    if (g.country !== (r.country || UNKNOWN)) g.country = UNKNOWN;
    addTotals(g, r);
    addTotals(total, r);
  }
  const out = [...groups.values()];
  for (const g of out) {
    g.orderShare = total.orders ? Math.round((10000 * g.orders) / total.orders) / 100 : 0;
    g.saleShare = total.sales ? Math.round((10000 * g.sales) / total.sales) / 100 : 0;
  }
  return out.sort((a, b) => b.orders - a.orders || b.sales - a.sales || a.name.localeCompare(b.name, 'ru'));
}

/** The top `n` by orders, the rest folded into one «Остальные» line (so shares still add up to 100). */
export function topRegions(figures: readonly GeoFigures[], n: number, restName = 'Остальные'): GeoFigures[] {
  if (figures.length <= n) return [...figures];
  const rest: GeoFigures = {
    name: restName,
    okrug: UNKNOWN,
    country: UNKNOWN,
    orderShare: 0,
    saleShare: 0,
    ...emptyTotals(),
  };
  for (const g of figures.slice(n)) {
    addTotals(rest, g);
    rest.orderShare += g.orderShare;
    rest.saleShare += g.saleShare;
  }
  rest.orderShare = Math.round(rest.orderShare * 100) / 100;
  rest.saleShare = Math.round(rest.saleShare * 100) / 100;
  return [...figures.slice(0, n), rest];
}
