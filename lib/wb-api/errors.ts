/**
 * WB's error bodies (`application/problem+json`, wb-api.md §5) and reading them. Contexts: background.
 */
import { z } from 'zod/mini';

export const problemBody = z.object({
  title: z.optional(z.string()),
  detail: z.optional(z.string()),
  status: z.optional(z.number()),
  origin: z.optional(z.string()),
});

/** WB's reason from an error body, e.g. "token expired"; falls back to the HTTP status text. */
export async function readProblemDetail(res: Response): Promise<string> {
  try {
    const text = await res.text();
    const parsed = problemBody.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data.detail ?? parsed.data.title ?? `HTTP ${res.status}`;
  } catch {
    // not JSON: fall through to the status line
  }
  return `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
}
