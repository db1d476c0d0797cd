import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially within ±25 % jitter, caps, and honours Retry-After', () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const base = 1000 * 2 ** (attempt - 1);
      const d = backoffDelay(attempt, 'conn');
      expect(d).toBeGreaterThanOrEqual(base * 0.75);
      expect(d).toBeLessThanOrEqual(base * 1.25);
    }
    expect(backoffDelay(40, 'conn')).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.25);
    expect(backoffDelay(1, 'conn', 2_000)).toBeGreaterThanOrEqual(2_000);
    expect(backoffDelay(3, 'conn')).toBe(backoffDelay(3, 'conn'));
    expect(new Set(['a', 'b', 'c', 'd'].map((s) => backoffDelay(5, s))).size).toBeGreaterThan(1);
  });
});
