import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adsFigures, revenueByNm } from '../../../lib/analytics/ads';
import { baskets } from '../../../lib/analytics/baskets';
import { costPriceMap, parseCostPriceCsv } from '../../../lib/analytics/cost-price';
import { geography, topRegions } from '../../../lib/analytics/geography';
import { comparePeriods, overview, rates, sumTotals, type DayRow } from '../../../lib/analytics/overview';
import { bySize, bySku } from '../../../lib/analytics/sku';
import { outOfStockRisk, stockCover, stocksByWarehouse } from '../../../lib/analytics/stocks';
import { formatPlain } from '../../../lib/analytics/money';

function row(over: Partial<DayRow>): DayRow {
  return {
    day: '2026-08-01',
    nmId: 1,
    region: 'Москва',
    okrug: 'Центральный федеральный округ',
    country: 'Россия',
    orders: 0,
    orderSum: 0,
    cancels: 0,
    cancelSum: 0,
    sales: 0,
    saleSum: 0,
    returns: 0,
    returnSum: 0,
    revenue: 0,
    forPay: 0,
    ...over,
  };
}

describe('overview', () => {
  it('is all zeros, with every day present, when there is no data', () => {
    const o = overview([], { from: '2026-08-01', to: '2026-08-03' });
    expect(o.byDay.map((d) => d.day)).toEqual(['2026-08-01', '2026-08-02', '2026-08-03']);
    expect(o.totals.orders).toBe(0);
    expect(o.totals.buyoutRate).toBeNull();
    expect(o.totals.averageCheck).toBeNull();
  });

  it('sums a period, leaves out other days, and derives buyout rate and average check', () => {
    const rows = [
      row({
        day: '2026-08-01',
        orders: 3,
        orderSum: 300_00,
        cancels: 1,
        cancelSum: 100_00,
        sales: 1,
        saleSum: 100_00,
        revenue: 95_00,
        forPay: 80_00,
      }),
      row({
        day: '2026-08-02',
        nmId: 2,
        orders: 1,
        orderSum: 50_00,
        sales: 2,
        saleSum: 150_00,
        returns: 1,
        returnSum: 50_00,
        revenue: 100_00,
        forPay: 90_00,
      }),
      row({ day: '2026-07-31', orders: 100, orderSum: 1 }),
    ];
    const o = overview(rows, { from: '2026-08-01', to: '2026-08-02' });
    expect(o.totals).toMatchObject({
      orders: 4,
      orderSum: 350_00,
      cancels: 1,
      sales: 3,
      returns: 1,
      revenue: 195_00,
      forPay: 170_00,
    });
    expect(o.totals.buyoutRate).toBe(75); // 3 of 4 settled
    expect(o.totals.averageCheck).toBe(83_33); // (350 − 100) / 3 kept orders
    expect(o.byDay[1]).toMatchObject({ day: '2026-08-02', orders: 1, sales: 2 });
  });

  it('handles a period with only returns (negative revenue, 0 % buyout)', () => {
    const o = overview([row({ returns: 2, returnSum: 200_00, revenue: -190_00, forPay: -170_00 })], {
      from: '2026-08-01',
      to: '2026-08-01',
    });
    expect(o.totals.revenue).toBe(-190_00);
    expect(o.totals.buyoutRate).toBe(0);
    expect(o.totals.averageCheck).toBeNull();
  });

  it('counts a cancellation after a sale on the order day and the return on its own day', () => {
    // Roll-up semantics: the order (cancelled later) counts on its order day; the sale and the return on theirs.
    const rows = [
      row({ day: '2026-08-01', orders: 1, orderSum: 100_00, cancels: 1, cancelSum: 100_00 }),
      row({ day: '2026-08-02', sales: 1, saleSum: 100_00, revenue: 100_00, forPay: 85_00 }),
      row({ day: '2026-08-05', returns: 1, returnSum: 100_00, revenue: -100_00, forPay: -85_00 }),
    ];
    const o = overview(rows, { from: '2026-08-01', to: '2026-08-05' });
    expect(o.totals).toMatchObject({ orders: 1, cancels: 1, sales: 1, returns: 1, revenue: 0, forPay: 0 });
    expect(o.totals.cancelRate).toBe(100);
  });

  it('compares with the previous period, null change from zero', () => {
    const rows = [
      row({ day: '2026-08-01', orders: 2, orderSum: 200 }),
      row({ day: '2026-08-03', orders: 3, orderSum: 300 }),
    ];
    const c = comparePeriods(rows, { from: '2026-08-03', to: '2026-08-04' }, { from: '2026-08-01', to: '2026-08-02' });
    expect(c.changes.orders).toEqual({ now: 3, before: 2, changePct: 50 });
    expect(c.changes.returns).toEqual({ now: 0, before: 0, changePct: null });
  });

  it('rates round to 2 decimals', () => {
    expect(rates(sumTotals([row({ sales: 1, returns: 2 })])).buyoutRate).toBe(33.33);
  });
});

