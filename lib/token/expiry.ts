/**
 * Expiry reminders at 14, 7, 3 and 1 days before `exp`, and the toolbar badge. Contexts: any (pure).
 */

export const REMINDER_DAYS = [14, 7, 3, 1] as const;
const DAY_MS = 86_400_000;

export interface ExpiryInput {
  tokenId: string;
  expiresAt: number;
  /** Thresholds (in days) already reminded; 0 means the "expired" notice was sent. */
  reminded: readonly number[];
  /** Sandbox tokens never serve production data, so they raise no reminders. */
  sandbox: boolean;
}

export interface DueReminder {
  tokenId: string;
  /** The threshold crossed (days), or 0 when the token has expired. */
  threshold: number;
  /** Every threshold that this reminder settles (a token added 2 days before expiry settles 14, 7 and 3 at once). */
  settles: number[];
}

/** Reminders due at `now`: at most one per token, for the tightest threshold crossed and not yet reminded. */
export function dueReminders(tokens: readonly ExpiryInput[], now: number): DueReminder[] {
  const due: DueReminder[] = [];
  for (const tok of tokens) {
    if (tok.sandbox) continue;
    const left = tok.expiresAt - now;
    const crossed = left <= 0 ? [...REMINDER_DAYS, 0] : REMINDER_DAYS.filter((d) => left <= d * DAY_MS);
    const fresh = crossed.filter((d) => !tok.reminded.includes(d));
    if (fresh.length === 0) continue;
    due.push({ tokenId: tok.tokenId, threshold: Math.min(...fresh), settles: fresh });
  }
  return due;
}

export interface BadgeState {
  text: string;
  color: string;
  /** Milliseconds left on the soonest-expiring token within 14 days, null when none. */
  soonestMs: number | null;
}

/** The toolbar badge: «!» for an expired token, days left (≤14) for the soonest, empty otherwise. */
export function badgeState(tokens: readonly ExpiryInput[], now: number): BadgeState {
  const live = tokens.filter((t) => !t.sandbox);
  if (live.some((t) => t.expiresAt <= now)) return { text: '!', color: '#d92d20', soonestMs: 0 };
  const soonest = Math.min(...live.map((t) => t.expiresAt - now));
  if (!Number.isFinite(soonest) || soonest > 14 * DAY_MS) return { text: '', color: '#7a2bd6', soonestMs: null };
  const days = Math.ceil(soonest / DAY_MS);
  return { text: String(days), color: days <= 3 ? '#d92d20' : '#f79009', soonestMs: soonest };
}
