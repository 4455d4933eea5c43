/**
 * The background's side of the bidder: the 'bidder-check' alarm task (every 30 s, Chrome's minimum for a packed
 * extension; WB applies bid changes every 30 s), one `runBidderCheck` per seller with rules over the shared WB
 * client, the audit log in IndexedDB, the kill switch in local storage, and the bidder's message handlers.
 * What a check keeps between runs (cached reads) lives in the worker and may be lost when it stops; WB's rejections
 * are kept in local storage (a rejected bid stays alone until its inputs change, across restarts); the last check's summary is kept in local storage so pages see it after a restart. Contexts: background only.
 */
import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import {
  KILL_SWITCH_MESSAGE,
  NO_TOKEN_MESSAGE,
  BIDDER_ALARM,
  runBidderCheck,
  type LivePosition,
} from '../bidder/runner';
import { loadRejections } from '../bidder/rejection-store';
import type { BidderCheckSummary } from '../bidder/runner';
import { formatNumber, formatRub } from '../bidder/strategy';
import { formatTimeMsk, t } from '../i18n';
import { createBidderMemory, type BidderMemory } from '../bidder/memory';
import { allowsRealTimeBidding } from '../bidder/plan';
import {
  DEFAULT_BIDDER_SETTINGS,
  newRule,
  ruleSchema,
  withMode,
  type BidderSettings,
  type Rule,
} from '../bidder/rules';
import {
  allRules,
  createDbAuditSink,
  daysOfCover,
  deleteRule,
  getRule,
  pruneAudit,
  putRule,
  queryAudit,
  sellerRules,
} from '../db/bidder';
import type { SellerLensDb } from '../db/schema';
import type { Handlers, RequestOf, ResponseOf } from '../messaging';
import { BIDDER_CHANGED } from '../messaging/bidder-protocol';
import type { AlarmTask } from '../sync/alarm-tasks';
import type { Keyring } from '../token/keyring';
import type { WbApi } from '../wb-api';
import { realClock, type Clock } from '../wb-api/clock';

/** Every 30 s: `periodInMinutes` 0.5, the shortest period Chrome allows a packed extension. */
export const BIDDER_PERIOD_MINUTES = 0.5;

export const bidderSettingsItem = storage.defineItem<BidderSettings>('local:bidderSettings', {
  fallback: DEFAULT_BIDDER_SETTINGS,
  version: 1,
});

type LastCheck = NonNullable<ResponseOf<'bidder.state'>['lastCheck']>;

/** What pages see of a seller's last check, kept across worker restarts. */
interface StoredCheck {
  lastCheck: LastCheck;
  /** Rules a guard, the schedule or WB's campaign status held at WB's minimum or left alone, with the reason. */
  paused: Record<string, string>;
  /** The last seen bid and position per item and placement (for the cabinet panel). */
  items: { advertId: number; nmId: number; ruleId: string; bidKopecks: number; position: number | null }[];
}

export const bidderChecksItem = storage.defineItem<Record<string, StoredCheck>>('local:bidderLastChecks', {
  fallback: {},
  version: 1,
});

export interface BidderBackgroundDeps {
  db: SellerLensDb;
  /** The same client as the sync engine's, so both share WB's limits. */
  api: Pick<WbApi, 'client' | 'promotion'>;
  keyring: Pick<Keyring, 'tokenFor'>;
  clock?: Clock;
  /** Live positions (the positions service's stored checks) for rules that opted in; absent = none. */
  livePosition?: (sellerId: string, nmId: number, keyword: string) => Promise<LivePosition | null>;
  /**
   * Receives what a check read of WB's ad positions (fullstats `boosterStats`, search clusters' `avg_pos`) for the
   * positions service's side-by-side table; called only after a check that read some. Absent = not handed on.
   */
  adsPositions?: (sellerId: string, rows: AdsPositionsRead) => Promise<unknown>;
}

/** A check's fresh reads of WB's ad positions, each of the Moscow day it is the average of. */
export interface AdsPositionsRead {
  boosterStats: { date: string; nm: number; avg_position: number }[];
  normqueryStats: { date: string; nm_id: number; norm_query: string; avg_pos: number; views: number | null }[];
}

