/**
 * The seller's cost prices, kept only in this browser: sellerId → nmId → roubles as a decimal string.
 * Contexts: background, extension pages.
 */
import { storage } from 'wxt/utils/storage';
import type { CostPrices } from '../analytics/cost-price';

export const costPricesItem = storage.defineItem<Record<string, CostPrices>>('local:costPrices', {
  fallback: {},
  version: 1,
});

export async function getCostPrices(sellerId: string): Promise<CostPrices> {
  return (await costPricesItem.getValue())[sellerId] ?? {};
}

/** Merges prices into the seller's (a price of '' removes one). */
export async function setCostPrices(sellerId: string, prices: CostPrices): Promise<CostPrices> {
  const all = await costPricesItem.getValue();
  const next = { ...(all[sellerId] ?? {}) };
  for (const [nm, p] of Object.entries(prices)) {
    if (p === '') delete next[nm];
    else next[nm] = p;
  }
  await costPricesItem.setValue({ ...all, [sellerId]: next });
  return next;
}
