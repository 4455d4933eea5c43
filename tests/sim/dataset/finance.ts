/**
 * Realisation-report details (`POST /api/finance/v1/sales-reports/detailed`): one row per operation (sale, return,
 * logistics, storage, deductions, penalties, paid acceptance) grouped into weekly or daily reports. Money fields
 * are decimal strings and `reportId` exceeds 2^53, as WB sends them. Row ids (`rrdId`) ascend with time, so
 * paging by "rrdId greater than the last one" walks the report in order.
 */
import { SELLER_WAREHOUSE, WB_WAREHOUSES } from '../catalog';
import { DAY_SEC, dayString, formatUtc, mskDay, mskDayStartSec } from '../msk-time';
import { hashDigits, hashInt, hashUnit } from '../prng';
import { ORDER_B2B, ORDER_FBS, SALE_KIND_SALE, type OrderStore } from './orders';

export const FIN_KINDS = [
  'sale',
  'return',
  'logistics',
  'logisticsReturn',
  'storage',
  'deduction',
  'penalty',
  'acceptance',
] as const;
export type FinanceKind = (typeof FIN_KINDS)[number];

const K_SALE = 0;
const K_RETURN = 1;
const K_LOGISTICS = 2;
const K_LOGISTICS_RETURN = 3;
const K_STORAGE = 4;
const K_DEDUCTION = 5;
const K_PENALTY = 6;
const K_ACCEPTANCE = 7;

export type ReportPeriod = 'weekly' | 'daily';

/** Beyond 2^53 and odd, so a plain JSON.parse cannot keep the digits. */
const REPORT_ID_BASE = 9_007_199_254_740_993n;

/** Week number of a Moscow day (weeks start on Monday). */
export function weekOfDay(day: number): number {
  return Math.floor((day + 3) / 7);
}

/** First Moscow day (Monday) of a week number. */
export function weekStartDay(week: number): number {
  return week * 7 - 3;
}

export interface FinanceOpFacts {
  position: number;
  kind: FinanceKind;
  timeSec: number;
  /** `rrDate`: Moscow date of the operation. */
  rrDate: string;
  /** rrdId in weekly and in daily reports. */
  rrdIdWeekly: number;
  rrdIdDaily: number;
  /** Sale row index for sale/return/logistics rows; order index for penalties; week number otherwise. */
  ref: number;
}

export interface ReportFacts {
  period: ReportPeriod;
  reportId: string;
  dateFrom: string;
  dateTo: string;
  createDate: string;
  /** Unix seconds from which the report is published. */
  availableSec: number;
}

