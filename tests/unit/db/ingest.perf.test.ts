/**
 * Ingest speed of putOrders (raw rows and their roll-ups) against a plain bulkPut of the same records, in fake-indexeddb:
 * a printed figure for issue #9's `ingest_vs_raw_bulkput`, not an assertion (the machine's load moves it). The check
 * that the pipeline stored every row keeps the timing honest.
 */
import Dexie from 'dexie';
import { expect, it } from 'vitest';
import { ORDER_TABLES, putOrders, toOrderRecord } from '../../../lib/db/orders';
import { ofSeller, SellerLensDb } from '../../../lib/db/schema';
import type { OrderRow } from '../../../lib/wb-api/statistics';
import { freshDbName } from '../sync/helpers';

const S = 'seller-1';
const ROWS = 20_000;
const CHUNK = 2_000;
const REGIONS = ['Московская', 'Тульская', 'Санкт-Петербург', 'Краснодарский край', 'Свердловская', 'Татарстан'];

function rows(): OrderRow[] {
  const out: OrderRow[] = [];
  for (let i = 0; i < ROWS; i++) {
    // 90 days, 300 items, 6 regions: a seller of a few hundred items.
    const day = new Date(Date.UTC(2026, 5, 1) + (i % 90) * 86_400_000).toISOString().slice(0, 10);
    out.push({
      date: `${day}T10:00:00`,
      lastChangeDate: `${day}T10:20:00`,
      warehouseName: 'Коледино',
      warehouseType: 'Склад WB',
      countryName: 'Россия',
      oblastOkrugName: 'Центральный федеральный округ',
      regionName: REGIONS[(i * 7) % REGIONS.length]!,
      supplierArticle: `SLN-${i % 300}`,
      nmId: 100_000 + ((i * 13) % 300),
      barcode: '2000000000011',
      category: 'Одежда',
      subject: 'Платья',
      brand: 'Северный лён',
      techSize: '44',
      incomeID: 1,
      isSupply: false,
      isRealization: true,
      totalPrice: 2000,
      discountPercent: 30,
      spp: 10,
      finishedPrice: 1260 + (i % 17),
      priceWithDisc: 1400.5 + (i % 11),
      sticker: '1',
      gNumber: `g${i >> 1}`,
      srid: `srid-${i}`,
      isCancel: i % 9 === 0,
      cancelDate: i % 9 === 0 ? `${day}T12:00:00` : '0001-01-01T00:00:00',
    });
  }
  return out;
}

async function timed(fn: (db: SellerLensDb) => Promise<void>): Promise<number> {
  const db = new SellerLensDb(freshDbName());
  await db.open();
  const t0 = performance.now();
  await fn(db);
  const ms = performance.now() - t0;
  expect(await ofSeller(db.orders, S).count()).toBe(ROWS);
  db.close();
  await Dexie.delete(db.name);
  return ms;
}

it('prints putOrders against a plain bulkPut of the same records', async () => {
  const all = rows();
  const chunks = Array.from({ length: ROWS / CHUNK }, (_, k) => all.slice(k * CHUNK, (k + 1) * CHUNK));
  const pipeline: number[] = [];
  const raw: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    raw.push(
      await timed(async (db) => {
        for (const c of chunks) {
          const recs = c.map((r) => toOrderRecord(S, r));
          await db.transaction('rw', db.orders, () => db.orders.bulkPut(recs));
        }
      }),
    );
    pipeline.push(
      await timed(async (db) => {
        for (const c of chunks) await db.transaction('rw', ORDER_TABLES(db), () => putOrders(db, S, c));
      }),
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
  const p = median(pipeline);
  const r = median(raw);
  console.log(
    `ingest ${ROWS} orders in chunks of ${CHUNK}: putOrders ${p.toFixed(0)} ms, plain bulkPut ${r.toFixed(0)} ms, ` +
      `ingest_vs_raw_bulkput ${(r / p).toFixed(2)} (pipeline ${pipeline.map((x) => x.toFixed(0)).join('/')} ms, ` +
      `bulkPut ${raw.map((x) => x.toFixed(0)).join('/')} ms)`,
  );
}, 300_000);
