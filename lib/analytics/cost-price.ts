/**
 * The seller's cost price per item, entered by hand or imported from CSV (nmId or vendor code; price in roubles,
 * decimal comma or dot). Kept as exact decimal strings. Contexts: any (pure).
 */
import { parseCsv } from './csv';
import { parseMoney, type Micro } from './money';

/** nmId → cost price per item, roubles as a decimal string ("412.50"). */
export type CostPrices = Record<string, string>;

export interface CostPriceImport {
  prices: CostPrices;
  /** Lines that could not be read, 1-based with the header as line 1, and why. */
  errors: { line: number; reason: string }[];
}

const ID_HEADERS = ['nmid', 'артикул wb', 'артикул', 'nm', 'nm_id', 'код'];
const VENDOR_HEADERS = ['vendorcode', 'артикул продавца', 'vendor code', 'supplierarticle'];
const PRICE_HEADERS = ['себестоимость', 'cost', 'costprice', 'cost price', 'цена закупки'];

/**
 * Reads a cost-price CSV: a header naming the item column (nmId / «Артикул WB», or vendor code with `vendorToNm`)
 * and the price column («Себестоимость» / cost). Without a recognised header, the first two columns are nmId, price.
 */
export function parseCostPriceCsv(text: string, vendorToNm: ReadonlyMap<string, number> = new Map()): CostPriceImport {
  const rows = parseCsv(text);
  const prices: CostPrices = {};
  const errors: { line: number; reason: string }[] = [];
  if (rows.length === 0) return { prices, errors };
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  let idCol = header.findIndex((h) => ID_HEADERS.includes(h));
  const vendorCol = header.findIndex((h) => VENDOR_HEADERS.includes(h));
  let priceCol = header.findIndex((h) => PRICE_HEADERS.includes(h));
  let start = 1;
  if (priceCol < 0 || (idCol < 0 && vendorCol < 0)) {
    idCol = 0;
    priceCol = 1;
    start = /^\d+$/.test(rows[0]![0]?.trim() ?? '') ? 0 : 1;
  }
  rows.slice(start).forEach((r, i) => {
    const line = i + start + 1;
    let nmId: number | undefined;
    if (idCol >= 0 && /^\d+$/.test(r[idCol]?.trim() ?? '')) nmId = Number(r[idCol]!.trim());
    else if (vendorCol >= 0) nmId = vendorToNm.get(r[vendorCol]?.trim() ?? '');
    if (!nmId) return void errors.push({ line, reason: 'no-item' });
    const raw = (r[priceCol] ?? '')
      .trim()
      .replace(/[\s\u00a0\u202f₽]/g, '')
      .replace(',', '.');
    const price = normalizePrice(raw);
    if (price === null) return void errors.push({ line, reason: 'bad-price' });
    prices[String(nmId)] = price;
  });
  return { prices, errors };
}

/** A non-negative roubles amount as "123.45", or null when it is not one. */
export function normalizePrice(raw: string): string | null {
  if (!/^\d+(\.\d{1,2})?$/.test(raw)) return null;
  const [w, f = ''] = raw.split('.');
  return `${BigInt(w!)}.${f.padEnd(2, '0')}`;
}

/** The prices as exact amounts by nmId (for unitEconomics). */
export function costPriceMap(prices: CostPrices): Map<number, Micro> {
  const m = new Map<number, Micro>();
  for (const [nm, p] of Object.entries(prices)) m.set(Number(nm), parseMoney(p));
  return m;
}
