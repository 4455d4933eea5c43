import { describe, expect, it } from 'vitest';
import {
  capabilitiesFor,
  FEATURES,
  type Capability,
  type Feature,
  type UsableToken,
} from '../../../lib/token/capabilities';
import type { WbCategory } from '../../../lib/token/categories';
import { decodeWbToken, type WbTokenInfo, type WbTokenType } from '../../../lib/token/decode';
import { makeToken } from '../../helpers/tokens';

let n = 0;

/** A decoded token, built directly so that each row reads as what it is. */
function tok(
  type: WbTokenType,
  categories: WbCategory[],
  { readOnly = false, usable = true }: { readOnly?: boolean; usable?: boolean } = {},
): UsableToken {
  const info: WbTokenInfo = {
    id: `id-${++n}`,
    sellerId: 'seller',
    type,
    acc: null,
    categories,
    scopeMask: 0,
    readOnly,
    sandbox: type === 'test',
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    audience: null,
  };
  return { info, usable };
}

/** Expected per feature: 'ok' (full limits), 'base' (ok, Base limits), or what is missing. */
type Want = 'ok' | 'base' | `category:${WbCategory}` | `write:${WbCategory}` | `notBase:${WbCategory}`;

function summarise(caps: Capability[]): Record<Feature, Want> {
  const out = {} as Record<Feature, Want>;
  for (const c of caps) {
    if (c.ok) {
      expect(c.missing).toBeNull();
      out[c.feature] = c.baseLimited ? 'base' : 'ok';
    } else {
      expect(c.missing).not.toBeNull();
      expect(c.baseLimited).toBe(false);
      out[c.feature] = `${c.missing!.kind}:${c.missing!.category}` as Want;
    }
  }
  return out;
}

const NOTHING: Record<Feature, Want> = {
  orders: 'category:statistics',
  stocks: 'category:analytics',
  finance: 'category:finance',
  ads: 'category:promotion',
  bidder: 'category:promotion',
};

const ALL: WbCategory[] = ['content', 'analytics', 'prices', 'marketplace', 'statistics', 'promotion', 'finance'];

