/**
 * Reference data the simulated sellers' goods and orders are drawn from, written as WB writes it: warehouse names,
 * federal districts and regions, subjects with their parent categories, size grids.
 */

export interface Warehouse {
  id: number;
  name: string;
  /** Federal district (short, as in the stocks report: `Центральный`), or the country outside Russia. */
  region: string;
  weight: number;
}

/** WB warehouses (FBW). */
export const WB_WAREHOUSES: readonly Warehouse[] = [
  { id: 507, name: 'Коледино', region: 'Центральный', weight: 16 },
  { id: 117501, name: 'Подольск', region: 'Центральный', weight: 10 },
  { id: 120762, name: 'Электросталь', region: 'Центральный', weight: 9 },
  { id: 206348, name: 'Тула', region: 'Центральный', weight: 6 },
  { id: 117986, name: 'Казань', region: 'Приволжский', weight: 8 },
  { id: 130744, name: 'Краснодар', region: 'Южный', weight: 7 },
  { id: 301983, name: 'Волгоград', region: 'Южный', weight: 3 },
  { id: 208277, name: 'Невинномысск', region: 'Северо-Кавказский', weight: 3 },
  { id: 2737, name: 'Санкт-Петербург Уткина Заводь', region: 'Северо-Западный', weight: 7 },
  { id: 1733, name: 'Екатеринбург - Испытателей 14г', region: 'Уральский', weight: 6 },
  { id: 686, name: 'Новосибирск', region: 'Сибирский', weight: 5 },
  { id: 1193, name: 'Хабаровск', region: 'Дальневосточный', weight: 2 },
  { id: 218987, name: 'Алматы Атакент', region: 'Казахстан', weight: 2 },
  { id: 204939, name: 'Минск', region: 'Беларусь', weight: 2 },
];

/** The seller's own warehouse (FBS orders: `warehouseType` «Склад продавца», order feed `isMp: true`). */
export const SELLER_WAREHOUSE = { id: 1_000_001, name: 'Склад продавца Москва', region: 'Центральный' } as const;

export interface Destination {
  country: string;
  /** `oblastOkrugName` of statistics rows (empty outside Russia). */
  okrug: string;
  /** `regionName` of statistics rows. */
  region: string;
  city: string;
  /** `destinationDistrict` of the order feed: the short district, or the country outside Russia. */
  district: string;
  weight: number;
}

const CFO = 'Центральный федеральный округ';
const SZFO = 'Северо-Западный федеральный округ';
const PFO = 'Приволжский федеральный округ';
const UFO = 'Южный федеральный округ';
const SKFO = 'Северо-Кавказский федеральный округ';
const URFO = 'Уральский федеральный округ';
const SFO = 'Сибирский федеральный округ';
const DFO = 'Дальневосточный федеральный округ';

function ru(okrug: string, region: string, city: string, district: string, weight: number): Destination {
  return { country: 'Россия', okrug, region, city, district, weight };
}

