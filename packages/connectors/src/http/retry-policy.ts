/** How the HTTP helper retries: exponential backoff with full jitter, capped, honouring Retry-After. */
export interface RetryPolicy {
  /** Retries after the first attempt (so `retries: 4` means up to 5 attempts). */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After we wait for inside one request; longer ones surface as OperationalError. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retries: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
};

/**
 * Delay before retry number `attempt` (0-based): a random value in [d/2, d] with d = base·2^attempt,
 * capped at `maxDelayMs` ("equal jitter": spreads clients out yet never retries instantly). Pure.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Parses a `Retry-After` header: delta-seconds (`"2"`, `"1.5"`) or an HTTP date. Returns milliseconds
 * to wait from `nowMs` (never negative), or undefined when absent or unreadable. Pure.
 * @example parseRetryAfter('2', 0) // 2000
 * @example parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')) // 60000
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // an HTTP date names its weekday/month
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
