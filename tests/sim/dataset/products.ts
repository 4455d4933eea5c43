/**
 * A simulated seller's goods: WB items (nmId) with vendor codes, brands, subjects and sizes (chrtId, techSize,
 * barcode), and the card data the Content API returns for them.
 */
import { BRANDS, COLORS, SUBJECTS, WB_WAREHOUSES, type Subject } from '../catalog';
import { hashDigits, hashUuid, Rng } from '../prng';

export interface ProductSize {
  chrtId: number;
  techSize: string;
  wbSize: string;
  barcode: string;
}

export interface Product {
  nmId: number;
  imtId: number;
  nmUuid: string;
  vendorCode: string;
  brand: string;
  subject: Subject;
  title: string;
  description: string;
  color: string;
  sizes: ProductSize[];
  /** Price before discounts, roubles. */
  price: number;
  /** Seller discount, %. */
  discount: number;
  /** Card photos count (0 = a card without photos). */
  photos: number;
  hasVideo: boolean;
  tagIds: number[];
  /** Card creation and last update, unix ms; `updatedUs` adds the microseconds WB shows (0–999). */
  createdMs: number;
  updatedMs: number;
  updatedUs: number;
  dimensions: { length: number; width: number; height: number; weightBrutto: number; isValid: boolean };
}

export interface SellerTag {
  id: number;
  name: string;
  color: string;
}

export const SELLER_TAGS: readonly SellerTag[] = [
  { id: 592569, name: 'Популярный', color: 'D1CFD7' },
  { id: 592570, name: 'Новинка', color: 'FEE0E0' },
  { id: 592571, name: 'Распродажа', color: 'ECDAFF' },
];

/** Vendor-code prefixes, the way sellers abbreviate their brands. */
const BRAND_CODES: Record<string, string> = {
  'Северный лён': 'SLN',
  Мишутка: 'MSH',
  Тест: 'TST',
};
for (const b of BRANDS)
  BRAND_CODES[b] ??= b
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 3)
    .toUpperCase();

/** Generates `count` products for a seller; `anchorMs` is "now" at generation. */
export function generateProducts(seed: number, count: number, anchorMs: number): Product[] {
  const rng = new Rng(seed * 7919 + 11);
  const products: Product[] = [];
  const usedNm = new Set<number>();
  let chrtSeq = 100_000_000 + rng.int(0, 50_000_000);
  let imtId = 0;
  let imtLeft = 0;
  const sellerBrands = [rng.pick(BRANDS), rng.pick(BRANDS), rng.pick(BRANDS)];
  for (let i = 0; i < count; i++) {
    let nmId = rng.int(100_000_000, 499_999_999);
    while (usedNm.has(nmId)) nmId = rng.int(100_000_000, 499_999_999);
    usedNm.add(nmId);
    const subject = SUBJECTS[rng.int(0, SUBJECTS.length - 1)]!;
    if (imtLeft <= 0) {
      imtId = rng.int(100_000_000, 399_999_999);
      imtLeft = rng.weighted([1, 2, 3], [70, 20, 10]);
    }
    imtLeft--;
    const brand = rng.chance(0.85) ? sellerBrands[i % sellerBrands.length]! : rng.pick(BRANDS);
    const color = rng.pick(COLORS);
    const word = rng.pick(subject.words);
    const gridSizes = subject.grid.sizes;
    // Clothes and shoes come in a run of neighbouring sizes, not always the whole grid.
    const first = gridSizes.length > 1 ? rng.int(0, Math.max(0, gridSizes.length - 3)) : 0;
    const last = gridSizes.length > 1 ? rng.int(Math.min(gridSizes.length - 1, first + 2), gridSizes.length - 1) : 0;
    const sizes: ProductSize[] = [];
    for (let s = first; s <= last; s++) {
      const [techSize, wbSize] = gridSizes[s]!;
      chrtSeq += rng.int(1, 40);
      sizes.push({ chrtId: chrtSeq, techSize, wbSize, barcode: `20${hashDigits(11, seed, i, s)}` });
    }
    const [lo, hi] = subject.price;
    const price = Math.round((lo + rng.next() * (hi - lo)) / 10) * 10;
    const createdMs = anchorMs - rng.int(30, 720) * 86_400_000 - rng.int(0, 86_399_999);
    const updatedMs = Math.min(anchorMs - 60_000, createdMs + rng.int(0, 400) * 86_400_000 + rng.int(0, 86_399_999));
    products.push({
      nmId,
      imtId,
      nmUuid: hashUuid(seed, nmId),
      vendorCode: `${BRAND_CODES[brand]}-${subject.id}-${String(i + 1).padStart(4, '0')}`,
      brand,
      subject,
      title: `${subject.name} ${word} ${color}`,
      description: `${subject.name} ${word}, цвет ${color}. ${brand}.`,
      color,
      sizes,
      price,
      discount: rng.weighted([0, 10, 20, 30, 40, 50, 60], [5, 10, 20, 25, 20, 12, 8]),
      photos: rng.chance(0.04) ? 0 : rng.int(1, 8),
      hasVideo: rng.chance(0.2),
      tagIds: rng.chance(0.3) ? [SELLER_TAGS[rng.int(0, SELLER_TAGS.length - 1)]!.id] : [],
      createdMs,
      updatedMs: Math.max(createdMs, updatedMs),
      updatedUs: rng.int(0, 999),
      dimensions: {
        length: rng.int(5, 60),
        width: rng.int(5, 40),
        height: rng.int(2, 30),
        weightBrutto: Math.round(rng.next() * 300 + 10) / 100,
        isValid: rng.chance(0.9),
      },
    });
  }
  return products;
}

/** One stock row of the WB-warehouses report: a size on a warehouse. */
export interface StockRow {
  nmId: number;
  chrtId: number;
  warehouseId: number;
  warehouseName: string;
  regionName: string;
  quantity: number;
  inWayToClient: number;
  inWayFromClient: number;
}

/** Current WB-warehouse stock per size and warehouse, sorted by nmId, chrtId, warehouseId. */
export function generateStocks(seed: number, products: readonly Product[]): StockRow[] {
  const rng = new Rng(seed * 104_729 + 3);
  const rows: StockRow[] = [];
  const weights = WB_WAREHOUSES.map((w) => w.weight);
  for (const p of products) {
    for (const size of p.sizes) {
      const n = rng.weighted([0, 1, 2, 3, 4, 5], [8, 20, 25, 22, 15, 10]);
      const chosen = new Set<number>();
      for (let k = 0; k < n; k++) chosen.add(WB_WAREHOUSES.indexOf(rng.weighted(WB_WAREHOUSES, weights)));
      for (const wi of [...chosen].sort((a, b) => WB_WAREHOUSES[a]!.id - WB_WAREHOUSES[b]!.id)) {
        const w = WB_WAREHOUSES[wi]!;
        rows.push({
          nmId: p.nmId,
          chrtId: size.chrtId,
          warehouseId: w.id,
          warehouseName: w.name,
          regionName: w.region,
          quantity: rng.chance(0.1) ? 0 : rng.int(1, 400),
          inWayToClient: rng.int(0, 30),
          inWayFromClient: rng.int(0, 8),
        });
      }
    }
  }
  rows.sort((a, b) => a.nmId - b.nmId || a.chrtId - b.chrtId || a.warehouseId - b.warehouseId);
  return rows;
}
