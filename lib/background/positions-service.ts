/**
 * The background's side of position monitoring (issue #8): live-check settings and the pacer's state in local
 * storage, the one public-search adapter, the 'positions-check' alarm task (planChecks → runLiveCheck → store →
 * first-page drop alerts), the dashboard's messages, `livePositionFor` for the bidder (stored checks only, no
 * network), and `storeAdsPositions` for what the bidder read of WB's ad positions. Live checks go to WB's public
 * hosts without the token; official positions come from the search report with it, and from the bidder's reads of
 * keyword stats and fullstats (no request of their own). Contexts: background only.
 */
import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import { t } from '../i18n';
import { clusterKey } from '../positions/clusters';
import { PUBLIC_HOST_PERMISSIONS } from '../positions/hosts';
import { checkSnapshot, runLiveCheck } from '../positions/live-check';
import {
  fetchSearchTexts,
  readingsFromAdsRows,
  sideBySide,
  suggestionsFrom,
  suggestPhrases,
  type AdsPositionRows,
  type OfficialQueryStat,
  type PositionReading,
} from '../positions/official';
import { createPublicSearch, PublicSearchError, type PacerStore, type PublicSearch } from '../positions/public-search';
import { detectFirstPageChanges, type FirstPageAlert } from '../positions/rank';
import {
  DEFAULT_LIVE_CHECKS,
  EMPTY_PACER,
  HOUR_MS,
  liveChecksSettings,
  nextCheckAt,
  planChecks,
  type LiveChecksSettings,
  type PacerState,
  type ScheduledPhrase,
} from '../positions/schedule';
import {
  allPhrases,
  deletePhrase,
  getCompetitors,
  getPhrase,
  latestCheck,
  latestClusterCheck,
  markAttempt,
  positionHistory,
  pruneHistory,
  putAdsReadings,
  putOfficial,
  putPhrase,
  sellerAdsReadings,
  sellerOfficial,
  sellerPhrases,
  storeCheck,
} from '../db/positions';
import { sellerCards } from '../db/cards';
import { ofSeller, type PositionPhraseRecord, type SellerLensDb } from '../db/schema';
import type { Handlers, RequestOf, ResponseOf } from '../messaging';
import { POSITIONS_CHANGED } from '../messaging/positions-protocol';
import type { AlarmTask } from '../sync/alarm-tasks';
import type { WbApi } from '../wb-api';
import { realClock, type Clock } from '../wb-api/clock';
import { WbApiError } from '../wb-api/errors';

export const POSITIONS_ALARM = 'positions-check';
/** The alarm looks for due phrases every 15 minutes; each phrase keeps its own interval (at most hourly). */
export const POSITIONS_PERIOD_MINUTES = 15;
/** Official positions of tracked SKUs are refreshed from the search report at most this often. */
export const OFFICIAL_REFRESH_MS = 12 * HOUR_MS;
/** Suggestions for a SKU reuse the search report's rows read within this time. */
export const SUGGEST_REUSE_MS = HOUR_MS;
/** History kept per phrase and SKU (older checks are deleted twice a day). */
export const HISTORY_DAYS = 180;

export const positionsSettingsItem = storage.defineItem<LiveChecksSettings>('local:positionsSettings', {
  fallback: DEFAULT_LIVE_CHECKS,
  version: 1,
});

export const positionsPacerItem = storage.defineItem<PacerState>('local:positionsPacer', {
  fallback: EMPTY_PACER,
  version: 1,
});

/** The last live failure that still stands (cleared by the next successful check), shown in the dashboard. */
export interface LiveErrorState {
  kind: string;
  message: string;
  at: number;
  retryAt: number | null;
}

export const positionsLiveErrorItem = storage.defineItem<LiveErrorState | null>('local:positionsLiveError', {
  fallback: null,
  version: 1,
});

/** When the search report was last read per seller (for the background refresh). */
export const positionsOfficialAtItem = storage.defineItem<Record<string, number>>('local:positionsOfficialAt', {
  fallback: {},
  version: 1,
});

