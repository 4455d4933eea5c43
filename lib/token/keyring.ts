/**
 * The keyring: every seller's WB API tokens, in `local:` extension storage only (never `sync:`).
 * Contexts: background only. The raw token leaves this module only towards WB's API hosts (see tokenFor);
 * everything else gets `TokenView`, which has no raw string.
 */
import { storage } from 'wxt/utils/storage';
import { capabilitiesFor, type Capability } from './capabilities';
import type { WbCategory } from './categories';
import {
  cleanTokenInput,
  decodeStoredToken,
  decodeWbToken,
  maskToken,
  type TokenError,
  type WbTokenInfo,
  type WbTokenType,
} from './decode';

export type TokenStatus =
  | { kind: 'unchecked' }
  | { kind: 'ok'; checkedAt: number }
  | { kind: 'expired' }
  | { kind: 'rejected'; reason: string; checkedAt: number };

interface StoredEntry {
  raw: string;
  label: string;
  addedAt: number;
  status: TokenStatus;
  /** Expiry reminders already sent, in days before expiry (0 = the "expired" notice). */
  reminded: number[];
}

interface KeyringData {
  /** Keyed by the token's own `id` claim, so adding the same token twice updates the entry. */
  entries: Record<string, StoredEntry>;
  /** Seller names from /api/v1/seller-info, keyed by seller id. */
  sellerNames: Record<string, string>;
}

export const keyringItem = storage.defineItem<KeyringData>('local:keyring', {
  fallback: { entries: {}, sellerNames: {} },
  version: 1,
});

/** What pages and content scripts may see of a token: never the raw string. */
export interface TokenView {
  id: string;
  sellerId: string;
  label: string;
  masked: string;
  type: WbTokenType;
  categories: WbCategory[];
  readOnly: boolean;
  sandbox: boolean;
  expiresAt: number;
  addedAt: number;
  status: TokenStatus;
}

export interface SellerView {
  sellerId: string;
  name: string | null;
  tokens: TokenView[];
  capabilities: Capability[];
}

/** A token ready for a WB call: the raw string plus what it is. Background only. */
export interface KeyringToken {
  raw: string;
  info: WbTokenInfo;
  status: TokenStatus;
}

export type AddResult = { ok: true; created: boolean; token: TokenView } | { ok: false; error: TokenError };

export interface Keyring {
  add(raw: string, label?: string): Promise<AddResult>;
  remove(tokenId: string): Promise<boolean>;
  removeSeller(sellerId: string): Promise<boolean>;
  sellers(): Promise<SellerView[]>;
  /** A token that can serve a call of `category` (`'any'` for common-api) for this seller, or null. */
  tokenFor(sellerId: string, category: WbCategory | 'any', opts?: { write?: boolean }): Promise<KeyringToken | null>;
  /** The raw token by id, for the seller's explicit "check token". Background only. */
  get(tokenId: string): Promise<KeyringToken | null>;
  setStatus(tokenId: string, status: TokenStatus): Promise<void>;
  markReminded(tokenId: string, thresholds: readonly number[]): Promise<void>;
  setSellerName(sellerId: string, name: string): Promise<void>;
  /** Raw entries with their reminder state, for the expiry task. */
  expiryInputs(): Promise<
    { tokenId: string; label: string; expiresAt: number; reminded: number[]; sandbox: boolean }[]
  >;
}

export interface KeyringDeps {
  now?: () => number;
  /** Deletes every stored row of a seller (wired to the database by the background). */
  purgeSellerData?: (sellerId: string) => Promise<void>;
}

const TYPE_NAMES_RU: Record<WbTokenType, string> = {
  base: 'Базовый',
  personal: 'Персональный',
  service: 'Сервисный',
  test: 'Тестовый',
  unknown: 'Токен',
};

/** «Персональный …a1b2»: the type and the end of the token's id, until the seller names it. */
function defaultLabel(info: WbTokenInfo): string {
  return `${TYPE_NAMES_RU[info.type]} …${info.id.slice(-4)}`;
}

function effectiveStatus(entry: StoredEntry, info: WbTokenInfo, now: number): TokenStatus {
  if (info.expiresAt.getTime() <= now) return { kind: 'expired' };
  return entry.status;
}

function toView(id: string, entry: StoredEntry, info: WbTokenInfo, now: number): TokenView {
  return {
    id,
    sellerId: info.sellerId,
    label: entry.label,
    masked: maskToken(entry.raw),
    type: info.type,
    categories: info.categories,
    readOnly: info.readOnly,
    sandbox: info.sandbox,
    expiresAt: info.expiresAt.getTime(),
    addedAt: entry.addedAt,
    status: effectiveStatus(entry, info, now),
  };
}

