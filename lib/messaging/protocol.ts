/**
 * The protocol between contexts, declared once: each message's allowed senders, payload and answer schemas.
 * Contexts: any. Uses zod/mini so the content script stays small.
 */
import { z } from 'zod/mini';
import { ALL_CATEGORIES, type WbCategory } from '../token/categories';
import { bidderProtocol } from './bidder-protocol';
import { positionsProtocol } from './positions-protocol';

const category = z.enum(ALL_CATEGORIES as [WbCategory, ...WbCategory[]]);
const tokenType = z.enum(['base', 'test', 'personal', 'service', 'unknown']);
const feature = z.enum(['orders', 'stocks', 'finance', 'ads', 'bidder']);
const id = z.string().check(z.minLength(1), z.maxLength(64));

const tokenStatus = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unchecked') }),
  z.object({ kind: z.literal('ok'), checkedAt: z.number() }),
  z.object({ kind: z.literal('expired') }),
  z.object({ kind: z.literal('rejected'), reason: z.string(), checkedAt: z.number() }),
]);

export const tokenView = z.object({
  id,
  sellerId: id,
  label: z.string(),
  masked: z.string().check(z.maxLength(16)),
  type: tokenType,
  categories: z.array(category),
  readOnly: z.boolean(),
  sandbox: z.boolean(),
  expiresAt: z.number(),
  addedAt: z.number(),
  status: tokenStatus,
});

const capability = z.object({
  feature,
  ok: z.boolean(),
  missing: z.nullable(z.object({ kind: z.enum(['category', 'write', 'notBase']), category })),
  baseLimited: z.boolean(),
});

export const sellerView = z.object({
  sellerId: id,
  name: z.nullable(z.string()),
  tokens: z.array(tokenView),
  capabilities: z.array(capability),
});

const tokenError = z.object({ code: z.enum(['empty', 'malformed', 'not-wb', 'expired']), message: z.string() });

const pingResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ok'), host: z.string() }),
  z.object({ kind: z.literal('rejected'), host: z.string(), reason: z.string(), status: z.number() }),
  z.object({ kind: z.literal('rate-limited'), host: z.string(), retryAfterSec: z.number() }),
  z.object({ kind: z.literal('unavailable'), host: z.string(), status: z.number() }),
  z.object({ kind: z.literal('network'), host: z.string() }),
  z.object({ kind: z.literal('not-found'), host: z.string() }),
]);

const lang = z.enum(['ru', 'en']);
const empty = z.object({});

const dataset = z.enum(['orders', 'sales', 'orderFeed', 'stocks', 'finance', 'ads', 'cards']);
/** One dataset of a seller as the sync section shows it (see lib/sync/engine.ts DatasetStatus). */
const datasetStatus = z.object({
  dataset,
  state: z.enum(['backfill', 'caught-up', 'skipped', 'error', 'waiting']),
  running: z.boolean(),
  rowsSoFar: z.number(),
  pages: z.number(),
  progress: z.nullable(z.number()),
  nextAllowedAt: z.nullable(z.number()),
  lastSuccessAt: z.nullable(z.number()),
  lastError: z.nullable(z.string()),
  skipReason: z.nullable(z.string()),
});
export const sellerSyncStatus = z.object({
  sellerId: id,
  stopped: z.nullable(z.string()),
  datasets: z.array(datasetStatus),
});

const goal = z.enum(['orders', 'stocks', 'finance', 'ads', 'bidder', 'cards']);
/** How a captured token measures up to the goals the seller picked in the token guide. */
const goalCheck = z.object({
  problems: z.array(
    z.object({ goal, missing: z.object({ kind: z.enum(['category', 'write', 'notBase']), category }) }),
  ),
  baseLimited: z.boolean(),
  sandbox: z.boolean(),
});

const panelKind = z.enum(['overview', 'regions', 'stocks', 'finance', 'campaign']);
/** What a cabinet analytics panel asks for; a campaign panel names the campaign of its page. */
export const panelRequest = z.discriminatedUnion('panel', [
  z.object({ panel: z.literal('overview') }),
  z.object({ panel: z.literal('regions') }),
  z.object({ panel: z.literal('stocks') }),
  z.object({ panel: z.literal('finance') }),
  z.object({ panel: z.literal('campaign'), campaignId: z.number().check(z.gte(1), z.lte(1e13)) }),
]);
const short = z.string().check(z.maxLength(200));
/** A cabinet panel's figures, display-ready: short strings only (numbers already formatted), never a token. */
export const panelFigures = z.object({
  panel: panelKind,
  lang,
  title: short,
  /** The period or the campaign the figures are about. */
  subtitle: short,
  collapsed: z.boolean(),
  /** Why there are no figures («нет данных — добавьте токен в Seller Lens»), or null. */
  empty: z.nullable(short),
  stats: z.array(z.object({ label: short, value: short, note: z.nullable(short) })).check(z.maxLength(12)),
  tables: z
    .array(
      z.object({
        caption: short,
        columns: z.array(short).check(z.maxLength(8)),
        rows: z.array(z.array(short).check(z.maxLength(8))).check(z.maxLength(20)),
      }),
    )
    .check(z.maxLength(3)),
  notes: z.array(z.string().check(z.maxLength(400))).check(z.maxLength(12)),
  /** «данные на 14:30 МСК», or null before the first sync. */
  asOf: z.nullable(short),
  source: short,
  /** Panel UI strings in the seller's language (the content script carries no dictionary). */
  ui: z.object({ collapse: short, expand: short }),
});

