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
  /** When a call of this endpoint could next go out for the seller without waiting (clock time). */
  nextAllowedAt(endpoint: Endpoint<unknown>, sellerId: string, opts?: { share?: number }): Promise<number>;
  readonly clock: Clock;
}

const BACKOFF_BASE_MS = 1_000;
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

/** The first zod issue as "field a.b.0.c: message", to name what WB changed. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'неизвестное поле';
  const field = issue.path.length ? issue.path.join('.') : '(весь ответ)';
  return `поле «${field}»: ${issue.message}`;
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

  async function call<T>(ep: Endpoint<T>, sellerId: string, opts: CallOptions = {}): Promise<T | null> {
    const name = operationKey(ep);
    const host = hostFor(ep.category);
    const url = new URL(`https://${host}${ep.path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    // Defence in depth: the token goes to WB's API hosts over HTTPS and nowhere else.
    if (!isWbApiUrl(url.toString())) throw new Error(`Refusing to send a token to ${url.origin}`);

    for (let attempt = 0; ; attempt++) {
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

      const retryLater = async (error: WbApiError, waitMs: number): Promise<'retry'> => {
        if (attempt >= maxRetries || waitMs > maxWaitMs) throw error;
        await clock.sleep(waitMs, opts.signal);
        return 'retry';
      };

      let res: Response;
      const controller = new AbortController();
      const onOuterAbort = () => controller.abort(opts.signal?.reason);
      opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
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
        await retryLater(
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
        );
        continue;
      } finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onOuterAbort);
      }

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
        await retryLater(
          new WbApiError('rate-limited', name, `WB просит подождать: повторим в ${retryText(at)}.`, {
            status: 429,
            retryAt: at,
          }),
          wait,
        );
        continue;
      }
      if (res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        const wait = backoff(attempt);
        const at = clock.now() + wait;
        await retryLater(
          new WbApiError(
            'unavailable',
            name,
            `WB сейчас недоступен (ошибка ${res.status}). Повторим в ${retryText(at)}.`,
            {
              status: res.status,
              retryAt: at,
            },
          ),
          wait,
        );
        continue;
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

      let data: unknown;
      try {
        data = parseJsonExact(await res.text(), ep.bigIntFields);
      } catch {
        const wait = backoff(attempt);
        await retryLater(
          new WbApiError(
            'invalid-response',
            name,
            `WB прислал неполный ответ на ${name}. Данные не сохранены; повторим позже.`,
            {
              status: res.status,
              retryAt: clock.now() + wait,
            },
          ),
          wait,
        );
        continue;
      }
      const parsed = ep.response.safeParse(data);
      if (!parsed.success) {
        throw new WbApiError(
          'invalid-response',
          name,
          `WB изменил формат ответа ${name}: ${describeIssue(parsed.error)}. Данные не сохранены.`,
          { status: res.status, detail: describeIssue(parsed.error) },
        );
      }
      return parsed.data;
    }
  }

  return {
    call,
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