function mskDate(ms: number): string {
  return new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The ad positions the runner read during a check (cached entries fetched at or after `since`), from its memory. The
 * runner reads today's positions only, so a read's day is the Moscow day of its `fetchedAt` (a read that straddles
 * Moscow midnight, seconds long at most, is labelled with the new day).
 */
export function adsPositionsReadSince(memory: BidderMemory, since: number): AdsPositionsRead {
  const out: AdsPositionsRead = { boosterStats: [], normqueryStats: [] };
  for (const c of memory.positions.values()) {
    if (c.fetchedAt < since) continue;
    const date = mskDate(c.fetchedAt);
    for (const [nm, avg_position] of c.value) out.boosterStats.push({ date, nm, avg_position });
  }
  for (const c of memory.keywordStats.values()) {
    if (c.fetchedAt < since) continue;
    const date = mskDate(c.fetchedAt);
    for (const [nm_id, stats] of c.value) {
      for (const st of stats) {
        if (typeof st.avg_pos !== 'number') continue;
        out.normqueryStats.push({
          date,
          nm_id,
          norm_query: st.norm_query,
          avg_pos: st.avg_pos,
          views: st.views ?? null,
        });
      }
    }
  }
  return out;
}

export interface BidderBackground {
  handlers: Handlers;
  task: AlarmTask;
  /** One check of a seller's rules now; null when the seller has no rules. */
  runSeller(sellerId: string): Promise<BidderCheckSummary | null>;
  /** One check of every seller with rules (the alarm task). */
  runAll(): Promise<void>;
}

const GUARD_RULES = new Set(['stock-guard', 'budget-guard', 'schedule']);

function broadcast(): void {
  void Promise.resolve(browser.runtime.sendMessage({ ns: BIDDER_CHANGED })).catch(() => undefined);
}

function toStored(summary: BidderCheckSummary): StoredCheck {
  const paused: Record<string, string> = {};
  for (const d of summary.decisions) {
    if (GUARD_RULES.has(d.decision.firedRule) && !paused[d.ruleId]) paused[d.ruleId] = d.decision.reasonText;
  }
  return {
    lastCheck: {
      at: summary.at,
      ran: summary.ran,
      nextRunAt: summary.nextRunAt,
      messages: summary.messages,
      decisions: summary.decisions.length,
      writes: summary.writes.filter((w) => w.outcome === 'accepted').length,
      skipped: summary.skipped.map((s) => ({
        advertId: s.advertId,
        ...(s.nmId !== undefined ? { nmId: s.nmId } : {}),
        reason: s.reason,
      })),
    },
    paused,
    items: summary.decisions.map((d) => ({
      advertId: d.advertId,
      nmId: d.nmId,
      ruleId: d.ruleId,
      bidKopecks: d.outcome.kind === 'accepted' ? d.decision.newBidKopecks : d.inputs.currentBidKopecks,
      position: d.inputs.position,
    })),
  };
}

export function createBidderBackground(deps: BidderBackgroundDeps): BidderBackground {
  const { db, api, keyring } = deps;
  const clock = deps.clock ?? realClock;
  const audit = createDbAuditSink(db, { now: () => clock.now() });
  const memories = new Map<string, BidderMemory>();

  const memoryOf = (sellerId: string) => {
    let m = memories.get(sellerId);
    if (!m) memories.set(sellerId, (m = createBidderMemory()));
    return m;
  };

  async function runSeller(sellerId: string): Promise<BidderCheckSummary | null> {
    const rules = await sellerRules(db, sellerId);
    if (rules.length === 0) return null;
    const settings = await bidderSettingsItem.getValue();
    const token = await keyring.tokenFor(sellerId, 'promotion', { write: true });
    const cover = await daysOfCover(db, sellerId, clock.now());
    const rejections = await loadRejections(sellerId, clock.now());
    const live = deps.livePosition;
    const started = clock.now();
    const summary = await runBidderCheck({
      api,
      sellerId,
      rules,
      settings,
      clock,
      audit,
      daysOfCover: (nmId) => cover.get(nmId) ?? null,
      rejections,
      memory: memoryOf(sellerId),
      ...(token ? { tokenType: token.info.type } : {}),
      ...(live ? { livePosition: (nmId: number, keyword: string) => live(sellerId, nmId, keyword) } : {}),
    });
    await rejections.save();
    await pruneAudit(db, sellerId, clock.now());
    if (deps.adsPositions && summary.ran) {
      const read = adsPositionsReadSince(memoryOf(sellerId), started);
      if (read.boosterStats.length + read.normqueryStats.length > 0) {
        // The positions table is a by-product: its failure must not cost the bidder its summary.
        await deps.adsPositions(sellerId, read).catch((err: unknown) => {
          console.warn('Seller Lens: ad positions not stored', err instanceof Error ? err.message : String(err));
        });
      }
    }
    // The accepted bids are the current ones now: the dashboard reads bids from the database.
    for (const d of summary.decisions) {
      if (d.outcome.kind !== 'accepted') continue;
      const v = d.decision.newBidKopecks;
      const change =
        d.placement === 'combined'
          ? { search: v, recommendations: v }
          : d.placement === 'search'
            ? { search: v }
            : { recommendations: v };
      await db.bids.update([sellerId, d.advertId, d.nmId], change);
    }
    // A check that found another one running tells nothing new: keep the previous summary.
    if (summary.ran || !memoryOf(sellerId).running) {
      const stored = await bidderChecksItem.getValue();
      await bidderChecksItem.setValue({ ...stored, [sellerId]: toStored(summary) });
    }
    broadcast();
    return summary;
  }

  async function runAll(): Promise<void> {
    const sellers = [...new Set((await allRules(db)).map((r) => r.sellerId))];
    for (const sellerId of sellers) {
      try {
        await runSeller(sellerId);
      } catch (err) {
        console.warn('Seller Lens: bidder check failed', err instanceof Error ? err.message : String(err));
      }
    }
  }

  async function state(sellerId: string): Promise<ResponseOf<'bidder.state'>> {
    const [rules, settings, checks, token] = await Promise.all([
      sellerRules(db, sellerId),
      bidderSettingsItem.getValue(),
      bidderChecksItem.getValue(),
      keyring.tokenFor(sellerId, 'promotion', { write: true }),
    ]);
    const stored = checks[sellerId] ?? null;
    const blocked = token ? null : NO_TOKEN_MESSAGE;
    const skippedReason = (r: Rule) =>
      stored?.lastCheck.skipped.find((s) => s.advertId === r.advertId && s.nmId === undefined)?.reason;
    return {
      sellerId,
      rules,
      settings,
      lastCheck: stored?.lastCheck ?? null,
      blocked,
      baseLimited: token ? !allowsRealTimeBidding(token.info.type) : false,
      ruleStates: rules.map((r) => {
        if (r.paused) return { ruleId: r.id, state: 'paused' as const, reason: t('bidderPausedByYou') };
        if (blocked) return { ruleId: r.id, state: 'stopped' as const, reason: blocked };
        if (settings.killSwitch && r.mode === 'live') {
          return { ruleId: r.id, state: 'stopped' as const, reason: KILL_SWITCH_MESSAGE };
        }
        const why = stored?.paused[r.id] ?? skippedReason(r);
        if (why) return { ruleId: r.id, state: 'paused' as const, reason: why };
        return { ruleId: r.id, state: r.mode, reason: null };
      }),
    };
  }

  async function saveRule(input: RequestOf<'bidder.saveRule'>): Promise<ResponseOf<'bidder.saveRule'>> {
    try {
      const old = input.id ? await getRule(db, input.sellerId, input.id) : undefined;
      // A new rule always starts in dry-run; an edited one keeps its mode (switching is its own explicit step).
      const rule = old
        ? ruleSchema.parse({ ...input, id: old.id, mode: old.mode, paused: old.paused })
        : newRule(input);
      await putRule(db, rule);
      broadcast();
      return { ok: true, rule };
    } catch (e) {
      const issues = (e as { issues?: { message: string }[] }).issues;
      return { ok: false, error: issues?.map((i) => i.message).join('; ') || String(e) };
    }
  }

  async function panel(advertId: number): Promise<ResponseOf<'panel.bidder'>> {
    const campaign = await db.campaigns.filter((c) => c.advertId === advertId).first();
    const base = { title: t('bidderPanelTitle'), lastTitle: t('bidderPanelLast'), columns: [], rows: [], last: [] };
    if (!campaign) return { ...base, known: false, alert: t('bidderPanelUnknown'), messages: [] };
    const sellerId = campaign.sellerId;
    const [bids, s, entries, checks] = await Promise.all([
      db.bids
        .where(':id')
        .between([sellerId, advertId, -Infinity], [sellerId, advertId, Infinity], true, true)
        .toArray(),
      state(sellerId),
      queryAudit(db, sellerId, { advertId, changesOnly: true }, 5),
      bidderChecksItem.getValue(),
    ]);
    const seen = checks[sellerId]?.items.filter((i) => i.advertId === advertId) ?? [];
    const rules = s.rules.filter((r) => r.advertId === advertId);
    const stateLabel = {
      live: 'bidderStateLive',
      'dry-run': 'bidderStateDryRun',
      paused: 'bidderStatePaused',
      stopped: 'bidderStateStopped',
    } as const;
    return {
      ...base,
      known: true,
      alert: s.blocked ?? (s.settings.killSwitch ? KILL_SWITCH_MESSAGE : null),
      columns: [t('bidderItem'), t('bidderInBid'), t('bidderInPosition'), t('bidderRuleState')],
      rows: bids.slice(0, 50).map((b) => {
        const rule = rules.find((r) => r.nmId === b.nmId) ?? rules.find((r) => r.nmId === undefined);
        const rs = rule ? s.ruleStates.find((x) => x.ruleId === rule.id) : undefined;
        const position = seen.find((i) => i.nmId === b.nmId)?.position;
        return [
          String(b.nmId),
          formatRub(b.search),
          position === null || position === undefined ? '—' : formatNumber(position),
          rs ? `${t(stateLabel[rs.state])}${rs.reason ? ` — ${rs.reason}` : ''}` : t('bidderPanelNoRule'),
        ];
      }),
      last: entries.map(
        (e) =>
          `${formatTimeMsk(new Date(e.at))} · ${e.nmId}: ${formatRub(e.oldBidKopecks)} → ${formatRub(e.newBidKopecks)} · ${e.reasonText}`,
      ),
      messages: (s.lastCheck?.messages ?? []).slice(0, 20),
    };
  }

  const handlers: Handlers = {
    'bidder.state': ({ sellerId }) => state(sellerId),
    'bidder.saveRule': saveRule,
    'bidder.deleteRule': async ({ sellerId, ruleId }) => {
      const ok = await deleteRule(db, sellerId, ruleId);
      broadcast();
      return { ok };
    },
    'bidder.setMode': async ({ sellerId, ruleId, mode }) => {
      const rule = await getRule(db, sellerId, ruleId);
      if (!rule) return { ok: false };
      await putRule(db, withMode(rule, mode));
      broadcast();
      return { ok: true };
    },
    'bidder.setPaused': async ({ sellerId, ruleId, paused }) => {
      const rule = await getRule(db, sellerId, ruleId);
      if (!rule) return { ok: false };
      await putRule(db, { ...rule, paused });
      broadcast();
      return { ok: true };
    },
    'bidder.setKillSwitch': async ({ on }) => {
      const settings = { ...(await bidderSettingsItem.getValue()), killSwitch: on };
      await bidderSettingsItem.setValue(settings);
      broadcast();
      return { ok: true, settings };
    },
    'bidder.runNow': async ({ sellerId }) => {
      await runSeller(sellerId);
      const checks = await bidderChecksItem.getValue();
      return { ok: true, lastCheck: checks[sellerId]?.lastCheck ?? null };
    },
    'bidder.audit': async ({ sellerId, filters, limit }) => ({
      entries: await queryAudit(db, sellerId, filters, limit),
    }),
    'panel.bidder': ({ advertId }) => panel(advertId),
  };

  return {
    handlers,
    runSeller,
    runAll,
    task: { name: BIDDER_ALARM, periodInMinutes: BIDDER_PERIOD_MINUTES, run: runAll },
  };
}
