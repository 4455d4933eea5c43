import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { langItem } from '../../../lib/background/keyring-service';
import { createPanelService, dataAge, formatCount } from '../../../lib/background/panel-service';
import { initialState } from '../../../lib/db/sync-state';
import {
  SellerLensDb,
  type DailyOrdersRecord,
  type Dataset,
  type FinanceRecord,
  type OrderRecord,
} from '../../../lib/db/schema';
import { handleMessages, protocol } from '../../../lib/messaging';
import { pickedSellerItem } from '../../../lib/storage/picked-seller';
import type { SellerView } from '../../../lib/token/keyring';
import { addDayRows } from '../db/day-rows';
import { freshDbName } from '../sync/helpers';

const S = '4f1c8f29-7a1b-4c3e-9b4a-0a0b0c0d0e0f';
/** 2026-11-20 14:30 Moscow time. */
const NOW = Date.parse('2026-11-20T11:30:00Z');
const squash = (s: string) => s.replace(/\s/g, '');

function setup(sellers: string[] = [S]) {
  const db = new SellerLensDb(freshDbName());
  const keyring = {
    sellers: async () =>
      sellers.map((sellerId) => ({ sellerId, name: null, tokens: [], capabilities: [] }) as SellerView),
  };
  const service = createPanelService({ db, keyring, now: () => NOW });
  const synced = async (datasets: Dataset[], at = NOW - 30 * 60_000) => {
    for (const d of datasets)
      await db.syncState.put({ ...initialState(S, d, 0), phase: 'incremental', lastSuccessAt: at });
  };
  return { db, service, synced };
}

function daily(day: string, nmId: number, region: string, counts: Partial<DailyOrdersRecord>): DailyOrdersRecord {
  return {
    sellerId: S,
    day,
    nmId,
    region,
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
    ...counts,
  };
}

function order(srid: string, date: string, regionName: string, gNumber: string): OrderRecord {
  return {
    sellerId: S,
    srid,
    date,
    lastChangeDate: date,
    nmId: 1,
    supplierArticle: 'A',
    techSize: '0',
    barcode: '1',
    warehouseName: 'Коледино',
    warehouseType: 'Склад WB',
    countryName: 'Россия',
    oblastOkrugName: 'Центральный федеральный округ',
    regionName,
    totalPrice: 1000,
    discountPercent: 0,
    spp: 0,
    finishedPrice: 1000,
    priceWithDisc: 1000,
    isCancel: false,
    cancelDate: null,
    gNumber,
  };
}

const stat = (v: { stats: { label: string; value: string; note: string | null }[] }, label: string) =>
  v.stats.find((s) => s.label === label);

