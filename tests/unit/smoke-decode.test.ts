import { describe, expect, it } from 'vitest';
import { decodeWbToken } from '../../lib/token';
import { makeToken, SELLER_A } from '../helpers/tokens';

describe('decodeWbToken (smoke)', () => {
  it('decodes a personal statistics token', () => {
    const r = decodeWbToken(makeToken({ categories: ['statistics', 'promotion'] }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.token.sellerId).toBe(SELLER_A);
      expect(r.token.type).toBe('personal');
      expect(r.token.categories).toEqual(['statistics', 'promotion']);
    }
  });
});
