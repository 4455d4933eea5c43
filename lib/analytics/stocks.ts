/**
 * Stocks: per SKU and warehouse, in transit to and from clients, days of cover (stock over the average daily orders
 * of the last 14 days, from the period roll-ups' day records) and the list of items about to run out.
 * Contexts: any (pure).
 */

export interface StockRow {
  nmId: number;
  chrtId: number;
  warehouseId: number;
  warehouseName: string;
  regionName?: string;
  quantity: number;
  inWayToClient: number;
  inWayFromClient: number;
}

export interface OrdersDay {
  day: string;
  nmId: number;
  orders: number;
  cancels?: number;
}

/** Days the demand is averaged over. */
export const COVER_WINDOW_DAYS = 14;
/** Below this many days of cover an item is at risk. */
export const RISK_DAYS = 7;

export interface StockFigures {
  nmId: number;
  quantity: number;
  inWayToClient: number;
  inWayFromClient: number;
  /** Orders per day over the last 14 full days before `today` (cancellations not subtracted: demand). */
  dailyOrders: number;
  /** quantity / dailyOrders, 1 decimal; null when there were no orders (the stock does not run out). */
  daysOfCover: number | null;
  warehouses: {
    warehouseId: number;
    warehouseName: string;
    quantity: number;
    inWayToClient: number;
    inWayFromClient: number;
  }[];
}

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** The 14 full days before `today` (Moscow date): the window the demand is measured over. */
export function coverWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -COVER_WINDOW_DAYS), to: addDays(today, -1) };
}

/**
 * Per nmId: stock summed over sizes and warehouses, and days of cover. Items with orders but no stock are included
 * (0 days of cover: already out of stock). Sorted by days of cover, shortest first (null last).
 */
export function stockCover(
  stocks: Iterable<StockRow>,
  ordersByDay: Iterable<OrdersDay>,
  today: string,
): StockFigures[] {
  const { from, to } = coverWindow(today);
  const demand = new Map<number, number>();
  for (const d of ordersByDay) {
    if (d.day < from || d.day > to) continue;
    demand.set(d.nmId, (demand.get(d.nmId) ?? 0) + d.orders);
  }
  const items = new Map<number, StockFigures>();
  const item = (nmId: number) => {
    let f = items.get(nmId);
    if (!f) {
      f = {
        nmId,
        quantity: 0,
        inWayToClient: 0,
        inWayFromClient: 0,
        dailyOrders: 0,
        daysOfCover: null,
        warehouses: [],
      };
      items.set(nmId, f);
    }
    return f;
  };
  for (const s of stocks) {
    const f = item(s.nmId);
    f.quantity += s.quantity;
    f.inWayToClient += s.inWayToClient;
    f.inWayFromClient += s.inWayFromClient;
    let w = f.warehouses.find((x) => x.warehouseId === s.warehouseId);
    if (!w) {
      w = {
        warehouseId: s.warehouseId,
        warehouseName: s.warehouseName,
        quantity: 0,
        inWayToClient: 0,
        inWayFromClient: 0,
      };
      f.warehouses.push(w);
    }
    w.quantity += s.quantity;
    w.inWayToClient += s.inWayToClient;
    w.inWayFromClient += s.inWayFromClient;
  }
  for (const [nmId, n] of demand) if (n > 0) item(nmId);
  for (const f of items.values()) {
    const n = demand.get(f.nmId) ?? 0;
    f.dailyOrders = Math.round((100 * n) / COVER_WINDOW_DAYS) / 100;
    f.daysOfCover = n > 0 ? Math.round((10 * f.quantity * COVER_WINDOW_DAYS) / n) / 10 : null;
    f.warehouses.sort((a, b) => b.quantity - a.quantity || a.warehouseName.localeCompare(b.warehouseName, 'ru'));
  }
  return [...items.values()].sort(
    (a, b) =>
      (a.daysOfCover ?? Infinity) - (b.daysOfCover ?? Infinity) || b.dailyOrders - a.dailyOrders || a.nmId - b.nmId,
  );
}

/** Items that run out within `days` (default 7) at the current demand. */
export function outOfStockRisk(figures: readonly StockFigures[], days = RISK_DAYS): StockFigures[] {
  return figures.filter((f) => f.daysOfCover !== null && f.daysOfCover < days);
}

/** One row per item and warehouse (for the table and its CSV). */
export function stocksByWarehouse(stocks: Iterable<StockRow>): {
  nmId: number;
  warehouseId: number;
  warehouseName: string;
  quantity: number;
  inWayToClient: number;
  inWayFromClient: number;
}[] {
  const m = new Map<
    string,
    {
      nmId: number;
      warehouseId: number;
      warehouseName: string;
      quantity: number;
      inWayToClient: number;
      inWayFromClient: number;
    }
  >();
  for (const s of stocks) {
    const id = `${s.nmId}|${s.warehouseId}`;
    const r = m.get(id) ?? {
      nmId: s.nmId,
      warehouseId: s.warehouseId,
      warehouseName: s.warehouseName,
      quantity: 0,
      inWayToClient: 0,
      inWayFromClient: 0,
    };
    r.quantity += s.quantity;
    r.inWayToClient += s.inWayToClient;
    r.inWayFromClient += s.inWayFromClient;
    m.set(id, r);
  }
  return [...m.values()].sort((a, b) => a.nmId - b.nmId || a.warehouseName.localeCompare(b.warehouseName, 'ru'));
}
