/**
 * The wait before the next attempt after `failures` failures in a row: exponential from 5 s, at most
 * 15 minutes, ±25 % jitter, never shorter than what the app asked for (Retry-After). Pure when
 * `random` is given.
 */
export function retryDelay(failures: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(15 * 60_000, 5_000 * 2 ** Math.max(0, failures - 1));
  return Math.max(Math.round(exp * (0.75 + random() * 0.5)), retryAfterMs ?? 0);
}
