/**
 * Fault injection: the next N matching requests fail the way WB or the network sometimes does. Faults queue in the
 * order they were added; a request takes the first matching fault of each phase. Filters narrow a fault to a host,
 * a path or a method.
 */

export interface FaultTarget {
  /** Hostname (production or sandbox) or a pattern; default: any WB host. */
  host?: string | RegExp;
  /** URL path (exact) or a pattern; default: any path. */
  path?: string | RegExp;
  /** HTTP method; default: any. */
  method?: string;
}

export type SchemaDriftMode = 'extra-field' | 'null-field' | 'wrong-type';

export type FaultSpec =
  | { kind: 'rateLimitBurst'; retryAfterSec: number; omitHeaders: boolean }
  | { kind: 'serverError'; status: 500 | 502 | 503 | 504 }
  | { kind: 'slow'; ms: number; realTime: boolean }
  | { kind: 'truncatedJson' }
  | { kind: 'schemaDrift'; mode: SchemaDriftMode; field?: string }
  | { kind: 'networkError' };

export interface ActiveFault {
  id: number;
  spec: FaultSpec;
  target: FaultTarget;
  /** Requests it still applies to. */
  remaining: number;
  /** Requests it has applied to. */
  fired: number;
}

/** What a test gets back from adding a fault. */
export interface FaultHandle {
  readonly id: number;
  /** How many requests it has hit so far. */
  fired(): number;
  /** How many it still will. */
  remaining(): number;
  cancel(): void;
}

function matches(target: FaultTarget, method: string, host: string, path: string): boolean {
  if (target.method && target.method.toUpperCase() !== method.toUpperCase()) return false;
  if (target.host !== undefined) {
    if (typeof target.host === 'string' ? target.host !== host : !target.host.test(host)) return false;
  }
  if (target.path !== undefined) {
    if (typeof target.path === 'string' ? target.path !== path : !target.path.test(path)) return false;
  }
  return true;
}

type Opts<T> = T & FaultTarget & { count?: number };

export class Faults {
  private list: ActiveFault[] = [];
  private seq = 0;

  private add(spec: FaultSpec, opts: FaultTarget & { count?: number }): FaultHandle {
    const fault: ActiveFault = {
      id: ++this.seq,
      spec,
      target: { host: opts.host, path: opts.path, method: opts.method },
      remaining: Math.max(0, opts.count ?? 1),
      fired: 0,
    };
    this.list.push(fault);
    return {
      id: fault.id,
      fired: () => fault.fired,
      remaining: () => fault.remaining,
      cancel: () => {
        fault.remaining = 0;
      },
    };
  }

  /** The next `count` requests get 429 (with WB's headers unless `omitHeaders`; Retry default 1 s). */
  rateLimitBurst(opts: Opts<{ retryAfterSec?: number; omitHeaders?: boolean }> = {}): FaultHandle {
    return this.add(
      { kind: 'rateLimitBurst', retryAfterSec: opts.retryAfterSec ?? 1, omitHeaders: opts.omitHeaders ?? false },
      opts,
    );
  }

  /** The next `count` requests get a 5xx (default 502). */
  serverError(opts: Opts<{ status?: 500 | 502 | 503 | 504 }> = {}): FaultHandle {
    return this.add({ kind: 'serverError', status: opts.status ?? 502 }, opts);
  }

  /**
   * The next `count` responses come `ms` late. By default on the virtual clock (the clock advances by `ms` before
   * the answer); with `realTime: true` the answer really waits, so a client's AbortSignal timeout can fire.
   */
  slow(opts: Opts<{ ms: number; realTime?: boolean }>): FaultHandle {
    return this.add({ kind: 'slow', ms: opts.ms, realTime: opts.realTime ?? false }, opts);
  }

  /** The next `count` JSON responses with a body are cut in half (status and headers unchanged). */
  truncatedJson(opts: Opts<object> = {}): FaultHandle {
    return this.add({ kind: 'truncatedJson' }, opts);
  }

  /**
   * The next `count` successful JSON responses drift from the schema in their first record (the first object of
   * the first array of records, or the body object): an extra field, a field set to null, or a field of another
   * type. `field` picks the field (default: the record's first field; for extra-field the new field's name).
   */
  schemaDrift(opts: Opts<{ mode: SchemaDriftMode; field?: string }>): FaultHandle {
    return this.add({ kind: 'schemaDrift', mode: opts.mode, field: opts.field }, opts);
  }

  /** The next `count` requests fail without an answer (fetch rejects with TypeError). */
  networkError(opts: Opts<object> = {}): FaultHandle {
    return this.add({ kind: 'networkError' }, opts);
  }

  /** Removes every fault. */
  clear(): void {
    this.list = [];
  }

  /** Faults that will still fire. */
  pending(): ActiveFault[] {
    return this.list.filter((f) => f.remaining > 0);
  }

  /** Takes the first matching fault among `kinds` for a request (internal). */
  take(kinds: readonly FaultSpec['kind'][], method: string, host: string, path: string): ActiveFault | null {
    for (const f of this.list) {
      if (f.remaining <= 0 || !kinds.includes(f.spec.kind)) continue;
      if (!matches(f.target, method, host, path)) continue;
      f.remaining--;
      f.fired++;
      return f;
    }
    return null;
  }

  /** Whether a matching fault among `kinds` is waiting, without taking it (internal). */
  peek(kinds: readonly FaultSpec['kind'][], method: string, host: string, path: string): ActiveFault | null {
    for (const f of this.list) {
      if (f.remaining > 0 && kinds.includes(f.spec.kind) && matches(f.target, method, host, path)) return f;
    }
    return null;
  }
}

/** Applies a schema drift to a JSON body; returns the new body, or null when there is no record to change. */
export function driftBody(body: string, mode: SchemaDriftMode, field?: string): string | null {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return null;
  }
  const record = firstRecord(data);
  if (!record) return null;
  const keys = Object.keys(record);
  if (mode === 'extra-field') {
    record[field ?? 'simExtraField'] = 'unexpected';
  } else {
    const key = field ?? keys[0];
    if (key === undefined) return null;
    if (mode === 'null-field') record[key] = null;
    else {
      const v = record[key];
      record[key] =
        typeof v === 'number' ? String(v) : typeof v === 'string' ? 12345 : typeof v === 'boolean' ? 'true' : 42;
    }
  }
  return JSON.stringify(data);
}

function firstRecord(data: unknown): Record<string, unknown> | null {
  const queue: unknown[] = [data];
  while (queue.length > 0) {
    const v = queue.shift();
    if (Array.isArray(v)) {
      const obj = v.find((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
      if (obj) return obj as Record<string, unknown>;
      continue;
    }
    if (typeof v === 'object' && v !== null) {
      const vals = Object.values(v);
      if (vals.some((x) => Array.isArray(x) || (typeof x === 'object' && x !== null))) queue.push(...vals);
      else return v as Record<string, unknown>;
    }
  }
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
}
