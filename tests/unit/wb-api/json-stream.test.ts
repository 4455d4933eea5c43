// @vitest-environment node
/**
 * The streaming splitter of JSON arrays (lib/wb-api/json-stream.ts) and the client's streaming path built on it:
 * every split of the bytes (inside strings, escapes, multi-byte UTF-8 characters) gives the same elements; a cut
 * body, a body that is not an array and WB's error bodies end as `call` would end them.
 */
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbClient, type StreamChunk } from '../../../lib/wb-api/client';
import { WbApiError } from '../../../lib/wb-api/errors';
import { JsonArraySplitter, NotAnArrayError, TruncatedJsonError } from '../../../lib/wb-api/json-stream';
import { mskDateFrom, ordersEndpoint, type OrderRow } from '../../../lib/wb-api/statistics';
import { createWbSimulator } from '../../sim';
import { Rng } from '../../sim/prng';
import { createVirtualClock } from '../../helpers/virtual-clock';

const TRICKY: unknown[] = [
  { a: 'plain', n: 1 },
  { s: 'brackets ] } [ { and , commas', t: '' },
  { q: 'a "quoted" word', b: 'a backslash \\', bb: '\\\\"', end: '\\' },
  { u: 'Подольск — склад', e: '😀 emoji 👍🏽', z: '\u0000\u001f', esc: '\n\t\r\b\f/' },
  { nested: { deep: [1, [2, [3, { x: ']' }]], { y: '}' }] }, arr: [] as unknown[], obj: {} },
  'a top-level string with ] and , inside',
  -12.5e3,
  0,
  true,
  false,
  null,
  [1, 'two', { three: 3 }],
  '',
  { last: 'Россия', n: 1887 },
];

function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Splits `bytes` at `cuts`, decodes them as a stream (as the client does) and feeds the splitter. */
function splitAt(bytes: Uint8Array, cuts: number[]): unknown[] {
  const decoder = new TextDecoder();
  const splitter = new JsonArraySplitter();
  const out: unknown[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    for (const e of splitter.push(decoder.decode(bytes.subarray(from, cut), { stream: true }))) out.push(JSON.parse(e));
    from = cut;
  }
  for (const e of splitter.push(decoder.decode())) out.push(JSON.parse(e));
  splitter.end();
  return out;
}

describe('JsonArraySplitter', () => {
  const text = JSON.stringify(TRICKY);
  const spaced = `\n [ ${TRICKY.map((x) => JSON.stringify(x, null, 2)).join(' ,\n\t')} ] \r\n`;

  it('gives every element at every single split point of the bytes (strings, escapes, multi-byte characters)', () => {
    for (const body of [text, spaced]) {
      const bytes = bytesOf(body);
      for (let cut = 0; cut <= bytes.length; cut++) expect(splitAt(bytes, [cut])).toEqual(TRICKY);
    }
  });

  it('gives every element when fed one byte at a time, and in random pieces', () => {
    const bytes = bytesOf(spaced);
    expect(
      splitAt(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ),
    ).toEqual(TRICKY);
    const rng = new Rng(9);
    for (let k = 0; k < 200; k++) {
      const cuts: number[] = [];
      for (let at = rng.int(0, 5); at < bytes.length; at += rng.int(1, 40)) cuts.push(at);
      expect(splitAt(bytes, cuts)).toEqual(TRICKY);
    }
  });

  it('hands on elements as soon as they are complete', () => {
    const s = new JsonArraySplitter();
    expect(s.push('[{"a":1},{"b":"x')).toEqual(['{"a":1}']);
    expect(s.push('y"}')).toEqual(['{"b":"xy"}']);
    expect(s.push(',2')).toEqual([]);
    expect(s.push(']')).toEqual(['2']);
    expect(s.closed).toBe(true);
    expect(s.elements).toBe(3);
    s.end();
  });

  it('accepts an empty array and a byte-order mark', () => {
    for (const body of ['[]', ' [ ] ', '\ufeff[]']) {
      const s = new JsonArraySplitter();
      expect(s.push(body)).toEqual([]);
      expect(() => s.end()).not.toThrow();
    }
  });

  it('finds every truncated body: each strict prefix fails at the end, never with a wrong element', () => {
    const bytes = bytesOf(text);
    for (let cut = 0; cut < bytes.length; cut++) {
      const decoder = new TextDecoder();
      const s = new JsonArraySplitter();
      const got = [...s.push(decoder.decode(bytes.subarray(0, cut), { stream: true })), ...s.push(decoder.decode())];
      // What came out is a prefix of the real elements.
      expect(got.map((e) => JSON.parse(e) as unknown)).toEqual(TRICKY.slice(0, got.length));
      expect(() => s.end()).toThrow(TruncatedJsonError);
    }
  });

  it('says when a body is not an array: an object, null, WB’s error bodies', () => {
    const bodies = [
      '{"errors":["dateFrom: field required"]}',
      '{"title":"unauthorized","detail":"token expired","status":401,"origin":"s2s-api-auth-stat"}',
      'null',
      '"text"',
      ' <html>502 Bad Gateway</html>',
    ];
    for (const body of bodies) expect(() => new JsonArraySplitter().push(body)).toThrow(NotAnArrayError);
  });

  it('refuses what is not an array of elements', () => {
    expect(() => new JsonArraySplitter().push('[1 2]')).toThrow(SyntaxError);
    expect(() => new JsonArraySplitter().push('[,1]')).toThrow(SyntaxError);
    expect(() => new JsonArraySplitter().push('[1] x')).toThrow(SyntaxError);
    // Bad JSON inside an element is left to JSON.parse of that element.
    expect(() => JSON.parse(new JsonArraySplitter().push('[{"a":tru}]')[0]!)).toThrow(SyntaxError);
  });
});

