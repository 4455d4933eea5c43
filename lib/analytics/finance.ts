/**
 * The detailed realization report turned into what a seller reads: per SKU and per report week, sales, returns,
 * WB's commission, logistics, storage, acceptance, penalties, deductions and the payout; and the reconciliation of
 * those per-SKU figures with the report's own total, naming every difference. Exact decimal arithmetic throughout.
 * Contexts: any (pure).
 */
import { parseMoney, type Micro } from './money';

/** The fields of a finance report row these figures use (a subset of the finance API's row). */
export interface FinanceLine {
  reportId: string;
  dateFrom: string;
  dateTo: string;
  nmId: number;
  vendorCode: string;
  docTypeName: string;
  sellerOperName: string;
  bonusTypeName?: string | null;
  quantity: number;
  retailAmount: string;
  retailPriceWithDisc: string;
  forPay: string;
  deliveryService: string;
  paidStorage: string;
  penalty: string;
  deduction: string;
  paidAcceptance: string;
  additionalPayment: string;
}

export interface FinanceFigures {
  salesQty: number;
  returnsQty: number;
  /** What buyers paid for sold items (retailAmount of «Продажа»). */
  sales: Micro;
  /** The same for returned items (a positive amount). */
  returns: Micro;
  /** WB's commission: the discounted price less what WB passes to the seller, for sales net of returns. */
  commission: Micro;
  /** forPay of sales less forPay of returns: WB's "к перечислению за товар". */
  forPay: Micro;
  logistics: Micro;
  storage: Micro;
  acceptance: Micro;
  penalties: Micro;
  deductions: Micro;
  /** Additional payments (доплаты) WB adds. */
  additional: Micro;
  /** «Итого к оплате»: forPay − logistics − storage − acceptance − penalties − deductions + additional. */
  payout: Micro;
}

export function emptyFigures(): FinanceFigures {
  return {
    salesQty: 0,
    returnsQty: 0,
    sales: 0n,
    returns: 0n,
    commission: 0n,
    forPay: 0n,
    logistics: 0n,
    storage: 0n,
    acceptance: 0n,
    penalties: 0n,
    deductions: 0n,
    additional: 0n,
    payout: 0n,
  };
}

const isReturn = (l: FinanceLine) => l.docTypeName === 'Возврат';
const isSale = (l: FinanceLine) => l.docTypeName === 'Продажа';

/** Adds one row to running figures (mutates `f`). */
export function addLine(f: FinanceFigures, l: FinanceLine): FinanceFigures {
  const forPay = parseMoney(l.forPay);
  if (isSale(l)) {
    f.salesQty += l.quantity;
    f.sales += parseMoney(l.retailAmount);
    f.forPay += forPay;
    f.commission += parseMoney(l.retailPriceWithDisc) - forPay;
  } else if (isReturn(l)) {
    f.returnsQty += l.quantity;
    f.returns += abs(parseMoney(l.retailAmount));
    f.forPay -= abs(forPay);
    f.commission -= abs(parseMoney(l.retailPriceWithDisc)) - abs(forPay);
  }
  f.logistics += parseMoney(l.deliveryService);
  f.storage += parseMoney(l.paidStorage);
  f.acceptance += parseMoney(l.paidAcceptance);
  f.penalties += parseMoney(l.penalty);
  f.deductions += parseMoney(l.deduction);
  f.additional += parseMoney(l.additionalPayment);
  f.payout = f.forPay - f.logistics - f.storage - f.acceptance - f.penalties - f.deductions + f.additional;
  return f;
}

/** The sum of two sets of figures (for a period of several reports). */
export function mergeFigures(a: FinanceFigures, b: FinanceFigures): FinanceFigures {
  return {
    salesQty: a.salesQty + b.salesQty,
    returnsQty: a.returnsQty + b.returnsQty,
    sales: a.sales + b.sales,
    returns: a.returns + b.returns,
    commission: a.commission + b.commission,
    forPay: a.forPay + b.forPay,
    logistics: a.logistics + b.logistics,
    storage: a.storage + b.storage,
    acceptance: a.acceptance + b.acceptance,
    penalties: a.penalties + b.penalties,
    deductions: a.deductions + b.deductions,
    additional: a.additional + b.additional,
    payout: a.payout + b.payout,
  };
}

function abs(m: Micro): Micro {
  return m < 0n ? -m : m;
}

export interface ReportWeek {
  reportId: string;
  dateFrom: string;
  dateTo: string;
}

export interface SkuWeekFigures extends ReportWeek {
  nmId: number;
  vendorCode: string;
  figures: FinanceFigures;
}

