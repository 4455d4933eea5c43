/**
 * One check of the bidder for one seller: read what the rules need within WB's limits (current bids, WB's minimums,
 * today's positions, budgets), decide each item's placement with `decide`, send the live changes in batched
 * `PATCH /api/advert/v1/bids` calls, and log every decision. Run it from a named alarm every 30 s or more (WB
 * applies bid changes every 30 s). It never waits long and never loops: a read or write the limits do not allow now
 * is skipped (cached data is used where it is fresh enough), and a bid WB rejects is left alone until its inputs
 * change. Contexts: background only (it holds the WB client).
 */
import { formatTimeMsk } from '../i18n';
import type { WbTokenType } from '../token/decode';
import { WbApiError, type WbApi } from '../wb-api';
import type { Endpoint } from '../wb-api/client';
import {
  advertsEndpoint,
  budgetEndpoint,
  fullstatsPositionsEndpoint,
  keywordAveragePosition,
  minBidsEndpoint,
  normqueryStats,
  normqueryStatsEndpoint,
  setBidsEndpoint,
  type Advert,
  type NormqueryStat,
} from '../wb-api/promotion';
import type { AuditEntry, AuditInputs, AuditOutcome, AuditSink } from './audit';
import {
  createBidderMemory,
  itemKey,
  READ_POLICY,
  type BidderMemory,
  type Cached,
  type ReadPolicy,
  type RejectionRecord,
  type RejectionStore,
} from './memory';
import {
  allowsRealTimeBidding,
  minBidPlacement,
  placementsFor,
  planWrites,
  writeLimitMessage,
  type BidChange,
} from './plan';
import { indexRules, type BidderSettings, type BidPlacement, type Rule, type RuleIndex } from './rules';
import { decide, formatRub, inScheduleAt, moscowWeekdayHour, type Decision, type PositionSource } from './strategy';

/** The alarm task's name. */
export const BIDDER_ALARM = 'bidder-check';
/** WB applies bid changes every 30 s: checking more often is waste. */
export const BIDDER_CHECK_INTERVAL_MS = 30_000;
/** A position read sooner than this after our change of the bid does not show the new bid yet. */
export const WB_APPLY_DELAY_MS = 30_000;
/** The longest the runner lets the client wait for a limit before a call; longer waits skip the call this check. */
export const DEFAULT_MAX_WAIT_MS = 10_000;
/** A live position older than this is not used: the official one stands in. */
export const LIVE_POSITION_MAX_AGE_MS = 2 * 3_600_000;
/** Writes pause this long after a write failed for a reason other than WB's refusal, unless WB said when. */
const WRITE_PAUSE_AFTER_ERROR_MS = 5 * 60_000;

const CHANGEABLE_STATUSES = new Set([4, 9, 11]);
const STATUS_NAMES_RU: Record<number, string> = {
  [-1]: 'удаляется',
  4: 'готова к запуску',
  7: 'завершена',
  8: 'отменена',
  9: 'активна',
  11: 'на паузе',
};

export const NO_TOKEN_MESSAGE =
  'Биддеру нужен токен с категорией «Продвижение» без флага «Только чтение». Добавьте такой токен — до тех пор ' +
  'биддер ничего не читает и не меняет.';
export const ALL_PAUSED_MESSAGE = 'Все правила биддера приостановлены: ставки не читаются и не меняются.';
export const KILL_SWITCH_MESSAGE =
  'Аварийная остановка включена: ставки не отправляются, решения только записываются в журнал.';

/** An item's place in WB's public search results for a keyword, as the positions service last saw it. */
export interface LivePosition {
  /** Where the item stood, ads included (1 = the top). */
  position: number;
  /** Where it stood among the unpaid results, when known. */
  organicPosition: number | null;
  /** When it was seen (ms). */
  at: number;
}

/** The live position of an item for a keyword, or null when there is none (not checked, switched off, failed). */
export type LivePositionLookup = (nmId: number, keyword: string) => LivePosition | null | Promise<LivePosition | null>;

export interface BidderRunDeps {
  api: Pick<WbApi, 'client' | 'promotion'>;
  sellerId: string;
  /** The seller's rules (rules of other sellers are ignored). */
  rules: readonly Rule[];
  settings: BidderSettings;
  clock: { now(): number };
  audit: AuditSink;
  /** The item's days of cover from the synced stocks and orders, or null when unknown. */
  daysOfCover: (nmId: number) => number | null | Promise<number | null>;
  rejections: RejectionStore;
  /** Live positions for rules that opted in; absent = none (the official sources stand in, and the log says so). */
  livePosition?: LivePositionLookup;
  /** What the runner keeps between checks; pass the same object every check. Default: a fresh one (no cache). */
  memory?: BidderMemory;
  /** The type of the seller's promotion token with write access, for the message about Base limits. */
  tokenType?: WbTokenType;
  maxWaitMs?: number;
  signal?: AbortSignal;
}

