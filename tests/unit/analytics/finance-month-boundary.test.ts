/**
 * Finance figures of a report week that spans two months (2026-09-28 … 2026-10-04): WB either reports it as one week
 * or splits it at the month's end into two reports (28–30 September, 1–4 October). Per SKU and week, and the
 * reconciliation, must hold either way, to the kopeck.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyFigures,
  financeBySkuAndWeek,
  mergeFigures,
  reconcile,
  type FinanceFigures,
  type FinanceLine,
  type ReportWeek,
} from '../../../lib/analytics/finance';
import { formatPlain } from '../../../lib/analytics/money';
import { financeLine } from './finance-line';

const WEEK: ReportWeek = { reportId: '9223372036854776100', dateFrom: '2026-09-28', dateTo: '2026-10-04' };
const SEPT: ReportWeek = { reportId: '9223372036854776101', dateFrom: '2026-09-28', dateTo: '2026-09-30' };
const OCT: ReportWeek = { reportId: '9223372036854776102', dateFrom: '2026-10-01', dateTo: '2026-10-04' };

const line = financeLine;

const sku = (nmId: number) => ({ nmId, vendorCode: `art-${nmId}` });
const sale = (w: ReportWeek, nmId: number, amount: string, pwd: string, forPay: string) =>
  line(w, {
    ...sku(nmId),
    docTypeName: 'Продажа',
    sellerOperName: 'Продажа',
    quantity: 1,
    retailAmount: amount,
    retailPriceWithDisc: pwd,
    forPay,
  });
const ret = (w: ReportWeek, nmId: number, amount: string, pwd: string, forPay: string) =>
  line(w, {
    ...sku(nmId),
    docTypeName: 'Возврат',
    sellerOperName: 'Возврат',
    quantity: 1,
    retailAmount: amount,
    retailPriceWithDisc: pwd,
    forPay,
  });
const logistics = (w: ReportWeek, nmId: number, amount: string) =>
  line(w, { ...sku(nmId), sellerOperName: 'Логистика', deliveryService: amount });
const storage = (w: ReportWeek, nmId: number, amount: string) =>
  line(w, { ...sku(nmId), sellerOperName: 'Хранение', paidStorage: amount });
const promotion = (w: ReportWeek, amount: string) =>
  line(w, { sellerOperName: 'Удержание', bonusTypeName: 'Оказание услуг «WB.Продвижение»', deduction: amount });
const penaltyNoSku = (w: ReportWeek, amount: string) =>
  line(w, { sellerOperName: 'Штраф', bonusTypeName: 'Штраф МП', penalty: amount });

/**
 * The week's operations, each in the part of the week it happened in: SKU 101 sold on 29 September and returned on
 * 2 October; SKU 202 sold in both months; storage on both sides of the month's end; ads paid in October; a fine in
 * September. In kopecks that do not add up in binary floating point (0.10 + 0.20 …).
 */
function weekRows(sept: ReportWeek, oct: ReportWeek): FinanceLine[] {
  return [
    sale(sept, 101, '1999.90', '1799.91', '1529.92'),
    logistics(sept, 101, '55.10'),
    storage(sept, 101, '0.10'),
    sale(sept, 202, '700.20', '630.18', '535.65'),
    logistics(sept, 202, '48.30'),
    penaltyNoSku(sept, '300'),
    ret(oct, 101, '1999.90', '1799.91', '1529.92'),
    logistics(oct, 101, '60.00'),
    storage(oct, 101, '0.20'),
    sale(oct, 202, '700.20', '630.18', '535.65'),
    logistics(oct, 202, '48.30'),
    storage(oct, 202, '0.30'),
    promotion(oct, '1500.55'),
  ];
}

const plain = (f: FinanceFigures) =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === 'bigint' ? formatPlain(v) : v]));

describe('a report week spanning September and October, reported as one week', () => {
  const rows = weekRows(WEEK, WEEK);

  it('gives one row per SKU for the week, dated by the report, with hand-checked figures', () => {
    const bySku = financeBySkuAndWeek(rows);
    expect(bySku.map((r) => [r.nmId, r.reportId, r.dateFrom, r.dateTo])).toEqual([
      [101, WEEK.reportId, '2026-09-28', '2026-10-04'],
      [202, WEEK.reportId, '2026-09-28', '2026-10-04'],
    ]);
    // 101: sold and returned within the week: no sale is left, only WB's logistics and storage.
    expect(plain(bySku[0]!.figures)).toEqual({
      salesQty: 1,
      returnsQty: 1,
      sales: '1999.90',
      returns: '1999.90',
      commission: '0.00',
      forPay: '0.00',
      logistics: '115.10',
      storage: '0.30',
      acceptance: '0.00',
      penalties: '0.00',
      deductions: '0.00',
      additional: '0.00',
      payout: '-115.40',
    });
    // 202: two sales, one in each month: 2 × 535.65 − 2 × 48.30 − 0.30.
    expect(plain(bySku[1]!.figures)).toMatchObject({
      salesQty: 2,
      sales: '1400.40',
      commission: '189.06', // 2 × (630.18 − 535.65)
      forPay: '1071.30',
      logistics: '96.60',
      storage: '0.30',
      payout: '974.40',
    });
  });

  it('reconciles to the kopeck, naming what WB does not pass per SKU', () => {
    const [r] = reconcile(rows);
    expect([r!.reportId, r!.dateFrom, r!.dateTo]).toEqual([WEEK.reportId, '2026-09-28', '2026-10-04']);
    expect(formatPlain(r!.perSkuTotal)).toBe('859.00'); // −115.40 + 974.40
    expect(r!.differences.map((d) => [d.name, formatPlain(d.amount), d.why])).toEqual([
      ['Удержание: Оказание услуг «WB.Продвижение»', '-1500.55', 'not-per-sku'],
      ['Штраф: Штраф МП', '-300.00', 'not-per-sku'],
    ]);
    expect(formatPlain(r!.reportTotal.payout)).toBe('-941.55'); // 859.00 − 1500.55 − 300
    expect(r!.unexplained).toBe(0n);
  });
});

