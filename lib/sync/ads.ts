/**
 * Ad campaigns (promotion API): the campaign list, each campaign's details with its items' current bids, and daily
 * stats per item: 31 days on the first sync, then from two days before the last complete pass (WB's stats lag and
 * the last days still change). Every write is an upsert, so a pass stopped anywhere is simply run again.
 * Contexts: background.
 */
import { AD_STAT_TABLES, CAMPAIGN_TABLES, putAdStats, putCampaigns } from '../db/ads';
import { advertsEndpoint, fullstatsEndpoint, promotionCountEndpoint } from '../wb-api/promotion';
import { mskDateFrom, mskToMs } from '../wb-api/statistics';
import { DAY_MS, type DatasetJob } from './job';

/** WB gives at most 31 days of stats per request, and per campaign at most 50 ids per request. */
export const AD_STATS_DAYS = 31;
const IDS_PER_CALL = 50;
/** Statuses fullstats answers for: finished, active, paused. */
const STATS_STATUSES = new Set([7, 9, 11]);

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function addDays(day: string, n: number): string {
  return mskDateFrom(mskToMs(day) + n * DAY_MS).slice(0, 10);
}

export const adsJob: DatasetJob = {
  dataset: 'ads',
  endpoints: [promotionCountEndpoint, advertsEndpoint, fullstatsEndpoint],
  async run(ctx) {
    const cursor = ctx.state.cursor as { statsDoneDay?: string } | null;
    const list = await ctx.client.call(promotionCountEndpoint, ctx.sellerId, { signal: ctx.signal });
    const typeOf = new Map<number, number>();
    const statusOf = new Map<number, number>();
    for (const group of list?.adverts ?? []) {
      for (const a of group.advert_list) {
        typeOf.set(a.advertId, group.type);
        statusOf.set(a.advertId, group.status);
      }
    }
    const ids = [...typeOf.keys()].sort((a, b) => a - b);
    for (const part of chunks(ids, IDS_PER_CALL)) {
      const details = await ctx.client.call(advertsEndpoint, ctx.sellerId, {
        query: { ids: part.join(',') },
        signal: ctx.signal,
      });
      const adverts = details?.adverts ?? [];
      for (const a of adverts) statusOf.set(a.id, a.status);
      await ctx.commit(CAMPAIGN_TABLES(ctx.db), {}, () => putCampaigns(ctx.db, ctx.sellerId, adverts, typeOf));
    }

    const today = mskDateFrom(ctx.now()).slice(0, 10);
    const earliest = addDays(today, -(AD_STATS_DAYS - 1));
    const resume = cursor?.statsDoneDay ? addDays(cursor.statsDoneDay, -2) : earliest;
    const beginDate = resume > earliest ? resume : earliest;
    const statIds = ids.filter((id) => STATS_STATUSES.has(statusOf.get(id) ?? -1));
    const parts = chunks(statIds, IDS_PER_CALL);
    if (parts.length === 0) {
      await ctx.commit([], { cursor: { statsDoneDay: today } }, async () => 0);
      return;
    }
    for (const [i, part] of parts.entries()) {
      const items = await ctx.client.call(fullstatsEndpoint, ctx.sellerId, {
        query: { ids: part.join(','), beginDate, endDate: today },
        signal: ctx.signal,
      });
      const last = i === parts.length - 1;
      await ctx.commit(AD_STAT_TABLES(ctx.db), last ? { cursor: { statsDoneDay: today } } : {}, () =>
        putAdStats(ctx.db, ctx.sellerId, items ?? []),
      );
    }
  },
};