/** A fetch that answers through the simulator, its body split into byte pieces of 1..max at random, optionally cut. */
function piecewise(
  sim: ReturnType<typeof createWbSimulator>,
  opts: { seed: number; max: number; cutAt?: (bytes: number) => number | null; fail?: 'truncate' | 'error' },
): typeof fetch {
  const rng = new Rng(opts.seed);
  return async (input, init) => {
    const res = await sim.fetch(input, init);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const cut = opts.cutAt?.(bytes.length) ?? null;
    const end = cut ?? bytes.length;
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= end) {
          if (cut !== null && opts.fail === 'error') controller.error(new TypeError('network error'));
          else controller.close();
          return;
        }
        const n = Math.min(end - at, rng.int(1, opts.max));
        controller.enqueue(bytes.slice(at, at + n));
        at += n;
      },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
}

async function streamSetup(fetchOf: (sim: ReturnType<typeof createWbSimulator>) => typeof fetch, pageCap = 400) {
  const sim = createWbSimulator({ orders: 600, statisticsPageCap: pageCap });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const added = await keyring.add(sim.token({ categories: ['statistics'] }));
  if (!added.ok) throw new Error(added.error.message);
  const client = createWbClient({ keyring, fetch: fetchOf(sim), clock, random: () => 0.5, timeoutMs: 5_000 });
  const query = { dateFrom: mskDateFrom(clock.now() - 100 * 86_400_000), flag: 0 };
  return { sim, client, query, sellerId: added.token.sellerId };
}

async function chunksOf<T>(gen: AsyncGenerator<StreamChunk<T>>): Promise<StreamChunk<T>[]> {
  const out: StreamChunk<T>[] = [];
  for await (const c of gen) out.push(c);
  return out;
}