describe('geography', () => {
  const rows = [
    row({ region: 'Москва', orders: 5, sales: 2 }),
    row({ region: 'Московская область', orders: 3, sales: 2 }),
    row({ region: 'Минская область', okrug: '', country: 'Беларусь', orders: 2 }),
    row({ region: 'Москва', day: '2026-08-02', orders: 0, sales: 0, returns: 1 }),
  ];
  it('groups by region, district and country with shares', () => {
    const r = geography(rows, 'region');
    expect(r.map((g) => [g.name, g.orders, g.orderShare])).toEqual([
      ['Москва', 5, 50],
      ['Московская область', 3, 30],
      ['Минская область', 2, 20],
    ]);
    expect(r[0]!.saleShare).toBe(50);
    expect(r[0]!.returns).toBe(1);
    expect(geography(rows, 'okrug').map((g) => [g.name, g.orders])).toEqual([
      ['Центральный федеральный округ', 8],
      ['—', 2],
    ]);
    expect(geography(rows, 'country').map((g) => [g.name, g.orderShare])).toEqual([
      ['Россия', 80],
      ['Беларусь', 20],
    ]);
  });
  it('folds the tail into «Остальные»', () => {
    const top = topRegions(geography(rows), 1);
    expect(top.map((g) => [g.name, g.orders, g.orderShare])).toEqual([
      ['Москва', 5, 50],
      ['Остальные', 5, 50],
    ]);
  });
  it('is empty without data', () => expect(geography([])).toEqual([]));
});

describe('baskets', () => {
  it('counts items per gNumber', () => {
    const b = baskets([
      { gNumber: 'a' },
      { gNumber: 'a' },
      { gNumber: 'b' },
      { gNumber: 'c' },
      { gNumber: 'c' },
      { gNumber: 'c' },
      { gNumber: '' },
    ]);
    expect(b).toEqual({
      baskets: 4,
      items: 7,
      average: 1.75,
      distribution: [
        { size: 1, baskets: 2, share: 50 },
        { size: 2, baskets: 1, share: 25 },
        { size: 3, baskets: 1, share: 25 },
      ],
    });
  });
  it('puts big baskets into the last bucket, and is empty without orders', () => {
    expect(
      baskets(
        Array.from({ length: 7 }, () => ({ gNumber: 'x' })),
        5,
      ).distribution,
    ).toEqual([{ size: 5, baskets: 1, share: 100 }]);
    expect(baskets([])).toEqual({ baskets: 0, items: 0, average: null, distribution: [] });
  });
});

