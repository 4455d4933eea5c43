/**
 * A small deterministic generator of plausible WB data for the demo seller: ~50 items with sizes, 90 days of
 * orders (a few thousand) with baskets, cancellations, buyouts and returns across Russia's regions, the order feed,
 * stocks on WB warehouses (some about to run out), weekly finance reports with logistics, storage, penalties and a
 * deduction WB does not pass per item, ad campaigns with daily stats, and cards. The same seed and day give the
 * same data. Contexts: any (pure).
 */
import type { OrderFeedItem, StockItem } from '../wb-api/analytics';
import type { OrderRow, SaleRow } from '../wb-api/statistics';
import type { AdStatRecord, CampaignRecord, CardRecord, FinanceRecord } from '../db/schema';

/** The demo seller's id: fixed, and not a UUID WB would issue (all zeros but the tail). */
export const DEMO_SELLER_ID = '00000000-0000-4000-8000-00000000de70';

export interface DemoData {
  orders: OrderRow[];
  sales: SaleRow[];
  feed: OrderFeedItem[];
  stocks: StockItem[];
  finance: Omit<FinanceRecord, 'sellerId'>[];
  campaigns: Omit<CampaignRecord, 'sellerId'>[];
  adStats: Omit<AdStatRecord, 'sellerId'>[];
  cards: Omit<CardRecord, 'sellerId'>[];
}

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REGIONS: [region: string, okrug: string, country: string, weight: number][] = [
  ['Москва', 'Центральный федеральный округ', 'Россия', 22],
  ['Московская область', 'Центральный федеральный округ', 'Россия', 12],
  ['Санкт-Петербург', 'Северо-Западный федеральный округ', 'Россия', 9],
  ['Краснодарский край', 'Южный федеральный округ', 'Россия', 6],
  ['Свердловская область', 'Уральский федеральный округ', 'Россия', 5],
  ['Республика Татарстан', 'Приволжский федеральный округ', 'Россия', 5],
  ['Новосибирская область', 'Сибирский федеральный округ', 'Россия', 4],
  ['Нижегородская область', 'Приволжский федеральный округ', 'Россия', 4],
  ['Ростовская область', 'Южный федеральный округ', 'Россия', 4],
  ['Самарская область', 'Приволжский федеральный округ', 'Россия', 3],
  ['Республика Башкортостан', 'Приволжский федеральный округ', 'Россия', 3],
  ['Челябинская область', 'Уральский федеральный округ', 'Россия', 3],
  ['Воронежская область', 'Центральный федеральный округ', 'Россия', 3],
  ['Приморский край', 'Дальневосточный федеральный округ', 'Россия', 2],
  ['Республика Дагестан', 'Северо-Кавказский федеральный округ', 'Россия', 2],
  ['Минская область', '', 'Беларусь', 2],
  ['Алматы', '', 'Казахстан', 2],
  ['Ереван', '', 'Армения', 1],
];

const WAREHOUSES: [id: number, name: string, region: string][] = [
  [507, 'Коледино', 'Центральный'],
  [117986, 'Казань', 'Приволжский'],
  [120762, 'Электросталь', 'Центральный'],
  [686, 'Новосибирск', 'Сибирский'],
  [2737, 'Санкт-Петербург Уткина Заводь', 'Северо-Западный'],
  [130744, 'Краснодар', 'Южный'],
];

const SUBJECTS: [subject: string, title: string, sizes: string[], price: number][] = [
  ['Платья', 'Платье трикотажное миди', ['42', '44', '46', '48'], 2490],
  ['Футболки', 'Футболка хлопковая оверсайз', ['S', 'M', 'L', 'XL'], 990],
  ['Худи', 'Худи утеплённое с капюшоном', ['M', 'L', 'XL'], 3290],
  ['Джинсы', 'Джинсы прямые высокая посадка', ['26', '27', '28', '29', '30'], 3590],
  ['Кружки', 'Кружка керамическая 350 мл', ['0'], 590],
  ['Сумки', 'Сумка шопер из канваса', ['0'], 1290],
  ['Носки', 'Носки набор 5 пар', ['36-38', '39-41', '42-44'], 690],
  ['Пижамы', 'Пижама фланелевая', ['44', '46', '48', '50'], 2790],
  ['Шарфы', 'Шарф вязаный', ['0'], 1490],
  ['Чехлы', 'Чехол для телефона силиконовый', ['0'], 450],
];

const DAY = 86_400_000;
const MSK = 3 * 3_600_000;
const mskIso = (ms: number) => new Date(ms + MSK).toISOString().slice(0, 19);
const dayOf = (ms: number) => new Date(ms + MSK).toISOString().slice(0, 10);
const r2 = (x: number) => Math.round(x * 100) / 100;
const money = (x: number) => r2(x).toFixed(2).replace(/\.00$/, '');

