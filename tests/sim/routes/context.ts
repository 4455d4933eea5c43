/** What a route handler gets: the parsed request, the authenticated seller, the virtual time. */
import type { WbTokenInfo } from '../../../lib/token/decode';
import type { Auction } from '../auction';
import type { SellerDataset } from '../dataset/seller';
import type { ErrorFactory } from '../respond';
import type { SimResponse } from '../types';

export interface RouteSettings {
  /** Rows per statistics page (flag=0); WB's is about 80,000. */
  statisticsPageCap: number | { orders?: number; sales?: number };
  /** Answer [] when a flag=0 page would hold nothing newer than dateFrom (see OrderStore.ordersChangedSince). */
  statisticsEmptyAtEnd: boolean;
}

export interface RouteCtx {
  method: string;
  /** Production host (a sandbox hostname maps to its production twin). */
  host: string;
  sandbox: boolean;
  path: string;
  query: URLSearchParams;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  body: string | null;
  seller: SellerDataset;
  token: WbTokenInfo;
  nowMs: number;
  nowSec: number;
  errors: ErrorFactory;
  settings: RouteSettings;
  /** Competitors' bids for the items a test put into the auction (positions in fullstats). */
  auction: Auction;
}

export interface Route {
  method: string;
  host: string;
  path: string;
  handler: (ctx: RouteCtx) => SimResponse;
}

/** Parses a JSON request body; `undefined` when it is not JSON. */
export function parseBody(ctx: RouteCtx): unknown {
  if (ctx.body === null || ctx.body === '') return undefined;
  try {
    return JSON.parse(ctx.body) as unknown;
  } catch {
    return undefined;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isIntArray(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => Number.isInteger(x));
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}
