/**
 * The protocol between contexts, declared once: each message's allowed senders, payload and answer schemas.
 * Contexts: any. Uses zod/mini so the content script stays small.
 */
import { z } from 'zod/mini';
import { ALL_CATEGORIES, type WbCategory } from '../token/categories';

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
  /** What the cabinet badge shows: counts and the soonest expiry, nothing about any token's content. */
  'panel.keyringStatus': {
    from: ['content'],
    request: empty,
    response: z.object({
      sellers: z.number(),
      tokens: z.number(),
      soonestExpiryMs: z.nullable(z.number()),
      lang,
    }),
  },
} as const satisfies Record<string, { from: readonly SenderKind[]; request: z.ZodMiniType; response: z.ZodMiniType }>;

export type MessageType = keyof typeof protocol;
export type RequestOf<T extends MessageType> = z.infer<(typeof protocol)[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<(typeof protocol)[T]['response']>;
/** Broadcast from the background to open extension pages when the keyring changed. */
export const KEYRING_CHANGED = 'seller-lens:keyring-changed';