/** One decision of a check and what became of it. */
export interface ItemDecision {
  advertId: number;
  nmId: number;
  placement: BidPlacement;
  ruleId: string;
  mode: Rule['mode'];
  inputs: AuditInputs;
  decision: Decision;
  outcome: AuditOutcome;
}

export interface WriteRecord {
  at: number;
  campaigns: number;
  items: number;
  outcome: 'accepted' | 'rejected' | 'error';
  detail: string | null;
}

export interface Skipped {
  advertId: number;
  nmId?: number;
  placement?: BidPlacement;
  reason: string;
}

export interface BidderCheckSummary {
  at: number;
  /** False when the check did nothing (no token, no rules, another check running). */
  ran: boolean;
  decisions: ItemDecision[];
  writes: WriteRecord[];
  skipped: Skipped[];
  /** When the next check is worth running (at least one interval ahead). */
  nextRunAt: number;
  /** Russian, for the popup and the bidder page. */
  messages: string[];
}

interface ReadResult<V> {
  values: Map<number, Cached<V>>;
  /** The limit held a read back until then. */
  blockedUntil: number | null;
  error: string | null;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** `POST /adv/v0/normquery/stats` takes up to 100 items per call. */
const NORMQUERY_ITEMS_PER_CALL = 100;

/** Manual-bid and CPC campaigns: their positions come from the search clusters' stats, not fullstats. */
function usesKeywordStats(a: Advert): boolean {
  return a.bid_type !== 'unified' || a.settings.payment_type === 'cpc';
}

/** Groups campaigns so that each call carries up to `max` items; a larger campaign goes alone (split by the call). */
function batchByItems(ids: readonly number[], items: (id: number) => number, max: number): number[][] {
  const out: number[][] = [];
  let batch: number[] = [];
  let n = 0;
  for (const id of ids) {
    const k = items(id);
    if (batch.length > 0 && n + k > max) {
      out.push(batch);
      batch = [];
      n = 0;
    }
    batch.push(id);
    n += k;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000);
}

function mskDate(ms: number): string {
  return new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);
}

function at(ms: number): string {
  return `${formatTimeMsk(new Date(ms))} МСК`;
}

/** Runs one check. Never throws for WB's errors: they end up in the summary and the log. */
export async function runBidderCheck(deps: BidderRunDeps): Promise<BidderCheckSummary> {
  const memory = deps.memory ?? createBidderMemory();
  const start = deps.clock.now();
  const summary: BidderCheckSummary = {
    at: start,
    ran: false,
    decisions: [],
    writes: [],
    skipped: [],
    nextRunAt: start + BIDDER_CHECK_INTERVAL_MS,
    messages: [],
  };
  const rules = deps.rules.filter((r) => r.sellerId === deps.sellerId);
  if (rules.length === 0) {
    summary.messages.push('Нет правил биддера: добавьте правило для кампании.');
    return summary;
  }
  if (rules.every((r) => r.paused)) {
    summary.messages.push(ALL_PAUSED_MESSAGE);
    return summary;
  }
  if (memory.running) {
    summary.messages.push('Предыдущая проверка биддера ещё идёт.');
    return summary;
  }
  memory.running = true;
  try {
    await check(deps, memory, rules, summary);
  } finally {
    memory.running = false;
  }
  return summary;
}

