/**
 * A small checker for the JSON-Schema subset WB's OpenAPI 3.0 files use: type, nullable, enum, properties,
 * required, additionalProperties, items, min/maxItems, maxLength, minimum/maximum, oneOf/anyOf/allOf, `$ref` into the
 * same document, and the formats date and date-time. Pure: give it the parsed document.
 *
 * `strictUnknown` also reports properties a schema does not declare: the simulator must not invent fields.
 * Schema parts that are not objects (WB's scraped files write "[MaxDepth]" where they cut a schema) accept anything.
 */

export interface SchemaIssue {
  path: string;
  message: string;
}

export interface CheckOptions {
  /** Report object properties the schema does not declare. */
  strictUnknown?: boolean;
  /** Check `format: date` and `format: date-time`. Default true. */
  formats?: boolean;
}

type Schema = Record<string, unknown>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isSchema(s: unknown): s is Schema {
  return typeof s === 'object' && s !== null && !Array.isArray(s);
}

/** Resolves a local `$ref` like `#/components/schemas/OrdersItem`. */
export function resolveRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $ref is supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isSchema(node) || !(key in node)) throw new Error(`unresolvable $ref ${ref}`);
    node = node[key];
  }
  return node;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function checkSchema(doc: unknown, schema: unknown, value: unknown, opts: CheckOptions = {}): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walk(
    doc,
    schema,
    value,
    '$',
    { strictUnknown: opts.strictUnknown ?? false, formats: opts.formats ?? true },
    issues,
    0,
  );
  return issues;
}

function walk(
  doc: unknown,
  schemaIn: unknown,
  value: unknown,
  path: string,
  opts: Required<CheckOptions>,
  issues: SchemaIssue[],
  depth: number,
): void {
  if (depth > 60) return;
  if (!isSchema(schemaIn)) return;
  // OpenAPI 3.0: siblings of $ref are ignored.
  const schema = typeof schemaIn.$ref === 'string' ? resolveRef(doc, schemaIn.$ref) : schemaIn;
  if (!isSchema(schema)) return;
  if (value === null) {
    if (schema.nullable === true || (schema.type === undefined && !schema.properties && !schema.items)) return;
    if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf) || Array.isArray(schema.allOf)) {
      // fall through to the composition checks
    } else {
      issues.push({ path, message: 'is null but the schema is not nullable' });
      return;
    }
  }
  if (Array.isArray(schema.allOf)) {
    for (const sub of schema.allOf) walk(doc, sub, value, path, { ...opts, strictUnknown: false }, issues, depth + 1);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const alts = schema[key];
    if (!Array.isArray(alts)) continue;
    const ok = alts.some((sub) => {
      const sink: SchemaIssue[] = [];
      walk(doc, sub, value, path, opts, sink, depth + 1);
      return sink.length === 0;
    });
    if (!ok) issues.push({ path, message: `matches none of ${key}` });
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    issues.push({ path, message: `${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}` });
  }
  const type = schema.type;
  const actual = typeOf(value);
  if (typeof type === 'string') {
    const fits =
      type === actual ||
      (type === 'integer' && actual === 'number' && Number.isInteger(value)) ||
      (type === 'number' && actual === 'number');
    if (!fits) {
      issues.push({
        path,
        message: `is ${actual === 'number' && type === 'integer' ? 'a non-integer number' : actual}, expected ${type}`,
      });
      return;
    }
  }
  if (typeof value === 'string') {
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) {
      issues.push({ path, message: `is longer than ${schema.maxLength}` });
    }
    if (opts.formats && schema.format === 'date' && !DATE.test(value)) {
      issues.push({ path, message: `${JSON.stringify(value)} is not a date` });
    }
    if (opts.formats && schema.format === 'date-time' && !DATE_TIME.test(value)) {
      issues.push({ path, message: `${JSON.stringify(value)} is not a date-time` });
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      issues.push({ path, message: `< ${schema.minimum}` });
    if (typeof schema.maximum === 'number' && value > schema.maximum)
      issues.push({ path, message: `> ${schema.maximum}` });
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      issues.push({ path, message: `has fewer than ${schema.minItems} items` });
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      issues.push({ path, message: `has more than ${schema.maxItems} items` });
    }
    if (schema.items !== undefined) {
      value.forEach((item, i) => walk(doc, schema.items, item, `${path}[${i}]`, opts, issues, depth + 1));
    }
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = isSchema(schema.properties) ? schema.properties : null;
    if (Array.isArray(schema.required)) {
      for (const r of schema.required) {
        if (typeof r === 'string' && !(r in obj)) issues.push({ path, message: `misses required property ${r}` });
      }
    }
    for (const [k, v] of Object.entries(obj)) {
      if (props && k in props) walk(doc, props[k], v, `${path}.${k}`, opts, issues, depth + 1);
      else if (isSchema(schema.additionalProperties)) {
        walk(doc, schema.additionalProperties, v, `${path}.${k}`, opts, issues, depth + 1);
      } else if (schema.additionalProperties === false || (opts.strictUnknown && props)) {
        issues.push({ path, message: `has property ${k} that the schema does not declare` });
      }
    }
  }
}
