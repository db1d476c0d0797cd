/**
 * Time as the HTTP helper sees it. Injected so tests run retries, backoff and rate-limit waits in
 * simulated time instead of real waits.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A clock whose `sleep` returns at once and moves simulated time forward; `slept` lists every wait. */
export interface VirtualClock extends Clock {
  readonly slept: number[];
  /** Total simulated time waited so far. */
  totalSleptMs(): number;
  advance(ms: number): void;
}

/**
 * Simulated time for tests: sleeping advances `now()` instantly, so a "wait 2 s" costs nothing.
 * @example
 * const clock = createVirtualClock();
 * const http = createHttpClient({ ..., clock });
 * await http.get('/x'); // after three 429s with Retry-After: 2
 * expect(clock.totalSleptMs()).toBeGreaterThanOrEqual(6000);
 */
export function createVirtualClock(startMs = Date.UTC(2026, 0, 1)): VirtualClock {
  let now = startMs;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    totalSleptMs: () => slept.reduce((a, b) => a + b, 0),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      const wait = Math.max(0, ms);
      slept.push(wait);
      now += wait;
    },
  };
}