describe('panel.figures', () => {
  it('without a seller, every panel says to add a token', async () => {
    const { service } = setup([]);
    for (const req of [
      { panel: 'overview' },
      { panel: 'regions' },
      { panel: 'stocks' },
      { panel: 'finance' },
      { panel: 'campaign', campaignId: 123 },
    ] as const) {
      const v = await service.figures(req);
      expect(v.empty).toBe('нет данных — добавьте токен в Seller Lens');
      expect(v.asOf).toBeNull();
      expect(protocol['panel.figures'].response.safeParse(v).success).toBe(true);
    }
  });

  it('before the first sync of its datasets, a panel says the data is loading', async () => {
    const { service, synced } = setup();
    await synced(['orders']);
    const v = await service.figures({ panel: 'overview' });
    expect(v.empty).toMatch(/^данных пока нет/);
  });

  it('the overview: the last 7 Moscow days against the 7 before, with the data age and source', async () => {
    const { db, service, synced } = setup();
    await synced(['orders', 'sales']);
    await addDayRows(db, [
      daily('2026-11-20', 1, 'Москва', { orders: 3, orderSum: 300_000, sales: 2, forPay: 150_000 }),
      daily('2026-11-14', 2, 'Москва', { orders: 2, orderSum: 100_050, returns: 1 }),
      daily('2026-11-13', 1, 'Москва', { orders: 4, orderSum: 50_000 }), // the previous 7 days
      daily('2026-11-06', 1, 'Москва', { orders: 100 }), // before both
    ]);
    const v = await service.figures({ panel: 'overview' });
    expect(v.empty).toBeNull();
    expect(v.subtitle).toBe('за 7 дн. (14.11 — 20.11)');
    expect(stat(v, 'Заказы')).toEqual({ label: 'Заказы', value: '5', note: '+25 % к предыдущим 7 дн.' });
    expect(squash(stat(v, 'Сумма заказов')!.value)).toBe('4000,50₽');
    expect(stat(v, 'Выкупы')!.value).toBe('2');
    expect(stat(v, 'Возвраты')!.value).toBe('1');
    expect(v.tables[0]!.rows).toEqual([
      ['1', '3', '3\u202f000,00\u00a0₽'],
      ['2', '2', '1\u202f000,50\u00a0₽'],
    ]);
    expect(v.asOf).toBe('данные на 14:00 МСК');
    expect(v.source).toBe('WB API: статистика (заказы, продажи)');
  });

  it('regions: orders, baskets and items per basket per region over 30 days', async () => {
    const { db, service, synced } = setup();
    await synced(['orders']);
    await db.orders.bulkPut([
      order('a', '2026-11-20T10:00:00', 'Москва', 'g1'),
      order('b', '2026-11-20T10:00:00', 'Москва', 'g1'),
      order('c', '2026-11-19T10:00:00', 'Москва', 'g2'),
      order('d', '2026-11-01T10:00:00', 'Татарстан', 'g3'),
      order('e', '2026-10-01T10:00:00', 'Татарстан', 'g4'), // older than 30 days
    ]);
    await addDayRows(db, [
      daily('2026-11-20', 1, 'Москва', { orders: 2, orderSum: 200_000 }),
      daily('2026-11-19', 1, 'Москва', { orders: 1, orderSum: 100_000 }),
      daily('2026-11-01', 1, 'Татарстан', { orders: 1, orderSum: 100_000 }),
    ]);
    const v = await service.figures({ panel: 'regions' });
    expect(v.stats.map((s) => [s.label, s.value])).toEqual([
      ['Заказы', '4'],
      ['Корзины', '3'],
      ['Товаров в корзине', '1,33'],
      ['Регионов', '2'],
    ]);
    expect(v.tables[0]!.rows.map((r) => r.slice(0, 4))).toEqual([
      ['Москва', '3', '2', '1,5'],
      ['Татарстан', '1', '1', '1'],
    ]);
  });

  it('stocks: totals, in transit and days of cover at the last 14 days’ pace', async () => {
    const { db, service, synced } = setup();
    await synced(['stocks', 'orders']);
    const stock = { sellerId: S, chrtId: 1, warehouseName: 'Коледино', regionName: 'Москва', snapshotAt: 1 };
    await db.stocks.bulkPut([
      { ...stock, nmId: 1, warehouseId: 1, quantity: 28, inWayToClient: 3, inWayFromClient: 1 },
      { ...stock, nmId: 1, warehouseId: 2, quantity: 0, inWayToClient: 2, inWayFromClient: 0 },
      { ...stock, nmId: 2, warehouseId: 1, quantity: 50, inWayToClient: 0, inWayFromClient: 0 },
    ]);
    // 28 orders of nmId 1 in the 14 full days before today: 2 a day, 14 days of cover.
    await addDayRows(db, [
      daily('2026-11-19', 1, 'Москва', { orders: 20 }),
      daily('2026-11-06', 1, 'Москва', { orders: 8 }),
    ]);
    const v = await service.figures({ panel: 'stocks' });
    expect(v.stats.map((s) => s.value)).toEqual(['78', '5', '1', '0']);
    expect(v.tables[0]!.rows).toEqual([
      ['1', '28', '5', '1', '2', '14'],
      ['2', '50', '0', '0', '0', '∞'],
    ]);
  });

  it('finance: the latest report per SKU, reconciled with its total', async () => {
    const { db, service, synced } = setup();
    await synced(['finance']);
    const base = { sellerId: S, currency: 'RUB', reportType: 1, rrDate: '', orderDt: '', saleDt: '', techSize: '0' };
    const line = (rrdId: number, reportId: string, dateFrom: string, nmId: number, over: Partial<FinanceRecord>) =>
      ({
        ...base,
        rrdId,
        reportId,
        dateFrom,
        dateTo: dateFrom,
        nmId,
        vendorCode: nmId ? `V${nmId}` : '',
        sku: '',
        subjectName: '',
        brandName: '',
        docTypeName: '',
        sellerOperName: 'Логистика',
        bonusTypeName: null,
        officeName: '',
        quantity: 0,
        deliveryAmount: 0,
        returnAmount: 0,
        retailPrice: '0',
        retailAmount: '0',
        retailPriceWithDisc: '0',
        deliveryService: '0',
        ppvzSalesCommission: '0',
        forPay: '0',
        ppvzReward: '0',
        acquiringFee: '0',
        vw: '0',
        vwNds: '0',
        penalty: '0',
        additionalPayment: '0',
        paidStorage: '0',
        deduction: '0',
        paidAcceptance: '0',
        country: 'Россия',
        srid: '',
        ...over,
      }) as FinanceRecord;
    const sale = { docTypeName: 'Продажа', sellerOperName: 'Продажа', quantity: 1 };
    await db.finance.bulkPut([
      line(1, '100', '2026-11-03', 7, { ...sale, retailAmount: '999', forPay: '900' }),
      line(2, '200', '2026-11-10', 7, { ...sale, retailAmount: '1000', retailPriceWithDisc: '1000', forPay: '800.5' }),
      line(3, '200', '2026-11-10', 7, { deliveryService: '50' }),
      line(4, '200', '2026-11-10', 0, { sellerOperName: 'Хранение', paidStorage: '30.25' }),
    ]);
    const v = await service.figures({ panel: 'finance' });
    expect(v.subtitle).toBe('отчёт № 200, 10.11 — 10.11');
    expect(squash(stat(v, 'Итого к оплате')!.value)).toBe('720,25₽');
    expect(squash(stat(v, 'Комиссия WB')!.value)).toBe('199,50₽');
    expect(v.tables[0]!.rows.map((r) => r.map(squash))).toEqual([['V7', '1', '800,50₽', '50,00₽', '750,50₽']]);
    expect(v.notes.map(squash)).toEqual([
      squash('Сумма по SKU 750,50 ₽ + операции без SKU −30,25 ₽ = итог отчёта 720,25 ₽'),
      squash('Хранение: −30,25 ₽'),
    ]);
  });

  it('a campaign: its own stats for 7 days, its items with bids; an unknown campaign says so', async () => {
    const { db, service, synced } = setup();
    await synced(['ads']);
    await db.campaigns.put({
      sellerId: S,
      advertId: 555,
      type: 9,
      status: 9,
      name: 'Поиск: рубашки',
      bidType: 'manual',
      paymentType: 'cpm',
      placements: { search: true, recommendations: false },
      currency: 'RUB',
      createdAt: '',
      updatedAt: '',
      startedAt: null,
      deletedAt: '',
    });
    await db.bids.put({
      sellerId: S,
      advertId: 555,
      nmId: 7,
      subjectId: 1,
      subjectName: '',
      search: 25_000,
      recommendations: 0,
    });
    const ad = { sellerId: S, advertId: 555, nmId: 7, name: '', shks: 0, atbs: 0, canceled: 0, sumPrice: 0 };
    await db.adStats.bulkPut([
      { ...ad, date: '2026-11-20', views: 1000, clicks: 30, sum: 150.5, orders: 2 },
      { ...ad, date: '2026-11-14', views: 1000, clicks: 10, sum: 49.5, orders: 0 },
      { ...ad, date: '2026-11-13', views: 99_999, clicks: 999, sum: 9999, orders: 99 }, // before the 7 days
      { ...ad, advertId: 556, date: '2026-11-20', views: 5, clicks: 5, sum: 5, orders: 5 }, // another campaign
    ]);
    const v = await service.figures({ panel: 'campaign', campaignId: 555 });
    expect(v.title).toBe('Seller Lens: кампания 555');
    expect(v.subtitle).toMatch(/^Поиск: рубашки · за 7 дн\./);
    expect(v.stats.slice(0, 6).map((s) => [s.label, squash(s.value)])).toEqual([
      ['Показы', '2000'],
      ['Клики', '40'],
      ['CTR', '2%'],
      ['CPC', '5,00₽'],
      ['Расход', '200,00₽'],
      ['Заказы', '2'],
    ]);
    expect(v.tables[0]!.rows.map((r) => r.map(squash))).toEqual([['7', '250,00₽', '2000', '40', '200,00₽', '2']]);
    expect((await service.figures({ panel: 'campaign', campaignId: 777 })).empty).toBe(
      'кампании 777 нет в данных Seller Lens',
    );
  });

  it('answers in English when the seller picked it, and remembers each panel’s folding', async () => {
    const { service, synced } = setup();
    await synced(['orders', 'sales']);
    await langItem.setValue('en');
    await service.handlers['panel.setCollapsed']!({ panel: 'overview', collapsed: true }, {} as Runtime.MessageSender);
    const v = await service.figures({ panel: 'overview' });
    expect(v.collapsed).toBe(true);
    expect(v.title).toBe('Seller Lens: overview');
    expect(v.ui).toEqual({ collapse: 'Collapse', expand: 'Expand' });
    expect((await service.figures({ panel: 'regions' })).collapsed).toBe(false);
  });

  it('only our content script in a cabinet tab gets figures', async () => {
    const { service } = setup([]);
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    handleMessages(service.handlers);
    const listener = add.mock.calls.at(-1)![0] as (m: unknown, s: Runtime.MessageSender) => unknown;
    const msg = { ns: 'seller-lens/v1', type: 'panel.figures', payload: { panel: 'overview' } };
    const tab = { id: 1, index: 0, highlighted: false, active: true, pinned: false, incognito: false };
    const id = fakeBrowser.runtime.id;
    await expect(listener(msg, { id, url: 'https://seller.wildberries.ru/', tab })).resolves.toMatchObject({
      panel: 'overview',
    });
    expect(listener(msg, { id, url: 'https://evil.example/', tab })).toBeUndefined();
    expect(listener(msg, { id, url: fakeBrowser.runtime.getURL('/popup.html') })).toBeUndefined();
    const bad = { ...msg, payload: { panel: 'campaign', campaignId: 'x' } };
    expect(listener(bad, { id, url: 'https://cmp.wildberries.ru/campaigns/1234', tab })).toBeUndefined();
  });
});

