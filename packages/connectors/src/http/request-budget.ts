import { type Clock, systemClock } from './clock';

export interface RequestBudgetOptions {
  /** Burst size: requests that may go out back to back. */
  capacity: number;
  /** Steady rate the bucket refills at. */
  refillPerSecond: number;
  /**
   * Share of the vendor's window kept in reserve: when the vendor reports fewer remaining requests
   * than this (e.g. 10% of the limit), we stop until its window resets instead of running into 429s.
   */
  reserveRatio?: number;
}

/** What a vendor told us about its rate-limit window (see `readRateLimitHeaders`). */
export interface RateLimitInfo {
  remaining?: number;
  limit?: number;
  /** Milliseconds until the vendor's window resets. */
  resetInMs?: number;
}

/**
 * A token bucket for one app account. Every connection of that account in this process shares it
 * (see `getRequestBudget`), so ten connections to one Pipedrive company together stay under its limit.
 * Vendors' rate-limit headers feed it (`observe`), so it slows down before the limit, and a 429
 * pauses every caller (`pauseFor`).
 */
export class RequestBudget {
  private tokens: number;
  private lastRefill: number;
  private blockedUntil = 0;
  private pacedRate: number | undefined;
  private pacedUntil = 0;

  constructor(
    readonly options: RequestBudgetOptions,
    private readonly clock: Clock = systemClock,
  ) {
    this.tokens = options.capacity;
    this.lastRefill = clock.now();
  }

  /** Waits until a request may go out, then spends one token. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      if (this.blockedUntil > now) {
        await this.clock.sleep(this.blockedUntil - now, signal);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.tokens) / this.rate(now)) * 1000);
      await this.clock.sleep(Math.max(1, waitMs), signal);
    }
  }

  /** Stops every caller for `ms` (a 429 with Retry-After, or a reset we must wait for). */
  pauseFor(ms: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + ms);
  }

  /** Adjusts to what the vendor reported: spreads the remaining requests over its window. */
  observe(info: RateLimitInfo): void {
    if (info.remaining === undefined) return;
    const now = this.clock.now();
    this.refill(now);
    const reserve = info.limit ? Math.max(1, Math.ceil(info.limit * (this.options.reserveRatio ?? 0.1))) : 1;
    const usable = info.remaining - reserve;
    if (usable <= 0) {
      if (info.resetInMs !== undefined) this.pauseFor(info.resetInMs);
      else this.tokens = Math.min(this.tokens, 0);
      return;
    }
    this.tokens = Math.min(this.tokens, usable);
    if (info.resetInMs !== undefined && info.resetInMs > 0) {
      const rate = usable / (info.resetInMs / 1000);
      if (rate < this.options.refillPerSecond) {
        this.pacedRate = rate;
        this.pacedUntil = now + info.resetInMs;
      }
    }
  }

  private rate(now: number): number {
    return this.pacedRate !== undefined && now < this.pacedUntil ? this.pacedRate : this.options.refillPerSecond;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.lastRefill) / 1000;
    this.lastRefill = now;
    this.tokens = Math.min(this.options.capacity, this.tokens + elapsed * this.rate(now));
  }
}

const budgets = new Map<string, RequestBudget>();

/**
 * The process-wide budget for one app account (`app` + `account`), created on first use with
 * `options`; later callers get the same bucket whatever options they pass.
 * @example const budget = getRequestBudget('pipedrive', companyDomain, { capacity: 20, refillPerSecond: 8 });
 */
export function getRequestBudget(
  app: string,
  account: string,
  options: RequestBudgetOptions,
  clock: Clock = systemClock,
): RequestBudget {
  const key = `${app}\u0000${account}`;
  let budget = budgets.get(key);
  if (!budget) {
    budget = new RequestBudget(options, clock);
    budgets.set(key, budget);
  }
  return budget;
}

/**
 * Reads common rate-limit headers: IETF `RateLimit-Remaining/-Limit/-Reset`, `X-RateLimit-*`
 * (Pipedrive, many others; reset in seconds, or an epoch timestamp) and HubSpot's
 * `X-HubSpot-RateLimit-Remaining` with `-Interval-Milliseconds`. Pure.
 */
export function readRateLimitHeaders(headers: Headers, nowMs: number): RateLimitInfo {
  const num = (name: string): number | undefined => {
    const v = headers.get(name);
    if (v == null || v.trim() === '') return undefined;
    const n = Number(v.split(',')[0]);
    return Number.isFinite(n) ? n : undefined;
  };
  const remaining = num('ratelimit-remaining') ?? num('x-ratelimit-remaining') ?? num('x-hubspot-ratelimit-remaining');
  const limit = num('ratelimit-limit') ?? num('x-ratelimit-limit') ?? num('x-hubspot-ratelimit-max');
  let resetInMs: number | undefined;
  const reset = num('ratelimit-reset') ?? num('x-ratelimit-reset');
  if (reset !== undefined) {
    // Large values are epoch seconds, small ones are seconds from now.
    resetInMs = reset > 1_000_000_000 ? Math.max(0, reset * 1000 - nowMs) : reset * 1000;
  } else {
    resetInMs = num('x-hubspot-ratelimit-interval-milliseconds');
  }
  return { remaining, limit, resetInMs };
}
