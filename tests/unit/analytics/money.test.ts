import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPlain, formatRub, parseMoney, sumMoney, toKopecks } from '../../../lib/analytics/money';

describe('exact money', () => {
  it.each([
    ['367', '367.00'],
    ['376.99', '376.99'],
    ['-12.5', '-12.50'],
    ['0.005', '0.01'],
    ['-0.005', '-0.01'],
    ['0.004999', '0.00'],
    ['.5', '0.50'],
    ['1234567890123.45', '1234567890123.45'],
  ])('parses %s as %s', (input, plain) => {
    expect(formatPlain(parseMoney(input))).toBe(plain);
  });

  it('does not drift: ten times 0.1 is exactly 1.00, where floats give 0.9999999999999999', () => {
    expect(formatPlain(sumMoney(Array.from({ length: 10 }, () => parseMoney('0.1'))))).toBe('1.00');
    expect(Array.from({ length: 10 }, () => 0.1).reduce((a, b) => a + b)).not.toBe(1);
  });

  it('sums of kopeck amounts equal the integer sum of kopecks (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 200 }), (kopecks) => {
        const strings = kopecks.map(
          (k) => `${k < 0 ? '-' : ''}${Math.floor(Math.abs(k) / 100)}.${String(Math.abs(k) % 100).padStart(2, '0')}`,
        );
        const total = sumMoney(strings.map(parseMoney));
        expect(toKopecks(total)).toBe(BigInt(kopecks.reduce((a, b) => a + b, 0)));
      }),
      { numRuns: 500 },
    );
  });

  it('formats for Russian readers', () => {
    expect(formatRub(parseMoney('1234567.5'))).toBe('1\u202f234\u202f567,50\u00a0₽');
    expect(formatRub(parseMoney('-42'))).toBe('−42,00\u00a0₽');
  });

  it.each(['', '-', 'abc', '1,5', '1.2.3', '1e5'])('rejects %j', (bad) => {
    expect(() => parseMoney(bad)).toThrow();
  });
});