/** Where orders go, weighted roughly like a Moscow-heavy marketplace seller's. */
export const DESTINATIONS: readonly Destination[] = [
  ru(CFO, 'Москва', 'Москва', 'Центральный', 22),
  ru(CFO, 'Московская', 'Балашиха', 'Центральный', 6),
  ru(CFO, 'Московская', 'Подольск', 'Центральный', 4),
  ru(CFO, 'Тульская', 'Тула', 'Центральный', 2),
  ru(CFO, 'Воронежская', 'Воронеж', 'Центральный', 2),
  ru(CFO, 'Ярославская', 'Ярославль', 'Центральный', 1),
  ru(SZFO, 'Санкт-Петербург', 'Санкт-Петербург', 'Северо-Западный', 9),
  ru(SZFO, 'Ленинградская', 'Гатчина', 'Северо-Западный', 1),
  ru(SZFO, 'Калининградская', 'Калининград', 'Северо-Западный', 1),
  ru(PFO, 'Республика Татарстан', 'Казань', 'Приволжский', 4),
  ru(PFO, 'Нижегородская', 'Нижний Новгород', 'Приволжский', 3),
  ru(PFO, 'Самарская', 'Самара', 'Приволжский', 3),
  ru(PFO, 'Республика Башкортостан', 'Уфа', 'Приволжский', 2),
  ru(PFO, 'Пермский край', 'Пермь', 'Приволжский', 2),
  ru(UFO, 'Краснодарский край', 'Краснодар', 'Южный', 5),
  ru(UFO, 'Ростовская', 'Ростов-на-Дону', 'Южный', 3),
  ru(UFO, 'Волгоградская', 'Волгоград', 'Южный', 2),
  ru(SKFO, 'Ставропольский край', 'Ставрополь', 'Северо-Кавказский', 2),
  ru(SKFO, 'Республика Дагестан', 'Махачкала', 'Северо-Кавказский', 2),
  ru(URFO, 'Свердловская', 'Екатеринбург', 'Уральский', 3),
  ru(URFO, 'Челябинская', 'Челябинск', 'Уральский', 2),
  ru(URFO, 'Тюменская', 'Тюмень', 'Уральский', 1),
  ru(SFO, 'Новосибирская', 'Новосибирск', 'Сибирский', 2),
  ru(SFO, 'Красноярский край', 'Красноярск', 'Сибирский', 1),
  ru(SFO, 'Омская', 'Омск', 'Сибирский', 1),
  ru(DFO, 'Приморский край', 'Владивосток', 'Дальневосточный', 1),
  ru(DFO, 'Хабаровский край', 'Хабаровск', 'Дальневосточный', 1),
  { country: 'Беларусь', okrug: '', region: 'Минская', city: 'Минск', district: 'Беларусь', weight: 2 },
  { country: 'Беларусь', okrug: '', region: 'Брестская', city: 'Брест', district: 'Беларусь', weight: 1 },
  { country: 'Казахстан', okrug: '', region: 'Алматы', city: 'Алматы', district: 'Казахстан', weight: 2 },
  { country: 'Казахстан', okrug: '', region: 'Астана', city: 'Астана', district: 'Казахстан', weight: 1 },
  { country: 'Армения', okrug: '', region: 'Ереван', city: 'Ереван', district: 'Армения', weight: 0.5 },
];

export interface SizeGrid {
  /** [techSize, wbSize] pairs. */
  sizes: readonly (readonly [string, string])[];
}

const ONE_SIZE: SizeGrid = { sizes: [['0', '']] };
const CLOTHES: SizeGrid = {
  sizes: [
    ['XS', '42'],
    ['S', '44'],
    ['M', '46'],
    ['L', '48'],
    ['XL', '50'],
    ['XXL', '52'],
  ],
};
const SHOES: SizeGrid = {
  sizes: [
    ['36', '36'],
    ['37', '37'],
    ['38', '38'],
    ['39', '39'],
    ['40', '40'],
    ['41', '41'],
    ['42', '42'],
    ['43', '43'],
    ['44', '44'],
  ],
};
const BEDDING: SizeGrid = {
  sizes: [
    ['1,5-спальное', '1,5'],
    ['2-спальное', '2'],
    ['Евро', 'Евро'],
  ],
};

export interface Subject {
  id: number;
  name: string;
  /** Parent category (`category` in statistics rows). */
  category: string;
  grid: SizeGrid;
  /** Price range in roubles before discounts. */
  price: readonly [number, number];
  /** WB commission for the subject, %. */
  commission: number;
  needKiz: boolean;
  words: readonly string[];
}

