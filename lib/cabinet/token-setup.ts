/**
 * The guided token setup, as pure logic: what the seller wants → which token(s) to create in WB's form, the check
 * of a created token against those goals, spotting a WB-shaped token in text, and where to dock the guide.
 * Contexts: any (pure).
 */
import { capabilitiesFor, FEATURE_REQUIREMENTS, FEATURES, type Feature, type Missing } from '../token/capabilities';
import { CATEGORY_LABELS_RU, type WbCategory } from '../token/categories';
import { decodeWbToken, type WbTokenInfo } from '../token/decode';

/** What the seller can want: the keyring's features, plus product names and photos in the reports. */
export type Goal = Feature | 'cards';

export const GOALS: readonly Goal[] = [...FEATURES, 'cards'];

/** Product cards (names, photos) come from WB's content API, category «Контент», read access. */
const CARDS_CATEGORY: WbCategory = 'content';

function categoryOf(goal: Goal): WbCategory {
  return goal === 'cards' ? CARDS_CATEGORY : FEATURE_REQUIREMENTS[goal].category;
}

function needsWrite(goal: Goal): boolean {
  return goal !== 'cards' && FEATURE_REQUIREMENTS[goal].write;
}

/** The order categories are ticked in and grouped by: reports first, then stocks, products and ads. */
const CATEGORY_ORDER: readonly WbCategory[] = ['statistics', 'finance', 'analytics', 'content', 'promotion'];

/** One token to create in WB's form. */
export interface TokenPlan {
  /** Always Personal: for the seller's own use; Seller Lens keeps it in this browser, never passes it on. */
  type: 'personal';
  categories: WbCategory[];
  /** «Только чтение»: on unless a goal writes (the bidder changes bids). */
  readOnly: boolean;
  /** The goals this token serves: what its check is made against. */
  goals: Goal[];
  /** A name to type into WB's form, so the seller recognises the token later. */
  name: string;
}

function uniqueGoals(goals: readonly Goal[]): Goal[] {
  return GOALS.filter((g) => goals.includes(g));
}

function byOrder(categories: Iterable<WbCategory>): WbCategory[] {
  const set = new Set(categories);
  return CATEGORY_ORDER.filter((c) => set.has(c));
}

/** «Seller Lens · Статистика, Финансы»: short enough for WB's name field. */
export function suggestName(categories: readonly WbCategory[]): string {
  return `Seller Lens · ${categories.map((c) => CATEGORY_LABELS_RU[c]).join(', ')}`;
}

function plan(categories: WbCategory[], goals: readonly Goal[]): TokenPlan {
  const served = uniqueGoals(goals).filter((g) => categories.includes(categoryOf(g)));
  return {
    type: 'personal',
    categories,
    readOnly: !served.some(needsWrite),
    goals: served,
    name: suggestName(categories),
  };
}

/**
 * The token(s) to create for `goals`. One token holding every category, or (`split`) several tokens of one or two
 * categories each, as WB recommends; then only the token with «Продвижение» for the bidder has write access.
 */
export function recommendTokens(goals: readonly Goal[], split = false): TokenPlan[] {
  const wanted = uniqueGoals(goals);
  if (wanted.length === 0) return [];
  const all = byOrder(wanted.map(categoryOf));
  if (!split) return [plan(all, wanted)];
  const writes = byOrder(wanted.filter(needsWrite).map(categoryOf));
  const reads = all.filter((c) => !writes.includes(c));
  const groups: WbCategory[][] = writes.map((c) => [c]);
  for (let i = 0; i < reads.length; i += 2) groups.push(reads.slice(i, i + 2));
  return groups.map((g) => plan(g, wanted));
}

/** Whether splitting changes anything: more than two categories, or write access for some of them only. */
export function splitMatters(goals: readonly Goal[]): boolean {
  return recommendTokens(goals, true).length > 1;
}

export interface GoalProblem {
  goal: Goal;
  missing: Missing;
}

export interface GoalCheck {
  /** What the token lacks for each goal it does not serve. */
  problems: GoalProblem[];
  /** It serves some goals only as a Base token: WB's reduced limits apply. */
  baseLimited: boolean;
  /** A sandbox token: it never works with the seller's real data. */
  sandbox: boolean;
}

type CheckedToken = Pick<WbTokenInfo, 'type' | 'categories' | 'readOnly' | 'sandbox'>;

/** Checks a created token against the goals it was made for, with the keyring's own rules (FEATURE_REQUIREMENTS). */
export function checkTokenForGoals(token: CheckedToken, goals: readonly Goal[]): GoalCheck {
  const wanted = uniqueGoals(goals);
  // capabilitiesFor reads only type, categories and readOnly of a token.
  const info = { ...token } as WbTokenInfo;
  const caps = capabilitiesFor([{ info, usable: true }]);
  const problems: GoalProblem[] = [];
  let baseLimited = false;
  for (const goal of wanted) {
    if (goal === 'cards') {
      if (!token.categories.includes(CARDS_CATEGORY))
        problems.push({ goal, missing: { kind: 'category', category: CARDS_CATEGORY } });
      else if (token.type === 'base') baseLimited = true;
      continue;
    }
    const cap = caps.find((c) => c.feature === goal)!;
    if (cap.missing) problems.push({ goal, missing: cap.missing });
    else if (cap.baseLimited) baseLimited = true;
  }
  return { problems, baseLimited, sandbox: token.sandbox };
}

// Three base64url parts; header and payload are JSON objects, so both start with `eyJ` (`{"`).
const JWT_SHAPE = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/g;

/** Whether `s` is a WB API token: JWT-shaped, and its payload holds WB's claims (expired ones included). */
export function isWbToken(s: string): boolean {
  return decodeWbToken(s, new Date(0)).ok;
}

/** Every WB API token in `text`, in order of appearance. Used to notice a token, never to keep one. */
export function findWbTokens(text: string): string[] {
  if (!text.includes('eyJ')) return [];
  return (text.match(JWT_SHAPE) ?? []).filter(isWbToken);
}

/**
 * A fingerprint of a token (53-bit, cyrb53): lets the guide remember which tokens were on the page before it
 * started without keeping them. Not a security measure; it only has to tell two tokens apart.
 */
export function fingerprint(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Docked on the right or left side, or as a compact bar at the top right or bottom left. */
export type Placement = 'right' | 'left' | 'top' | 'bottom';

function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Where to dock the guide: never over `target` (the control it points at), and if it can be, not over `around`
 * either (WB's open form). Tries the right side, the left side, a compact bar at the top right, then at the bottom
 * left.
 */
export function choosePlacement(
  target: Rect | null,
  around: Rect | null,
  viewport: { width: number; height: number },
  panel: { width: number; barHeight: number },
  margin = 16,
): Placement {
  const pad = 8;
  const grow = (r: Rect) => ({ left: r.left - pad, top: r.top - pad, right: r.right + pad, bottom: r.bottom + pad });
  const { width: w, height: h } = viewport;
  const edge = margin + panel.width;
  const bar = margin + panel.barHeight;
  const candidates: [Placement, Rect][] = [
    ['right', { left: w - edge, top: 0, right: w, bottom: h }],
    ['left', { left: 0, top: 0, right: edge, bottom: h }],
    ['top', { left: w - edge, top: 0, right: w, bottom: bar }],
    ['bottom', { left: 0, top: h - bar, right: edge, bottom: h }],
  ];
  const free = (avoid: Rect[]) => candidates.find(([, r]) => !avoid.some((a) => overlaps(grow(a), r)))?.[0];
  const must = target ? [target] : [];
  return free(around ? [...must, around] : must) ?? free(must) ?? 'top';
}
