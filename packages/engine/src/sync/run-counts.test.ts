import { describe, expect, it } from 'vitest';
import { emptyRunCounts } from '../ports/runs.port';
import { MAX_RUN_ERRORS, addCounts, addTallies, emptyTally } from './run-counts';

describe('run counts', () => {
  it('adds every count, side by side, into a new object', () => {
    const a = emptyRunCounts();
    a.read.a = 3;
    a.created.b = 2;
    a.skipped = 1;
    const b = emptyRunCounts();
    b.read.a = 1;
    b.updated.a = 4;
    b.trashed = 1;
    const sum = addCounts(a, b);
    expect(sum).toEqual({ read: { a: 4, b: 0 }, created: { a: 0, b: 2 }, updated: { a: 4, b: 0 }, skipped: 1, excluded: 0, conflicts: 0, failed: 0, trashed: 1 });
    expect(a.read.a).toBe(3);
  });

  it('keeps the first errors only', () => {
    const error = (i: number) => ({ code: 'E', message: `m${i}`, recordId: `r${i}` });
    const first = { ...emptyTally(), errors: Array.from({ length: MAX_RUN_ERRORS - 1 }, (_, i) => error(i)) };
    const next = { ...emptyTally(), errors: [error(100), error(101)] };
    const sum = addTallies(first, next);
    expect(sum.errors).toHaveLength(MAX_RUN_ERRORS);
    expect(sum.errors.at(-1)).toEqual(error(100));
    expect(addTallies(sum, next).errors).toBe(sum.errors);
  });
});
