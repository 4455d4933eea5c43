/**
 * What buyers type to find a simulated seller's cards, and where each card stands for it. Shared by WB's official
 * search report (routes/analytics.ts, `product/search-texts`) and the simulated public search (../public-search.ts),
 * so the official average position and the live position of a card start out the same.
 *
 * Each card is found by three queries (WB's `normquery`), typed in one or two ways:
 *   «<subject> <word>»  (also «<word> <subject>»), «<subject> <colour>» (typed with «ё»), «<brand> <subject>».
 */
import { hash32, hashInt, hashUnit } from '../prng';
import type { Product } from './products';

/** 32-bit FNV-1a of a string (UTF-16 code units): ids for query texts. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** WB's side of query matching in the simulator: lower case, ё → е, words sorted (word order does not matter). */
export function simQueryKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

export interface SimQuery {
  /** WB's normalized query (what `metadata.normquery` shows). */
  normquery: string;
  /** How buyers type it (the search report's `text`). */
  texts: string[];
}

/** The word of a card's title between its subject and its colour («Футболки оверсайз белый» → «оверсайз»). */
function titleWord(p: Product): string {
  return p.title.slice(p.subject.name.length + 1, p.title.length - p.color.length - 1);
}

/** The queries a card is found by. */
export function productQueries(p: Product): SimQuery[] {
  const subject = p.subject.name.toLowerCase();
  const word = titleWord(p).toLowerCase();
  const brand = p.brand.toLowerCase().replace(/ё/g, 'е');
  return [
    { normquery: `${subject} ${word}`, texts: [`${subject} ${word}`, `${word} ${subject}`] },
    { normquery: `${subject} ${p.color.replace(/ё/g, 'е')}`, texts: [`${subject} ${p.color}`] },
    { normquery: `${subject} ${brand}`, texts: [`${p.brand} ${subject}`] },
  ];
}

/**
 * A card's starting position for a normquery (Moscow): about 45% on the first page, 30% on pages 2–3 and 25% on
 * 301–380, i.e. beyond three pages.
 */
export function basePosition(seed: number, normquery: string, nmId: number): number {
  const u = hashUnit(seed, fnv1a(normquery), nmId, 0x9051);
  const h = hash32(seed, fnv1a(normquery), nmId, 0x9052);
  if (u < 0.45) return 1 + (h % 100);
  if (u < 0.75) return 101 + (h % 200);
  return 301 + (h % 80);
}

/** The same card in another region stands a few places off (never above 1). */
export function regionalPosition(seed: number, normquery: string, nmId: number, dest: number): number {
  const base = basePosition(seed, normquery, nmId);
  if (dest === -1257786) return base;
  return Math.max(1, base + hashInt(-6, 6, seed, fnv1a(normquery), nmId, dest));
}
