/**
 * Product cards (content API) for names, vendor codes and photos: all cards ascending by update time, then only
 * those updated since the cursor. Contexts: background.
 */
import { CARD_TABLES, putCards } from '../db/cards';
import { cardsListEndpoint, pageCards } from '../wb-api/content';
import type { DatasetJob } from './job';

export const cardsJob: DatasetJob = {
  dataset: 'cards',
  endpoints: [cardsListEndpoint],
  async run(ctx) {
    const cursor = ctx.state.cursor as { updatedAt?: string; nmID?: number } | null;
    const from =
      cursor?.updatedAt && cursor.nmID !== undefined ? { updatedAt: cursor.updatedAt, nmID: cursor.nmID } : undefined;
    for await (const page of pageCards(ctx.client, ctx.sellerId, { from, signal: ctx.signal })) {
      const next =
        page.cards.length > 0 && page.cursor.updatedAt && page.cursor.nmID !== undefined
          ? { updatedAt: page.cursor.updatedAt, nmID: page.cursor.nmID }
          : ctx.state.cursor;
      await ctx.commit(CARD_TABLES(ctx.db), { cursor: next }, () => putCards(ctx.db, ctx.sellerId, page.cards));
    }
  },
};