describe('WbClient.stream', () => {
  it('gives the rows `call` gives, in chunks, for bodies split anywhere (Cyrillic rows cut mid-character)', async () => {
    for (const seed of [1, 2, 3]) {
      const { sim, client, query, sellerId } = await streamSetup((s) => piecewise(s, { seed, max: 97 }));
      const chunks = await chunksOf(client.stream(ordersEndpoint, sellerId, { query, chunkRows: 37 }));
      sim.resetRateLimits();
      const whole = (await client.call(ordersEndpoint, sellerId, { query }))!;
      expect(whole.length).toBe(400);
      expect(chunks.flatMap((c) => c.rows)).toEqual(whole);
      expect(chunks.map((c) => c.rows.length)).toEqual([...Array<number>(10).fill(37), 30]);
      expect(chunks.map((c) => c.last)).toEqual([...Array<boolean>(10).fill(false), true]);
      // One request per stream: chunks are not requests.
      expect(sim.requests.filter((q) => q.path === ordersEndpoint.path)).toHaveLength(2);
    }
  });

  it('a body cut before the first chunk is handed on is asked again, as `call` does', async () => {
    let calls = 0;
    const { sim, client, query, sellerId } = await streamSetup((s) => {
      const f = piecewise(s, { seed: 4, max: 500, cutAt: (n) => (calls++ === 0 ? Math.floor(n / 2) : null) });
      return f;
    });
    const chunks = await chunksOf(client.stream(ordersEndpoint, sellerId, { query, chunkRows: 1_000 }));
    expect(chunks.flatMap((c) => c.rows)).toHaveLength(400);
    expect(sim.requests.filter((q) => q.path === ordersEndpoint.path)).toHaveLength(2);
  });

  for (const fail of ['truncate', 'error'] as const) {
    it(`a body ${fail === 'truncate' ? 'cut short' : 'whose connection fails'} after chunks were handed on: typed error with a retry time, only whole valid rows before it`, async () => {
      const { client, query, sellerId } = await streamSetup((s) =>
        piecewise(s, { seed: 5, max: 300, cutAt: (n) => Math.floor(n * 0.6), fail }),
      );
      const got: OrderRow[] = [];
      let error: unknown = null;
      try {
        for await (const c of client.stream(ordersEndpoint, sellerId, { query, chunkRows: 50 })) {
          expect(c.last).toBe(false);
          got.push(...c.rows);
        }
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WbApiError);
      const e = error as WbApiError;
      expect(e.kind).toBe(fail === 'truncate' ? 'invalid-response' : 'network');
      expect(e.retryAt).not.toBeNull();
      expect(e.message).toMatch(/^(WB прервал ответ|Связь с WB прервалась)/);
      expect(got.length % 50).toBe(0);
      expect(got.length).toBeGreaterThanOrEqual(150);
      expect(got.length).toBeLessThan(400);
    });
  }

  it('a 200 body that is not an array fails as `call` fails: WB changed the format of the whole answer', async () => {
    const { client, query, sellerId } = await streamSetup(
      () => async () => new Response('{"errors":["something changed"]}', { status: 200 }),
    );
    const err = await chunksOf(client.stream(ordersEndpoint, sellerId, { query })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WbApiError);
    expect((err as WbApiError).kind).toBe('invalid-response');
    expect((err as WbApiError).message).toMatch(/поле «\(весь ответ\)»/);
  });

  it('a long non-array body (beyond one decoded slice) is judged whole, not as a cut one', async () => {
    const body = JSON.stringify({ errors: ['x'.repeat(40_000), 'Подольск'.repeat(5_000)] });
    const { client, query, sellerId } = await streamSetup(() => async () => new Response(body, { status: 200 }));
    const err = await chunksOf(client.stream(ordersEndpoint, sellerId, { query })).catch((e: unknown) => e);
    expect((err as WbApiError).message).toMatch(/^WB изменил формат ответа .*поле «\(весь ответ\)»/);
  });

  it('schema drift in a row names the row of the page and hands on nothing after it', async () => {
    const { client, query, sellerId } = await streamSetup((s) => async (input, init) => {
      const res = await s.fetch(input, init);
      const rows = (await res.json()) as Record<string, unknown>[];
      rows[123]!.nmId = 'not a number';
      return new Response(JSON.stringify(rows), { status: 200 });
    });
    const got: OrderRow[] = [];
    const err = await (async () => {
      for await (const c of client.stream(ordersEndpoint, sellerId, { query, chunkRows: 50 })) got.push(...c.rows);
    })().catch((e: unknown) => e);
    expect((err as WbApiError).kind).toBe('invalid-response');
    expect((err as WbApiError).message).toMatch(/поле «123\.nmId»/);
    // Whole chunks before the bad row at most (here the body arrived in one piece: none).
    expect(got.length).toBeLessThanOrEqual(100);
    expect(got.length % 50).toBe(0);
  });

  it('WB’s error bodies end as in `call`: 400 with its errors, 401 marks the token', async () => {
    const { client, query, sellerId } = await streamSetup(
      () => async () => new Response('{"errors":["dateFrom: Value not validated"]}', { status: 400 }),
    );
    const err = (await chunksOf(client.stream(ordersEndpoint, sellerId, { query })).catch(
      (e: unknown) => e,
    )) as WbApiError;
    expect([err.kind, err.detail]).toEqual(['bad-request', 'dateFrom: Value not validated']);

    const second = await streamSetup(
      () => async () =>
        new Response('{"title":"unauthorized","detail":"token expired","status":401}', {
          status: 401,
          headers: { 'content-type': 'application/problem+json' },
        }),
    );
    const e401 = (await chunksOf(second.client.stream(ordersEndpoint, second.sellerId, { query })).catch(
      (e: unknown) => e,
    )) as WbApiError;
    expect([e401.kind, e401.detail]).toEqual(['unauthorized', 'token expired']);
  });
});
