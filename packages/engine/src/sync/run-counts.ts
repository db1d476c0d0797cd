import { emptyRunCounts, type RunCounts, type RunError } from '../ports/runs.port';

/** Runs keep the first errors only; per-record failures are in the record events. */
export const MAX_RUN_ERRORS = 50;

/** What one step of a run (a page, a replayed batch) counted, and the first errors it met. */
export interface Tally {
  counts: RunCounts;
  errors: RunError[];
}

/** `a + b`, side by side, as a new object. Pure. */
export function addCounts(a: RunCounts, b: RunCounts): RunCounts {
  const out = emptyRunCounts();
  for (const side of ['a', 'b'] as const) {
    out.read[side] = a.read[side] + b.read[side];
    out.created[side] = a.created[side] + b.created[side];
    out.updated[side] = a.updated[side] + b.updated[side];
  }
  out.skipped = a.skipped + b.skipped;
  out.excluded = a.excluded + b.excluded;
  out.conflicts = a.conflicts + b.conflicts;
  out.failed = a.failed + b.failed;
  out.trashed = a.trashed + b.trashed;
  return out;
}

/** Both tallies in one: counts added, errors in order up to {@link MAX_RUN_ERRORS}. Pure. */
export function addTallies(a: Tally, b: Tally): Tally {
  const errors = b.errors.length === 0 || a.errors.length >= MAX_RUN_ERRORS ? a.errors : [...a.errors, ...b.errors].slice(0, MAX_RUN_ERRORS);
  return { counts: addCounts(a.counts, b.counts), errors };
}

/** A tally of nothing. Pure. */
export function emptyTally(): Tally {
  return { counts: emptyRunCounts(), errors: [] };
}
