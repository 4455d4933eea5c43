import { describe, expect, it } from 'vitest';
import { parseJsonExact } from '../../../lib/wb-api/json';

describe('parseJsonExact', () => {
  it('keeps int64 ids beyond 2^53 digit for digit', () => {
    const text =
      '[{"reportId":9223372036854775807,"rrdId":1,"forPay":"10.5"},{"reportId": 12345678901234567891 ,"rrdId":2}]';
    const rows = parseJsonExact(text, ['reportId']) as { reportId: string; rrdId: number }[];
    expect(rows.map((r) => r.reportId)).toEqual(['9223372036854775807', '12345678901234567891']);
    expect(rows.map((r) => r.rrdId)).toEqual([1, 2]);
    // Plain JSON.parse would have lost the digits:
    expect(String((JSON.parse(text) as { reportId: number }[])[0]!.reportId)).not.toBe('9223372036854775807');
  });

  it('leaves other fields and string values alone', () => {
    const parsed = parseJsonExact('{"reportIdX":12345678901234567891,"reportId":"77","n":-5}', ['reportId']);
    expect(parsed).toEqual({ reportIdX: 12345678901234567000, reportId: '77', n: -5 });
  });

  it('throws on truncated JSON', () => {
    expect(() => parseJsonExact('[{"reportId":1', ['reportId'])).toThrow();
  });
});
