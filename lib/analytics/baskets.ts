/**
 * Baskets: items per order, grouping orders by WB's `gNumber`. The roll-up cannot hold baskets, so this reads the
 * raw orders of a bounded period (see load.ts for the cost). Contexts: any (pure).
 */

export interface BasketOrder {
  gNumber: string;
  isCancel?: boolean;
}

export interface Baskets {
  /** Distinct baskets (gNumber). */
  baskets: number;
  /** Items (order rows) in them. */
  items: number;
  /** items / baskets, 2 decimals; null without baskets. */
  average: number | null;
  /** Baskets by their size: `size` items (sizes of `maxBucket` and above in the last bucket). */
  distribution: { size: number; baskets: number; share: number }[];
}

/** Items per basket and its distribution. Orders without a gNumber count as a basket each. */
export function baskets(orders: Iterable<BasketOrder>, maxBucket = 5): Baskets {
  const sizes = new Map<string, number>();
  let anonymous = 0;
  let items = 0;
  for (const o of orders) {
    items++;
    if (!o.gNumber) {
      sizes.set(`\u0000${anonymous++}`, 1);
      continue;
    }
    sizes.set(o.gNumber, (sizes.get(o.gNumber) ?? 0) + 1);
  }
  const count = sizes.size;
  const buckets = new Map<number, number>();
  for (const n of sizes.values()) {
    const b = Math.min(n, maxBucket);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
  }
  const distribution = [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([size, n]) => ({ size, baskets: n, share: Math.round((10000 * n) / count) / 100 }));
  return { baskets: count, items, average: count ? Math.round((100 * items) / count) / 100 : null, distribution };
}
