/**
 * Token categories and their bits in the JWT `s` claim (wb-api.md §1, WB's official table).
 * Contexts: any (pure data).
 */

export const CATEGORY_BITS = {
  content: 1,
  analytics: 2,
  prices: 3,
  marketplace: 4,
  statistics: 5,
  promotion: 6,
  feedbacks: 7,
  chat: 9,
  supplies: 10,
  returns: 11,
  documents: 12,
  finance: 13,
  users: 16,
} as const;

export type WbCategory = keyof typeof CATEGORY_BITS;

export const ALL_CATEGORIES = Object.keys(CATEGORY_BITS) as WbCategory[];

/** Bit 30 of `s` marks a read-only token. */
export const READ_ONLY_BIT = 30;

/** Category names as WB's token form shows them (Russian), used in every message to the seller. */
export const CATEGORY_LABELS_RU: Record<WbCategory, string> = {
  content: 'Контент',
  analytics: 'Аналитика',
  prices: 'Цены и скидки',
  marketplace: 'Маркетплейс',
  statistics: 'Статистика',
  promotion: 'Продвижение',
  feedbacks: 'Вопросы и отзывы',
  chat: 'Чат с покупателями',
  supplies: 'Поставки',
  returns: 'Возвраты покупателями',
  documents: 'Документы',
  finance: 'Финансы',
  users: 'Пользователи',
};

export const CATEGORY_LABELS_EN: Record<WbCategory, string> = {
  content: 'Content',
  analytics: 'Analytics',
  prices: 'Prices & discounts',
  marketplace: 'Marketplace',
  statistics: 'Statistics',
  promotion: 'Promotion',
  feedbacks: 'Feedbacks & questions',
  chat: 'Buyers chat',
  supplies: 'Supplies',
  returns: 'Buyers returns',
  documents: 'Documents',
  finance: 'Finance',
  users: 'Users',
};

/** Tests bit `bit` of WB's `s` mask. `s` can exceed 2^31, so no 32-bit bitwise operators. */
export function hasBit(mask: number, bit: number): boolean {
  return Math.floor(mask / 2 ** bit) % 2 === 1;
}

/** Category names present in `s`, in the order of WB's table. */
export function categoriesFromMask(mask: number): WbCategory[] {
  return ALL_CATEGORIES.filter((c) => hasBit(mask, CATEGORY_BITS[c]));
}

/** Builds an `s` mask (used by tests and the simulator's token factory). */
export function maskFromCategories(categories: readonly WbCategory[], readOnly = false): number {
  let mask = 0;
  for (const c of new Set(categories)) mask += 2 ** CATEGORY_BITS[c];
  if (readOnly) mask += 2 ** READ_ONLY_BIT;
  return mask;
}
