/**
 * The WB API client core: picks the token, plans the call within WB's limits, sends it with a timeout, retries what
 * is worth retrying, and validates the answer with zod before anyone sees it. Contexts: background only.
 */
import type { z } from 'zod';
import { formatTimeMsk } from '../i18n';
import { CATEGORY_LABELS_RU, type WbCategory } from '../token/categories';
import type { KeyringToken, TokenStatus } from '../token/keyring';
import { realClock, type Clock } from './clock';
import { readProblemDetail, WbApiError } from './errors';
import { CATEGORY_HOSTS, COMMON_HOST, isWbApiUrl } from './hosts';
import { parseJsonExact } from './json';
import { JsonArraySplitter, NotAnArrayError } from './json-stream';
import { createLimiter, operationLimits, ruleFor, type Limiter } from './limiter';
import type { LimitTokenKind } from './rate-limit-types';

/** What the client needs of the keyring. */
export interface ClientKeyring {
  tokenFor(sellerId: string, category: WbCategory | 'any', opts?: { write?: boolean }): Promise<KeyringToken | null>;
  setStatus(tokenId: string, status: TokenStatus): Promise<void>;
}

/** One WB operation: where it lives, what it needs, and the schema its answer must pass. */
export interface Endpoint<T> {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  /** The category whose token (and host) the call needs; `any` for common-api. */
  category: WbCategory | 'any';
  write: boolean;
  response: z.ZodType<T>;
  /** HTTP 204 means "no more data" here, and the call returns null. */
  noContentIsEnd?: boolean;
  /** int64 fields that may exceed 2^53 and must be kept exact (as strings). */
  bigIntFields?: readonly string[];
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  signal?: AbortSignal;
  /** The part of WB's limit this call may draw on (see Limiter.reserve); background polling passes 0.5. */
  share?: number;
  /**
   * An answer identical, byte for byte, to the last one of the same request is not parsed and checked again: the
   * value checked then is handed back, deep-frozen (callers must not change it; one that tries throws). For a
   * large answer polled often that mostly does not change (the bidder's campaigns every 30 s).
   */
  reuseUnchanged?: boolean;
}

/** An endpoint that answers a JSON array, with the schema of one element (for reading the answer as a stream). */
export interface ArrayEndpoint<T> extends Endpoint<T[]> {
  element: z.ZodType<T>;
  /**
   * A quick test that `element` accepts a value as it is (see flat-row.ts): the stream gives zod only the elements
   * this turns down.
   */
  accepts?: (v: unknown) => v is T;
}

export interface StreamOptions extends CallOptions {
  /** Rows per chunk handed on (default 5,000). */
  chunkRows?: number;
}

/** A part of an answer: `last` once the whole array has arrived and passed (then `rows` may be empty). */
export interface StreamChunk<T> {
  rows: T[];
  last: boolean;
}

export interface WbClientDeps {
  keyring: ClientKeyring;
  fetch: typeof fetch;
  clock?: Clock;
  limiter?: Limiter;
  /** 0..1; jitter for backoff (injectable for deterministic tests). */
  random?: () => number;
  /** Real-time timeout of one HTTP request. */
  timeoutMs?: number;
  /** Retries after 429, 5xx, timeouts, network errors and unreadable bodies. */
  maxRetries?: number;
  /** A wait longer than this is not slept through: the call fails with `retryAt` so a scheduler can come back. */
  maxWaitMs?: number;
}

export interface WbClient {
  call<T>(endpoint: Endpoint<T>, sellerId: string, opts?: CallOptions): Promise<T | null>;
  /**
   * The same call, its array answer read as a stream: elements are parsed and validated one by one and handed on
   * in chunks, so the whole answer is never held. Failures before the first chunk are retried as `call` retries
   * them; after it, they are thrown typed (with `retryAt`) and the caller goes on from what it kept.
   */
  stream<T>(
    endpoint: ArrayEndpoint<T>,
    sellerId: string,
    opts?: StreamOptions,
  ): AsyncGenerator<StreamChunk<T>, void, undefined>;
  /** When a call of this endpoint could next go out for the seller without waiting (clock time). */
  nextAllowedAt(endpoint: Endpoint<unknown>, sellerId: string, opts?: { share?: number }): Promise<number>;
  readonly clock: Clock;
}