const TABLE: [string, UsableToken[], Partial<Record<Feature, Want>>][] = [
  ['no tokens', [], {}],
  ['a token with no categories', [tok('personal', [])], {}],
  ['a token with unrelated categories', [tok('personal', ['content', 'prices', 'feedbacks'])], {}],
  ['personal statistics', [tok('personal', ['statistics'])], { orders: 'ok' }],
  ['personal statistics read-only', [tok('personal', ['statistics'], { readOnly: true })], { orders: 'ok' }],
  ['base statistics', [tok('base', ['statistics'])], { orders: 'base' }],
  ['base + personal statistics', [tok('base', ['statistics']), tok('personal', ['statistics'])], { orders: 'ok' }],
  ['service statistics', [tok('service', ['statistics'])], { orders: 'ok' }],
  ['personal finance', [tok('personal', ['finance'], { readOnly: true })], { finance: 'ok' }],
  ['base finance', [tok('base', ['finance'])], { finance: 'base' }],
  // Promotion: ads need read, the bidder needs write.
  [
    'personal promotion read-only',
    [tok('personal', ['promotion'], { readOnly: true })],
    { ads: 'ok', bidder: 'write:promotion' },
  ],
  [
    'base promotion read-only',
    [tok('base', ['promotion'], { readOnly: true })],
    { ads: 'base', bidder: 'write:promotion' },
  ],
  ['personal promotion read-write', [tok('personal', ['promotion'])], { ads: 'ok', bidder: 'ok' }],
  ['base promotion read-write', [tok('base', ['promotion'])], { ads: 'base', bidder: 'base' }],
  [
    'read-only + read-write promotion',
    [tok('personal', ['promotion'], { readOnly: true }), tok('personal', ['promotion'])],
    { ads: 'ok', bidder: 'ok' },
  ],
  [
    'base read-write + personal read-only promotion',
    [tok('base', ['promotion']), tok('personal', ['promotion'], { readOnly: true })],
    { ads: 'ok', bidder: 'base' },
  ],
  // Stocks: WB refuses a plain Base token.
  ['base analytics', [tok('base', ['analytics'])], { stocks: 'notBase:analytics' }],
  ['base analytics read-only', [tok('base', ['analytics'], { readOnly: true })], { stocks: 'notBase:analytics' }],
  ['personal analytics read-only', [tok('personal', ['analytics'], { readOnly: true })], { stocks: 'ok' }],
  ['service analytics', [tok('service', ['analytics'])], { stocks: 'ok' }],
  ['unknown-type analytics', [tok('unknown', ['analytics'])], { stocks: 'ok' }],
  ['base + personal analytics', [tok('base', ['analytics']), tok('personal', ['analytics'])], { stocks: 'ok' }],
  [
    'base analytics + personal statistics',
    [tok('base', ['analytics']), tok('personal', ['statistics'])],
    { stocks: 'notBase:analytics', orders: 'ok' },
  ],
  [
    'one personal token with everything',
    [tok('personal', ALL)],
    { orders: 'ok', stocks: 'ok', finance: 'ok', ads: 'ok', bidder: 'ok' },
  ],
  [
    'one read-only personal token with everything',
    [tok('personal', ALL, { readOnly: true })],
    { orders: 'ok', stocks: 'ok', finance: 'ok', ads: 'ok', bidder: 'write:promotion' },
  ],
  [
    'one base token with everything',
    [tok('base', ALL)],
    { orders: 'base', stocks: 'notBase:analytics', finance: 'base', ads: 'base', bidder: 'base' },
  ],
  // Unusable tokens (sandbox, expired, rejected) count for nothing.
  ['unusable personal promotion', [tok('personal', ['promotion'], { usable: false })], {}],
  ['unusable personal with everything', [tok('personal', ALL, { usable: false })], {}],
  [
    'unusable read-write + usable read-only promotion',
    [tok('personal', ['promotion'], { usable: false }), tok('personal', ['promotion'], { readOnly: true })],
    { ads: 'ok', bidder: 'write:promotion' },
  ],
  [
    'unusable personal + usable base analytics',
    [tok('personal', ['analytics'], { usable: false }), tok('base', ['analytics'])],
    { stocks: 'notBase:analytics' },
  ],
  [
    'unusable personal + usable base statistics',
    [tok('personal', ['statistics'], { usable: false }), tok('base', ['statistics'])],
    { orders: 'base' },
  ],
  ['unusable base analytics only', [tok('base', ['analytics'], { usable: false })], { stocks: 'category:analytics' }],
];

describe('capabilitiesFor', () => {
  it.each(TABLE)('%s', (_name, tokens, want) => {
    const caps = capabilitiesFor(tokens);
    expect(caps.map((c) => c.feature)).toEqual([...FEATURES]);
    expect(summarise(caps)).toEqual({ ...NOTHING, ...want });
  });

  it('lists every feature once, in a fixed order', () => {
    expect(FEATURES).toEqual(['orders', 'stocks', 'finance', 'ads', 'bidder']);
  });

  it('does not depend on the order of the tokens', () => {
    const tokens = [
      tok('base', ['promotion', 'analytics']),
      tok('personal', ['promotion'], { readOnly: true }),
      tok('personal', ['statistics'], { usable: false }),
      tok('base', ['statistics', 'finance']),
    ];
    const forward = summarise(capabilitiesFor(tokens));
    expect(summarise(capabilitiesFor([...tokens].reverse()))).toEqual(forward);
    expect(forward).toEqual({
      orders: 'base',
      stocks: 'notBase:analytics',
      finance: 'base',
      ads: 'ok',
      bidder: 'base',
    });
  });

  it('works on tokens decoded from real JWTs', () => {
    const now = new Date('2026-08-20T00:00:00Z');
    const decode = (raw: string) => {
      const r = decodeWbToken(raw, now);
      if (!r.ok) throw new Error(r.error.code);
      return { info: r.token, usable: !r.token.sandbox };
    };
    const caps = capabilitiesFor([
      decode(makeToken({ type: 'personal', categories: ['promotion'], readOnly: true, now })),
      decode(makeToken({ type: 'base', categories: ['analytics', 'statistics'], now })),
      decode(makeToken({ type: 'test', categories: ['finance'], now })),
    ]);
    expect(summarise(caps)).toEqual({
      orders: 'base',
      stocks: 'notBase:analytics',
      finance: 'category:finance',
      ads: 'ok',
      bidder: 'write:promotion',
    });
  });
});