describe('per SKU', () => {
  it('adds the roll-up per nmId with cards and feed statuses', () => {
    const s = bySku(
      [
        row({ nmId: 1, orders: 2, sales: 1, returns: 1, revenue: 10 }),
        row({ nmId: 1, region: 'Казань', orders: 1 }),
        row({ nmId: 2, orders: 5 }),
      ],
      [{ nmId: 1, title: 'Платье', vendorCode: 'DR-1' }],
      [
        { nmId: 1, status: 'created' },
        { nmId: 1, status: 'buyout' },
        { nmId: 3, status: 'cancel' },
      ],
    );
    expect(s.map((x) => [x.nmId, x.orders, x.vendorCode])).toEqual([
      [2, 5, ''],
      [1, 3, 'DR-1'],
      [3, 0, ''],
    ]);
    expect(s[1]!.statuses).toEqual({ created: 1, buyout: 1, cancel: 0, return: 0, returnDefective: 0 });
    expect(s[1]!.buyoutRate).toBe(50);
    expect(s[2]!.statuses.cancel).toBe(1);
  });
  it('splits a SKU with several sizes', () => {
    const o = (techSize: string, isCancel = false) => ({
      nmId: 7,
      supplierArticle: 'A',
      techSize,
      priceWithDisc: 100.5,
      isCancel,
    });
    const sz = bySize(
      [o('42'), o('44'), o('44', true), o('S')],
      [
        { saleID: 'S1', nmId: 7, supplierArticle: 'A', techSize: '44', finishedPrice: 99.99, forPay: 80.01 },
        { saleID: 'R1', nmId: 7, supplierArticle: 'A', techSize: '44', finishedPrice: -99.99, forPay: -80.01 },
      ],
    );
    expect(sz.map((x) => [x.techSize, x.orders, x.cancels, x.sales, x.returns, x.revenue, x.orderSum])).toEqual([
      ['42', 1, 0, 0, 0, 0, 10050],
      ['44', 2, 1, 1, 1, 0, 20100],
      ['S', 1, 0, 0, 0, 0, 10050],
    ]);
  });
});

describe('stocks', () => {
  const stocks = [
    {
      nmId: 1,
      chrtId: 11,
      warehouseId: 1,
      warehouseName: 'Коледино',
      quantity: 10,
      inWayToClient: 2,
      inWayFromClient: 1,
    },
    {
      nmId: 1,
      chrtId: 12,
      warehouseId: 1,
      warehouseName: 'Коледино',
      quantity: 4,
      inWayToClient: 0,
      inWayFromClient: 0,
    },
    {
      nmId: 1,
      chrtId: 11,
      warehouseId: 2,
      warehouseName: 'Казань',
      quantity: 14,
      inWayToClient: 1,
      inWayFromClient: 0,
    },
    {
      nmId: 2,
      chrtId: 21,
      warehouseId: 2,
      warehouseName: 'Казань',
      quantity: 50,
      inWayToClient: 0,
      inWayFromClient: 0,
    },
  ];
  const days = [
    { day: '2026-08-19', nmId: 1, orders: 20 },
    { day: '2026-08-06', nmId: 1, orders: 8 }, // the first day of the window
    { day: '2026-08-05', nmId: 1, orders: 1000 }, // before the window
    { day: '2026-08-20', nmId: 1, orders: 1000 }, // today: not a full day
    { day: '2026-08-10', nmId: 3, orders: 7 }, // ordered, no stock
  ];
  it('days of cover = stock over the last 14 full days average', () => {
    const s = stockCover(stocks, days, '2026-08-20');
    expect(s.map((x) => [x.nmId, x.quantity, x.dailyOrders, x.daysOfCover])).toEqual([
      [3, 0, 0.5, 0],
      [1, 28, 2, 14],
      [2, 50, 0, null],
    ]);
    expect(s[1]!.warehouses.map((w) => [w.warehouseName, w.quantity])).toEqual([
      ['Казань', 14],
      ['Коледино', 14],
    ]);
    expect(s[1]!.inWayToClient).toBe(3);
    expect(outOfStockRisk(s).map((x) => x.nmId)).toEqual([3]);
    expect(outOfStockRisk(s, 15).map((x) => x.nmId)).toEqual([3, 1]);
  });
  it('one row per item and warehouse', () => {
    expect(stocksByWarehouse(stocks).map((r) => [r.nmId, r.warehouseName, r.quantity])).toEqual([
      [1, 'Казань', 14],
      [1, 'Коледино', 14],
      [2, 'Казань', 50],
    ]);
  });
  it('is empty without stocks or orders', () => expect(stockCover([], [], '2026-08-20')).toEqual([]));
});