async function check(deps: BidderRunDeps, memory: BidderMemory, rules: Rule[], summary: BidderCheckSummary) {
  const { api, sellerId, signal } = deps;
  const now = () => deps.clock.now();
  const maxWaitMs = deps.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const messages = new Set<string>();

  // The bidder runs only with a token that may write bids, even in dry-run: what it plans must be sendable.
  try {
    await api.client.nextAllowedAt(setBidsEndpoint, sellerId);
  } catch (e) {
    if (!(e instanceof WbApiError)) throw e;
    summary.messages.push(e.kind === 'no-token' ? NO_TOKEN_MESSAGE : e.message);
    return;
  }
  summary.ran = true;

  /** Reads what is due within the limits; returns cached values that are young enough. */
  async function read<V>(
    label: string,
    endpoint: Endpoint<unknown>,
    cache: Map<number, Cached<V>>,
    ids: readonly number[],
    policy: ReadPolicy,
    batchSize: number | ((due: number[]) => number[][]),
    fetchBatch: (ids: number[]) => Promise<Map<number, V>>,
    dueAlso: (id: number, cached: Cached<V>, t0: number) => boolean = () => false,
  ): Promise<ReadResult<V>> {
    const t0 = now();
    const due = ids.filter((id) => {
      const c = cache.get(id);
      return !c || c.stale || t0 - c.fetchedAt >= policy.refreshAfterMs || dueAlso(id, c, t0);
    });
    let blockedUntil: number | null = null;
    let error: string | null = null;
    const batches = typeof batchSize === 'number' ? chunks(due, batchSize) : batchSize(due);
    for (const batch of batches) {
      try {
        const allowedAt = await api.client.nextAllowedAt(endpoint, sellerId);
        if (allowedAt > now() + maxWaitMs) {
          blockedUntil = allowedAt;
          break;
        }
        const got = await fetchBatch(batch);
        const t = now();
        for (const id of batch) {
          const v = got.get(id);
          if (v === undefined) cache.delete(id);
          else cache.set(id, { value: v, fetchedAt: t, stale: false });
        }
      } catch (e) {
        if (!(e instanceof WbApiError)) throw e;
        if (e.kind === 'rate-limited') blockedUntil = e.retryAt ?? now() + BIDDER_CHECK_INTERVAL_MS;
        else error = e.message;
        break;
      }
    }
    const values = new Map<number, Cached<V>>();
    for (const id of ids) {
      const c = cache.get(id);
      if (c && now() - c.fetchedAt <= policy.maxAgeMs) values.set(id, c);
    }
    // Cached data within its age is normal for a Base token; only missing data is worth a word.
    const missing = ids.some((id) => !values.has(id));
    if (blockedUntil !== null && missing) {
      messages.add(
        `Лимит WB на ${label}: следующий запрос в ${at(blockedUntil)}; без этих данных часть ставок не решается.`,
      );
    }
    if (error) messages.add(`Не удалось получить ${label}: ${error}`);
    return { values, blockedUntil, error };
  }

  // 1. Campaigns and their current bids.
  // A paused rule's campaign is read only if another rule needs it; its items are left alone (see addSlots).
  const advertIds = [...new Set(rules.filter((r) => !r.paused).map((r) => r.advertId))];
  const adverts = await read(
    'чтение кампаний',
    advertsEndpoint,
    memory.adverts,
    advertIds,
    READ_POLICY.adverts,
    50,
    async (ids) => {
      const res = await api.promotion.adverts(sellerId, ids, signal);
      return new Map((res?.adverts ?? []).map((a) => [a.id, a]));
    },
  );

  const slots: Slot[] = [];
  const ready: Advert[] = [];
  const index = indexRules(rules);
  for (const id of advertIds) {
    const cached = adverts.values.get(id);
    if (!cached) {
      summary.skipped.push({
        advertId: id,
        reason:
          adverts.blockedUntil !== null
            ? `нет данных о кампании: лимит WB, следующее чтение в ${at(adverts.blockedUntil)}`
            : adverts.error
              ? `нет данных о кампании: ${adverts.error}`
              : 'кампания не найдена у WB',
      });
      continue;
    }
    const a = cached.value;
    if (!CHANGEABLE_STATUSES.has(a.status)) {
      summary.skipped.push({
        advertId: id,
        reason: `кампания ${STATUS_NAMES_RU[a.status] ?? `в статусе ${a.status}`}: WB меняет ставки только в статусах «готова к запуску», «активна» и «на паузе»`,
      });
      continue;
    }
    const placements = placementsFor(a.bid_type, a.settings.placements);
    if (placements.length === 0 || (a.settings.payment_type !== 'cpm' && a.settings.payment_type !== 'cpc')) {
      summary.skipped.push({
        advertId: id,
        reason: `тип ставки «${a.bid_type}» / оплаты «${a.settings.payment_type}» биддер не знает: кампания не трогается`,
      });
      continue;
    }
    if (addSlots(slots, index, sellerId, a, placements)) ready.push(a);
  }

  const readyById = new Map(ready.map((a) => [a.id, a]));

  // 2. WB's minimums: per campaign, for every item and placement it has (they change rarely; cached).
  const minBids = await read(
    'минимальные ставки',
    minBidsEndpoint,
    memory.minBids,
    ready.map((a) => a.id),
    READ_POLICY.minBids,
    1,
    async ([id]) => {
      const a = readyById.get(id!)!;
      const types = placementsFor(a.bid_type, a.settings.placements).map(minBidPlacement);
      const nmIds = (a.nm_settings ?? []).map((n) => n.nm_id);
      const out = new Map<string, number>();
      for (const part of chunks(nmIds, 100)) {
        const res = await api.promotion.minBids(
          sellerId,
          {
            advert_id: a.id,
            nm_ids: part,
            payment_type: a.settings.payment_type as 'cpm' | 'cpc',
            placement_types: types,
          },
          signal,
        );
        for (const b of res?.bids ?? []) for (const v of b.bids) out.set(`${b.nm_id}:${v.type}`, v.value);
      }
      return new Map([[a.id, out]]);
    },
  );

  // 3. Today's positions, for target-position rules: fullstats' average position for unified-bid CPM campaigns, the
  // search clusters' average position (normquery stats) for manual-bid and CPC campaigns.
  const today = mskDate(now());
  const targetSlots = slots.filter(
    (s) => s.rule.strategy.kind === 'target-position' && s.placement !== 'recommendations',
  );
  /** Positions are worth reading again once WB has applied a change of a bid we made after the last read. */
  const appliedSinceRead = (id: number, c: Cached<unknown>, t0: number) => {
    const wrote = memory.campaignWriteAt.get(id);
    return wrote !== undefined && wrote >= c.fetchedAt && t0 >= wrote + WB_APPLY_DELAY_MS;
  };
  const fullstatsIds = [...new Set(targetSlots.filter((s) => !usesKeywordStats(s.advert)).map((s) => s.advert.id))];
  const positions = await read(
    'статистику позиций',
    fullstatsPositionsEndpoint,
    memory.positions,
    fullstatsIds,
    READ_POLICY.positions,
    50,
    async (ids) => {
      const res = await api.client.call(fullstatsPositionsEndpoint, sellerId, {
        query: { ids: ids.join(','), beginDate: today, endDate: today },
        signal,
      });
      const out = new Map<number, Map<number, number>>(ids.map((id) => [id, new Map()]));
      for (const item of res ?? []) {
        const m = out.get(item.advertId);
        if (!m) continue;
        for (const b of item.boosterStats ?? []) if (b.date.slice(0, 10) === today) m.set(b.nm, b.avg_position);
      }
      return out;
    },
    appliedSinceRead,
  );

  /** The items of each manual-bid or CPC campaign whose keyword positions the rules need. */
  const keywordItems = new Map<number, number[]>();
  for (const s of targetSlots) {
    if (!usesKeywordStats(s.advert)) continue;
    const list = keywordItems.get(s.advert.id) ?? [];
    if (!list.includes(s.nmId)) list.push(s.nmId);
    keywordItems.set(s.advert.id, list);
  }
  const keywordStats = await read(
    'статистику поисковых кластеров',
    normqueryStatsEndpoint,
    memory.keywordStats,
    [...keywordItems.keys()],
    READ_POLICY.keywordStats,
    (due) => batchByItems(due, (id) => keywordItems.get(id)?.length ?? 0, NORMQUERY_ITEMS_PER_CALL),
    async (ids) => {
      const items = ids.flatMap((id) => (keywordItems.get(id) ?? []).map((nm) => ({ advert_id: id, nm_id: nm })));
      const out = new Map<number, Map<number, NormqueryStat[]>>(
        ids.map((id) => [id, new Map((keywordItems.get(id) ?? []).map((nm) => [nm, [] as NormqueryStat[]]))]),
      );
      for (const part of chunks(items, NORMQUERY_ITEMS_PER_CALL)) {
        const res = await normqueryStats(api.client, sellerId, { from: today, to: today, items: part }, signal);
        for (const r of res?.stats ?? []) out.get(r.advert_id)?.set(r.nm_id, r.stats ?? []);
      }
      return out;
    },
    // Read again once WB has applied our change of a bid, and when a rule asks for an item not read yet.
    (id, c, t0) => appliedSinceRead(id, c, t0) || (keywordItems.get(id) ?? []).some((nm) => !c.value.has(nm)),
  );

  // 4. Budgets, for campaigns with a budget guard.
  const budgetIds = [...new Set(slots.filter((s) => s.rule.budgetGuard).map((s) => s.advert.id))];
  const budgets = await read(
    'бюджеты кампаний',
    budgetEndpoint,
    memory.budgets,
    budgetIds,
    READ_POLICY.budgets,
    1,
    async ([id]) => {
      const res = await api.promotion.budget(sellerId, id!, signal);
      return new Map(res ? [[id!, res.total]] : []);
    },
  );

  // 5. Decide.
  const t = now();
  const queue: { change: BidChange; item: ItemDecision; key: string }[] = [];
  const nowDate = new Date(t);
  const { weekday, hour } = moscowWeekdayHour(nowDate);
  // Everything a decision may wait for is fetched first; the decisions themselves run in one synchronous pass
  // (a hot loop in a long async function runs slowly: V8 optimizes small functions far more readily).
  const live = await livePositionsFor(deps, slots);
  const covers = await valuesOf(slots, (s) => deps.daysOfCover(s.nmId));
  const rejected = await valuesOf(slots, (s) => deps.rejections.get(s.key));
  decideSlots(
    {
      deps,
      memory,
      summary,
      queue,
      t,
      nowDate,
      weekday,
      hour,
      minBids,
      positions,
      keywordStats,
      budgets,
      live,
      covers,
      rejected,
    },
    slots,
  );

  // 6. Write the live changes.
  await writeChanges(deps, memory, queue, summary, messages, maxWaitMs);

  // 7. Log and report.
  const entries = newAuditEntries(memory, sellerId, t, summary.decisions);
  if (entries.length > 0) await deps.audit.append(entries);

  const out: string[] = [];
  if (deps.settings.killSwitch) out.push(KILL_SWITCH_MESSAGE);
  const dry = summary.decisions.filter((d) => d.outcome.kind === 'dry-run').length;
  if (dry > 0) out.push(`Пробный режим: рассчитано изменений — ${dry}, ничего не отправлено.`);
  for (const d of summary.decisions) {
    if (d.decision.unreachable || d.decision.minAboveMax) {
      out.push(`Кампания ${d.advertId}, товар ${d.nmId}: ${d.decision.reasonText}.`);
    }
  }
  out.push(...messages);
  summary.messages.push(...out);

  // Without current bids nothing can be decided before the limit lets the campaigns be read again.
  if (slots.length === 0 && adverts.blockedUntil !== null) {
    summary.nextRunAt = Math.max(summary.nextRunAt, adverts.blockedUntil);
  }
}

