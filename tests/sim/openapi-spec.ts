/**
 * Loads WB's official OpenAPI files from ../shared/wb-openapi (Node only: reads files). Tests use it to check
 * simulator responses, and zod schemas, against the response schema of their operation.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Folder holding specs-2026-07/ and limits-2026-08/ (WB_OPENAPI_DIR overrides). */
export const OPENAPI_DIR = process.env.WB_OPENAPI_DIR
  ? path.resolve(process.env.WB_OPENAPI_DIR)
  : path.resolve(repoRoot, '../shared/wb-openapi');

const cache = new Map<string, unknown>();

function isObjectLike(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A YAML spec of specs-2026-07 by file name (e.g. `12-reports.yaml`), or a limits-2026-08 JSON file. */
export function loadSpec(file: string): Record<string, unknown> {
  let doc = cache.get(file);
  if (!doc) {
    const full = file.endsWith('.json')
      ? path.join(OPENAPI_DIR, 'limits-2026-08', file)
      : path.join(OPENAPI_DIR, 'specs-2026-07', file);
    const text = readFileSync(full, 'utf8');
    doc = file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text);
    cache.set(file, doc);
  }
  return doc as Record<string, unknown>;
}

/** The operation object of `method path` in a spec, or null. */
export function findOperation(doc: Record<string, unknown>, method: string, p: string): Record<string, unknown> | null {
  const paths = doc.paths as Record<string, Record<string, unknown>> | undefined;
  const op = paths?.[p]?.[method.toLowerCase()];
  return isObjectLike(op) ? op : null;
}

/**
 * The schema of a response of an operation: `status` ('200', '400', …) and content type. Follows a `$ref` to
 * components.responses. Returns null when the spec has no schema there.
 */
export function responseSchema(
  doc: Record<string, unknown>,
  method: string,
  p: string,
  status: string,
  contentType = 'application/json',
): unknown {
  const op = findOperation(doc, method, p);
  if (!op) throw new Error(`no operation ${method} ${p}`);
  let res = (op.responses as Record<string, unknown> | undefined)?.[status];
  if (isObjectLike(res) && typeof res.$ref === 'string') {
    const name = res.$ref.replace('#/components/responses/', '');
    res = ((doc.components as Record<string, unknown>).responses as Record<string, unknown>)[name];
  }
  if (!isObjectLike(res)) return null;
  const content = res.content as Record<string, { schema?: unknown }> | undefined;
  return content?.[contentType]?.schema ?? null;
}

/** Content types the spec lists for a response status. */
export function responseContentTypes(
  doc: Record<string, unknown>,
  method: string,
  p: string,
  status: string,
): string[] {
  const op = findOperation(doc, method, p);
  let res = (op?.responses as Record<string, unknown> | undefined)?.[status];
  if (isObjectLike(res) && typeof res.$ref === 'string') {
    const name = res.$ref.replace('#/components/responses/', '');
    res = ((doc.components as Record<string, unknown>).responses as Record<string, unknown>)[name];
  }
  return isObjectLike(res) && isObjectLike(res.content) ? Object.keys(res.content) : [];
}
