import type { RunCounts } from '../ports/runs.port';

/** The one-line result of a run, as `sluice sync --json` prints it (DESIGN.md). */
export interface RunSummary {
  created: { a: number; b: number };
  updated: { a: number; b: number };
  skipped: number;
  conflicts: number;
  failed: number;
}

/** Pure. */
export function runSummary(counts: RunCounts): RunSummary {
  return {
    created: { ...counts.created },
    updated: { ...counts.updated },
    skipped: counts.skipped,
    conflicts: counts.conflicts,
    failed: counts.failed,
  };
}