const BACKOFF_BASE_MS = 1_000;
/** Bytes of a streamed body decoded at a time (see `stream`). */
const DECODE_SLICE = 16_384;
const BACKOFF_CAP_MS = 60_000;

export function operationKey(ep: { method: string; path: string }): string {
  return `${ep.method} ${ep.path}`;
}

export function hostFor(category: WbCategory | 'any'): string {
  if (category === 'any') return COMMON_HOST;
  const host = CATEGORY_HOSTS[category];
  if (!host) throw new Error(`No WB host known for category ${category}`);
  return host;
}

function limitKind(token: KeyringToken): LimitTokenKind {
  const t = token.info.type;
  // An unknown type gets the strictest limits, so we never send what WB would refuse.
  return t === 'unknown' ? 'base' : t;
}

function categoryText(category: WbCategory | 'any'): string {
  return category === 'any' ? 'любой' : CATEGORY_LABELS_RU[category];
}

function retryText(at: number): string {
  return `${formatTimeMsk(new Date(at))} МСК`;
}

/** The first zod issue as "field a.b.0.c: message", to name what WB changed (`at`: where the value sat). */
function describeIssue(error: z.ZodError, at: readonly (string | number)[] = []): string {
  const issue = error.issues[0];
  if (!issue) return 'неизвестное поле';
  const path = [...at, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
  const field = path.length ? path.join('.') : '(весь ответ)';
  return `поле «${field}»: ${issue.message}`;
}

/** Freezes a parsed JSON value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export function createWbClient(deps: WbClientDeps): WbClient {
  const clock = deps.clock ?? realClock;
  const limiter = deps.limiter ?? createLimiter(clock);
  const random = deps.random ?? Math.random;
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const maxRetries = deps.maxRetries ?? 3;
  const maxWaitMs = deps.maxWaitMs ?? 5 * 60_000;

  const backoff = (attempt: number) => Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + random() / 2);

  async function pickToken(ep: Endpoint<unknown>, sellerId: string, name: string): Promise<KeyringToken> {
    const token = await deps.keyring.tokenFor(sellerId, ep.category, { write: ep.write });
    if (!token) {
      const what = `«${categoryText(ep.category)}»${ep.write ? ' без флага «Только чтение»' : ''}`;
      throw new WbApiError('no-token', name, `Нет подходящего токена: добавьте токен с категорией ${what}.`);
    }
    return token;
  }

  function limitsOf(ep: Endpoint<unknown>, token: KeyringToken, sellerId: string) {
    const name = operationKey(ep);
    const limits = operationLimits(name);
    const kind = limitKind(token);
    if (limits?.tokenTypes && !limits.tokenTypes.includes(kind)) {
      throw new WbApiError(
        'token-type',
        name,
        `WB не пускает к этому методу токен вашего типа: нужен Персональный токен с категорией «${categoryText(ep.category)}».`,
      );
    }
    const rule = limits ? ruleFor(limits, kind) : undefined;
    return { rule, key: `${sellerId}|${kind}|${limits?.bucket ?? name}` };
  }

  function urlOf(ep: Endpoint<unknown>, opts: CallOptions): URL {
    const url = new URL(`https://${hostFor(ep.category)}${ep.path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    // Defence in depth: the token goes to WB's API hosts over HTTPS and nowhere else.
    if (!isWbApiUrl(url.toString())) throw new Error(`Refusing to send a token to ${url.origin}`);
    return url;
  }

  /** Sleeps `waitMs` and says 'retry', or throws `error` when the retries are spent or the wait is too long. */
  async function retryLater(
    attempt: number,
    error: WbApiError,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<'retry'> {
    if (attempt >= maxRetries || waitMs > maxWaitMs) throw error;
    await clock.sleep(waitMs, signal);
    return 'retry';
  }

  /** The answer of a call whose body may be read: `abort` cuts it, `release` ends the watch of the caller's signal. */
  interface Exchange {
    res: Response;
    abort: (reason: unknown) => void;
    release: () => void;
  }

  /**
   * One attempt of a call up to a usable answer: limits, token, HTTP, statuses. Returns 'retry' after sleeping
   * what a retryable failure asks, null for 204 where that means the end, or the 2xx answer with its body unread.
   */
  async function exchange(
    ep: Endpoint<unknown>,
    sellerId: string,
    opts: CallOptions,
    url: URL,
    attempt: number,
  ): Promise<Exchange | null | 'retry'> {
    const name = operationKey(ep);
    {
      // The token is picked afresh each attempt: a 401 may have just marked the previous one rejected.
      const token = await pickToken(ep, sellerId, name);
      const { rule, key } = limitsOf(ep, token, sellerId);
      if (rule) {
        const reservation = await limiter.reserve(key, rule, { share: opts.share });
        const wait = reservation.at - clock.now();
        if (wait > maxWaitMs) {
          reservation.cancel();
          throw new WbApiError(
            'rate-limited',
            name,
            `Лимит WB на этот запрос исчерпан: следующий запрос в ${retryText(reservation.at)}.`,
            { retryAt: reservation.at },
          );
        }
        if (wait > 0) await clock.sleep(wait, opts.signal);
      }

      let res: Response;
      const controller = new AbortController();
      const onOuterAbort = () => controller.abort(opts.signal?.reason);
      opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
      const release = () => opts.signal?.removeEventListener('abort', onOuterAbort);
      const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs);
      try {
        res = await deps.fetch(url.toString(), {
          method: ep.method,
          headers: {
            Authorization: token.raw,
            ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
          signal: controller.signal,
        });
      } catch (err) {
        if (opts.signal?.aborted) throw opts.signal.reason;
        const timedOut = controller.signal.aborted;
        const wait = backoff(attempt);
        const at = clock.now() + wait;
        return retryLater(
          attempt,
          timedOut
            ? new WbApiError(
                'timeout',
                name,
                `WB не ответил за ${Math.round(timeoutMs / 1000)} с. Повторим в ${retryText(at)}.`,
                { retryAt: at },
              )
            : new WbApiError('network', name, `Нет связи с WB. Повторим в ${retryText(at)}.`, {
                retryAt: at,
                detail: String(err),
              }),
          wait,
          opts.signal,
        );
      } finally {
        clearTimeout(timer);
      }
      let usable = false;
      try {
        const remaining = Number(res.headers.get('X-Ratelimit-Remaining'));
        if (rule && res.headers.has('X-Ratelimit-Remaining')) await limiter.observeRemaining(key, rule, remaining);

        if (res.status === 429) {
          await res.body?.cancel().catch(() => undefined);
          const retryHeader = Number(res.headers.get('X-Ratelimit-Retry'));
          const wait =
            Number.isFinite(retryHeader) && retryHeader > 0 && res.headers.has('X-Ratelimit-Retry')
              ? retryHeader * 1000
              : backoff(attempt);
          if (rule) await limiter.observeRetry(key, rule, wait);
          const at = clock.now() + wait;
          return await retryLater(
            attempt,
            new WbApiError('rate-limited', name, `WB просит подождать: повторим в ${retryText(at)}.`, {
              status: 429,
              retryAt: at,
            }),
            wait,
            opts.signal,
          );
        }
        if (res.status >= 500) {
          await res.body?.cancel().catch(() => undefined);
          const wait = backoff(attempt);
          const at = clock.now() + wait;
          return await retryLater(
            attempt,
            new WbApiError(
              'unavailable',
              name,
              `WB сейчас недоступен (ошибка ${res.status}). Повторим в ${retryText(at)}.`,
              { status: res.status, retryAt: at },
            ),
            wait,
            opts.signal,
          );
        }
        if (res.status === 401) {
          const detail = await readProblemDetail(res);
          await deps.keyring.setStatus(token.info.id, { kind: 'rejected', reason: detail, checkedAt: clock.now() });
          throw new WbApiError('unauthorized', name, unauthorizedText(detail, ep.category), { status: 401, detail });
        }
        if (res.status === 403) {
          const detail = await readProblemDetail(res);
          const base = /base token/i.test(detail);
          throw new WbApiError(
            base ? 'token-type' : 'forbidden',
            name,
            base
              ? `WB не пускает Базовый токен к этому методу: нужен Персональный токен с категорией «${categoryText(ep.category)}».`
              : `WB запретил доступ: ${detail}. Проверьте, что пользователь, создавший токен, не удалён.`,
            { status: 403, detail },
          );
        }
        if (res.status === 404) {
          await res.body?.cancel().catch(() => undefined);
          throw new WbApiError(
            'not-found',
            name,
            `WB не знает метод ${name}: возможно, WB его убрал. Обновите Seller Lens.`,
            { status: 404 },
          );
        }
        if (res.status >= 400) {
          const detail = await readBadRequest(res);
          throw new WbApiError('bad-request', name, `WB не принял запрос: ${detail}`, { status: res.status, detail });
        }
        if (res.status === 204) {
          if (ep.noContentIsEnd) return null;
          throw new WbApiError('invalid-response', name, `WB ответил без данных на ${name}.`, { status: 204 });
        }
        usable = true;
        return { res, abort: (reason) => controller.abort(reason), release };
      } finally {
        if (!usable) release();
      }
    }
  }

  /** An answer that is not whole JSON: retried (counts as an attempt), nothing of it is kept. */
  function incomplete(ep: Endpoint<unknown>, status: number, attempt: number, signal?: AbortSignal) {
    const wait = backoff(attempt);
    return retryLater(
      attempt,
      new WbApiError(
        'invalid-response',
        operationKey(ep),
        `WB прислал неполный ответ на ${operationKey(ep)}. Данные не сохранены; повторим позже.`,
        { status, retryAt: clock.now() + wait },
      ),
      wait,
      signal,
    );
  }

  function schemaError(ep: Endpoint<unknown>, status: number, error: z.ZodError, at: (string | number)[] = []) {
    const issue = describeIssue(error, at);
    const name = operationKey(ep);
    return new WbApiError(
      'invalid-response',
      name,
      `WB изменил формат ответа ${name}: ${issue}. Данные не сохранены.`,
      {
        status,
        detail: issue,
      },
    );
  }

  /** The last answer per request that asked to reuse it (one per seller and endpoint): its text and checked value. */
  const lastAnswers = new Map<string, { request: string; text: string; value: unknown }>();

  async function call<T>(ep: Endpoint<T>, sellerId: string, opts: CallOptions = {}): Promise<T | null> {
    const url = urlOf(ep, opts);
    const slot = `${sellerId} ${ep.method} ${ep.path}`;
    const request = opts.reuseUnchanged ? `${url} ${JSON.stringify(opts.body ?? null)}` : '';
    for (let attempt = 0; ; attempt++) {
      const ex = await exchange(ep, sellerId, opts, url, attempt);
      if (ex === 'retry') continue;
      if (ex === null) return null;
      ex.release();
      let text: string;
      let data: unknown;
      try {
        text = await ex.res.text();
        const last = opts.reuseUnchanged ? lastAnswers.get(slot) : undefined;
        if (last && last.request === request && last.text === text) return last.value as T;
        data = parseJsonExact(text, ep.bigIntFields);
      } catch {
        await incomplete(ep, ex.res.status, attempt, opts.signal);
        continue;
      }
      const parsed = ep.response.safeParse(data);
      if (!parsed.success) throw schemaError(ep, ex.res.status, parsed.error);
      if (opts.reuseUnchanged) lastAnswers.set(slot, { request, text, value: deepFreeze(parsed.data) });
      return parsed.data;
    }
  }

  /** How a streamed body ended short of its last chunk. */
  type StreamFailure =
    { kind: 'retry'; error: WbApiError } | { kind: 'fatal'; error: unknown } | { kind: 'whole'; text: string };

  async function* stream<T>(
    ep: ArrayEndpoint<T>,
    sellerId: string,
    opts: StreamOptions = {},
  ): AsyncGenerator<StreamChunk<T>, void, undefined> {
    const name = operationKey(ep);
    const url = urlOf(ep, opts);
    const chunkRows = Math.max(1, opts.chunkRows ?? 5_000);
    for (let attempt = 0; ; attempt++) {
      const ex = await exchange(ep, sellerId, opts, url, attempt);
      if (ex === 'retry') continue;
      if (ex === null) {
        yield { rows: [], last: true };
        return;
      }
      const { res } = ex;
      let wholeText: string | null = null;
      const reader = res.body?.getReader();
      if (!reader) {
        ex.release();
        wholeText = await res.text();
      } else {
        // The body is read ahead by one chunk while the caller stores the previous one (parsing overlaps the
        // database's work); at most one chunk waits. Once a chunk has been handed on (and committed by the
        // caller), a failure cannot be retried here: it is thrown typed, with the time to come back, and the
        // caller goes on from what it committed.
        const ready: StreamChunk<T>[] = [];
        let failure: StreamFailure | null = null;
        let stopped = false;
        let wake: (() => void) | null = null;
        let room: (() => void) | null = null;
        const signalWake = () => {
          const w = wake;
          wake = null;
          w?.();
        };
        let idle: ReturnType<typeof setTimeout> | undefined;
        const pump = async (): Promise<void> => {
          const decoder = new TextDecoder();
          const splitter = new JsonArraySplitter();
          let batch: T[] = [];
          let produced = 0;
          let readBytes = 0;
          const retryError = (error: WbApiError): StreamFailure => ({ kind: 'retry', error });
          const at = () => clock.now() + backoff(attempt);
          try {
            for (;;) {
              clearTimeout(idle);
              idle = setTimeout(() => ex.abort(new DOMException('timeout', 'TimeoutError')), timeoutMs);
              let piece: ReadableStreamReadResult<Uint8Array>;
              try {
                piece = await reader.read();
              } catch (err) {
                if (stopped) return;
                if (opts.signal?.aborted) {
                  failure = { kind: 'fatal', error: opts.signal.reason };
                  return;
                }
                const retryAt = at();
                failure = retryError(
                  new WbApiError('network', name, `Связь с WB прервалась. Повторим в ${retryText(retryAt)}.`, {
                    retryAt,
                    detail: String(err),
                  }),
                );
                return;
              }
              clearTimeout(idle);
              if (stopped) return;
              let text = '';
              let sliceEnd = 0;
              let elements: string[] = [];
              try {
                if (piece.done) {
                  text = decoder.decode();
                  elements = splitter.push(text);
                  splitter.end();
                } else {
                  // Decoded in slices of 16 KB: a string of a whole piece (up to megabytes) would go to V8's
                  // large-object space, which only a full GC frees, and every element sliced from it would keep
                  // it alive; small strings die young and cheaply.
                  const bytes = piece.value;
                  for (let at = 0; at < bytes.byteLength; at += DECODE_SLICE) {
                    sliceEnd = at + DECODE_SLICE;
                    text = decoder.decode(bytes.subarray(at, sliceEnd), { stream: true });
                    const found = splitter.push(text);
                    if (found.length > 0) elements = elements.length > 0 ? elements.concat(found) : found;
                  }
                  readBytes += bytes.byteLength;
                }
              } catch (err) {
                if (err instanceof NotAnArrayError && splitter.elements === 0) {
                  // Not an array (an object, null, an error body): the rest is read and judged as `call` does.
                  const restOfPiece = piece.done
                    ? ''
                    : decoder.decode(piece.value.subarray(sliceEnd), { stream: true });
                  failure = {
                    kind: 'whole',
                    text: text + restOfPiece + (piece.done ? '' : await readRest(reader, decoder)),
                  };
                  return;
                }
                const retryAt = at();
                failure = retryError(
                  new WbApiError(
                    'invalid-response',
                    name,
                    `WB прервал ответ на ${name} после ${splitter.elements} строк (${readBytes} байт). Сохранённое остаётся; продолжим в ${retryText(retryAt)}.`,
                    { status: res.status, retryAt, detail: err instanceof Error ? err.message : String(err) },
                  ),
                );
                return;
              }
              for (const element of elements) {
                let value: unknown;
                try {
                  value = parseJsonExact(element, ep.bigIntFields);
                } catch {
                  const retryAt = at();
                  failure = retryError(
                    new WbApiError(
                      'invalid-response',
                      name,
                      `WB прислал испорченную строку в ответе ${name}. Повторим в ${retryText(retryAt)}.`,
                      { status: res.status, retryAt },
                    ),
                  );
                  return;
                }
                if (ep.accepts?.(value)) batch.push(value);
                else {
                  const parsed = ep.element.safeParse(value);
                  if (!parsed.success) {
                    failure = { kind: 'fatal', error: schemaError(ep, res.status, parsed.error, [produced]) };
                    return;
                  }
                  batch.push(parsed.data);
                }
                produced++;
                if (batch.length === chunkRows) {
                  ready.push({ rows: batch, last: false });
                  batch = [];
                  signalWake();
                }
              }
              if (piece.done) {
                ready.push({ rows: batch, last: true });
                return;
              }
              while (ready.length > 0 && !stopped) await new Promise<void>((r) => (room = r));
              if (stopped) return;
            }
          } catch (err) {
            failure ??= { kind: 'fatal', error: err };
          } finally {
            clearTimeout(idle);
            signalWake();
          }
        };
        const pumping = pump();
        let handedOn = 0;
        try {
          for (;;) {
            const chunk = ready.shift();
            if (chunk) {
              const r = room as (() => void) | null;
              room = null;
              r?.();
              yield chunk;
              if (chunk.last) return;
              handedOn += chunk.rows.length;
              continue;
            }
            const f = failure as StreamFailure | null;
            if (f) {
              if (f.kind === 'fatal') throw f.error;
              if (f.kind === 'retry' && handedOn > 0) throw f.error;
              break;
            }
            await new Promise<void>((r) => (wake = r));
          }
        } finally {
          stopped = true;
          (room as (() => void) | null)?.();
          clearTimeout(idle);
          ex.release();
          if ((failure as StreamFailure | null)?.kind !== 'whole') await reader.cancel().catch(() => undefined);
          await pumping;
        }
        const f = failure as StreamFailure | null;
        if (f?.kind === 'retry') {
          // Nothing was handed on: asked again as `call` would.
          if (f.error.kind === 'invalid-response') await incomplete(ep, res.status, attempt, opts.signal);
          else await retryLater(attempt, f.error, backoff(attempt), opts.signal);
          continue;
        }
        if (f?.kind === 'whole') wholeText = f.text;
      }
      // The plain path: the whole body, as `call` judges it.
      let data: unknown;
      try {
        data = parseJsonExact(wholeText ?? '', ep.bigIntFields);
      } catch {
        await incomplete(ep, res.status, attempt, opts.signal);
        continue;
      }
      const parsed = ep.response.safeParse(data);
      if (!parsed.success) throw schemaError(ep, res.status, parsed.error);
      const rows = parsed.data;
      for (let i = 0; i < rows.length; i += chunkRows) {
        yield { rows: rows.slice(i, i + chunkRows), last: i + chunkRows >= rows.length };
      }
      if (rows.length === 0) yield { rows: [], last: true };
      return;
    }
  }

  return {
    call,
    stream,
    clock,
    async nextAllowedAt(ep, sellerId, opts) {
      const token = await pickToken(ep, sellerId, operationKey(ep));
      const { rule, key } = limitsOf(ep, token, sellerId);
      return rule ? limiter.nextAllowedAt(key, rule, opts) : clock.now();
    },
  };
}

function unauthorizedText(detail: string, category: WbCategory | 'any'): string {
  if (/expired/i.test(detail)) return 'Срок действия токена истёк: создайте новый токен в кабинете WB.';
  if (/scope|category/i.test(detail)) {
    return `У токена нет доступа к категории «${categoryText(category)}»: создайте токен с этой категорией.`;
  }
  return `WB отклонил токен (${detail}): проверьте его или создайте новый в кабинете WB.`;
}

/** The rest of a body as text. */
async function readRest(reader: ReadableStreamDefaultReader<Uint8Array>, decoder: TextDecoder): Promise<string> {
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    text += decoder.decode(value, { stream: true });
  }
}

/** WB's 400 bodies differ per service (wb-api.md §5): statistics `{errors}`, advert `{detail}`, others `{errorText}`. */
async function readBadRequest(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    if (typeof body.detail === 'string') return body.detail;
    if (Array.isArray(body.errors)) return body.errors.map(String).join('; ');
    if (typeof body.errors === 'string') return body.errors;
    if (typeof body.errorText === 'string' && body.errorText) return body.errorText;
    if (typeof body.title === 'string') return body.title;
  } catch {
    // not JSON
  }
  return `HTTP ${res.status}`;
}
