import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { financeBySkuAndWeek, reconcile, unitEconomics, type FinanceLine } from '../../../lib/analytics/finance';
import { formatPlain, parseMoney } from '../../../lib/analytics/money';
import { financeLine } from './finance-line';

const W1 = { reportId: '9223372036854775001', dateFrom: '2026-07-27', dateTo: '2026-08-02' };
const W2 = { reportId: '9223372036854775003', dateFrom: '2026-08-03', dateTo: '2026-08-09' };

const line = (over: Partial<FinanceLine>): FinanceLine => financeLine(W1, over);

const sale = (nmId: number, amount: string, pwd: string, forPay: string, week = W1) =>
  line({
    ...week,
    nmId,
    vendorCode: `art-${nmId}`,
    docTypeName: 'Продажа',
    sellerOperName: 'Продажа',
    quantity: 1,
    retailAmount: amount,
    retailPriceWithDisc: pwd,
    forPay,
  });
const ret = (nmId: number, amount: string, pwd: string, forPay: string, week = W1) =>
  line({
    ...week,
    nmId,
    vendorCode: `art-${nmId}`,
    docTypeName: 'Возврат',
    sellerOperName: 'Возврат',
    quantity: 1,
    retailAmount: amount,
    retailPriceWithDisc: pwd,
    forPay,
  });
const logistics = (nmId: number, amount: string, week = W1) =>
  line({ ...week, nmId, vendorCode: `art-${nmId}`, sellerOperName: 'Логистика', deliveryService: amount });

const plain = (m: bigint) => formatPlain(m);

describe('finance per SKU and week', () => {
  it('computes sales, returns, commission, logistics and payout by hand-checked table', () => {
    const rows = [
      sale(101, '1000', '900', '765.50'),
      sale(101, '1000', '900', '765.50'),
      ret(101, '1000', '900', '765.50'),
      logistics(101, '55.25'),
      logistics(101, '44.75'),
      sale(202, '500.10', '450.05', '400.01'),
    ];
    const [a, b] = financeBySkuAndWeek(rows);
    expect(a!.nmId).toBe(101);
    expect(a!.figures.salesQty).toBe(2);
    expect(a!.figures.returnsQty).toBe(1);
    expect(plain(a!.figures.sales)).toBe('2000.00');
    expect(plain(a!.figures.returns)).toBe('1000.00');
    expect(plain(a!.figures.forPay)).toBe('765.50');
    expect(plain(a!.figures.commission)).toBe('134.50'); // 2 × (900 − 765.50) − (900 − 765.50)
    expect(plain(a!.figures.logistics)).toBe('100.00');
    expect(plain(a!.figures.payout)).toBe('665.50');
    expect(plain(b!.figures.payout)).toBe('400.01');
    expect(plain(b!.figures.commission)).toBe('50.04');
  });

  it('handles no data, only returns, negative amounts as WB may send them', () => {
    expect(financeBySkuAndWeek([])).toEqual([]);
    const [only] = financeBySkuAndWeek([ret(7, '-300', '-280', '-250')]);
    expect(only!.figures.salesQty).toBe(0);
    expect(plain(only!.figures.returns)).toBe('300.00');
    expect(plain(only!.figures.forPay)).toBe('-250.00');
    expect(plain(only!.figures.payout)).toBe('-250.00');
  });

  it('keeps a report week that spans two months as one week', () => {
    const spanning = { reportId: '77', dateFrom: '2026-07-27', dateTo: '2026-08-02' };
    const groups = financeBySkuAndWeek([sale(5, '100', '90', '80', spanning), sale(5, '100', '90', '80', spanning)]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.figures.salesQty).toBe(2);
  });

  it('separates weeks, and keeps report ids beyond 2^53 exact', () => {
    const groups = financeBySkuAndWeek([sale(5, '100', '90', '80', W1), sale(5, '100', '90', '80', W2)]);
    expect(groups.map((g) => g.reportId)).toEqual([W1.reportId, W2.reportId]);
  });
});

describe('reconciliation with the report total', () => {
  it('names what WB does not pass per SKU and leaves nothing unexplained', () => {
    const rows = [
      sale(1, '1000', '900', '800'),
      logistics(1, '50'),
      line({ sellerOperName: 'Хранение', paidStorage: '123.45' }),
      line({ sellerOperName: 'Удержание', bonusTypeName: 'Оказание услуг «WB.Продвижение»', deduction: '5000' }),
      line({ sellerOperName: 'Штраф', bonusTypeName: 'Штраф МП', penalty: '300' }),
      line({ sellerOperName: 'Платная приемка', paidAcceptance: '700' }),
    ];
    const [r] = reconcile(rows);
    expect(plain(r!.reportTotal.payout)).toBe(
      plain(parseMoney('800') - parseMoney('50') - parseMoney('123.45') - 5000_000000n - 300_000000n - 700_000000n),
    );
    expect(plain(r!.perSkuTotal)).toBe('750.00');
    expect(r!.differences.map((d) => [d.name, plain(d.amount)])).toEqual([
      ['Удержание: Оказание услуг «WB.Продвижение»', '-5000.00'],
      ['Платная приемка', '-700.00'],
      ['Штраф: Штраф МП', '-300.00'],
      ['Хранение', '-123.45'],
    ]);
    expect(r!.unexplained).toBe(0n);
  });

  it('per-SKU payouts plus the named differences always add up to the report total (property)', () => {
    const amount = fc
      .integer({ min: 0, max: 5_000_000 })
      .map((k) => `${Math.floor(k / 100)}.${String(k % 100).padStart(2, '0')}`);
    const row = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 5 }), amount, amount).map(([nm, a, b]) => sale(nm, a, a, b)),
      fc.tuple(fc.integer({ min: 1, max: 5 }), amount, amount).map(([nm, a, b]) => ret(nm, a, a, b)),
      fc.tuple(fc.integer({ min: 0, max: 5 }), amount).map(([nm, a]) => logistics(nm, a)),
      amount.map((a) => line({ sellerOperName: 'Хранение', paidStorage: a })),
      amount.map((a) => line({ sellerOperName: 'Удержание', deduction: a })),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        for (const r of reconcile(rows)) {
          expect(r.unexplained).toBe(0n);
          const perSku = financeBySkuAndWeek(rows).filter((g) => g.reportId === r.reportId);
          expect(perSku.reduce((s, g) => s + g.figures.payout, 0n)).toBe(r.perSkuTotal);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('unit economics', () => {
  it('says nothing of profit without a cost price, and computes it with one', () => {
    const perSku = financeBySkuAndWeek([
      sale(1, '1000', '900', '800'),
      sale(1, '1000', '900', '800'),
      ret(1, '1000', '900', '800'),
      sale(2, '10', '10', '9'),
    ]);
    const [one, two] = unitEconomics(perSku, new Map([[1, parseMoney('300')]]));
    expect(one).toMatchObject({
      nmId: 1,
      netQty: 1,
      costPrice: parseMoney('300'),
      profit: parseMoney('500'),
      marginPct: 62.5,
    });
    expect(two).toMatchObject({ nmId: 2, netQty: 1, costPrice: null, profit: null, marginPct: null });
  });

  it('adds up several weeks of one SKU', () => {
    const perSku = financeBySkuAndWeek([sale(3, '100', '90', '80', W1), sale(3, '100', '90', '80', W2)]);
    const [u] = unitEconomics(perSku, new Map([[3, parseMoney('50')]]));
    expect(u!.netQty).toBe(2);
    expect(plain(u!.profit!)).toBe('60.00');
  });
});
