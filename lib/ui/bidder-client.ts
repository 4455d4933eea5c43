/**
 * The bidder as the dashboard sees it: state and the audit log by message (the background owns the rules' runs and
 * the kill switch), campaigns and bids straight from IndexedDB, refreshed on the background's broadcast.
 * Contexts: extension pages.
 */
import { signal } from '@preact/signals';
import browser from 'webextension-polyfill';
import { sellerCampaigns } from '../db/ads';
import { ofSeller, SellerLensDb } from '../db/schema';
import { sendMessage, type RequestOf, type ResponseOf } from '../messaging';
import { BIDDER_CHANGED } from '../messaging/bidder-protocol';

export const bidderState = signal<ResponseOf<'bidder.state'> | null>(null);
export const bidderAudit = signal<ResponseOf<'bidder.audit'>['entries']>([]);
export const bidderCampaigns = signal<
  {
    advertId: number;
    name: string;
    status: number;
    bidType: string;
    items: { nmId: number; subjectName: string; search: number; recommendations: number }[];
  }[]
>([]);
export const bidderBusy = signal(false);

export type AuditFilters = RequestOf<'bidder.audit'>['filters'];

let db: SellerLensDb | undefined;
const pageDb = () => (db ??= new SellerLensDb());

/** Campaigns WB lets the bidder change (ready, active, paused), with their items' current bids. */
export async function loadCampaigns(sellerId: string): Promise<void> {
  const [campaigns, bids] = await Promise.all([
    sellerCampaigns(pageDb(), sellerId),
    ofSeller(pageDb().bids, sellerId).toArray(),
  ]);
  bidderCampaigns.value = campaigns
    .filter((c) => [4, 9, 11].includes(c.status))
    .sort((a, b) => a.status - b.status || a.advertId - b.advertId)
    .map((c) => ({
      advertId: c.advertId,
      name: c.name,
      status: c.status,
      bidType: c.bidType,
      items: bids
        .filter((b) => b.advertId === c.advertId)
        .map((b) => ({
          nmId: b.nmId,
          subjectName: b.subjectName,
          search: b.search,
          recommendations: b.recommendations,
        })),
    }));
}

export async function refreshBidder(sellerId: string, filters: AuditFilters = {}): Promise<void> {
  try {
    const [state, audit] = await Promise.all([
      sendMessage('bidder.state', { sellerId }),
      sendMessage('bidder.audit', { sellerId, filters, limit: 1000 }),
    ]);
    bidderState.value = state;
    bidderAudit.value = audit.entries;
    await loadCampaigns(sellerId);
  } catch {
    // The keyring view already says when the background does not answer.
  }
}

/** Refetches on the background's broadcast. Returns the stop function. */
export function watchBidder(onChange: () => void): () => void {
  const listener = (msg: unknown) => {
    if (typeof msg === 'object' && msg !== null && (msg as { ns?: unknown }).ns === BIDDER_CHANGED) onChange();
    return undefined;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** Saves a rule; resolves to an error message, or null. */
export async function saveRule(draft: RequestOf<'bidder.saveRule'>): Promise<string | null> {
  const r = await sendMessage('bidder.saveRule', draft);
  return r.ok ? null : r.error;
}

export async function setRuleMode(sellerId: string, ruleId: string, mode: 'live' | 'dry-run'): Promise<void> {
  await sendMessage('bidder.setMode', { sellerId, ruleId, mode });
}

/** Pauses or resumes a rule (its bids are left alone while paused). */
export async function setRulePaused(sellerId: string, ruleId: string, paused: boolean): Promise<void> {
  await sendMessage('bidder.setPaused', { sellerId, ruleId, paused });
}

export async function deleteRule(sellerId: string, ruleId: string): Promise<void> {
  await sendMessage('bidder.deleteRule', { sellerId, ruleId });
}

export async function setKillSwitch(on: boolean): Promise<void> {
  await sendMessage('bidder.setKillSwitch', { on });
}

/** «Проверить сейчас»: one check now. */
export async function runNow(sellerId: string): Promise<void> {
  bidderBusy.value = true;
  try {
    await sendMessage('bidder.runNow', { sellerId });
  } finally {
    bidderBusy.value = false;
  }
}
