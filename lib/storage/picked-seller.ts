/**
 * The seller last picked in the dashboard: the cabinet panels show that seller's figures (the first seller when none
 * was picked or it is gone). Contexts: background, extension pages.
 */
import { storage } from 'wxt/utils/storage';

export const pickedSellerItem = storage.defineItem<string | null>('local:pickedSeller', { fallback: null, version: 1 });
