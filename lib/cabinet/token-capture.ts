/**
 * Notices a WB token that appears on the token page after the guide started, and reads it only when asked
 * (on the seller's click). Tokens already on the page are remembered by fingerprint only; no token is kept.
 * Contexts: content script.
 */
import { findWbTokens, fingerprint } from './token-setup';

export interface NewToken {
  /** The element the new token shows in (WB's read-only field, or the element around its text). */
  element: Element;
  fingerprint: number;
}

export interface TokenWatcher {
  /** Reads the new token from the page: call only on the seller's click. Null when it is no longer there. */
  take(candidate: NewToken): string | null;
  /** Marks a token as handled (saved), so it is not offered again. */
  settle(candidate: NewToken): void;
}

/** Fingerprints of the WB tokens on the page now: what the guide must never offer. */
export function tokensOnPage(doc: Document, ignore?: Node): Set<number> {
  const known = new Set<number>();
  scan(doc, ignore, (_el, fp) => known.add(fp));
  return known;
}

interface Options {
  /** Called with the newest token that was not on the page before, or null when there is none (any more). */
  onChange: (candidate: NewToken | null) => void;
  /** Our own UI, never scanned. */
  ignore?: Node;
  /** How often form fields are re-checked: a script can set a field's value without any DOM mutation. */
  pollMs?: number;
  /** The tokens known at the guide's start (tokensOnPage); default: those on the page now. */
  known?: Set<number>;
}

function tokensIn(el: Element): string[] {
  if (el.localName === 'input' || el.localName === 'textarea') return findWbTokens((el as HTMLInputElement).value);
  return findWbTokens(el.textContent ?? '');
}

/** Every place on the page that shows a WB token: form fields by value, other elements by their text nodes. */
function scan(doc: Document, ignore: Node | undefined, visit: (element: Element, fp: number) => void): void {
  const body = doc.body;
  if (!body) return;
  const skip = (n: Node) => !!ignore && ignore.contains(n);
  for (const field of body.querySelectorAll('input, textarea')) {
    if (skip(field)) continue;
    for (const t of tokensIn(field)) visit(field, fingerprint(t));
  }
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || skip(n) || !(n.nodeValue ?? '').includes('eyJ')) continue;
    // A token split over several text nodes is read from the element around them.
    for (const t of tokensIn(parent)) visit(parent, fingerprint(t));
  }
}

/** Starts watching `doc` until `signal` aborts. What was on the page at the start is known and never offered. */
export function watchForNewToken(doc: Document, signal: AbortSignal, opts: Options): TokenWatcher {
  const known = new Set(opts.known ?? tokensOnPage(doc, opts.ignore));
  let current: NewToken | null = null;

  const check = () => {
    if (signal.aborted) return;
    let newest: NewToken | null = null;
    scan(doc, opts.ignore, (element, fp) => {
      if (!known.has(fp)) newest = { element, fingerprint: fp };
    });
    const next = newest as NewToken | null;
    if (next?.fingerprint === current?.fingerprint && next?.element === current?.element) return;
    current = next;
    opts.onChange(current);
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        check();
      }, 100);
    }
  };
  const observer = new MutationObserver(schedule);
  observer.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributeFilter: ['value'],
  });
  const poll = setInterval(check, opts.pollMs ?? 1000);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      clearInterval(poll);
      clearTimeout(timer);
    },
    { once: true },
  );

  return {
    take(candidate) {
      if (!candidate.element.isConnected) return null;
      return tokensIn(candidate.element).find((t) => fingerprint(t) === candidate.fingerprint) ?? null;
    },
    settle(candidate) {
      known.add(candidate.fingerprint);
      if (current?.fingerprint === candidate.fingerprint) {
        current = null;
        opts.onChange(null);
      }
    },
  };
}
