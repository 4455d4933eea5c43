/**
 * WB's rejections kept across a stopped service worker: the store itself, and the background's check, where a new
 * worker (fresh memory, same storage) does not send again the bid WB refused while its inputs are the same.
 */
import { describe, expect, it } from 'vitest';
import { createBidderBackground } from '../../../lib/background/bidder-service';
import { bidderRejectionsItem, loadRejections } from '../../../lib/bidder/rejection-store';
import { SellerLensDb } from '../../../lib/db/schema';
import { createKeyring } from '../../../lib/token/keyring';
import { createWbApi } from '../../../lib/wb-api';
import { createWbSimulator, SELLER_A } from '../../sim';
import { createVirtualClock } from '../../helpers/virtual-clock';
import { freshDbName } from '../sync/helpers';

const DAY = 86_400_000;
const record = (at: number) => ({ fingerprint: 'f', at, bidKopecks: 1500, detail: 'wrong bid value: 1500; min: 2000' });

describe('the persisted rejection store', () => {
  it('keeps what a check set for the next load, per seller; drops records older than 30 days', async () => {
    const now = 100 * DAY;
    const a = await loadRejections('seller-a', now);
    a.set('1:2:combined', record(now));
    a.set('1:3:combined', record(now - 31 * DAY));
    await a.save();
    const b = await loadRejections('seller-b', now);
    b.set('9:9:search', record(now));
    await b.save();

    const again = await loadRejections('seller-a', now + 1000);
    expect(again.get('1:2:combined')).toEqual(record(now));
    expect(again.get('1:3:combined')).toBeUndefined();
    expect((await loadRejections('seller-b', now)).get('9:9:search')).toEqual(record(now));

    again.delete('1:2:combined');
    await again.save();
    expect((await bidderRejectionsItem.getValue())['seller-a']).toBeUndefined();
    expect(Object.keys((await bidderRejectionsItem.getValue())['seller-b']!)).toEqual(['9:9:search']);
  });

  it('starts afresh from storage it cannot read', async () => {
    await bidderRejectionsItem.setValue({ 'seller-a': { k: { fingerprint: 1 } } } as never);
    const s = await loadRejections('seller-a', 0);
    expect(s.get('k')).toBeUndefined();
  });
});

describe('a rejection outlives the service worker', () => {
  it('a new worker does not send again the bid WB refused while the inputs are the same', async () => {
    const sim = createWbSimulator({ orders: 200, sellers: [{ id: SELLER_A, products: 40, campaigns: 6 }] });
    const clock = createVirtualClock(0, sim.clock);
    const keyring = createKeyring({ now: () => clock.now() });
    const added = await keyring.add(sim.token({ type: 'personal', categories: ['promotion'], readOnly: false }));
    if (!added.ok) throw new Error(added.error.message);
    // WB refuses every bid change, as it does for a campaign it will not change now, without changing anything.
    let patches = 0;
    const fetch: typeof globalThis.fetch = (url, init) => {
      if (init?.method === 'PATCH') {
        patches++;
        const body = {
          detail: 'advert is being moderated',
          origin: 'camp-api',
          request_id: 'r',
          status: 400,
          title: 'invalid payload',
        };
        return Promise.resolve(
          new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } }),
        );
      }
      return sim.fetch(url, init);
    };
    const api = createWbApi({ keyring, fetch, clock, random: () => 0.5 });
    const db = new SellerLensDb(freshDbName());
    const campaign = sim.dataset.campaigns.find(
      (c) => c.status === 9 && c.bidType === 'unified' && c.items.length > 0,
    )!;
    const item = campaign.items[0]!;
    const worker = () => createBidderBackground({ db, api, keyring, clock });
    const first = worker();
    const saved = await first.handlers['bidder.saveRule']!(
      {
        sellerId: SELLER_A,
        advertId: campaign.id,
        nmId: item.nmId,
        strategy: { kind: 'fixed-bid', bidKopecks: item.minBids.combined + 700 },
        maxBidKopecks: item.minBids.combined + 5000,
        stepKopecks: 100,
      },
      {} as never,
    );
    if (!saved || !(saved as { ok: boolean }).ok) throw new Error('rule not saved');
    const ruleId = (saved as { rule: { id: string } }).rule.id;
    await first.handlers['bidder.setMode']!({ sellerId: SELLER_A, ruleId, mode: 'live' }, {} as never);

    const s1 = await first.runSeller(SELLER_A);
    expect(s1!.decisions[0]!.outcome).toMatchObject({ kind: 'rejected', status: 400 });
    expect(patches).toBe(1);

    // The worker stops: its memory is gone. A new one checks the same inputs a minute later.
    clock.advance(60_000);
    const s2 = await worker().runSeller(SELLER_A);
    expect(s2!.decisions[0]!.decision.firedRule).toBe('rejected-before');
    expect(s2!.decisions[0]!.outcome.kind).toBe('hold');
    expect(patches).toBe(1);

    // The seller changes the rule (new inputs): the new bid is tried.
    await first.handlers['bidder.saveRule']!(
      {
        id: ruleId,
        sellerId: SELLER_A,
        advertId: campaign.id,
        nmId: item.nmId,
        strategy: { kind: 'fixed-bid', bidKopecks: item.minBids.combined + 900 },
        maxBidKopecks: item.minBids.combined + 5000,
        stepKopecks: 100,
      },
      {} as never,
    );
    clock.advance(60_000);
    await worker().runSeller(SELLER_A);
    expect(patches).toBe(2);
  });
});
