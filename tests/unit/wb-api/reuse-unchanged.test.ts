/**
 * `reuseUnchanged`: an answer identical to the last one of the same request is handed back as the value checked
 * before (frozen), without parsing and checking it again; any change of the answer or the request is read afresh.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbClient, type Endpoint } from '../../../lib/wb-api/client';
import { createWbSimulator } from '../../sim';
import { createVirtualClock } from '../../helpers/virtual-clock';

/** The campaigns endpoint's path, answered here by hand; its schema counts how often it checks an answer. */
function counted() {
  let checks = 0;
  const schema = z
    .object({ adverts: z.array(z.object({ id: z.number(), nm: z.array(z.object({ bid: z.number() })) })) })
    .superRefine(() => {
      checks++;
    });
  const endpoint: Endpoint<z.infer<typeof schema>> = {
    method: 'GET',
    path: '/api/advert/v2/adverts',
    category: 'promotion',
    write: false,
    response: schema,
  };
  return { endpoint, checks: () => checks };
}

async function setup() {
  const sim = createWbSimulator({ orders: 10 });
  const clock = createVirtualClock(0, sim.clock);
  const keyring = createKeyring({ now: () => clock.now() });
  const added = await keyring.add(sim.token({ categories: ['promotion'], readOnly: false }));
  if (!added.ok) throw new Error(added.error.message);
  let body = JSON.stringify({ adverts: [{ id: 1, nm: [{ bid: 100 }] }] });
  const requested: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    requested.push(String(input));
    return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = createWbClient({ keyring, fetch, clock, random: () => 0.5 });
  return {
    client,
    sellerId: added.token.sellerId,
    requested,
    setBody: (b: string) => {
      body = b;
    },
  };
}

describe('reuseUnchanged', () => {
  it('hands back the frozen value checked before for an identical answer, and reads a changed one afresh', async () => {
    const { client, sellerId, requested, setBody } = await setup();
    const { endpoint, checks } = counted();
    const opts = { query: { ids: '1' }, reuseUnchanged: true };
    const first = await client.call(endpoint, sellerId, opts);
    const second = await client.call(endpoint, sellerId, opts);
    expect(requested).toHaveLength(2); // asked WB both times: only the reading is saved
    expect(checks()).toBe(1);
    expect(second).toBe(first);
    expect(Object.isFrozen(first!.adverts[0]!.nm[0])).toBe(true);
    expect(() => {
      (first!.adverts[0]!.nm[0] as { bid: number }).bid = 1;
    }).toThrow(TypeError);

    setBody(JSON.stringify({ adverts: [{ id: 1, nm: [{ bid: 200 }] }] }));
    const third = await client.call(endpoint, sellerId, opts);
    expect(checks()).toBe(2);
    expect(third!.adverts[0]!.nm[0]!.bid).toBe(200);
  });

  it('does not reuse across requests, nor without the option, and still checks a changed answer', async () => {
    const { client, sellerId, setBody } = await setup();
    const { endpoint, checks } = counted();
    const a = await client.call(endpoint, sellerId, { query: { ids: '1' }, reuseUnchanged: true });
    const b = await client.call(endpoint, sellerId, { query: { ids: '2' }, reuseUnchanged: true });
    expect(b).not.toBe(a);
    expect(checks()).toBe(2);
    const c = await client.call(endpoint, sellerId, { query: { ids: '2' } });
    expect(c).not.toBe(b);
    expect(Object.isFrozen(c)).toBe(false);
    expect(checks()).toBe(3);
    // A changed answer that breaks the schema is an error, not the old value.
    setBody(JSON.stringify({ adverts: [{ id: '1' }] }));
    await expect(client.call(endpoint, sellerId, { query: { ids: '2' }, reuseUnchanged: true })).rejects.toThrow();
  });
});