/** Settings as stored, checked again: a broken value falls back to the defaults (off). */
export async function loadLiveSettings(): Promise<LiveChecksSettings> {
  const parsed = liveChecksSettings.safeParse(await positionsSettingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_LIVE_CHECKS;
}

export const storagePacerStore: PacerStore = {
  load: async () => (await positionsPacerItem.getValue()) ?? EMPTY_PACER,
  save: (s) => positionsPacerItem.setValue(s),
};

/** A live position as the bidder reads it (latest stored check; no network). */
export interface StoredLivePosition {
  position: number;
  organicPosition: number | null;
  at: number;
}

export interface PositionsBackgroundDeps {
  db: SellerLensDb;
  /** The same client as sync and the bidder: the search report draws on the seller's WB limits. */
  api: Pick<WbApi, 'client'>;
  /** The fetch for WB's public hosts (never given the token: the adapter asserts it). */
  fetch: typeof fetch;
  clock?: Clock;
  random?: () => number;
  /** Whether the public hosts are granted (default: the browser's permissions). */
  hasPermission?: () => Promise<boolean>;
  /** Shows a first-page drop (default: a browser notification). */
  notify?: (sellerId: string, phrase: string, alert: FirstPageAlert) => Promise<void>;
}

export interface PositionsBackground {
  handlers: Handlers;
  task: AlarmTask;
  search: PublicSearch;
  /** Runs the due checks of every seller (the alarm task). */
  runDue(): Promise<void>;
  /** The latest stored live position of a SKU for a keyword, or null (never checked, or not found). */
  livePositionFor(sellerId: string, nmId: number, keyword: string): Promise<StoredLivePosition | null>;
  /**
   * Stores what a bidder check read of WB's ad positions (keyword stats `avg_pos`, fullstats' average position) as
   * official readings for the side-by-side table. Returns how many readings were stored.
   */
  storeAdsPositions(sellerId: string, rows: AdsPositionRows): Promise<number>;
}

function broadcast(): void {
  void Promise.resolve(browser.runtime.sendMessage({ ns: POSITIONS_CHANGED })).catch(() => undefined);
}

async function browserHasPermission(): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [...PUBLIC_HOST_PERMISSIONS] });
  } catch {
    return false;
  }
}

async function notifyDrop(_sellerId: string, phrase: string, alert: FirstPageAlert): Promise<void> {
  await browser.notifications
    .create(`positions-drop:${alert.nmId}:${alert.at}`, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: t('positionsDropTitle'),
      message: t('positionsDropBody', {
        nmId: alert.nmId,
        phrase,
        before: alert.before ?? '—',
        after: alert.after === null ? t('positionsNotFound') : alert.after,
      }),
    })
    .catch(() => undefined);
}

/** A cluster of one seller: the phrases (one per SKU) a single live check serves. */
interface ClusterGroup {
  id: string;
  sellerId: string;
  clusterKey: string;
  phrases: PositionPhraseRecord[];
}

function groupsOf(phrases: readonly PositionPhraseRecord[]): ClusterGroup[] {
  const out = new Map<string, ClusterGroup>();
  for (const p of phrases) {
    const id = `${p.sellerId}\u0000${p.clusterKey}`;
    let g = out.get(id);
    if (!g) out.set(id, (g = { id, sellerId: p.sellerId, clusterKey: p.clusterKey, phrases: [] }));
    g.phrases.push(p);
  }
  return [...out.values()];
}

/** A cluster as the scheduler sees it: the shortest interval of its SKUs, due when any SKU is due. */
function scheduled(g: ClusterGroup): ScheduledPhrase {
  const intervals = g.phrases.map((p) => p.intervalMs).filter((x): x is number => x !== null);
  const checked = g.phrases.map((p) => p.lastCheckedAt);
  const attempts = g.phrases.map((p) => p.lastAttemptAt).filter((x): x is number => x !== null);
  return {
    id: g.id,
    intervalMs: intervals.length ? Math.min(...intervals) : null,
    lastCheckedAt: checked.some((x) => x === null) ? null : Math.min(...(checked as number[])),
    lastAttemptAt: attempts.length ? Math.max(...attempts) : null,
  };
}