describe('the same week split by WB at the month’s end into two reports', () => {
  const rows = weekRows(SEPT, OCT);

  it('gives each SKU a row per report, September first; a return in October counts against October', () => {
    const bySku = financeBySkuAndWeek(rows);
    expect(bySku.map((r) => [r.dateFrom, r.dateTo, r.nmId, formatPlain(r.figures.payout)])).toEqual([
      ['2026-09-28', '2026-09-30', 101, '1474.72'], // 1529.92 − 55.10 − 0.10
      ['2026-09-28', '2026-09-30', 202, '487.35'], // 535.65 − 48.30
      ['2026-10-01', '2026-10-04', 101, '-1590.12'], // −1529.92 − 60.00 − 0.20
      ['2026-10-01', '2026-10-04', 202, '487.05'], // 535.65 − 48.30 − 0.30
    ]);
    const octReturn = bySku[2]!.figures;
    expect([octReturn.salesQty, octReturn.returnsQty, formatPlain(octReturn.forPay)]).toEqual([0, 1, '-1529.92']);
    expect(formatPlain(octReturn.commission)).toBe('-269.99'); // the commission on the returned item comes back
  });

  it('each report reconciles to the kopeck on its own, its differences in its own month', () => {
    const [sept, oct] = reconcile(rows);
    expect([sept!.reportId, oct!.reportId]).toEqual([SEPT.reportId, OCT.reportId]);
    expect(sept!.differences.map((d) => [d.name, formatPlain(d.amount)])).toEqual([['Штраф: Штраф МП', '-300.00']]);
    expect(oct!.differences.map((d) => [d.name, formatPlain(d.amount)])).toEqual([
      ['Удержание: Оказание услуг «WB.Продвижение»', '-1500.55'],
    ]);
    expect([formatPlain(sept!.reportTotal.payout), formatPlain(oct!.reportTotal.payout)]).toEqual([
      '1662.07', // 1474.72 + 487.35 − 300
      '-2603.62', // −1590.12 + 487.05 − 1500.55
    ]);
    expect([sept!.unexplained, oct!.unexplained]).toEqual([0n, 0n]);
  });

  it('the two reports together are the week: per SKU and in total, to the kopeck', () => {
    const whole = financeBySkuAndWeek(weekRows(WEEK, WEEK));
    const split = financeBySkuAndWeek(rows);
    for (const w of whole) {
      const parts = split.filter((s) => s.nmId === w.nmId).map((s) => s.figures);
      expect(plain(parts.reduce(mergeFigures, emptyFigures())), `SKU ${w.nmId}`).toEqual(plain(w.figures));
    }
    const [weekTotal] = reconcile(weekRows(WEEK, WEEK));
    const halves = reconcile(rows);
    expect(plain(halves.map((r) => r.reportTotal).reduce(mergeFigures, emptyFigures()))).toEqual(
      plain(weekTotal!.reportTotal),
    );
  });

  it('wherever the month’s end falls among the rows, split and whole agree and nothing is unexplained (property)', () => {
    const amount = fc.integer({ min: 1, max: 500_000 }).map((k) => (k / 100).toFixed(2));
    const op = fc.record({
      nmId: fc.constantFrom(0, 101, 202, 303),
      kind: fc.constantFrom('sale', 'return', 'logistics', 'storage', 'deduction'),
      a: amount,
      b: amount,
      october: fc.boolean(),
    });
    const toLine = (o: { nmId: number; kind: string; a: string; b: string }, w: ReportWeek): FinanceLine => {
      const nmId = o.kind === 'deduction' ? 0 : o.nmId || 101;
      if (o.kind === 'sale') return sale(w, nmId, o.a, o.a, o.b);
      if (o.kind === 'return') return ret(w, nmId, o.a, o.a, o.b);
      if (o.kind === 'logistics') return logistics(w, nmId, o.a);
      if (o.kind === 'storage')
        return o.nmId ? storage(w, nmId, o.a) : line(w, { sellerOperName: 'Хранение', paidStorage: o.a });
      return promotion(w, o.a);
    };
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const whole = ops.map((o) => toLine(o, WEEK));
        const split = ops.map((o) => toLine(o, o.october ? OCT : SEPT));
        const [w] = reconcile(whole);
        const halves = reconcile(split);
        for (const r of [w, ...halves]) if (r) expect(r.unexplained).toBe(0n);
        const weekPayout = w?.reportTotal.payout ?? 0n;
        expect(halves.reduce((s, r) => s + r.reportTotal.payout, 0n)).toBe(weekPayout);
        const perSkuWhole = financeBySkuAndWeek(whole).reduce((s, r) => s + r.figures.payout, 0n);
        const perSkuSplit = financeBySkuAndWeek(split).reduce((s, r) => s + r.figures.payout, 0n);
        expect(perSkuSplit).toBe(perSkuWhole);
      }),
      { numRuns: 300 },
    );
  });
});
