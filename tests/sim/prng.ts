/**
 * Deterministic randomness for the simulator: a seeded sequence (mulberry32) for generation in order, and a
 * stateless hash for values derived lazily from ids (the same id always gives the same value).
 */

/** 32-bit integer hash of up to four integers (murmur3 finaliser over a simple combine). */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16) ^ c, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15) ^ d, 0x165667b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A float in [0, 1) from the hash of the given integers. */
export function hashUnit(a: number, b = 0, c = 0, d = 0): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** An integer in [min, max] from the hash of the given integers. */
export function hashInt(min: number, max: number, a: number, b = 0, c = 0, d = 0): number {
  return min + Math.floor(hashUnit(a, b, c, d) * (max - min + 1));
}

/** Seeded generator (mulberry32). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = hash32(seed, 0x5eed) | 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; `weights[i]` belongs to `items[i]`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  /** A numeric string of `digits` digits (no leading zero). */
  digits(digits: number): string {
    let s = String(this.int(1, 9));
    for (let i = 1; i < digits; i++) s += String(this.int(0, 9));
    return s;
  }
}

/** A numeric string of `digits` digits derived from a hash of the given integers. */
export function hashDigits(digits: number, a: number, b = 0, c = 0): string {
  let s = '';
  let i = 0;
  while (s.length < digits) s += String(hash32(a, b, c, i++)).padStart(10, '0');
  s = s.slice(0, digits);
  return s[0] === '0' ? `1${s.slice(1)}` : s;
}

/** 32 lowercase hex characters derived from a hash (WB's request ids look like this). */
export function hashHex32(a: number, b = 0): string {
  let s = '';
  for (let i = 0; i < 4; i++) s += hash32(a, b, i).toString(16).padStart(8, '0');
  return s;
}

/** A UUID-shaped string derived from a hash. */
export function hashUuid(a: number, b = 0): string {
  const h = hashHex32(a, b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