/** A failure that stops every further live request of this run (WB pushed back, or live checks are off). */
const STOPS_RUN = new Set(['disabled', 'daily-cap', 'blocked', 'rate-limited', 'format-changed']);

export function createPositionsBackground(deps: PositionsBackgroundDeps): PositionsBackground {
  const { db, api } = deps;
  const clock = deps.clock ?? realClock;
  const hasPermission = deps.hasPermission ?? browserHasPermission;
  const notify = deps.notify ?? notifyDrop;
  const search = createPublicSearch({
    fetch: deps.fetch,
    clock,
    ...(deps.random ? { random: deps.random } : {}),
    settings: loadLiveSettings,
    pacerStore: storagePacerStore,
  });

  /** The seller's highest search bid on any of these SKUs, kopecks (to compare with the ads above). */
  async function sellerBid(sellerId: string, nmIds: readonly number[]): Promise<number | null> {
    const bids = await ofSeller(db.bids, sellerId)
      .filter((b) => nmIds.includes(b.nmId))
      .toArray();
    return bids.length ? Math.max(...bids.map((b) => b.search)) : null;
  }

  /** One live check of a cluster; a PublicSearchError is recorded on its phrases and returned, others throw. */
  async function checkGroup(g: ClusterGroup, settings: LiveChecksSettings): Promise<PublicSearchError | null> {
    const first = g.phrases[0]!;
    const nmIds = [...new Set(g.phrases.map((p) => p.nmId))];
    const previous = await latestClusterCheck(db, g.sellerId, g.clusterKey);
    try {
      const check = await runLiveCheck(search, {
        query: first.phrase,
        nmIds,
        dest: first.dest ?? settings.dest,
        maxPages: settings.maxPages,
        competitorCards: settings.competitorCards,
        sellerBidKopecks: await sellerBid(g.sellerId, nmIds),
      });
      await storeCheck(db, g.sellerId, g.clusterKey, check);
      await markAttempt(db, g.sellerId, g.clusterKey, check.startedAt, null, check.normQuery);
      await positionsLiveErrorItem.setValue(null);
      if (previous.length > 0) {
        const prev = {
          at: Math.max(...previous.map((r) => r.at)),
          cards: previous.map((r) => ({
            nmId: r.nmId,
            position: r.position,
            organicPosition: r.organicPosition,
          })),
        };
        for (const alert of detectFirstPageChanges(prev, checkSnapshot(check))) {
          if (alert.kind === 'dropped') await notify(g.sellerId, first.phrase, alert);
        }
      }
      return null;
    } catch (e) {
      if (!(e instanceof PublicSearchError)) throw e;
      const now = clock.now();
      await markAttempt(db, g.sellerId, g.clusterKey, now, e.message);
      if (e.kind !== 'disabled') {
        await positionsLiveErrorItem.setValue({ kind: e.kind, message: e.message, at: now, retryAt: e.retryAt });
      }
      return e;
    } finally {
      broadcast();
    }
  }

  /** Reads WB's official positions of the seller's tracked SKUs (at most every 12 h; quietly skipped on refusal). */
  async function refreshOfficial(sellerId: string, nmIds: readonly number[]): Promise<void> {
    const now = clock.now();
    const last = (await positionsOfficialAtItem.getValue())[sellerId] ?? 0;
    if (nmIds.length === 0 || now - last < OFFICIAL_REFRESH_MS) return;
    // The same twice-a-day step keeps the history bounded.
    await pruneHistory(db, sellerId, now - HISTORY_DAYS * 86_400_000);
    try {
      const stats = await fetchSearchTexts(api.client, sellerId, nmIds, { share: 0.5 });
      await putOfficial(db, sellerId, nmIds, stats, now);
    } catch (e) {
      if (!(e instanceof WbApiError)) throw e;
    }
    await positionsOfficialAtItem.setValue({ ...(await positionsOfficialAtItem.getValue()), [sellerId]: now });
  }

  async function runDue(): Promise<void> {
    const phrases = await allPhrases(db);
    for (const sellerId of new Set(phrases.map((p) => p.sellerId))) {
      await refreshOfficial(sellerId, [...new Set(phrases.filter((p) => p.sellerId === sellerId).map((p) => p.nmId))]);
    }
    const settings = await loadLiveSettings();
    if (!settings.enabled || !(await hasPermission())) return;
    const groups = new Map(groupsOf(phrases).map((g) => [g.id, g]));
    const plan = planChecks([...groups.values()].map(scheduled), settings, await storagePacerStore.load(), clock.now());
    for (const due of plan.due) {
      const err = await checkGroup(groups.get(due.id)!, settings);
      if (err && STOPS_RUN.has(err.kind)) break;
    }
  }

  async function livePositionFor(sellerId: string, nmId: number, keyword: string): Promise<StoredLivePosition | null> {
    const key = clusterKey(keyword);
    if (!key) return null;
    const rec = await latestCheck(db, sellerId, key, nmId);
    if (!rec || rec.position === null) return null;
    return { position: rec.position, organicPosition: rec.organicPosition, at: rec.at };
  }

  async function storeAdsPositions(sellerId: string, rows: AdsPositionRows): Promise<number> {
    const n = await putAdsReadings(db, sellerId, readingsFromAdsRows(rows), clock.now());
    if (n > 0) broadcast();
    return n;
  }

  async function skusOf(sellerId: string): Promise<ResponseOf<'positions.state'>['skus']> {
    const cards = await sellerCards(db, sellerId);
    const out = new Map(cards.map((c) => [c.nmId, { nmId: c.nmId, title: c.title, vendorCode: c.vendorCode }]));
    // Without the «Контент» category there are no cards: the SKUs seen in stocks and bids still can be tracked.
    const [stocks, bids] = await Promise.all([
      ofSeller(db.stocks, sellerId).toArray(),
      ofSeller(db.bids, sellerId).toArray(),
    ]);
    for (const s of stocks) if (!out.has(s.nmId)) out.set(s.nmId, { nmId: s.nmId, title: '', vendorCode: '' });
    for (const b of bids) {
      if (!out.has(b.nmId)) out.set(b.nmId, { nmId: b.nmId, title: b.subjectName, vendorCode: '' });
    }
    return [...out.values()].sort((a, b) => a.nmId - b.nmId);
  }

  async function state(sellerId: string): Promise<ResponseOf<'positions.state'>> {
    const [settings, permission, status, liveError, phrases, skus] = await Promise.all([
      loadLiveSettings(),
      hasPermission(),
      search.status(),
      positionsLiveErrorItem.getValue(),
      sellerPhrases(db, sellerId),
      skusOf(sellerId),
    ]);
    const rows = await Promise.all(
      phrases.map(async (p) => {
        const last = await latestCheck(db, sellerId, p.clusterKey, p.nmId);
        return {
          nmId: p.nmId,
          phrase: p.phrase,
          clusterKey: p.clusterKey,
          normQuery: p.normQuery,
          intervalMs: p.intervalMs,
          dest: p.dest,
          addedAt: p.addedAt,
          lastCheckedAt: p.lastCheckedAt,
          lastAttemptAt: p.lastAttemptAt,
          lastError: p.lastError,
          position: last?.position ?? null,
          organicPosition: last?.organicPosition ?? null,
          nextCheckAt: settings.enabled ? nextCheckAt({ ...p, id: p.clusterKey }, settings) : null,
        };
      }),
    );
    return {
      sellerId,
      settings,
      permission,
      usedToday: status.usedToday,
      pause: status.pause,
      liveError,
      phrases: rows,
      skus,
    };
  }

  async function setSettings(patch: RequestOf<'positions.setSettings'>): Promise<ResponseOf<'positions.setSettings'>> {
    const current = await loadLiveSettings();
    if (patch.enabled === true && !(await hasPermission())) {
      return { ok: false, error: t('positionsNoPermission'), settings: current };
    }
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const parsed = liveChecksSettings.safeParse({ ...current, ...defined });
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? '', settings: current };
    await positionsSettingsItem.setValue(parsed.data);
    broadcast();
    return { ok: true, settings: parsed.data };
  }

  async function addPhrase(req: RequestOf<'positions.addPhrase'>): Promise<ResponseOf<'positions.addPhrase'>> {
    const phrase = req.phrase.trim().replace(/\s+/g, ' ');
    const key = clusterKey(phrase);
    if (!key) return { ok: false, error: t('positionsPhraseEmpty') };
    const existing = await getPhrase(db, req.sellerId, req.nmId, key);
    if (existing) return { ok: false, error: t('positionsPhraseTaken', { phrase: existing.phrase }) };
    // Another SKU's phrase of the same cluster: the check searches one text for all of them.
    const sibling = (await sellerPhrases(db, req.sellerId)).find((p) => p.clusterKey === key);
    await putPhrase(db, {
      sellerId: req.sellerId,
      nmId: req.nmId,
      phrase: sibling?.phrase ?? phrase,
      clusterKey: key,
      normQuery: sibling?.normQuery ?? null,
      intervalMs: req.intervalMs ?? null,
      dest: req.dest ?? null,
      addedAt: clock.now(),
      lastCheckedAt: null,
      lastAttemptAt: null,
      lastError: null,
    });
    broadcast();
    return { ok: true };
  }

  async function suggest(sellerId: string, nmId: number): Promise<ResponseOf<'positions.suggest'>> {
    const tracked = (await sellerPhrases(db, sellerId)).filter((p) => p.nmId === nmId).map((p) => p.phrase);
    // WB refreshes the report hourly and allows 3 calls a minute (a Base token: one an hour): a fresh copy is reused.
    const stored = await sellerOfficial(db, sellerId, nmId);
    if (stored.length > 0 && stored.every((o) => clock.now() - o.fetchedAt < SUGGEST_REUSE_MS)) {
      const stats: OfficialQueryStat[] = stored.map((o) => ({
        nmId: o.nmId,
        phrase: o.phrase,
        period: o.period,
        avgPosition: o.avgPosition,
        medianPosition: o.medianPosition,
        frequency: o.frequency,
        weekFrequency: 0,
        openCard: o.openCard,
        addToCart: 0,
        orders: o.orders,
        visibility: 0,
      }));
      return { available: true, suggestions: suggestionsFrom(stats, nmId, tracked) };
    }
    try {
      const res = await suggestPhrases(api.client, sellerId, nmId, { tracked });
      if (!res.available) return { available: false, error: res.error.message };
      await putOfficial(db, sellerId, [nmId], res.stats, clock.now());
      broadcast();
      return { available: true, suggestions: res.suggestions };
    } catch (e) {
      if (e instanceof WbApiError) return { available: false, error: e.message };
      throw e;
    }
  }

  async function checkNow(sellerId: string, key?: string): Promise<ResponseOf<'positions.checkNow'>> {
    const settings = await loadLiveSettings();
    const groups = groupsOf(await sellerPhrases(db, sellerId)).filter((g) => !key || g.clusterKey === key);
    if (settings.enabled && !(await hasPermission())) return { checked: 0, errors: [t('positionsNoPermission')] };
    let checked = 0;
    const errors: string[] = [];
    for (const g of groups) {
      const err = await checkGroup(g, settings);
      if (!err) checked++;
      else {
        errors.push(err.message);
        if (STOPS_RUN.has(err.kind)) break;
      }
    }
    return { checked, errors };
  }

  async function officialReadings(sellerId: string): Promise<PositionReading[]> {
    const report = (await sellerOfficial(db, sellerId)).flatMap((o) => [
      {
        nmId: o.nmId,
        phrase: o.phrase,
        source: 'search-report-avg' as const,
        position: o.avgPosition,
        period: o.period,
      },
      {
        nmId: o.nmId,
        phrase: o.phrase,
        source: 'search-report-median' as const,
        position: o.medianPosition,
        period: o.period,
      },
    ]);
    return [...report, ...(await sellerAdsReadings(db, sellerId))];
  }

  async function sideBySideRows(sellerId: string): Promise<ResponseOf<'positions.sideBySide'>> {
    const phrases = await sellerPhrases(db, sellerId);
    const live: PositionReading[] = [];
    for (const p of phrases) {
      const last = await latestCheck(db, sellerId, p.clusterKey, p.nmId);
      if (!last) continue;
      live.push(
        { nmId: p.nmId, phrase: p.phrase, source: 'live', position: last.position, at: last.at },
        { nmId: p.nmId, phrase: p.phrase, source: 'live-organic', position: last.organicPosition, at: last.at },
      );
    }
    const trackedNm = new Set(phrases.map((p) => p.nmId));
    // Official rows of tracked SKUs only, and the tracked phrases first: the table is about what the seller follows.
    // A keyword-stats cluster is WB's normquery: it meets the tracked phrase a live check found under that normquery.
    const byNormQuery = new Map<string, string>();
    for (const p of phrases) {
      if (p.normQuery && clusterKey(p.normQuery)) byNormQuery.set(`${p.nmId}|${clusterKey(p.normQuery)}`, p.phrase);
    }
    const official = (await officialReadings(sellerId))
      .filter((r) => trackedNm.has(r.nmId))
      .map((r) => {
        if (r.source !== 'normquery-avg' || r.phrase === null) return r;
        const tracked = byNormQuery.get(`${r.nmId}|${clusterKey(r.phrase)}`);
        return tracked ? { ...r, phrase: tracked } : r;
      });
    // A tracked cluster's row is named by the seller's phrase, whichever source came first.
    const trackedPhrase = new Map(phrases.map((p) => [`${p.nmId}|${p.clusterKey}`, p.phrase]));
    const rows = sideBySide([...live, ...official]).map((r) => ({
      nmId: r.nmId,
      clusterKey: r.clusterKey,
      phrase: trackedPhrase.get(`${r.nmId}|${r.clusterKey}`) ?? r.phrase,
      readings: Object.values(r.bySource).map((x) => ({
        source: x.source,
        position: x.position,
        ...(x.at !== undefined ? { at: x.at } : {}),
        ...(x.period ? { period: x.period } : {}),
      })),
    }));
    const trackedKeys = new Set(phrases.map((p) => `${p.nmId}|${p.clusterKey}`));
    const rank = (r: (typeof rows)[number]) => (trackedKeys.has(`${r.nmId}|${r.clusterKey}`) ? 0 : 1);
    rows.sort((a, b) => rank(a) - rank(b) || a.nmId - b.nmId || a.clusterKey.localeCompare(b.clusterKey));
    return { rows: rows.slice(0, 500) };
  }

  const handlers: Handlers = {
    'positions.state': ({ sellerId }) => state(sellerId),
    'positions.setSettings': setSettings,
    'positions.addPhrase': addPhrase,
    'positions.removePhrase': async ({ sellerId, nmId, clusterKey: key }) => {
      const ok = await deletePhrase(db, sellerId, nmId, key);
      broadcast();
      return { ok };
    },
    'positions.suggest': ({ sellerId, nmId }) => suggest(sellerId, nmId),
    'positions.checkNow': ({ sellerId, clusterKey: key }) => checkNow(sellerId, key),
    'positions.history': async ({ sellerId, nmId, clusterKey: key }) => ({
      points: (await positionHistory(db, sellerId, key, nmId, clock.now() - HISTORY_DAYS * 86_400_000)).map((r) => ({
        at: r.at,
        position: r.position,
        organicPosition: r.organicPosition,
        page: r.page,
        boosted: r.boosted,
        promoPosition: r.promoPosition,
        cpmRub: r.cpmRub,
        searchedTo: r.searchedTo,
      })),
    }),
    'positions.competitors': async ({ sellerId, clusterKey: key }) => {
      const rec = await getCompetitors(db, sellerId, key);
      return {
        table: rec
          ? {
              phrase: rec.phrase,
              at: rec.at,
              dest: rec.dest,
              total: rec.total,
              competitors: rec.competitors,
              bid: rec.bid,
              cardsError: rec.cardsError,
            }
          : null,
      };
    },
    'positions.sideBySide': ({ sellerId }) => sideBySideRows(sellerId),
  };

  return {
    handlers,
    search,
    runDue,
    livePositionFor,
    storeAdsPositions,
    task: { name: POSITIONS_ALARM, periodInMinutes: POSITIONS_PERIOD_MINUTES, run: runDue },
  };
}