/** The audit entries of a check: each decision unless it repeats the item's last logged one. Synchronous. */
function newAuditEntries(
  memory: BidderMemory,
  sellerId: string,
  t: number,
  decisions: readonly ItemDecision[],
): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const d of decisions) {
    const key = itemKey(d);
    // Identical repeated decisions (a hold, a dry-run, a wait) are logged once, not every 30 seconds.
    const last = memory.lastLogged.get(key);
    if (last && last.mode === d.mode && last.outcome === d.outcome.kind && sameLogged(last.decision, d.decision))
      continue;
    memory.lastLogged.set(key, { decision: d.decision, mode: d.mode, outcome: d.outcome.kind });
    entries.push({
      at: t,
      sellerId,
      advertId: d.advertId,
      nmId: d.nmId,
      placement: d.placement,
      ruleId: d.ruleId,
      mode: d.mode,
      inputs: d.inputs,
      firedRule: d.decision.firedRule,
      reasonCode: d.decision.reasonCode,
      reasonText: d.decision.reasonText,
      action: d.decision.action,
      oldBidKopecks: d.decision.oldBidKopecks,
      newBidKopecks: d.decision.newBidKopecks,
      unreachable: d.decision.unreachable,
      minAboveMax: d.decision.minAboveMax,
      outcome: d.outcome,
    });
  }
  return entries;
}

