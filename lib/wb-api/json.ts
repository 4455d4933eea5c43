/**
 * JSON parsing that keeps integers beyond 2^53 exact, for the fields WB documents as int64 that can exceed it
 * (the finance report's `reportId`; WB itself recommends a BigInt parser). Such values become decimal strings.
 * Contexts: background, tests.
 */

/** Parses `text`, turning the listed fields' integer values into strings first (so no digit is lost). */
export function parseJsonExact(text: string, bigIntFields: readonly string[] = []): unknown {
  if (bigIntFields.length === 0) return JSON.parse(text);
  const names = bigIntFields.map((f) => f.replace(/[^A-Za-z0-9_]/g, '')).join('|');
  const re = new RegExp(`("(?:${names})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
  return JSON.parse(text.replace(re, '$1"$2"'));
}
