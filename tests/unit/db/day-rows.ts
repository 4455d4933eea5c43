/** Hand-made roll-up rows for tests: a day × item × region's counters added to the period roll-ups. */
import { applyPeriodDeltas, deltaOfDaily } from '../../../lib/db/period-rollups';
import type { DailyOrdersRecord, SellerLensDb } from '../../../lib/db/schema';

/** Adds each row's counters to the period roll-ups of its day, week and month (rows of one key add up). */
export async function addDayRows(db: SellerLensDb, rows: readonly DailyOrdersRecord[]): Promise<void> {
  await db.transaction('rw', db.periodRollups, () => applyPeriodDeltas(db.periodRollups, rows.map(deltaOfDaily)));
}