/** Whether two decisions would read the same in the audit log (the same object when the memo answered). */
function sameLogged(a: Decision, b: Decision): boolean {
  return (
    a === b ||
    (a.firedRule === b.firedRule &&
      a.reasonText === b.reasonText &&
      a.oldBidKopecks === b.oldBidKopecks &&
      a.newBidKopecks === b.newBidKopecks)
  );
}

/** Whether two memo inputs (equal length, primitives) are the same. */
function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** One placement of one item under a rule: what a check decides. */
interface Slot {
  advert: Advert;
  nm: NonNullable<Advert['nm_settings']>[number];
  nmId: number;
  placement: BidPlacement;
  rule: Rule;
  key: string;
}

/** Adds the campaign's items and placements that a rule covers; whether any. */
function addSlots(slots: Slot[], index: RuleIndex, sellerId: string, a: Advert, placements: BidPlacement[]): boolean {
  let any = false;
  for (const nm of a.nm_settings ?? []) {
    for (const placement of placements) {
      const rule = index.ruleFor({ sellerId, advertId: a.id, nmId: nm.nm_id, placement });
      // A paused rule still covers its items: they are left alone, not handed to a wider rule.
      if (!rule || rule.paused) continue;
      slots.push({
        advert: a,
        nm,
        nmId: nm.nm_id,
        placement,
        rule,
        key: itemKey({ advertId: a.id, nmId: nm.nm_id, placement }),
      });
      any = true;
    }
  }
  return any;
}

/** Each slot's value of a dependency that may answer now or later; awaited only when some answer later. */
async function valuesOf<V>(slots: readonly Slot[], get: (s: Slot) => V | Promise<V>): Promise<V[]> {
  const out = slots.map(get);
  return out.some((v) => v instanceof Promise) ? Promise.all(out) : (out as V[]);
}

/** The live positions the slots' rules ask for, once per item and keyword; a failed lookup is noted, not thrown. */
async function livePositionsFor(
  deps: BidderRunDeps,
  slots: readonly Slot[],
): Promise<Map<string, { live: LivePosition | null; failed: boolean }>> {
  const out = new Map<string, { live: LivePosition | null; failed: boolean }>();
  const lookup = deps.livePosition;
  for (const s of slots) {
    const keyword = s.rule.keyword;
    if (s.rule.positionSource !== 'live' || keyword === undefined || s.rule.strategy.kind !== 'target-position')
      continue;
    const key = `${s.nmId}|${keyword}`;
    if (out.has(key)) continue;
    out.set(key, { live: null, failed: false });
    if (!lookup) continue;
    try {
      out.set(key, { live: await lookup(s.nmId, keyword), failed: false });
    } catch {
      out.set(key, { live: null, failed: true });
    }
  }
  return out;
}

interface DecideContext {
  deps: BidderRunDeps;
  memory: BidderMemory;
  summary: BidderCheckSummary;
  queue: { change: BidChange; item: ItemDecision; key: string }[];
  t: number;
  nowDate: Date;
  /** Moscow weekday (1–7) and hour of `t`, for the rules' schedules (inScheduleAt). */
  weekday: number;
  hour: number;
  minBids: ReadResult<Map<string, number>>;
  positions: ReadResult<Map<number, number>>;
  keywordStats: ReadResult<Map<number, NormqueryStat[]>>;
  budgets: ReadResult<number>;
  live: Map<string, { live: LivePosition | null; failed: boolean }>;
  covers: readonly (number | null)[];
  rejected: readonly (RejectionRecord | undefined)[];
}