/** Generates the demo seller's data for the 90 days up to `now`. */
export function generateDemo(
  now: number,
  opts: { seed?: number; days?: number; items?: number; ordersPerDay?: number } = {},
): DemoData {
  const rnd = prng(opts.seed ?? 20260820);
  const days = opts.days ?? 90;
  const itemCount = opts.items ?? 50;
  const perDay = opts.ordersPerDay ?? 32;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const regionTotal = REGIONS.reduce((s, r) => s + r[3], 0);
  const pickRegion = () => {
    let x = rnd() * regionTotal;
    for (const r of REGIONS) if ((x -= r[3]) < 0) return r;
    return REGIONS[0]!;
  };

  const items = Array.from({ length: itemCount }, (_, i) => {
    const [subject, title, sizes, base] = SUBJECTS[i % SUBJECTS.length]!;
    const nmId = 190_000_100 + i * 7;
    return {
      nmId,
      vendorCode: `DEMO-${String(i + 1).padStart(3, '0')}`,
      subject,
      title: `${title} ${['чёрный', 'белый', 'бежевый', 'синий', 'зелёный'][i % 5]}`,
      sizes: sizes.map((s, j) => ({
        techSize: s,
        chrtId: nmId * 10 + j,
        barcode: `46${String(nmId).padStart(9, '0')}${j}`,
      })),
      price: Math.round(base * (0.8 + rnd() * 0.5)),
      discount: pick([10, 15, 20, 25, 30, 40]),
      // A few best-sellers, a long tail (Zipf-like).
      weight: 1 / Math.pow(i + 1, 0.9),
    };
  });
  const weightTotal = items.reduce((s, i) => s + i.weight, 0);
  const pickItem = () => {
    let x = rnd() * weightTotal;
    for (const it of items) if ((x -= it.weight) < 0) return it;
    return items[0]!;
  };

  const orders: OrderRow[] = [];
  const sales: SaleRow[] = [];
  const feed: OrderFeedItem[] = [];
  const startDay = Date.parse(`${dayOf(now)}T00:00:00+03:00`) - (days - 1) * DAY;
  let seq = 0;
  let basket = '';
  for (let d = 0; d < days; d++) {
    const dayStart = startDay + d * DAY;
    const weekday = new Date(dayStart + MSK).getUTCDay();
    const n = Math.round(
      perDay * (0.75 + 0.5 * (d / days)) * (weekday === 0 || weekday === 6 ? 1.2 : 1) * (0.8 + 0.4 * rnd()),
    );
    for (let k = 0; k < n; k++) {
      const at = dayStart + Math.floor(rnd() * DAY);
      if (at > now) continue;
      const it = pickItem();
      const size = pick(it.sizes);
      const [region, okrug, country] = pickRegion();
      const wh = pick(WAREHOUSES);
      seq++;
      if (!basket || rnd() > 0.22) basket = String(8_000_000_000_000 + seq * 37);
      const srid = `demo.${seq}.0.${dayOf(at).replace(/-/g, '')}`;
      const spp = pick([0, 5, 10, 15, 20]);
      const priceWithDisc = r2(it.price * (1 - it.discount / 100));
      const finishedPrice = r2(priceWithDisc * (1 - spp / 100));
      const cancelled = rnd() < 0.1;
      const cancelAt = cancelled ? Math.min(now, at + Math.floor(rnd() * 2 * DAY)) : 0;
      const base = {
        warehouseName: wh[1],
        warehouseType: 'Склад WB',
        countryName: country,
        oblastOkrugName: okrug,
        regionName: region,
        supplierArticle: it.vendorCode,
        nmId: it.nmId,
        barcode: size.barcode,
        category: 'Одежда',
        subject: it.subject,
        brand: 'Демо Бренд',
        techSize: size.techSize,
        incomeID: 1000 + (seq % 50),
        isSupply: false,
        isRealization: true,
        totalPrice: it.price,
        discountPercent: it.discount,
        spp,
        finishedPrice,
        priceWithDisc,
        sticker: '',
        gNumber: basket,
        srid,
      };
      orders.push({
        ...base,
        date: mskIso(at),
        lastChangeDate: mskIso(cancelled ? cancelAt : at),
        isCancel: cancelled,
        cancelDate: cancelled ? mskIso(cancelAt) : '0001-01-01T00:00:00',
      });
      let status: OrderFeedItem['status'] = cancelled ? 'cancel' : 'created';
      if (!cancelled && rnd() < 0.78) {
        const saleAt = at + (2 + Math.floor(rnd() * 5)) * DAY + Math.floor(rnd() * DAY);
        if (saleAt <= now) {
          status = 'buyout';
          const forPay = r2(priceWithDisc * (0.72 + rnd() * 0.08));
          sales.push({
            ...base,
            date: mskIso(saleAt),
            lastChangeDate: mskIso(saleAt),
            paymentSaleAmount: 0,
            forPay,
            saleID: `S${9_000_000 + seq}`,
          });
          if (rnd() < 0.05) {
            const retAt = saleAt + (2 + Math.floor(rnd() * 8)) * DAY;
            if (retAt <= now) {
              status = 'return';
              sales.push({
                ...base,
                date: mskIso(retAt),
                lastChangeDate: mskIso(retAt),
                finishedPrice: -finishedPrice,
                priceWithDisc: -priceWithDisc,
                totalPrice: -it.price,
                paymentSaleAmount: 0,
                forPay: -forPay,
                saleID: `R${9_000_000 + seq}`,
              });
            }
          }
        }
      } else if (!cancelled) status = 'cancel';
      if (now - at < 31 * DAY) {
        feed.push({
          srid,
          nmId: it.nmId,
          chrtId: size.chrtId,
          createdAt: new Date(at).toISOString(),
          updatedAt: new Date(Math.min(now, at + DAY)).toISOString(),
          status,
          cancelType: status === 'cancel' ? 'app' : null,
          warehouseName: wh[1],
          warehouseRegion: wh[2],
          isMp: false,
          destinationCity: region,
          destinationDistrict: okrug || country,
          sellerPrice: priceWithDisc,
          isB2b: false,
        });
      }
    }
  }

  // Stocks: most items have weeks of cover; every seventh is about to run out.
  const stocks: StockItem[] = [];
  items.forEach((it, i) => {
    for (const size of it.sizes) {
      for (const wh of WAREHOUSES.slice(0, 2 + (i % 3))) {
        const low = i % 7 === 3;
        stocks.push({
          nmId: it.nmId,
          chrtId: size.chrtId,
          warehouseId: wh[0],
          warehouseName: wh[1],
          regionName: wh[2],
          quantity: low ? Math.floor(rnd() * 2) : Math.floor(5 + rnd() * 60 * it.weight * 3),
          inWayToClient: Math.floor(rnd() * 4),
          inWayFromClient: Math.floor(rnd() * 2),
        });
      }
    }
  });

  // Weekly finance reports (Monday–Sunday) for the complete weeks; one line per sale/return plus logistics,
  // storage per item, a penalty now and then, and WB.Promotion deducted without an item.
  const finance: Omit<FinanceRecord, 'sellerId'>[] = [];
  let rrdId = 5_000_000;
  const mondayOf = (ms: number) => {
    const day = new Date(ms + MSK).getUTCDay();
    return Date.parse(`${dayOf(ms)}T00:00:00+03:00`) - ((day + 6) % 7) * DAY;
  };
  const lastMonday = mondayOf(now);
  const byWeek = new Map<number, SaleRow[]>();
  for (const s of sales) {
    const wk = mondayOf(Date.parse(`${s.date}+03:00`));
    if (wk >= lastMonday) continue;
    (byWeek.get(wk) ?? byWeek.set(wk, []).get(wk)!).push(s);
  }
  const itemOf = new Map(items.map((i) => [i.nmId, i]));
  for (const [wk, rows] of [...byWeek.entries()].sort((a, b) => a[0] - b[0])) {
    const dateFrom = dayOf(wk);
    const dateTo = dayOf(wk + 6 * DAY);
    const reportId = String(400_000_000 + Math.round(wk / DAY));
    const line = (over: Partial<Omit<FinanceRecord, 'sellerId'>>): Omit<FinanceRecord, 'sellerId'> => ({
      rrdId: rrdId++,
      reportId,
      dateFrom,
      dateTo,
      currency: 'RUB',
      reportType: 1,
      rrDate: dateTo,
      orderDt: `${dateFrom}T00:00:00Z`,
      saleDt: `${dateFrom}T00:00:00Z`,
      nmId: 0,
      vendorCode: '',
      techSize: '',
      sku: '',
      subjectName: '',
      brandName: '',
      docTypeName: '',
      sellerOperName: '',
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
    });
    const touched = new Set<number>();
    for (const s of rows) {
      const ret = s.saleID.startsWith('R');
      const it = itemOf.get(s.nmId)!;
      touched.add(s.nmId);
      const common = {
        nmId: s.nmId,
        vendorCode: s.supplierArticle,
        techSize: s.techSize,
        sku: s.barcode,
        subjectName: it.subject,
        brandName: 'Демо Бренд',
        officeName: s.warehouseName,
        saleDt: `${s.date}Z`,
        orderDt: `${s.date}Z`,
        srid: s.srid,
        country: s.countryName,
      };
      finance.push(
        line({
          ...common,
          docTypeName: ret ? 'Возврат' : 'Продажа',
          sellerOperName: ret ? 'Возврат' : 'Продажа',
          quantity: 1,
          retailPrice: money(Math.abs(s.totalPrice)),
          retailAmount: money(Math.abs(s.finishedPrice)),
          retailPriceWithDisc: money(Math.abs(s.priceWithDisc)),
          forPay: money(Math.abs(s.forPay)),
          ppvzSalesCommission: money(Math.abs(s.priceWithDisc) - Math.abs(s.forPay)),
        }),
      );
      finance.push(
        line({
          ...common,
          sellerOperName: 'Логистика',
          deliveryAmount: ret ? 0 : 1,
          returnAmount: ret ? 1 : 0,
          deliveryService: money(ret ? 50 : 38 + Math.floor(rnd() * 40) + 0.5),
        }),
      );
    }
    for (const nmId of touched) {
      const it = itemOf.get(nmId)!;
      finance.push(
        line({ nmId, vendorCode: it.vendorCode, sellerOperName: 'Хранение', paidStorage: money(3 + rnd() * 25) }),
      );
      if (rnd() < 0.04)
        finance.push(line({ nmId, vendorCode: it.vendorCode, sellerOperName: 'Штраф', penalty: '300' }));
      if (rnd() < 0.06)
        finance.push(
          line({
            nmId,
            vendorCode: it.vendorCode,
            sellerOperName: 'Платная приёмка',
            paidAcceptance: money(20 + rnd() * 80),
          }),
        );
    }
    finance.push(
      line({
        sellerOperName: 'Удержание',
        bonusTypeName: 'Оказание услуг «WB.Продвижение»',
        deduction: money(1500 + rnd() * 3000),
      }),
    );
  }

  // Ads: four campaigns over the top items, daily stats.
  const campaigns: Omit<CampaignRecord, 'sellerId'>[] = [
    [7001, 'Поиск: платья', 9],
    [7002, 'Поиск: худи и футболки', 9],
    [7003, 'Рекомендации: аксессуары', 11],
    [7004, 'Распродажа', 7],
  ].map(([advertId, name, status]) => ({
    advertId: advertId as number,
    type: 9,
    status: status as number,
    name: name as string,
    bidType: 'unified',
    paymentType: 'cpm',
    placements: { search: true, recommendations: advertId === 7003 },
    currency: 'RUB',
    createdAt: new Date(startDay).toISOString(),
    updatedAt: new Date(now).toISOString(),
    startedAt: new Date(startDay).toISOString(),
    deletedAt: '2100-01-01T00:00:00+03:00',
  }));
  const adStats: Omit<AdStatRecord, 'sellerId'>[] = [];
  campaigns.forEach((c, ci) => {
    const nms = items.filter((_, i) => i % 4 === ci).slice(0, 4);
    for (let d = 0; d < days; d++) {
      const date = dayOf(startDay + d * DAY);
      if (c.status === 7 && d > days - 20) continue;
      for (const it of nms) {
        const views = Math.floor(300 + rnd() * 2500 * it.weight * 2);
        const clicks = Math.floor(views * (0.01 + rnd() * 0.04));
        const orders = Math.floor(clicks * (0.02 + rnd() * 0.08));
        adStats.push({
          advertId: c.advertId,
          date,
          nmId: it.nmId,
          name: it.title,
          views,
          clicks,
          sum: r2(views * (0.12 + rnd() * 0.1)),
          sumPrice: r2(orders * it.price * (1 - it.discount / 100)),
          orders,
          shks: orders,
          atbs: Math.floor(clicks * 0.2),
          canceled: 0,
        });
      }
    }
  });

  const cards: Omit<CardRecord, 'sellerId'>[] = items.map((it, i) => ({
    nmId: it.nmId,
    imtId: 90_000_000 + i,
    title: it.title,
    vendorCode: it.vendorCode,
    brand: 'Демо Бренд',
    subjectId: 100 + (i % SUBJECTS.length),
    subjectName: it.subject,
    photo: null,
    sizes: it.sizes.map((s) => ({ chrtId: s.chrtId, techSize: s.techSize, skus: [s.barcode] })),
    updatedAt: new Date(startDay).toISOString(),
  }));

  return { orders, sales, feed, stocks, finance, campaigns, adStats, cards };
}