export const SUBJECTS: readonly Subject[] = [
  {
    id: 192,
    name: 'Футболки',
    category: 'Одежда',
    grid: CLOTHES,
    price: [790, 2490],
    commission: 25,
    needKiz: true,
    words: ['оверсайз', 'базовая', 'хлопковая', 'с принтом'],
  },
  {
    id: 69,
    name: 'Платья',
    category: 'Одежда',
    grid: CLOTHES,
    price: [1490, 6990],
    commission: 25,
    needKiz: true,
    words: ['летнее', 'вечернее', 'трикотажное', 'льняное'],
  },
  {
    id: 180,
    name: 'Джинсы',
    category: 'Одежда',
    grid: CLOTHES,
    price: [1990, 5990],
    commission: 25,
    needKiz: true,
    words: ['прямые', 'широкие', 'скинни', 'мом'],
  },
  {
    id: 105,
    name: 'Кроссовки',
    category: 'Обувь',
    grid: SHOES,
    price: [2490, 8990],
    commission: 27,
    needKiz: true,
    words: ['беговые', 'кожаные', 'на платформе', 'сетчатые'],
  },
  {
    id: 50,
    name: 'Сумки',
    category: 'Аксессуары',
    grid: ONE_SIZE,
    price: [990, 5990],
    commission: 26,
    needKiz: false,
    words: ['кросс-боди', 'шоппер', 'кожаная', 'поясная'],
  },
  {
    id: 52,
    name: 'Кошельки',
    category: 'Аксессуары',
    grid: ONE_SIZE,
    price: [490, 2990],
    commission: 26,
    needKiz: false,
    words: ['кожаный', 'компактный', 'на молнии'],
  },
  {
    id: 2463,
    name: 'Мультистайлеры',
    category: 'Бытовая техника',
    grid: ONE_SIZE,
    price: [2990, 14990],
    commission: 19,
    needKiz: false,
    words: ['5 в 1', 'с насадками', 'профессиональный'],
  },
  {
    id: 1156,
    name: 'Фены',
    category: 'Бытовая техника',
    grid: ONE_SIZE,
    price: [1490, 9990],
    commission: 19,
    needKiz: false,
    words: ['с диффузором', 'дорожный', 'ионный'],
  },
  {
    id: 515,
    name: 'Чехлы для телефонов',
    category: 'Электроника',
    grid: ONE_SIZE,
    price: [190, 990],
    commission: 21,
    needKiz: false,
    words: ['силиконовый', 'противоударный', 'книжка'],
  },
  {
    id: 1390,
    name: 'Наушники',
    category: 'Электроника',
    grid: ONE_SIZE,
    price: [790, 7990],
    commission: 21,
    needKiz: false,
    words: ['беспроводные', 'накладные', 'спортивные'],
  },
  {
    id: 2170,
    name: 'Кружки',
    category: 'Дом',
    grid: ONE_SIZE,
    price: [290, 1290],
    commission: 22,
    needKiz: false,
    words: ['керамическая', 'с надписью', 'термокружка'],
  },
  {
    id: 1364,
    name: 'Постельное белье',
    category: 'Дом',
    grid: BEDDING,
    price: [1990, 7990],
    commission: 22,
    needKiz: true,
    words: ['сатин', 'поплин', 'лён', 'страйп-сатин'],
  },
  {
    id: 232,
    name: 'Игрушки мягкие',
    category: 'Детям',
    grid: ONE_SIZE,
    price: [390, 2990],
    commission: 24,
    needKiz: false,
    words: ['медведь', 'кот', 'заяц', 'акула'],
  },
  {
    id: 3210,
    name: 'Кремы',
    category: 'Красота',
    grid: ONE_SIZE,
    price: [290, 2490],
    commission: 23,
    needKiz: true,
    words: ['для лица', 'для рук', 'увлажняющий', 'ночной'],
  },
  {
    id: 1290,
    name: 'Шампуни',
    category: 'Красота',
    grid: ONE_SIZE,
    price: [290, 1490],
    commission: 23,
    needKiz: true,
    words: ['для объёма', 'восстанавливающий', 'против перхоти'],
  },
];

export const BRANDS: readonly string[] = [
  'Flax Store',
  'Северный лён',
  'UrbanFox',
  'NordHome',
  'Kaleido',
  'Мишутка',
  'BeautyLab',
  'SoundPro',
  'CityStep',
  'Тест',
];

export const COLORS: readonly string[] = [
  'чёрный',
  'белый',
  'бежевый',
  'серый',
  'синий',
  'зелёный',
  'розовый',
  'красный',
  'хаки',
  'молочный',
];

export const SELLER_NAMES: readonly { name: string; tradeMark: string }[] = [
  { name: 'ИП Кружинин В. Р.', tradeMark: 'Flax Store' },
  { name: 'ООО «Северный лён»', tradeMark: 'Северный лён' },
  { name: 'ИП Соколова А. Д.', tradeMark: 'UrbanFox' },
  { name: 'ООО «Калейдо»', tradeMark: 'Kaleido' },
];

/** Order-feed cancellation types with their weights. */
export const CANCEL_TYPES = ['app', 'receipt', 'expire', 'other'] as const;
export type CancelType = (typeof CANCEL_TYPES)[number];
