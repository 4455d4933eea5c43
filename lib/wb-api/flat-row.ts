/**
 * Flat rows (objects of strings, numbers and booleans, as WB's statistics send them) described once, as a table of
 * fields, from which come both the zod schema (the authority: it judges every row it is given, with its messages)
 * and `accepts`, a quick test that the schema would take a row as it is. A statistics backfill streams up to a
 * million such rows; zod, which may not compile its checks in an extension (no eval under the extension's CSP),
 * allocates a few kilobytes for each row it parses, more than everything else the sync does per row. So the stream
 * asks `accepts` first and gives zod only the rows it turns down: a row `accepts` takes is one the schema accepts
 * with the same values (tests/unit/wb-api/flat-row.test.ts holds the two together). A taken row is the parsed object
 * itself, so fields outside the table stay on it; readers take only the fields they know.
 * Contexts: background.
 */
import { z } from 'zod';

/**
 * Times are Moscow time without a zone, as WB sends them (`2022-03-04T18:08:31`); WB's schema says RFC 3339
 * date-time, so a zone (`Z`, `+03:00`) is accepted too.
 */
const MSK_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** What a field holds. */
export type FieldKind = 'string' | 'nonEmptyString' | 'mskDateTime' | 'number' | 'int' | 'boolean';

type ZodOf<K extends FieldKind> = K extends 'boolean'
  ? z.ZodBoolean
  : K extends 'number' | 'int'
    ? z.ZodNumber
    : z.ZodString;

export type FlatSchema<F extends Record<string, FieldKind>> = z.ZodObject<{ [P in keyof F]: ZodOf<F[P]> }>;

function zodOf(kind: FieldKind): z.ZodType {
  switch (kind) {
    case 'string':
      return z.string();
    case 'nonEmptyString':
      return z.string().min(1);
    case 'mskDateTime':
      return z.string().regex(MSK_DATE_TIME, 'ожидалась дата-время');
    case 'number':
      return z.number();
    case 'int':
      return z.number().int();
    case 'boolean':
      return z.boolean();
  }
}

/** The quick test of one field: never true where the field's schema would say no (it may say no where zod says yes). */
function testOf(kind: FieldKind): (v: unknown) => boolean {
  switch (kind) {
    case 'string':
      return (v) => typeof v === 'string';
    case 'nonEmptyString':
      return (v) => typeof v === 'string' && v.length > 0;
    case 'mskDateTime':
      return (v) => typeof v === 'string' && MSK_DATE_TIME.test(v);
    case 'number':
      return (v) => typeof v === 'number' && Number.isFinite(v);
    case 'int':
      return (v) => Number.isSafeInteger(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
  }
}

/** The zod schema of a flat row and the quick test that it accepts a value as it is. */
export function flatRow<F extends Record<string, FieldKind>>(
  fields: F,
): { schema: FlatSchema<F>; accepts: (v: unknown) => v is z.infer<FlatSchema<F>> } {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, kind] of Object.entries(fields)) shape[name] = zodOf(kind);
  const schema = z.object(shape) as unknown as FlatSchema<F>;
  const names = Object.keys(fields);
  const tests = names.map((n) => testOf(fields[n]!));
  const accepts = (v: unknown): v is z.infer<FlatSchema<F>> => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const row = v as Record<string, unknown>;
    // A missing field reads undefined, which no test takes.
    for (let i = 0; i < names.length; i++) if (!tests[i]!(row[names[i]!])) return false;
    return true;
  };
  return { schema, accepts };
}
