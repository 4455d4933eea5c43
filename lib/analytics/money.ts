/**
 * Exact money arithmetic for WB's decimal strings ("367", "-12.5", "376.99"): amounts are bigint counts of
 * millionths of the currency unit, so sums over a year of a large seller's rows never drift by a kopeck.
 * Contexts: any (pure).
 */

/** Millionths of the currency unit. */
export type Micro = bigint;

const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);

/** Parses WB's decimal string (or a number WB sent as one) exactly. Digits beyond the sixth decimal are rounded half up. */
export function parseMoney(value: string | number): Micro {
  const s = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal amount: ${JSON.stringify(value)}`);
  const sign = m[1] ? -1n : 1n;
  const whole = BigInt(m[2] || '0');
  const frac = m[3] ?? '';
  let fracUnits = BigInt((frac + '0'.repeat(SCALE)).slice(0, SCALE) || '0');
  if (frac.length > SCALE && Number(frac[SCALE]) >= 5) fracUnits += 1n;
  return sign * (whole * ONE + fracUnits);
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite amount: ${n}`);
  // toFixed(6) is exact enough for WB's numeric money (fullstats sums, prices in rubles).
  return n.toFixed(SCALE);
}

export function sumMoney(values: Iterable<Micro>): Micro {
  let total = 0n;
  for (const v of values) total += v;
  return total;
}

/** Rounds to kopecks, half away from zero, as WB's reports do. */
export function toKopecks(m: Micro): bigint {
  const unit = ONE / 100n;
  const q = m / unit;
  const r = m % unit;
  if (r * 2n >= unit) return q + 1n;
  if (r * 2n <= -unit) return q - 1n;
  return q;
}

/** "1234.50" (2 decimals, dot): for CSV and comparisons. */
export function formatPlain(m: Micro): string {
  const k = toKopecks(m);
  const neg = k < 0n;
  const abs = neg ? -k : k;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** "1 234,50 ₽" as Russians write amounts (thin spaces between thousands). */
export function formatRub(m: Micro, currency = '₽'): string {
  const [whole, frac] = formatPlain(m).split('.') as [string, string];
  const neg = whole.startsWith('-');
  const digits = neg ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${neg ? '−' : ''}${grouped},${frac}\u00a0${currency}`;
}

/** A plain number for charts only (never for sums). */
export function toNumber(m: Micro): number {
  return Number(m) / Number(ONE);
}

/** Integer kopecks (the roll-up's money) as an exact amount. */
export function fromKopecks(k: number | bigint): Micro {
  return BigInt(k) * (ONE / 100n);
}
