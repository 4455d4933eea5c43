import { describe, expect, it } from 'vitest';
import { dayOf, putOrders, putSales } from '../../../lib/db/orders';
import { putFeed } from '../../../lib/db/order-feed';
import { periodRollupsOf, sumEntries } from '../../../lib/db/period-rollups';
import { ofSeller, SellerLensDb } from '../../../lib/db/schema';
import type { OrderFeedItem } from '../../../lib/wb-api/analytics';
import type { OrderRow, SaleRow } from '../../../lib/wb-api/statistics';
import { freshDbName } from '../sync/helpers';

const S = 'seller-1';

function order(srid: string, over: Partial<OrderRow> = {}): OrderRow {
  return {
    date: '2026-08-01T10:00:00',
    lastChangeDate: '2026-08-01T10:20:00',
    warehouseName: 'Коледино',
    warehouseType: 'Склад WB',
    countryName: 'Россия',
    oblastOkrugName: 'Центральный федеральный округ',
    regionName: 'Московская',
    supplierArticle: 'SLN-1',
    nmId: 111,
    barcode: '2000000000011',
    category: 'Одежда',
    subject: 'Платья',
    brand: 'Северный лён',
    techSize: '44',
    incomeID: 1,
    isSupply: false,
    isRealization: true,
    totalPrice: 2000,
    discountPercent: 30,
    spp: 10,
    finishedPrice: 1260,
    priceWithDisc: 1400.5,
    sticker: '1',
    gNumber: 'g1',
    srid,
    isCancel: false,
    cancelDate: '0001-01-01T00:00:00',
    ...over,
  };
}

function sale(saleID: string, over: Partial<SaleRow> = {}): SaleRow {
  const { isCancel: _c, cancelDate: _d, ...base } = order(`s-${saleID}`);
  return { ...base, paymentSaleAmount: 0, forPay: 0, saleID, date: '2026-08-03T12:00:00', ...over };
}

async function write(db: SellerLensDb, fn: () => Promise<unknown>) {
  await db.transaction('rw', [db.orders, db.sales, db.periodRollups, db.orderFeed], fn);
}

/** The regions of a day's roll-up, with their counters. */
async function regionsOf(db: SellerLensDb, day: string) {
  return sumEntries(await periodRollupsOf(db, S, 'region', day, day)).map((e) => ({ region: e.key, ...e.totals }));
}

describe('orders and sales with their roll-ups', () => {
  it('counts a row once however often it comes, and follows its latest version', async () => {
    const db = new SellerLensDb(freshDbName());
    await write(db, () => putOrders(db, S, [order('a'), order('b', { regionName: 'Тульская' })]));
    // The boundary row comes again unchanged, then cancelled.
    await write(db, () => putOrders(db, S, [order('a')]));
    await write(db, () =>
      putOrders(db, S, [
        order('a', { isCancel: true, cancelDate: '2026-08-02T09:00:00', lastChangeDate: '2026-08-02T09:00:00' }),
      ]),
    );
    const roll = await regionsOf(db, '2026-08-01');
    const moscow = roll.find((x) => x.region === 'Московская')!;
    expect([moscow.orders, moscow.orderSum, moscow.cancels, moscow.cancelSum]).toEqual([1, 140050, 1, 140050]);
    expect(roll.find((x) => x.region === 'Тульская')!.orders).toBe(1);
    expect((await db.orders.get([S, 'a']))!.cancelDate).toBe('2026-08-02T09:00:00');
    expect((await db.orders.get([S, 'b']))!.cancelDate).toBeNull();
  });

  it('replaces a sale’s zero forPay by the late value, counts returns apart, and drops a key that sums to zero', async () => {
    const db = new SellerLensDb(freshDbName());
    await write(db, () =>
      putSales(db, S, [sale('S1'), sale('R1', { forPay: -900.15, priceWithDisc: -1400.5, finishedPrice: -1260 })]),
    );
    await write(db, () => putSales(db, S, [sale('S1', { forPay: 1200.35, finishedPrice: 1260 })]));
    const [day] = await regionsOf(db, '2026-08-03');
    expect([day!.sales, day!.returns, day!.returnSum, day!.forPay, day!.revenue]).toEqual([1, 1, 140050, 30020, 0]);
    // A row that moves to another day (WB corrected its date) leaves nothing behind on the old one.
    await write(db, () => putSales(db, S, [sale('S1', { date: '2026-08-04T08:00:00', forPay: 1200.35 })]));
    await write(db, () =>
      putSales(db, S, [sale('R1', { date: '2026-08-04T08:00:00', forPay: -900.15, priceWithDisc: -1400.5 })]),
    );
    expect(await regionsOf(db, '2026-08-03')).toEqual([]);
    expect(await regionsOf(db, '2026-08-04')).toHaveLength(1);
  });

  it('looks up only the rows that may be stored, and stays exact when those are right', async () => {
    const db = new SellerLensDb(freshDbName());
    await write(db, () => putOrders(db, S, [order('a')]));
    const asked: string[] = [];
    const mayExist = (r: OrderRow) => (asked.push(r.srid), r.srid === 'a');
    let fresh = 0;
    await write(db, async () => {
      fresh = await putOrders(db, S, [order('a', { isCancel: true }), order('c', { nmId: 222 })], mayExist);
    });
    expect(asked).toEqual(['a', 'c']);
    expect(fresh).toBe(1);
    const [day] = await regionsOf(db, '2026-08-01');
    expect([day!.orders, day!.cancels]).toEqual([2, 1]);
    // A row said not to be stored is not looked up: it counts as new (the caller's promise, kept by the sync).
    await write(db, async () => {
      fresh = await putOrders(db, S, [order('a', { isCancel: true })], () => false);
    });
    expect(fresh).toBe(1);
  });

  it('reads Moscow days from WB times with or without a zone', () => {
    expect(dayOf('2026-08-01T23:30:00')).toBe('2026-08-01');
    expect(dayOf('2026-08-01T21:30:00Z')).toBe('2026-08-02');
    expect(dayOf('2026-08-01T23:30:00+03:00')).toBe('2026-08-01');
  });
});

describe('the order feed', () => {
  const item = (status: OrderFeedItem['status'], updatedAt: string): OrderFeedItem => ({
    srid: 'x',
    nmId: 1,
    chrtId: 2,
    createdAt: '2026-08-01T10:00:00+03:00',
    updatedAt,
    status,
    cancelType: null,
    warehouseName: 'Склад WB',
    warehouseRegion: '',
    isMp: false,
    destinationCity: 'Москва',
    destinationDistrict: 'Центральный',
    sellerPrice: 100,
    isB2b: false,
  });

  it('keeps the latest status: an older answer never overwrites a newer one', async () => {
    const db = new SellerLensDb(freshDbName());
    await write(db, () => putFeed(db, S, [item('buyout', '2026-08-05T10:00:00+03:00')]));
    await write(db, () => putFeed(db, S, [item('created', '2026-08-01T10:00:00+03:00')]));
    expect((await db.orderFeed.get([S, 'x']))!.status).toBe('buyout');
    await write(db, () => putFeed(db, S, [item('return', '2026-08-09T07:00:00Z')]));
    expect((await db.orderFeed.get([S, 'x']))!.status).toBe('return');
    expect(await ofSeller(db.orderFeed, S).count()).toBe(1);
  });
});