/** Who may send a message: our extension pages, or our content script in a tab on a WB cabinet origin. */
export type SenderKind = 'extension' | 'content';

export const protocol = {
  /** The keyring as pages may see it: sellers, tokens without their raw string, capabilities. */
  'keyring.get': {
    from: ['extension'],
    request: empty,
    response: z.object({ sellers: z.array(sellerView), lang }),
  },
  'keyring.add': {
    from: ['extension'],
    request: z.object({
      raw: z.string().check(z.maxLength(8192)),
      label: z.optional(z.string().check(z.maxLength(80))),
    }),
    response: z.union([
      z.object({ ok: z.literal(true), created: z.boolean(), token: tokenView }),
      z.object({ ok: z.literal(false), error: tokenError }),
    ]),
  },
  'keyring.remove': {
    from: ['extension'],
    request: z.object({ tokenId: id }),
    response: z.object({ ok: z.boolean() }),
  },
  'keyring.removeSeller': {
    from: ['extension'],
    request: z.object({ sellerId: id }),
    response: z.object({ ok: z.boolean() }),
  },
  /** The seller's explicit "check token": WB's /ping, never on a timer. */
  'keyring.check': { from: ['extension'], request: z.object({ tokenId: id }), response: pingResult },
  'settings.setLang': { from: ['extension'], request: z.object({ lang }), response: z.object({ ok: z.boolean() }) },
  /** Sync progress and freshness per seller and dataset; pages poll it while a backfill runs. */
  'sync.status': {
    from: ['extension'],
    request: empty,
    response: z.object({ sellers: z.array(sellerSyncStatus), pollMinutes: z.number(), running: z.boolean() }),
  },
  /** «Синхронизировать сейчас»: runs the seller's datasets at once, within WB's limits. */
  'sync.now': { from: ['extension'], request: z.object({ sellerId: id }), response: z.object({ ok: z.boolean() }) },
  /** How often a caught-up stream is polled, 5–60 minutes. */
  'sync.setPollMinutes': {
    from: ['extension'],
    request: z.object({ minutes: z.number().check(z.gte(5), z.lte(60)) }),
    response: z.object({ ok: z.boolean(), pollMinutes: z.number() }),
  },
  /** Deletes the seller's history before a Moscow day (`YYYY-MM-DD`). */
  'sync.clearHistory': {
    from: ['extension'],
    request: z.object({ sellerId: id, beforeDay: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }),
    response: z.object({ ok: z.boolean(), deleted: z.number() }),
  },
  /** Demo mode: fill the demo seller with generated data, or remove it (issue #5). */
  'demo.fill': { from: ['extension'], request: empty, response: z.object({ ok: z.boolean(), orders: z.number() }) },
  'demo.remove': { from: ['extension'], request: empty, response: z.object({ ok: z.boolean() }) },
  /** The token guide on the cabinet's token page: was it dismissed (the popup re-shows it). */
  'tokenGuide.get': {
    from: ['content', 'extension'],
    request: empty,
    response: z.object({ dismissed: z.boolean(), lang }),
  },
  'tokenGuide.setDismissed': {
    from: ['content', 'extension'],
    request: z.object({ dismissed: z.boolean() }),
    response: z.object({ ok: z.boolean() }),
  },
  /**
   * The one message that carries a raw token from a page to the background, sent only on the seller's click on
   * «Сохранить в Seller Lens». The answer has the decoded view and the check against the goals, never the token.
   */
  'capture.saveToken': {
    from: ['content'],
    request: z.object({
      raw: z.string().check(z.maxLength(8192)),
      goals: z.array(goal).check(z.maxLength(6)),
      label: z.optional(z.string().check(z.maxLength(80))),
    }),
    response: z.union([
      z.object({ ok: z.literal(true), created: z.boolean(), token: tokenView, check: goalCheck }),
      z.object({ ok: z.literal(false), error: tokenError }),
    ]),
  },
  ...bidderProtocol,
  ...positionsProtocol,
  /** A cabinet analytics panel's figures, computed in the background from IndexedDB. */
  'panel.figures': { from: ['content'], request: panelRequest, response: panelFigures },
  /** A cabinet panel folded or unfolded: remembered per panel (content scripts cannot read local storage). */
  'panel.setCollapsed': {
    from: ['content'],
    request: z.object({
      panel: panelKind,
      collapsed: z.boolean(),
    }),
    response: z.object({ ok: z.boolean() }),
  },
} as const satisfies Record<string, { from: readonly SenderKind[]; request: z.ZodMiniType; response: z.ZodMiniType }>;

export type MessageType = keyof typeof protocol;
export type RequestOf<T extends MessageType> = z.infer<(typeof protocol)[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<(typeof protocol)[T]['response']>;
/** Broadcast from the background to open extension pages when the keyring changed. */
export const KEYRING_CHANGED = 'seller-lens:keyring-changed';
/** Broadcast from the background to open extension pages when sync state changed (a page committed, a job ended). */
export const SYNC_CHANGED = 'seller-lens:sync-changed';