/** Decides every slot: the decisions go to the summary, the live changes to the queue. Synchronous. */
function decideSlots(c: DecideContext, slots: readonly Slot[]): void {
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i]!;
    const nm = s.nm;
    const current = s.placement === 'recommendations' ? nm.bids_kopecks.recommendations : nm.bids_kopecks.search;
    const mins = c.minBids.values.get(s.advert.id);
    const wbMin = mins?.value.get(`${s.nmId}:${minBidPlacement(s.placement)}`);
    if (wbMin === undefined) {
      c.summary.skipped.push({
        advertId: s.advert.id,
        nmId: s.nmId,
        placement: s.placement,
        reason:
          c.minBids.blockedUntil !== null
            ? `нет минимальной ставки WB: лимит WB, следующее чтение в ${at(c.minBids.blockedUntil)}`
            : 'нет минимальной ставки WB',
      });
      continue;
    }
    // A bid must be at least one kopeck, whatever WB's minimum says.
    const min = Math.max(1, wbMin);
    let position: number | null = null;
    let positionSource: PositionSource = 'none';
    let positionNote: string | null = null;
    if (s.rule.strategy.kind === 'target-position' && s.placement !== 'recommendations') {
      const wroteAt = c.memory.lastWriteAt.get(s.key);
      /** A position read before WB applied our last change of this bid says nothing about it. */
      const beforeOurChange = (readAt: number) => wroteAt !== undefined && readAt < wroteAt + WB_APPLY_DELAY_MS;
      if (s.rule.positionSource === 'live' && s.rule.keyword !== undefined) {
        const keyword = s.rule.keyword;
        const seen = c.live.get(`${s.nmId}|${keyword}`);
        const live = seen?.live ?? null;
        const failed = seen?.failed ?? false;
        if (live && Number.isFinite(live.position) && live.position >= 1 && c.t - live.at <= LIVE_POSITION_MAX_AGE_MS) {
          if (!beforeOurChange(live.at)) {
            position = live.position;
            positionSource = 'search';
          } else positionNote = `живая позиция от ${at(live.at)} снята до изменения ставки`;
        } else {
          positionNote = failed
            ? 'живую позицию получить не удалось'
            : !c.deps.livePosition
              ? 'живые позиции выключены'
              : live
                ? `живая позиция устарела (${at(live.at)})`
                : `нет живой позиции по фразе «${keyword}»`;
        }
        if (positionNote) positionNote += ': взята официальная статистика';
      }
      if (positionSource === 'none') {
        let p: number | undefined | null;
        let readAt: number;
        let source: PositionSource;
        if (usesKeywordStats(s.advert)) {
          const ks = c.keywordStats.values.get(s.advert.id);
          const clusters = ks?.value.get(s.nmId);
          p = clusters ? keywordAveragePosition(clusters, s.rule.keyword) : undefined;
          readAt = ks?.fetchedAt ?? 0;
          source = 'keyword-stats';
        } else {
          const pos = c.positions.values.get(s.advert.id);
          p = pos?.value.get(s.nmId);
          readAt = pos?.fetchedAt ?? 0;
          source = 'fullstats';
        }
        if (p !== undefined && p !== null) {
          if (beforeOurChange(readAt)) positionSource = 'stale';
          else {
            position = p;
            positionSource = source;
          }
        }
      }
    }
    const budget = c.budgets.values.get(s.advert.id)?.value ?? null;
    const daysOfCover = c.covers[i] ?? null;
    const rejection = c.rejected[i];
    const input = {
      rule: s.rule,
      currentBidKopecks: current,
      position,
      positionSource,
      minBidKopecks: min,
      budget,
      daysOfCover,
      now: c.nowDate,
      campaignStatus: s.advert.status,
      lastRejection: rejection ?? null,
    };
    // The same rule and inputs decide the same (`decide` is pure): a steady item costs a lookup, not a decision.
    // The time enters only outside the schedule, where the reason names it to the minute.
    const memoInputs = [
      current,
      min,
      position,
      positionSource,
      budget,
      daysOfCover,
      s.advert.status,
      rejection?.fingerprint ?? '',
      inScheduleAt(s.rule.schedule, c.weekday, c.hour) ? -1 : minuteOf(c.t),
    ];
    const memo = c.memory.decisions.get(s.key);
    const decision =
      memo && memo.rule === s.rule && sameInputs(memo.inputs, memoInputs) ? memo.decision : decide(input);
    c.memory.decisions.set(s.key, { rule: s.rule, inputs: memoInputs, decision });
    const item: ItemDecision = {
      advertId: s.advert.id,
      nmId: s.nmId,
      placement: s.placement,
      ruleId: s.rule.id,
      mode: s.rule.mode,
      inputs: {
        position,
        positionSource,
        target: s.rule.strategy.kind === 'target-position' ? s.rule.strategy.target : null,
        currentBidKopecks: current,
        minBidKopecks: min,
        maxBidKopecks: s.rule.maxBidKopecks,
        budget,
        daysOfCover,
        campaignStatus: s.advert.status,
        ...(positionNote ? { positionNote } : {}),
      },
      decision,
      outcome: { kind: 'hold' },
    };
    c.summary.decisions.push(item);
    if (decision.newBidKopecks === current) continue;
    if (s.rule.mode === 'dry-run') item.outcome = { kind: 'dry-run' };
    else if (c.deps.settings.killSwitch) item.outcome = { kind: 'kill-switch' };
    else {
      c.queue.push({
        key: s.key,
        item,
        change: {
          advertId: s.advert.id,
          nmId: s.nmId,
          placement: s.placement,
          oldBidKopecks: current,
          newBidKopecks: decision.newBidKopecks,
          firedRule: decision.firedRule,
          positionGap: decision.positionGap,
        },
      });
    }
  }
}

