/**
 * Phrases grouped into clusters by their normalized query, the way WB groups search queries (its "normquery").
 *
 * Our normalization, used only where WB gave no `metadata.normquery` / `norm_query` of its own:
 *   1. Unicode NFC, lower case, «ё» → «е»;
 *   2. everything that is not a letter or a digit (punctuation, hyphens, quotes, emoji) becomes a space;
 *   3. spaces collapse and the ends are trimmed.
 * The cluster key further drops repeated words and sorts the words, because WB's search ignores word order:
 * «платье летнее» and «летнее платье» are one query to it. Stop words («для», «с») and word forms («платья» vs
 * «платье») are left alone: guessing Russian morphology would merge phrases WB keeps apart; WB's own normquery
 * does that job where we have it.
 *
 * WB wins: a phrase with a normquery from WB is keyed by it, and so is every phrase of ours that normalizes to the
 * same words as one WB has keyed.
 * Contexts: any (pure).
 */

/** Lower case, ё → е, punctuation → spaces, spaces collapsed and trimmed. */
export function normalizePhrase(phrase: string): string {
  return phrase
    .normalize('NFC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The cluster key of a phrase: its normalized words, deduplicated and sorted. */
export function clusterKey(phrase: string): string {
  const words = normalizePhrase(phrase).split(' ').filter(Boolean);
  return [...new Set(words)].sort().join(' ');
}

export interface PhraseInput {
  phrase: string;
  /** WB's normalized query for the phrase (search `metadata.normquery`, or `norm_query` of the ad stats). */
  normQuery?: string | null;
}

export interface PhraseCluster {
  key: string;
  /** What the cluster is called: WB's normquery when known, else its first phrase, normalized. */
  label: string;
  /** WB's normquery for the cluster, when any phrase brought one. */
  normQuery: string | null;
  /** The phrases in the order given, without repeats (same normalized text). */
  phrases: string[];
  /** Whether the grouping follows WB's normquery or only our normalization. */
  source: 'wb' | 'local';
}

/** Groups phrases into clusters (in order of first appearance). */
export function clusterPhrases(items: readonly PhraseInput[]): PhraseCluster[] {
  // What WB said: our key of a phrase → the key of WB's normquery for it.
  const wbKeyOf = new Map<string, string>();
  for (const it of items) {
    const nq = it.normQuery?.trim();
    if (nq && clusterKey(nq)) wbKeyOf.set(clusterKey(it.phrase), clusterKey(nq));
  }
  const clusters = new Map<string, PhraseCluster & { seen: Set<string> }>();
  for (const it of items) {
    const own = clusterKey(it.phrase);
    if (!own) continue;
    const nq = it.normQuery?.trim() || null;
    const key = nq && clusterKey(nq) ? clusterKey(nq) : (wbKeyOf.get(own) ?? own);
    let c = clusters.get(key);
    if (!c) {
      c = { key, label: normalizePhrase(it.phrase), normQuery: null, phrases: [], source: 'local', seen: new Set() };
      clusters.set(key, c);
    }
    if (nq && c.normQuery === null) {
      c.normQuery = nq;
      c.label = nq;
      c.source = 'wb';
    }
    if (key !== own) c.source = 'wb';
    const norm = normalizePhrase(it.phrase);
    if (!c.seen.has(norm)) {
      c.seen.add(norm);
      c.phrases.push(it.phrase.trim());
    }
  }
  return [...clusters.values()].map(({ seen: _seen, ...c }) => c);
}
