/**
 * Product cards: title, vendor code, brand, subject, first photo and sizes per nmId, for names and pictures in the
 * analytics. Contexts: background (writes), extension pages (reads).
 */
import type { Card } from '../wb-api/content';
import { ofSeller, type CardRecord, type SellerLensDb } from './schema';

export function toCardRecord(sellerId: string, c: Card): CardRecord {
  const photo = c.photos?.[0];
  return {
    sellerId,
    nmId: c.nmID,
    imtId: c.imtID,
    title: c.title,
    vendorCode: c.vendorCode,
    brand: c.brand,
    subjectId: c.subjectID,
    subjectName: c.subjectName,
    photo: photo ? (photo.c246x328 ?? photo.tm ?? photo.big ?? null) : null,
    sizes: c.sizes.map((s) => ({ chrtId: s.chrtID, techSize: s.techSize, skus: s.skus })),
    updatedAt: c.updatedAt,
  };
}

export const CARD_TABLES = (db: SellerLensDb) => [db.cards];

/** Upserts cards. Returns the number of new nmIds. */
export async function putCards(db: SellerLensDb, sellerId: string, cards: readonly Card[]): Promise<number> {
  const recs = cards.map((c) => toCardRecord(sellerId, c));
  const olds = await db.cards.bulkGet(recs.map((r) => [sellerId, r.nmId] as [string, number]));
  if (recs.length) await db.cards.bulkPut(recs);
  return olds.filter((o) => o === undefined).length;
}

export function sellerCards(db: SellerLensDb, sellerId: string): Promise<CardRecord[]> {
  return ofSeller(db.cards, sellerId).toArray();
}