describe('which seller', () => {
  it('the seller picked last in the dashboard, else the first', async () => {
    const other = '9a9a9a9a-7a1b-4c3e-9b4a-0a0b0c0d0e0f';
    const { db, service, synced } = setup([S, other]);
    await synced(['orders', 'sales']);
    await db.syncState.put({ ...initialState(other, 'orders', 0), phase: 'incremental', lastSuccessAt: NOW });
    await db.syncState.put({ ...initialState(other, 'sales', 0), phase: 'incremental', lastSuccessAt: NOW });
    await addDayRows(db, [{ ...daily('2026-11-20', 1, 'Москва', { orders: 9 }), sellerId: other }]);
    await addDayRows(db, [daily('2026-11-20', 1, 'Москва', { orders: 4 })]);
    expect(stat(await service.figures({ panel: 'overview' }), 'Заказы')!.value).toBe('4');
    await pickedSellerItem.setValue(other);
    expect(stat(await service.figures({ panel: 'overview' }), 'Заказы')!.value).toBe('9');
    await pickedSellerItem.setValue('gone-seller');
    expect(stat(await service.figures({ panel: 'overview' }), 'Заказы')!.value).toBe('4');
  });
});

describe('formatting', () => {
  it('groups digits as Russians do and says how old the data is', () => {
    expect(formatCount(1234567)).toBe('1\u202f234\u202f567');
    expect(formatCount(1.5)).toBe('1,5');
    expect(formatCount(-12)).toBe('−12');
    expect(formatCount(1234.5, 'en')).toBe('1,234.5');
    expect(dataAge(NOW, NOW, 'ru')).toBe('данные на 14:30 МСК');
    expect(dataAge(NOW - 86_400_000, NOW, 'ru')).toBe('данные на 19.11 14:30 МСК');
  });
});
