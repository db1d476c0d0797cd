import { describe, expect, it } from 'vitest';
import { createVirtualClock } from './clock';
import { RequestBudget, getRequestBudget, readRateLimitHeaders } from './request-budget';

describe('RequestBudget', () => {
  it('allows a burst of `capacity`, then paces at the refill rate', async () => {
    const clock = createVirtualClock();
    const budget = new RequestBudget({ capacity: 3, refillPerSecond: 2 }, clock);
    const start = clock.now();
    for (let i = 0; i < 3; i++) await budget.take();
    expect(clock.now()).toBe(start);
    for (let i = 0; i < 4; i++) await budget.take();
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000);
    expect(clock.now() - start).toBeLessThan(2100);
  });

  it('spreads what the vendor says is left over its window, and stops at the reserve', async () => {
    const clock = createVirtualClock();
    const budget = new RequestBudget({ capacity: 50, refillPerSecond: 50, reserveRatio: 0.1 }, clock);
    budget.observe({ limit: 100, remaining: 30, resetInMs: 10_000 }); // 20 usable over 10 s → 2/s
    const start = clock.now();
    for (let i = 0; i < 30; i++) await budget.take();
    expect(clock.now() - start).toBeGreaterThanOrEqual(4_000);
    budget.observe({ limit: 100, remaining: 8, resetInMs: 7_000 });
    const before = clock.now();
    await budget.take();
    expect(clock.now() - before).toBeGreaterThanOrEqual(7_000);
  });

  it('is shared per app account', () => {
    const a = getRequestBudget('app-x', 'acct-1', { capacity: 1, refillPerSecond: 1 });
    expect(getRequestBudget('app-x', 'acct-1', { capacity: 9, refillPerSecond: 9 })).toBe(a);
    expect(getRequestBudget('app-x', 'acct-2', { capacity: 1, refillPerSecond: 1 })).not.toBe(a);
  });

  it('honours an aborted signal while waiting', async () => {
    const budget = new RequestBudget({ capacity: 1, refillPerSecond: 0.001 });
    await budget.take();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('cancelled')), 10);
    await expect(budget.take(ac.signal)).rejects.toThrow('cancelled');
  });
});

describe('readRateLimitHeaders', () => {
  it('reads IETF, X-RateLimit and HubSpot headers', () => {
    expect(readRateLimitHeaders(new Headers({ 'ratelimit-remaining': '4', 'ratelimit-limit': '10', 'ratelimit-reset': '3' }), 0)).toEqual({
      remaining: 4,
      limit: 10,
      resetInMs: 3000,
    });
    expect(readRateLimitHeaders(new Headers({ 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '1700000010' }), 1_700_000_000_000).resetInMs).toBe(10_000);
    expect(
      readRateLimitHeaders(new Headers({ 'x-hubspot-ratelimit-remaining': '90', 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-interval-milliseconds': '10000' }), 0),
    ).toEqual({ remaining: 90, limit: 100, resetInMs: 10_000 });
    expect(readRateLimitHeaders(new Headers(), 0).remaining).toBeUndefined();
  });
});
