import { hashString } from '../sync/content-hash';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 15 * 60_000;

/**
 * The wait before retry number `attempt` (1-based): exponential from 1 s, capped at 15 min, with
 * ±25 % jitter drawn deterministically from `seed` (so replays and tests see the same waits, while
 * connections with different seeds spread out), and never shorter than the app's Retry-After. Pure.
 * @example backoffDelay(3, 'conn-1', 6_000) // ≥ 6000: the app asked for 6 s
 */
export function backoffDelay(attempt: number, seed: string, retryAfterMs?: number): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  const unit = parseInt(hashString(`${seed}:${attempt}`), 36) / 2 ** 53; // [0, 1)
  const jittered = Math.round(exp * (0.75 + unit * 0.5));
  return Math.max(jittered, retryAfterMs ?? 0);
}