/** The keyring over `local:keyring`. Mutations are serialised so concurrent messages never lose an update. */
export function createKeyring(deps: KeyringDeps = {}): Keyring {
  const now = deps.now ?? (() => Date.now());
  let queue: Promise<unknown> = Promise.resolve();

  function mutate<T>(fn: (data: KeyringData) => { data: KeyringData | null; result: T }): Promise<T> {
    const run = queue.then(async () => {
      const data = await keyringItem.getValue();
      const { data: next, result } = fn(structuredClone(data));
      if (next) await keyringItem.setValue(next);
      return result;
    });
    queue = run.catch(() => undefined);
    return run;
  }

  async function decodedEntries(): Promise<{ id: string; entry: StoredEntry; info: WbTokenInfo }[]> {
    const data = await keyringItem.getValue();
    const out: { id: string; entry: StoredEntry; info: WbTokenInfo }[] = [];
    for (const [id, entry] of Object.entries(data.entries)) {
      const info = decodeStoredToken(entry.raw);
      if (info) out.push({ id, entry, info });
    }
    return out;
  }

  return {
    add(raw, label) {
      const decoded = decodeWbToken(raw, new Date(now()));
      if (!decoded.ok) return Promise.resolve({ ok: false as const, error: decoded.error });
      const info = decoded.token;
      const cleanLabel = label?.trim().slice(0, 80) || undefined;
      return mutate((data) => {
        const existing = data.entries[info.id];
        const entry: StoredEntry = existing
          ? { ...existing, raw: cleanTokenInput(raw), label: cleanLabel ?? existing.label }
          : {
              raw: cleanTokenInput(raw),
              label: cleanLabel ?? defaultLabel(info),
              addedAt: now(),
              status: { kind: 'unchecked' },
              reminded: [],
            };
        data.entries[info.id] = entry;
        return { data, result: { ok: true as const, created: !existing, token: toView(info.id, entry, info, now()) } };
      });
    },

    remove(tokenId) {
      return mutate((data) => {
        if (!data.entries[tokenId]) return { data: null, result: false };
        delete data.entries[tokenId];
        return { data, result: true };
      });
    },

    async removeSeller(sellerId) {
      const removed = await mutate((data) => {
        let any = false;
        for (const [id, entry] of Object.entries(data.entries)) {
          if (decodeStoredToken(entry.raw)?.sellerId === sellerId) {
            delete data.entries[id];
            any = true;
          }
        }
        if (sellerId in data.sellerNames) {
          delete data.sellerNames[sellerId];
          any = true;
        }
        return { data: any ? data : null, result: any };
      });
      await deps.purgeSellerData?.(sellerId);
      return removed;
    },

    async sellers() {
      const data = await keyringItem.getValue();
      const t = now();
      const bySeller = new Map<string, { views: TokenView[]; infos: { info: WbTokenInfo; usable: boolean }[] }>();
      for (const { id, entry, info } of await decodedEntries()) {
        const view = toView(id, entry, info, t);
        const group = bySeller.get(info.sellerId) ?? { views: [], infos: [] };
        group.views.push(view);
        group.infos.push({ info, usable: isUsable(view.status, info) });
        bySeller.set(info.sellerId, group);
      }
      return [...bySeller.entries()]
        .map(([sellerId, g]) => ({
          sellerId,
          name: data.sellerNames[sellerId] ?? null,
          tokens: g.views.sort((a, b) => a.addedAt - b.addedAt),
          capabilities: capabilitiesFor(g.infos),
        }))
        .sort((a, b) => (a.name ?? a.sellerId).localeCompare(b.name ?? b.sellerId, 'ru'));
    },

    async tokenFor(sellerId, category, opts = {}) {
      const t = now();
      const candidates = (await decodedEntries())
        .map(({ entry, info }) => ({ raw: entry.raw, info, status: effectiveStatus(entry, info, t) }))
        .filter(({ info, status }) => info.sellerId === sellerId && isUsable(status, info))
        .filter(({ info }) => category === 'any' || info.categories.includes(category))
        .filter(({ info }) => !opts.write || !info.readOnly);
      // Least privilege: a read prefers a read-only token; then higher limits (not Base); then the longest-lived.
      candidates.sort(
        (a, b) =>
          (opts.write ? 0 : Number(b.info.readOnly) - Number(a.info.readOnly)) ||
          Number(a.info.type === 'base') - Number(b.info.type === 'base') ||
          b.info.expiresAt.getTime() - a.info.expiresAt.getTime(),
      );
      return candidates[0] ?? null;
    },

    async get(tokenId) {
      const data = await keyringItem.getValue();
      const entry = data.entries[tokenId];
      const info = entry ? decodeStoredToken(entry.raw) : null;
      if (!entry || !info) return null;
      return { raw: entry.raw, info, status: effectiveStatus(entry, info, now()) };
    },

    setStatus(tokenId, status) {
      return mutate((data) => {
        const entry = data.entries[tokenId];
        if (!entry) return { data: null, result: undefined };
        entry.status = status;
        return { data, result: undefined };
      });
    },

    markReminded(tokenId, thresholds) {
      return mutate((data) => {
        const entry = data.entries[tokenId];
        if (!entry) return { data: null, result: undefined };
        entry.reminded = [...new Set([...entry.reminded, ...thresholds])].sort((a, b) => b - a);
        return { data, result: undefined };
      });
    },

    setSellerName(sellerId, name) {
      return mutate((data) => {
        if (data.sellerNames[sellerId] === name) return { data: null, result: undefined };
        data.sellerNames[sellerId] = name;
        return { data, result: undefined };
      });
    },

    async expiryInputs() {
      return (await decodedEntries()).map(({ id, entry, info }) => ({
        tokenId: id,
        label: entry.label,
        expiresAt: info.expiresAt.getTime(),
        reminded: entry.reminded,
        sandbox: info.sandbox,
      }));
    },
  };
}

function isUsable(status: TokenStatus, info: WbTokenInfo): boolean {
  return !info.sandbox && status.kind !== 'expired' && status.kind !== 'rejected';
}
