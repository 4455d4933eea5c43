/**
 * The quick test of flat rows against their zod schema: whatever `accepts` takes, the schema accepts with the same
 * values (so the stream may skip zod for it); WB's ordinary rows are taken (so it does); and a stream with a row the
 * quick test turns down still gets zod's verdict and message.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flatRow, type FieldKind } from '../../../lib/wb-api/flat-row';
import { ordersEndpoint, salesEndpoint } from '../../../lib/wb-api/statistics';

const KINDS: FieldKind[] = ['string', 'nonEmptyString', 'mskDateTime', 'number', 'int', 'boolean'];

/** A value for a field: often right for its kind, often wrong in the ways JSON can be wrong. */
function arbValue(kind: FieldKind): fc.Arbitrary<unknown> {
  const right: Record<FieldKind, fc.Arbitrary<unknown>> = {
    string: fc.string(),
    nonEmptyString: fc.string({ minLength: 1 }),
    mskDateTime: fc.constantFrom(
      '2026-08-20T12:00:00',
      '2026-08-20',
      '2026-08-20T12:00:00.123',
      '2026-08-20T09:00:00Z',
      '2026-08-20T12:00:00+03:00',
    ),
    number: fc.double({ noNaN: true, noDefaultInfinity: true }),
    int: fc.integer(),
    boolean: fc.boolean(),
  };
  const wrong = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(''),
    fc.constant('2026-08-20 12:00'),
    fc.constant('0001-01-01T00:00:00 '),
    fc.string(),
    fc.double(),
    fc.constant(1.5),
    fc.constant(2 ** 60),
    fc.constant(Number.NaN),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
  );
  return fc.oneof({ arbitrary: right[kind], weight: 3 }, { arbitrary: wrong, weight: 1 });
}

const arbFields = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'date', 'nmId', 'srid'), fc.constantFrom(...KINDS), {
  minKeys: 1,
});

describe('flat rows', () => {
  it('take only what the schema accepts, with the same values', () => {
    let taken = 0;
    let turnedDown = 0;
    fc.assert(
      fc.property(
        arbFields.chain((fields) =>
          fc.tuple(
            fc.constant(fields),
            fc.oneof(
              fc.record(Object.fromEntries(Object.entries(fields).map(([k, kind]) => [k, arbValue(kind)])), {
                requiredKeys: [],
              }),
              fc.constantFrom(null, [], 'row', 7),
            ),
          ),
        ),
        ([fields, value]) => {
          const { schema, accepts } = flatRow(fields);
          const parsed = schema.safeParse(value);
          if (accepts(value)) {
            taken++;
            expect(parsed.success).toBe(true);
            for (const k of Object.keys(fields)) expect(parsed.data![k]).toBe((value as Record<string, unknown>)[k]);
          } else turnedDown++;
        },
      ),
      // A fixed seed: the counts below are then the same on every run (and the property still holds for any seed).
      { numRuns: 3000, seed: 20261127 },
    );
    // Both ways were tried, many times.
    expect(taken).toBeGreaterThan(100);
    expect(turnedDown).toBeGreaterThan(100);
    expect(taken + turnedDown).toBe(3000);
  });

  it('take WB’s ordinary orders and sales, and turn down a broken one that zod then judges', () => {
    const base = {
      date: '2026-08-20T12:00:00',
      lastChangeDate: '2026-08-20T12:30:00',
      warehouseName: 'Коледино',
      warehouseType: 'Склад WB',
      countryName: 'Россия',
      oblastOkrugName: 'Центральный федеральный округ',
      regionName: 'Московская',
      supplierArticle: 'A-1',
      nmId: 123456,
      barcode: '2000000000001',
      category: 'Одежда',
      subject: 'Платья',
      brand: 'Бренд',
      techSize: '42',
      incomeID: 0,
      isSupply: false,
      isRealization: true,
      totalPrice: 1500,
      discountPercent: 10,
      spp: 5,
      finishedPrice: 1282.5,
      priceWithDisc: 1350,
      sticker: '',
      gNumber: '9999',
      srid: 'abc.1.0',
      // A field WB added that the schema does not list.
      warehouseId: 507,
    };
    const order = { ...base, isCancel: false, cancelDate: '0001-01-01T00:00:00' };
    const sale = { ...base, paymentSaleAmount: 0, forPay: 1100.35, saleID: 'S123' };
    expect(ordersEndpoint.accepts!(order)).toBe(true);
    expect(salesEndpoint.accepts!(sale)).toBe(true);
    expect(ordersEndpoint.element.safeParse(order).success).toBe(true);
    const broken = { ...order, nmId: '123456' };
    expect(ordersEndpoint.accepts!(broken)).toBe(false);
    const verdict = ordersEndpoint.element.safeParse(broken);
    expect(verdict.success).toBe(false);
    expect(verdict.error!.issues[0]!.path).toEqual(['nmId']);
  });
});