describe('ads', () => {
  const stat = (
    advertId: number,
    nmId: number,
    date: string,
    views: number,
    clicks: number,
    sum: number,
    orders: number,
  ) => ({
    advertId,
    nmId,
    date,
    views,
    clicks,
    sum,
    sumPrice: orders * 1000,
    orders,
  });
  it('CTR, CPC and ДРР per campaign and item, exact in kopecks', () => {
    const f = adsFigures(
      [
        stat(1, 10, '2026-08-01', 1000, 30, 0.1, 1),
        stat(1, 10, '2026-08-02', 1000, 10, 0.2, 0),
        stat(2, 20, '2026-08-01', 500, 0, 100, 0),
        stat(2, 20, '2026-07-01', 1, 1, 1, 1),
      ],
      [{ advertId: 1, name: 'Поиск', status: 9, type: 9 }],
      new Map([
        [10, 300_00],
        [20, 0],
      ]),
      { from: '2026-08-01', to: '2026-08-31' },
    );
    expect(f.total).toMatchObject({ views: 2500, clicks: 40, spend: 100_30, orders: 1 });
    expect(f.total.drr).toBe(33.43); // 100.30 ₽ over 300 ₽
    const [c2, c1] = f.campaigns;
    expect(c1).toMatchObject({ advertId: 1, name: 'Поиск', spend: 30, ctr: 2, cpc: 1, drr: 0.1 });
    expect(c2).toMatchObject({ advertId: 2, name: '', ctr: 0, cpc: null, drr: null });
    expect(f.skus.map((s) => [s.nmId, s.revenue])).toEqual([
      [20, 0],
      [10, 300_00],
    ]);
  });
  it('revenue by nmId from the roll-up', () => {
    expect([...revenueByNm([row({ nmId: 1, revenue: 5 }), row({ nmId: 1, revenue: -2 })])]).toEqual([[1, 3]]);
  });
});

describe('cost prices', () => {
  it('reads a header CSV with nmId or vendor code, decimal comma, and names bad lines', () => {
    const csv =
      '\ufeffАртикул WB;Артикул продавца;Себестоимость\r\n101;A-1;412,5\r\n;B-2;1 200\r\n103;;abc\r\n;ZZ;5\r\n';
    const r = parseCostPriceCsv(csv, new Map([['B-2', 102]]));
    expect(r.prices).toEqual({ '101': '412.50', '102': '1200.00' });
    expect(r.errors).toEqual([
      { line: 4, reason: 'bad-price' },
      { line: 5, reason: 'no-item' },
    ]);
    expect(formatPlain(costPriceMap(r.prices).get(101)!)).toBe('412.50');
  });
  it('reads a header-less two-column file', () => {
    expect(parseCostPriceCsv('101,10\n102,20.05\n').prices).toEqual({ '101': '10.00', '102': '20.05' });
  });
});

describe('totals agree across cuts (property)', () => {
  const arbRow = fc.record({
    day: fc.constantFrom('2026-08-01', '2026-08-02', '2026-08-03', '2026-08-04'),
    nmId: fc.integer({ min: 1, max: 6 }),
    region: fc.constantFrom('Москва', 'Казань', 'Минск', ''),
    okrug: fc.constantFrom('ЦФО', 'ПФО', ''),
    country: fc.constantFrom('Россия', 'Беларусь'),
    orders: fc.nat(50),
    orderSum: fc.nat(10_000_000),
    cancels: fc.nat(10),
    cancelSum: fc.nat(1_000_000),
    sales: fc.nat(50),
    saleSum: fc.nat(10_000_000),
    returns: fc.nat(5),
    returnSum: fc.nat(1_000_000),
    revenue: fc.integer({ min: -1_000_000, max: 10_000_000 }),
    forPay: fc.integer({ min: -1_000_000, max: 10_000_000 }),
  });
  it('by region, by district, by country, by SKU and by day sum to the overview total', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 60 }), (rows) => {
        const total = overview(rows, { from: '2026-08-01', to: '2026-08-04' }).totals;
        const keys = ['orders', 'orderSum', 'cancels', 'sales', 'saleSum', 'returns', 'revenue', 'forPay'] as const;
        for (const cut of [
          geography(rows, 'region'),
          geography(rows, 'okrug'),
          geography(rows, 'country'),
          bySku(rows),
          overview(rows, { from: '2026-08-01', to: '2026-08-04' }).byDay,
        ]) {
          const s = sumTotals(cut);
          for (const k of keys) expect(s[k]).toBe(total[k]);
        }
        const shares = geography(rows, 'region').reduce((a, g) => a + g.orderShare, 0);
        if (total.orders > 0) expect(Math.abs(shares - 100)).toBeLessThan(0.05 * rows.length + 0.01);
      }),
    );
  });
});
