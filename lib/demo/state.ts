/**
 * Whether demo mode is on, and the demo seller's id, for every context that labels or toggles it.
 * Contexts: background, extension pages.
 */
import { storage } from 'wxt/utils/storage';
import { DEMO_SELLER_ID } from './generate';

export { DEMO_SELLER_ID };

export const demoItem = storage.defineItem<{ on: boolean; filledAt: number | null }>('local:demoMode', {
  fallback: { on: false, filledAt: null },
  version: 1,
});

export function isDemoSeller(sellerId: string): boolean {
  return sellerId === DEMO_SELLER_ID;
}
