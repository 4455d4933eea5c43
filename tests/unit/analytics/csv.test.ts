import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../../lib/analytics/csv';

describe('CSV for Excel', () => {
  it('writes a BOM, ; separators, Russian headers, decimal commas and CRLF', () => {
    const csv = toCsv(
      [
        { region: 'Московская', orders: 12, share: 0.375 },
        { region: 'Санкт-Петербург; ЛО', orders: 3, share: 0.1 },
      ],
      [
        { header: 'Регион', value: (r) => r.region },
        { header: 'Заказы', value: (r) => r.orders },
        { header: 'Доля', value: (r) => r.share },
      ],
    );
    expect(csv).toBe('\ufeffРегион;Заказы;Доля\r\nМосковская;12;0,375\r\n"Санкт-Петербург; ЛО";3;0,1\r\n');
  });

  it('parses back what it wrote, whatever the cell text (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'я', ';', '"', '\n', ' ', '1', ',', '\r') });
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 20 }), (rows) => {
        const nonEmpty = rows.filter(([a, b]) => a.trim() !== '' || b.trim() !== '');
        const csv = toCsv(nonEmpty, [
          { header: 'A', value: (r) => r[0] },
          { header: 'B', value: (r) => r[1] },
        ]);
        const normalize = (s: string) => s.replace(/\r\n?/g, '\n');
        expect(parseCsv(csv).map((r) => r.map(normalize))).toEqual([
          ['A', 'B'],
          ...nonEmpty.map((r) => r.map(normalize)),
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a comma-separated file too', () => {
    expect(parseCsv('nmId,cost\n123,450.5\n')).toEqual([
      ['nmId', 'cost'],
      ['123', '450.5'],
    ]);
  });
});
