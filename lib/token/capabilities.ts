/**
 * Which features the keyring can serve, and exactly what token is missing for the rest. Contexts: any (pure).
 */
import type { WbCategory } from './categories';
import type { WbTokenInfo } from './decode';

export type Feature = 'orders' | 'stocks' | 'finance' | 'ads' | 'bidder';

export const FEATURES: readonly Feature[] = ['orders', 'stocks', 'finance', 'ads', 'bidder'];

interface Requirement {
  category: WbCategory;
  write: boolean;
  /** WB refuses a plain Base token on this feature's methods (x-token-types without Base). */
  notBase: boolean;
}

/** wb-api.md §3, §4 and §9: what each feature needs from a token. */
export const FEATURE_REQUIREMENTS: Record<Feature, Requirement> = {
  orders: { category: 'statistics', write: false, notBase: false },
  stocks: { category: 'analytics', write: false, notBase: true },
  finance: { category: 'finance', write: false, notBase: false },
  ads: { category: 'promotion', write: false, notBase: false },
  bidder: { category: 'promotion', write: true, notBase: false },
};

export type Missing =
  | { kind: 'category'; category: WbCategory }
  | { kind: 'write'; category: WbCategory }
  | { kind: 'notBase'; category: WbCategory };

export interface Capability {
  feature: Feature;
  ok: boolean;
  /** What to create when `ok` is false. */
  missing: Missing | null;
  /** Served only by a Base token, so WB's reduced limits apply. */
  baseLimited: boolean;
}

/** A token is usable for production calls when it is not a sandbox token, not expired and not rejected by WB. */
export interface UsableToken {
  info: WbTokenInfo;
  usable: boolean;
}

function serves(info: WbTokenInfo, req: Requirement): boolean {
  if (!info.categories.includes(req.category)) return false;
  if (req.write && info.readOnly) return false;
  if (req.notBase && info.type === 'base') return false;
  return true;
}

/** The capability view for one seller's tokens. */
export function capabilitiesFor(tokens: readonly UsableToken[]): Capability[] {
  const usable = tokens.filter((t) => t.usable).map((t) => t.info);
  return FEATURES.map((feature) => {
    const req = FEATURE_REQUIREMENTS[feature];
    const serving = usable.filter((i) => serves(i, req));
    if (serving.length > 0) {
      return { feature, ok: true, missing: null, baseLimited: serving.every((i) => i.type === 'base') };
    }
    const withCategory = usable.filter((i) => i.categories.includes(req.category));
    let missing: Missing = { kind: 'category', category: req.category };
    if (withCategory.some((i) => !(req.notBase && i.type === 'base')))
      missing = { kind: 'write', category: req.category };
    else if (withCategory.length > 0 && req.notBase) missing = { kind: 'notBase', category: req.category };
    return { feature, ok: false, missing, baseLimited: false };
  });
}
