/**
 * Types of WB's published rate-limit table (generated from `x-wb-rate-limits` in ../shared/wb-openapi/limits-2026-08
 * by `npm run gen:limits` into rate-limits.generated.ts). Contexts: any (pure data).
 */

/** The token kinds WB's tables distinguish. A Base token sent with a service secret is 'baseWithSecret'. */
export type LimitTokenKind = 'personal' | 'service' | 'baseWithSecret' | 'base' | 'test';

/** One row of WB's table: `limit` requests per `periodMs`, one token every `intervalMs`, bucket size `burst`. */
export interface RateLimitRule {
  periodMs: number;
  limit: number;
  intervalMs: number;
  burst: number;
}

export interface OperationLimits {
  /** `GET /api/v1/supplier/orders` — method in upper case and the path as in WB's spec. */
  operation: string;
  /** WB's production host for the operation, e.g. `statistics-api.wildberries.ru`. */
  host: string;
  /**
   * The bucket the operation draws from. Operations under one of WB's shared scopes ("for all methods in the
   * Content category", …) share a bucket name; others use their own operation key.
   */
  bucket: string;
  /** The limit per token kind. A kind that is absent means: the row for all types (`all`) applies. */
  byKind: Partial<Record<LimitTokenKind | 'all', RateLimitRule>>;
  /** `x-token-types` where WB restricts which token types may call the operation; null = all types. */
  tokenTypes: LimitTokenKind[] | null;
  /** WB's documentation page for the operation (the `source` of the block). */
  source: string;
}
