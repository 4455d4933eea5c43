/**
 * Splits a JSON array that arrives in pieces (a response body read as a stream) into the texts of its elements, so
 * a page of 80,000 rows never sits in memory whole: each element is parsed and validated on its own. The tokenizer
 * knows only what it must: strings (with escapes, where brackets and commas do not count) and nesting depth. It
 * does not check JSON syntax inside an element: `JSON.parse` of each element does. Contexts: background, tests.
 */

/** The body is not a JSON array (an object, `null`, WB's error body): the caller reads it whole instead. */
export class NotAnArrayError extends Error {
  constructor() {
    super('the body is not a JSON array');
    this.name = 'NotAnArrayError';
  }
}

/** The body ended before the array closed, or something other than whitespace followed it. */
export class TruncatedJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TruncatedJsonError';
  }
}

const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

type Phase = 'start' | 'element-or-end' | 'element' | 'comma-or-end' | 'after';

/**
 * Feed it decoded text with `push` (any split: inside strings, escapes, numbers); each call returns the elements
 * completed so far. `end()` throws TruncatedJsonError unless the array closed. The first non-space character must
 * be `[`, or `push` throws NotAnArrayError (nothing is consumed: the caller still has the text it pushed).
 */
export class JsonArraySplitter {
  private phase: Phase = 'start';
  /** The text of an element begun in an earlier piece. */
  private carry = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** A string or number at depth 0 ends at a comma, `]` or space; objects and arrays at their closing bracket. */
  private scalar = false;
  private count = 0;

  /** Elements completed so far. */
  get elements(): number {
    return this.count;
  }

  /** Whether the array has closed. */
  get closed(): boolean {
    return this.phase === 'after';
  }

  push(text: string): string[] {
    const out: string[] = [];
    const n = text.length;
    let i = 0;
    // Where the current element starts in `text` (-1: it began in an earlier piece, kept in `carry`).
    let start = this.phase === 'element' ? 0 : -1;
    while (i < n) {
      const c = text.charCodeAt(i);
      switch (this.phase) {
        case 'start':
          if (isSpace(c) || c === 0xfeff) {
            i++;
            continue;
          }
          if (c !== OPEN_BRACKET) throw new NotAnArrayError();
          this.phase = 'element-or-end';
          i++;
          continue;
        case 'comma-or-end':
        case 'element-or-end':
          if (isSpace(c)) {
            i++;
            continue;
          }
          if (c === CLOSE_BRACKET && (this.phase === 'comma-or-end' || this.count === 0)) {
            this.phase = 'after';
            i++;
            continue;
          }
          if (this.phase === 'comma-or-end') {
            if (c !== COMMA) throw new SyntaxError(`unexpected «${text[i]}» between array elements`);
            this.phase = 'element-or-end';
            i++;
            continue;
          }
          if (c === COMMA || c === CLOSE_BRACKET) throw new SyntaxError(`unexpected «${text[i]}» in an array`);
          // An element begins.
          this.phase = 'element';
          this.carry = '';
          this.depth = 0;
          this.inString = false;
          this.escaped = false;
          this.scalar = c !== OPEN_BRACE && c !== OPEN_BRACKET;
          start = i;
          // The first character is read by the element loop below.
          break;
        case 'after':
          if (!isSpace(c)) throw new SyntaxError('text after the end of the array');
          i++;
          continue;
        case 'element':
          break;
      }
      // Inside an element: scan to its end or to the end of this piece.
      const end = this.scanElement(text, i);
      if (end < 0) {
        this.carry += text.slice(start, n);
        return out;
      }
      const piece = text.slice(start, end);
      out.push(this.carry ? this.carry + piece : piece);
      this.carry = '';
      this.count++;
      this.phase = 'comma-or-end';
      i = end;
    }
    if (this.phase === 'element' && start >= 0) this.carry += text.slice(start, n);
    return out;
  }

  /** Checks that the array closed; throws TruncatedJsonError otherwise. */
  end(): void {
    if (this.phase === 'start') throw new TruncatedJsonError('empty body');
    if (this.phase !== 'after') throw new TruncatedJsonError(`the array did not close after ${this.count} elements`);
  }

  /**
   * Scans from `i` while inside the current element; returns the index just past its last character, or -1 when
   * the piece ends first (state is kept for the next piece).
   */
  private scanElement(text: string, i: number): number {
    const n = text.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    const scalar = this.scalar;
    let backslash = -2;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (scalar && depth === 0) {
            this.save(depth, inString, escaped);
            return i + 1;
          }
        } else {
          // Skip plain string content quickly: to the next quote or backslash (the backslash's place is
          // remembered: most pieces have none, and searching for it at every string would rescan the piece).
          const q = text.indexOf('"', i);
          if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
          const b = backslash;
          const next = q < 0 ? b : b < 0 ? q : Math.min(q, b);
          if (next < 0) break; // the string goes on in the next piece
          i = next;
          continue;
        }
        i++;
        continue;
      }
      if (c === QUOTE) inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (scalar && depth === 0) {
          // A number, true/false/null ends at the array's `]`.
          this.save(depth, inString, escaped);
          return i;
        }
        depth--;
        if (depth === 0 && !scalar) {
          this.save(depth, inString, escaped);
          return i + 1;
        }
      } else if (scalar && depth === 0 && (c === COMMA || isSpace(c))) {
        this.save(depth, inString, escaped);
        return i;
      }
      i++;
    }
    this.save(depth, inString, escaped);
    return -1;
  }

  private save(depth: number, inString: boolean, escaped: boolean): void {
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
  }
}