/** Figures per SKU (nmId) and report, sorted by report date then SKU. Lines with no SKU (nmId 0) are left out. */
export function financeBySkuAndWeek(lines: Iterable<FinanceLine>): SkuWeekFigures[] {
  const groups = new Map<string, SkuWeekFigures>();
  for (const l of lines) {
    if (!l.nmId) continue;
    const key = `${l.reportId}|${l.nmId}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        reportId: l.reportId,
        dateFrom: l.dateFrom,
        dateTo: l.dateTo,
        nmId: l.nmId,
        vendorCode: l.vendorCode,
        figures: emptyFigures(),
      };
      groups.set(key, g);
    }
    addLine(g.figures, l);
  }
  return [...groups.values()].sort((a, b) => a.dateFrom.localeCompare(b.dateFrom) || a.nmId - b.nmId);
}

export interface Difference {
  /** What WB calls the operation, e.g. «Хранение», «Удержание: Оказание услуг «WB.Продвижение»». */
  name: string;
  /** Its effect on the payout (negative: WB takes it). */
  amount: Micro;
  /** Why it is not in the per-SKU figures. */
  why: 'not-per-sku';
}

export interface Reconciliation extends ReportWeek {
  /** The report's total payout, from all its rows. */
  reportTotal: FinanceFigures;
  /** The sum of the per-SKU payouts. */
  perSkuTotal: Micro;
  /** Each operation WB does not pass per SKU, with its amount. */
  differences: Difference[];
  /** reportTotal.payout − perSkuTotal − Σ differences: zero when every kopeck is explained. */
  unexplained: Micro;
}

/** For each report: our per-SKU totals against the report's total, with every difference named. */
export function reconcile(lines: Iterable<FinanceLine>): Reconciliation[] {
  const reports = new Map<
    string,
    { week: ReportWeek; total: FinanceFigures; perSku: Map<number, FinanceFigures>; other: Map<string, FinanceFigures> }
  >();
  for (const l of lines) {
    let r = reports.get(l.reportId);
    if (!r) {
      r = {
        week: { reportId: l.reportId, dateFrom: l.dateFrom, dateTo: l.dateTo },
        total: emptyFigures(),
        perSku: new Map(),
        other: new Map(),
      };
      reports.set(l.reportId, r);
    }
    addLine(r.total, l);
    if (l.nmId) {
      const f = r.perSku.get(l.nmId) ?? emptyFigures();
      r.perSku.set(l.nmId, addLine(f, l));
    } else {
      const name = l.bonusTypeName ? `${l.sellerOperName}: ${l.bonusTypeName}` : l.sellerOperName;
      const f = r.other.get(name) ?? emptyFigures();
      r.other.set(name, addLine(f, l));
    }
  }
  return [...reports.values()]
    .map(({ week, total, perSku, other }) => {
      let perSkuTotal = 0n;
      for (const f of perSku.values()) perSkuTotal += f.payout;
      const differences: Difference[] = [...other.entries()]
        .map(([name, f]) => ({ name, amount: f.payout, why: 'not-per-sku' as const }))
        .filter((d) => d.amount !== 0n)
        .sort((a, b) => (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : a.name.localeCompare(b.name)));
      const explained = differences.reduce((s, d) => s + d.amount, 0n);
      return {
        ...week,
        reportTotal: total,
        perSkuTotal,
        differences,
        unexplained: total.payout - perSkuTotal - explained,
      };
    })
    .sort((a, b) => a.dateFrom.localeCompare(b.dateFrom));
}

export interface UnitEconomics {
  nmId: number;
  /** Items sold net of returns. */
  netQty: number;
  payout: Micro;
  /** Null when the seller has not entered a cost price: we do not invent profit. */
  costPrice: Micro | null;
  profit: Micro | null;
  /** Profit over payout, in percent; null without a cost price or a payout. */
  marginPct: number | null;
}

/** Profit per SKU from its payout and the seller's cost price per item. */
export function unitEconomics(
  perSku: Iterable<{ nmId: number; figures: FinanceFigures }>,
  costPrices: ReadonlyMap<number, Micro>,
): UnitEconomics[] {
  const by = new Map<number, FinanceFigures>();
  for (const { nmId, figures } of perSku) by.set(nmId, mergeFigures(by.get(nmId) ?? emptyFigures(), figures));
  return [...by.entries()]
    .map(([nmId, f]) => {
      const netQty = f.salesQty - f.returnsQty;
      const cost = costPrices.get(nmId) ?? null;
      const profit = cost === null ? null : f.payout - cost * BigInt(netQty);
      const marginPct = profit === null || f.payout === 0n ? null : Number((profit * 10000n) / f.payout) / 100;
      return { nmId, netQty, payout: f.payout, costPrice: cost, profit, marginPct };
    })
    .sort((a, b) => a.nmId - b.nmId);
}
