/**
 * Content API (content-api, category «Контент»): product cards for names, vendor codes and photos, cursor-paged.
 * Contexts: background only.
 */
import { z } from 'zod';
import type { Endpoint, WbClient } from './client';

export const card = z.object({
  nmID: z.number().int(),
  imtID: z.number().int(),
  subjectID: z.number().int(),
  subjectName: z.string(),
  vendorCode: z.string(),
  brand: z.string(),
  title: z.string(),
  photos: z
    .array(z.object({ big: z.string().optional(), c246x328: z.string().optional(), tm: z.string().optional() }))
    .optional(),
  sizes: z.array(
    z.object({
      chrtID: z.number().int(),
      techSize: z.string(),
      wbSize: z.string().optional(),
      skus: z.array(z.string()),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Card = z.infer<typeof card>;

export const cardsCursor = z.object({
  updatedAt: z.string().optional(),
  nmID: z.number().int().optional(),
  total: z.number().int(),
});

export const cardsListResponse = z.object({ cards: z.array(card), cursor: cardsCursor });

export const cardsListEndpoint: Endpoint<z.infer<typeof cardsListResponse>> = {
  method: 'POST',
  path: '/content/v2/get/cards/list',
  category: 'content',
  write: false,
  response: cardsListResponse,
};

export const CARDS_PAGE = 100;

/** Pages all cards: each next request copies `updatedAt` and `nmID` from the cursor; ends when `total < limit`. */
export async function* pageCards(
  client: WbClient,
  sellerId: string,
  opts: { limit?: number; from?: { updatedAt: string; nmID: number }; signal?: AbortSignal } = {},
): AsyncGenerator<{ cards: Card[]; cursor: { updatedAt?: string; nmID?: number } }> {
  const limit = opts.limit ?? CARDS_PAGE;
  let cursor: { updatedAt?: string; nmID?: number } = opts.from ?? {};
  for (;;) {
    const page = await client.call(cardsListEndpoint, sellerId, {
      query: { locale: 'ru' },
      body: { settings: { sort: { ascending: true }, cursor: { limit, ...cursor }, filter: { withPhoto: -1 } } },
      signal: opts.signal,
    });
    if (!page) return;
    cursor = { updatedAt: page.cursor.updatedAt, nmID: page.cursor.nmID };
    yield { cards: page.cards, cursor };
    if (page.cursor.total < limit) return;
  }
}