async function writeChanges(
  deps: BidderRunDeps,
  memory: BidderMemory,
  initial: { change: BidChange; item: ItemDecision; key: string }[],
  summary: BidderCheckSummary,
  messages: Set<string>,
  maxWaitMs: number,
): Promise<void> {
  type Queued = (typeof initial)[number];
  const now = () => deps.clock.now();
  let queue: Queued[] = initial;
  /** Halves of a batch WB refused without saying which bid: sent on their own, before anything else. */
  const suspects: { batch: Queued[]; detail: string }[] = [];
  let sent = 0;
  let limitedUntil: number | null = null;

  const reject = async (q: Queued, status: number | null, detail: string) => {
    q.item.outcome = { kind: 'rejected', status, detail };
    await deps.rejections.set(q.key, {
      fingerprint: q.item.decision.fingerprint,
      at: now(),
      bidKopecks: q.change.newBidKopecks,
      detail,
    });
    // Read the campaign and its minimums again at the next chance: the inputs may have changed at WB.
    const a = memory.adverts.get(q.change.advertId);
    if (a) a.stale = true;
    const m = memory.minBids.get(q.change.advertId);
    if (m) m.stale = true;
  };

  const leave = (list: Queued[], outcome: AuditOutcome) => {
    for (const q of list) q.item.outcome = outcome;
  };

  while (queue.length > 0 || suspects.length > 0) {
    const pending = [...suspects.flatMap((s) => s.batch), ...queue];
    if (memory.writeBlockedUntil > now()) {
      const detail = `после ошибки запись ставок приостановлена до ${at(memory.writeBlockedUntil)}`;
      leave(pending, { kind: 'deferred', retryAt: memory.writeBlockedUntil, detail });
      messages.add(`Ставки не отправлены: ${detail}.`);
      return;
    }
    let allowedAt: number;
    try {
      allowedAt = await deps.api.client.nextAllowedAt(setBidsEndpoint, deps.sellerId);
    } catch (e) {
      if (!(e instanceof WbApiError)) throw e;
      leave(pending, { kind: 'error', errorKind: e.kind, detail: e.message, retryAt: null });
      messages.add(e.message);
      return;
    }
    if (allowedAt > now() + maxWaitMs) {
      limitedUntil = allowedAt;
      // A batch WB refused as a whole cannot be split further now: its bids wait for new inputs, not for a loop.
      for (const s of suspects) {
        for (const q of s.batch) await reject(q, 400, `WB отклонил пакет ставок: ${s.detail}`);
      }
      leave(queue, {
        kind: 'deferred',
        retryAt: allowedAt,
        detail: `лимит WB на изменение ставок до ${at(allowedAt)}`,
      });
      break;
    }

    let batch: Queued[];
    const fromSuspect = suspects.shift();
    if (fromSuspect) batch = fromSuspect.batch;
    else {
      const { requests } = planWrites(
        queue.map((q) => q.change),
        { maxRequests: 1 },
      );
      const chosen = new Set(requests[0]!.changes);
      batch = queue.filter((q) => chosen.has(q.change));
      queue = queue.filter((q) => !chosen.has(q.change));
    }
    const { requests } = planWrites(
      batch.map((q) => q.change),
      { maxRequests: 1 },
    );
    const body = requests[0]!.body;
    const campaigns = body.bids.length;
    try {
      const res = await deps.api.promotion.setBids(deps.sellerId, body, deps.signal);
      const t = now();
      const echoes = new Map<string, number>();
      for (const b of res?.bids ?? []) {
        for (const n of b.nm_bids)
          echoes.set(itemKey({ advertId: b.advert_id, nmId: n.nm_id, placement: n.placement }), n.bid_kopecks);
      }
      for (const q of batch) {
        const echo = echoes.get(q.key);
        q.item.outcome = {
          kind: 'accepted',
          wbAnswer: `WB принял ставку ${formatRub(echo ?? q.change.newBidKopecks)} (${q.change.placement})`,
        };
        memory.lastWriteAt.set(q.key, t);
        memory.campaignWriteAt.set(q.change.advertId, t);
        await deps.rejections.delete(q.key);
        applyToCache(memory, q.change);
      }
      sent += batch.length;
      summary.writes.push({ at: t, campaigns, items: batch.length, outcome: 'accepted', detail: null });
    } catch (e) {
      if (!(e instanceof WbApiError)) throw e;
      const t = now();
      if (e.kind === 'bad-request') {
        const detail = e.detail ?? e.message;
        summary.writes.push({ at: t, campaigns, items: batch.length, outcome: 'rejected', detail });
        const { sure, maybe } = whoWasRejected(batch, detail);
        for (const q of sure) await reject(q, e.status, detail);
        // The others were not named: they go back to the queue; the ones that may be at fault are split and tried
        // on their own, so one bad bid does not hold back a whole batch.
        queue = [...batch.filter((q) => !sure.includes(q) && !maybe.includes(q)), ...queue];
        if (maybe.length > 0) {
          const half = Math.ceil(maybe.length / 2);
          suspects.unshift({ batch: maybe.slice(0, half), detail }, { batch: maybe.slice(half), detail });
        }
        continue;
      }
      if (e.kind === 'rate-limited') {
        limitedUntil = e.retryAt;
        if (fromSuspect) suspects.unshift(fromSuspect);
        else queue = [...batch, ...queue];
        for (const s of suspects)
          for (const q of s.batch) await reject(q, 400, `WB отклонил пакет ставок: ${s.detail}`);
        leave(queue, { kind: 'deferred', retryAt: e.retryAt, detail: e.message });
        break;
      }
      // WB down, network, token: the batch may or may not have applied, so read the campaigns again; pause writes.
      summary.writes.push({ at: t, campaigns, items: batch.length, outcome: 'error', detail: e.message });
      leave(batch, { kind: 'error', errorKind: e.kind, detail: e.message, retryAt: e.retryAt });
      for (const q of batch) {
        const a = memory.adverts.get(q.change.advertId);
        if (a) a.stale = true;
      }
      // The client has already retried: pause for a while, however soon WB said it might be back.
      memory.writeBlockedUntil = Math.max(e.retryAt ?? 0, t + WRITE_PAUSE_AFTER_ERROR_MS);
      messages.add(e.message);
      for (const s of suspects)
        leave(s.batch, { kind: 'deferred', retryAt: memory.writeBlockedUntil, detail: e.message });
      leave(queue, { kind: 'deferred', retryAt: memory.writeBlockedUntil, detail: e.message });
      return;
    }
  }

  const waiting = summary.decisions.filter((d) => d.outcome.kind === 'deferred').length;
  // A Base token may change bids twice an hour: say so whenever its limit holds changes back or paces them.
  let nextAt = limitedUntil;
  if (nextAt === null && sent > 0) {
    const next = await deps.api.client.nextAllowedAt(setBidsEndpoint, deps.sellerId).catch(() => null);
    if (next !== null && next > now() + 10 * 60_000) nextAt = next;
  }
  const slowToken = deps.tokenType !== undefined && !allowsRealTimeBidding(deps.tokenType);
  if (nextAt !== null && (waiting > 0 || slowToken || nextAt > now() + 10 * 60_000)) {
    messages.add(writeLimitMessage({ type: deps.tokenType, sent, waiting, nextAt }));
  }
}