function dec(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Row fields in the order WB's schema lists them (bonusTypeName only on rows that have one). */
const ROW_FIELDS = [
  'reportId',
  'dateFrom',
  'dateTo',
  'createDate',
  'currency',
  'reportType',
  'rrdId',
  'giId',
  'dlvPrc',
  'fixTariffDateFrom',
  'fixTariffDateTo',
  'subjectName',
  'nmId',
  'brandName',
  'vendorCode',
  'title',
  'techSize',
  'sku',
  'docTypeName',
  'quantity',
  'retailPrice',
  'retailAmount',
  'salePercent',
  'commissionPercent',
  'officeName',
  'sellerOperName',
  'orderDt',
  'saleDt',
  'rrDate',
  'shkId',
  'retailPriceWithDisc',
  'deliveryAmount',
  'returnAmount',
  'deliveryService',
  'giBoxTypeName',
  'productDiscountForReport',
  'sellerPromo',
  'spp',
  'kvwBase',
  'kvw',
  'supRatingUp',
  'isKgvpV2',
  'ppvzSalesCommission',
  'forPay',
  'ppvzReward',
  'acquiringFee',
  'acquiringPercent',
  'paymentProcessing',
  'acquiringBank',
  'vw',
  'vwNds',
  'ppvzOfficeName',
  'ppvzOfficeId',
  'ppvzSupplierName',
  'ppvzSupplierInn',
  'declarationNumber',
  'bonusTypeName',
  'stickerId',
  'country',
  'srvDbs',
  'penalty',
  'additionalPayment',
  'rebillLogisticCost',
  'paidStorage',
  'deduction',
  'paidAcceptance',
  'orderId',
  'isB2b',
  'trbxId',
  'installmentCofinancingAmount',
  'wibesDiscountPercent',
  'cashbackAmount',
  'cashbackDiscount',
  'cashbackCommissionChange',
  'paymentSchedule',
  'deliveryMethod',
  'sellerPromoId',
  'sellerPromoDiscount',
  'loyaltyId',
  'loyaltyDiscount',
  'uuidPromocode',
  'salePricePromocodeDiscountPrc',
  'articleSubstitution',
  'salePriceAffiliatedDiscountPrc',
  'salePriceWholesaleDiscountPrc',
  'b2bCustomerTin',
  'orderUid',
  'srid',
] as const;
const ROW_PREFIX = ROW_FIELDS.map((f) => `,"${f}":`);
const ROW_PREFIX_FIRST = ROW_FIELDS.map((f) => `"${f}":`);

export class FinanceStore {
  count = 0;
  kind = new Uint8Array(0);
  ref = new Int32Array(0);
  time = new Uint32Array(0);
  readonly weeklyRrdBase: number;
  readonly dailyRrdBase: number;
  private readonly salt: bigint;

  constructor(
    private readonly orders: OrderStore,
    private readonly seed: number,
    sellerIndex: number,
    historyStartSec: number,
    untilSec: number,
  ) {
    this.weeklyRrdBase = 1_000_000_000 + sellerIndex * 100_000_000 + hashInt(0, 9_999_999, seed, 1);
    this.dailyRrdBase = 5_000_000_000 + sellerIndex * 100_000_000 + hashInt(0, 9_999_999, seed, 2);
    this.salt = BigInt(sellerIndex) * 1_000_000n + BigInt(hashInt(0, 99_999, seed, 3)) * 10n;
    this.build(historyStartSec, untilSec);
  }

  private build(historyStartSec: number, untilSec: number): void {
    const o = this.orders;
    const weekFrom = weekOfDay(mskDay(historyStartSec));
    const weekTo = weekOfDay(mskDay(untilSec));
    const max = o.saleCount * 2 + o.count + (weekTo - weekFrom + 1) * 3 + 16;
    const keys = new Float64Array(max);
    let n = 0;
    const base = historyStartSec - 40 * DAY_SEC;
    const add = (t: number, kind: number, ref: number): void => {
      keys[n++] = (t - base) * 2 ** 25 + kind * 2 ** 22 + ref;
    };
    for (let s = 0; s < o.saleCount; s++) {
      const t = o.saleDate[s]!;
      if (t < historyStartSec) continue;
      const isSale = o.saleKind[s] === SALE_KIND_SALE;
      add(t, isSale ? K_SALE : K_RETURN, s);
      add(t, isSale ? K_LOGISTICS : K_LOGISTICS_RETURN, s);
    }
    for (let i = 0; i < o.count; i++) {
      if (!o.isConfirmed(i) || hashUnit(this.seed, i, 41) >= 0.005) continue;
      add(o.date[i]! + 3 * DAY_SEC, K_PENALTY, i);
    }
    for (let w = weekFrom; w <= weekTo; w++) {
      const sunday = mskDayStartSec(weekStartDay(w) + 6);
      add(sunday + 12 * 3600, K_STORAGE, w);
      add(sunday + 13 * 3600, K_DEDUCTION, w);
      if (hashUnit(this.seed, w, 43) < 0.5) add(sunday - 4 * DAY_SEC + 10 * 3600, K_ACCEPTANCE, w);
    }
    const sorted = keys.subarray(0, n).sort();
    this.count = n;
    this.kind = new Uint8Array(n);
    this.ref = new Int32Array(n);
    this.time = new Uint32Array(n);
    for (let p = 0; p < n; p++) {
      const k = sorted[p]!;
      const rest = k % 2 ** 25;
      this.time[p] = Math.floor(k / 2 ** 25) + base;
      this.kind[p] = Math.floor(rest / 2 ** 22);
      this.ref[p] = rest % 2 ** 22;
    }
  }

  /** First position with time >= sec. */
  private lowerBound(sec: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.time[mid]! < sec) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  rrdBase(period: ReportPeriod): number {
    return period === 'weekly' ? this.weeklyRrdBase : this.dailyRrdBase;
  }

  private readonly reportCache = new Map<string, ReportFacts>();

  /** The report (weekly or daily) an operation time belongs to. */
  report(period: ReportPeriod, timeSec: number): ReportFacts {
    const day = mskDay(timeSec);
    const key = period === 'weekly' ? `w${weekOfDay(day)}` : `d${day}`;
    let rep = this.reportCache.get(key);
    if (!rep) {
      rep = this.makeReport(period, day);
      this.reportCache.set(key, rep);
    }
    return rep;
  }

  private makeReport(period: ReportPeriod, day: number): ReportFacts {
    if (period === 'weekly') {
      const w = weekOfDay(day);
      const first = weekStartDay(w);
      return {
        period,
        reportId: (REPORT_ID_BASE + 2n * (this.salt + BigInt(w))).toString(),
        dateFrom: dayString(first),
        dateTo: dayString(first + 6),
        createDate: dayString(first + 7),
        availableSec: mskDayStartSec(first + 7),
      };
    }
    return {
      period,
      reportId: (REPORT_ID_BASE + 2n * (this.salt + 500_000n + BigInt(day))).toString(),
      dateFrom: dayString(day),
      dateTo: dayString(day),
      createDate: dayString(day + 1),
      availableSec: mskDayStartSec(day + 1),
    };
  }

  /**
   * Positions [from, to) of the operations in the reports of `period` that overlap Moscow days [fromDay, toDay] and
   * are published at `nowSec`.
   */
  range(period: ReportPeriod, fromDay: number, toDay: number, nowSec: number): [number, number] {
    let startDay: number;
    let endDayExcl: number;
    const today = mskDay(nowSec);
    if (period === 'weekly') {
      startDay = weekStartDay(weekOfDay(fromDay));
      const lastPublishedWeek = weekOfDay(today) - 1;
      endDayExcl = weekStartDay(Math.min(weekOfDay(toDay), lastPublishedWeek) + 1);
    } else {
      startDay = fromDay;
      endDayExcl = Math.min(toDay, today - 1) + 1;
    }
    if (endDayExcl <= startDay) return [0, 0];
    return [this.lowerBound(mskDayStartSec(startDay)), this.lowerBound(mskDayStartSec(endDayExcl))];
  }

  kindName(p: number): FinanceKind {
    return FIN_KINDS[this.kind[p]!]!;
  }

  facts(p: number): FinanceOpFacts {
    return {
      position: p,
      kind: this.kindName(p),
      timeSec: this.time[p]!,
      rrDate: dayString(mskDay(this.time[p]!)),
      rrdIdWeekly: this.weeklyRrdBase + p,
      rrdIdDaily: this.dailyRrdBase + p,
      ref: this.ref[p]!,
    };
  }

  /** One report row as JSON text; `fields` limits the keys (WB's `fields` parameter). */
  rowJson(period: ReportPeriod, p: number, fields: ReadonlySet<string> | null): string {
    const o = this.orders;
    const kind = this.kind[p]!;
    const t = this.time[p]!;
    const ref = this.ref[p]!;
    const rep = this.report(period, t);
    const rrdId = this.rrdBase(period) + p;
    const isGoods = kind <= K_LOGISTICS_RETURN || kind === K_PENALTY;
    const order = kind === K_PENALTY ? ref : isGoods ? o.saleOrder[ref]! : -1;
    const product = order >= 0 ? o.productOf(order) : null;
    const size = product && order >= 0 ? product.sizes[o.size[order]!]! : null;
    const w = order >= 0 ? o.warehouse[order]! : 0;
    const fbs = order >= 0 && (o.flags[order]! & ORDER_FBS) !== 0;
    const officeName = order < 0 ? '' : w < WB_WAREHOUSES.length ? WB_WAREHOUSES[w]!.name : SELLER_WAREHOUSE.name;
    const money = {
      retailPrice: 0,
      retailAmount: 0,
      retailPriceWithDisc: 0,
      ppvzSalesCommission: 0,
      forPay: 0,
      acquiringFee: 0,
      vw: 0,
      vwNds: 0,
      deliveryService: 0,
      penalty: 0,
      paidStorage: 0,
      deduction: 0,
      paidAcceptance: 0,
    };
    let docTypeName = '';
    let sellerOperName: string;
    let quantity = 0;
    let deliveryAmount = 0;
    let returnAmount = 0;
    let bonusTypeName: string | null = null;
    let commissionPercent = 0;
    let acquiringPercent = 0;
    const saleTime = kind <= K_LOGISTICS_RETURN ? o.saleDate[ref]! : t;
    if (kind === K_SALE || kind === K_RETURN) {
      const pwd = o.priceWithDisc(order);
      const fin = o.finishedPrice(order);
      commissionPercent = product!.subject.commission;
      acquiringPercent = 1.5;
      money.retailPrice = o.totalPrice(order);
      money.retailAmount = fin;
      money.retailPriceWithDisc = pwd;
      money.acquiringFee = (fin * acquiringPercent) / 100;
      money.vw = (pwd * commissionPercent) / 100 - money.acquiringFee;
      money.vwNds = money.vw * 0.2;
      money.ppvzSalesCommission = money.vw - money.vwNds;
      money.forPay = o.forPay(order);
      docTypeName = kind === K_SALE ? 'Продажа' : 'Возврат';
      sellerOperName = docTypeName;
      quantity = 1;
    } else if (kind === K_LOGISTICS || kind === K_LOGISTICS_RETURN) {
      money.deliveryService = hashInt(3500, 12000, this.seed, ref, kind) / 100;
      sellerOperName = 'Логистика';
      if (kind === K_LOGISTICS) deliveryAmount = 1;
      else returnAmount = 1;
    } else if (kind === K_STORAGE) {
      money.paidStorage = (o.params.products.length * hashInt(120, 280, this.seed, ref, 5) * 7) / 100;
      sellerOperName = 'Хранение';
    } else if (kind === K_DEDUCTION) {
      money.deduction = hashInt(500, 8000, this.seed, ref, 6);
      sellerOperName = 'Удержание';
      bonusTypeName = 'Оказание услуг «WB.Продвижение»';
    } else if (kind === K_PENALTY) {
      money.penalty = hashInt(10_000, 60_000, this.seed, ref, 7) / 100;
      sellerOperName = 'Штраф';
      bonusTypeName = 'Штраф МП. Невыполненный заказ (отмена клиентом после недовоза)';
    } else {
      money.paidAcceptance = hashInt(200, 2000, this.seed, ref, 8);
      sellerOperName = 'Платная приемка';
    }
    const str = (s: string): string => JSON.stringify(s);
    const orderDt = order >= 0 ? formatUtc(o.date[order]!) : formatUtc(t);
    const saleDt = formatUtc(saleTime);
    const v: (string | null)[] = [
      rep.reportId,
      `"${rep.dateFrom}"`,
      `"${rep.dateTo}"`,
      `"${rep.createDate}"`,
      '"RUB"',
      '1',
      String(rrdId),
      String(order >= 0 ? o.incomeId(order) : 0),
      kind === K_LOGISTICS || kind === K_LOGISTICS_RETURN ? '1.8' : '0',
      `"${rep.dateFrom}"`,
      `"${rep.dateTo}"`,
      str(product?.subject.name ?? ''),
      String(product?.nmId ?? 0),
      str(product?.brand ?? ''),
      str(product?.vendorCode ?? ''),
      str(product?.title ?? ''),
      str(size?.techSize ?? ''),
      `"${size?.barcode ?? ''}"`,
      str(docTypeName),
      String(quantity),
      `"${dec(money.retailPrice)}"`,
      `"${dec(money.retailAmount)}"`,
      String(product && quantity ? product.discount : 0),
      String(commissionPercent),
      str(officeName),
      str(sellerOperName),
      `"${orderDt}"`,
      `"${saleDt}"`,
      `"${dayString(mskDay(t))}"`,
      String(order >= 0 ? hashInt(1_000_000_000, 2_099_999_999, this.seed, order, 9) : 0),
      `"${dec(money.retailPriceWithDisc)}"`,
      String(deliveryAmount),
      String(returnAmount),
      `"${dec(money.deliveryService)}"`,
      order >= 0 ? (hashUnit(this.seed, order, 10) < 0.7 ? '"Короб"' : '"Монопаллета"') : '""',
      String(product && quantity ? product.discount : 0),
      '"0"',
      String(order >= 0 && quantity ? o.spp[order]! : 0),
      String(commissionPercent),
      String(commissionPercent),
      '0',
      '0',
      `"${dec(money.ppvzSalesCommission)}"`,
      `"${dec(money.forPay)}"`,
      '"0"',
      `"${dec(money.acquiringFee)}"`,
      String(acquiringPercent),
      quantity ? '"Комиссия за организацию платежа с НДС"' : '""',
      quantity ? '"Тинькофф"' : '""',
      `"${dec(money.vw)}"`,
      `"${dec(money.vwNds)}"`,
      quantity ? '"Москва Москва Очаковское шоссе 6к2"' : '""',
      quantity ? '105383' : '0',
      quantity ? '"ИП Жасмин"' : '""',
      quantity ? '"010101010101"' : '""',
      '""',
      bonusTypeName === null ? null : str(bonusTypeName),
      `"${order >= 0 ? o.sticker(order) : ''}"`,
      '"Россия"',
      'false',
      `"${dec(money.penalty)}"`,
      '"0"',
      '"0"',
      `"${dec(money.paidStorage)}"`,
      `"${dec(money.deduction)}"`,
      `"${dec(money.paidAcceptance)}"`,
      String(order >= 0 ? hashInt(1_000_000_000, 2_999_999_999, this.seed, order, 11) : 0),
      String(order >= 0 && (o.flags[order]! & ORDER_B2B) !== 0),
      '""',
      '"0"',
      '0',
      '"0"',
      '"0"',
      '"0"',
      '"0"',
      order < 0 ? '""' : fbs ? '"FBS"' : '"FBW"',
      '0',
      '0',
      '0',
      '0',
      '""',
      '0',
      '""',
      '0',
      '0',
      '""',
      order >= 0 ? `"id${hashDigits(16, this.seed, order, 12)}"` : '""',
      order >= 0 ? `"${o.srid(order)}"` : '""',
    ];
    let json = '{';
    let first = true;
    for (let f = 0; f < v.length; f++) {
      const val = v[f];
      if (val === null || (fields && !fields.has(ROW_FIELDS[f]!))) continue;
      json += first ? ROW_PREFIX_FIRST[f]! : ROW_PREFIX[f]!;
      json += val;
      first = false;
    }
    return `${json}}`;
  }
}