/**
 * Which bids of a refused batch WB's 400 points at. `sure`: a lone bid, the one bid whose value WB names («wrong bid
 * value: N»), or the one bid of the campaign it names; `maybe`: several bids fit, or nothing was named (then all).
 */
function whoWasRejected<T extends { change: BidChange }>(batch: T[], detail: string): { sure: T[]; maybe: T[] } {
  if (batch.length === 1) return { sure: batch, maybe: [] };
  const pick = (hit: T[]) => (hit.length === 1 ? { sure: hit, maybe: [] } : { sure: [], maybe: hit });
  const bid = /wrong bid value:\s*(\d+)/i.exec(detail);
  if (bid) {
    const hit = batch.filter((q) => q.change.newBidKopecks === Number(bid[1]));
    if (hit.length > 0) return pick(hit);
  }
  const advert = /advert\s+(\d+)/i.exec(detail);
  if (advert) {
    const hit = batch.filter((q) => q.change.advertId === Number(advert[1]));
    if (hit.length > 0) return pick(hit);
  }
  return { sure: [], maybe: batch };
}

/**
 * Our accepted bid is now the current one: keep the cached campaign in step until it is read again. The cached
 * campaign is WB's answer as the client checked it (frozen, and handed back again while WB's answer is unchanged):
 * it is replaced by a copy, never changed.
 */
function applyToCache(memory: BidderMemory, ch: BidChange): void {
  const cached = memory.adverts.get(ch.advertId);
  const nms = cached?.value.nm_settings;
  const i = nms ? nms.findIndex((n) => n.nm_id === ch.nmId) : -1;
  if (!cached || !nms || i < 0) return;
  const nm = nms[i]!;
  const bids =
    ch.placement === 'combined'
      ? { search: ch.newBidKopecks, recommendations: ch.newBidKopecks }
      : ch.placement === 'search'
        ? { ...nm.bids_kopecks, search: ch.newBidKopecks }
        : { ...nm.bids_kopecks, recommendations: ch.newBidKopecks };
  const copy = nms.slice();
  copy[i] = { ...nm, bids_kopecks: bids };
  cached.value = { ...cached.value, nm_settings: copy };
}
