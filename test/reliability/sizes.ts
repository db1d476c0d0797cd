/**
 * Scenario sizes. `pnpm test` runs the small version of each scenario (a few minutes in all);
 * `pnpm reliability` sets SLUICE_RELIABILITY=full for the campaign. Each size can also be
 * set on its own (e.g. SLUICE_REL_KILL_RECORDS=20000 SLUICE_REL_KILL_SEEDS=5).
 */
const full = process.env.SLUICE_RELIABILITY === 'full';

function size(name: string, small: number, large: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : full ? large : small;
}

export const sizes = {
  full,
  /** Records in A of the two-way initial sync that a worker SIGKILL interrupts (B holds half as many). */
  killRecords: size('SLUICE_REL_KILL_RECORDS', 1_000, 50_000),
  killSeeds: size('SLUICE_REL_KILL_SEEDS', 1, 20),
  /** First seed (to continue a campaign on another machine or later). */
  killFirstSeed: size('SLUICE_REL_KILL_FIRST_SEED', 1, 1),
  /** Records in A when the database is killed mid-run. */
  dbRecords: size('SLUICE_REL_DB_RECORDS', 1_000, 20_000),
  /** Lease of the takeover scenario (the real `sluice worker` uses 60 s). */
  leaseMs: size('SLUICE_REL_LEASE_MS', 5_000, 60_000),
  /** Prospects in the fake Woodpecker of the connector-fault scenario. */
  faultRecords: size('SLUICE_REL_FAULT_RECORDS', 550, 5_000),
  /** Connections and length of the soak. */
  soakConnections: size('SLUICE_REL_SOAK_CONNECTIONS', 2, 10),
  soakSeconds: size('SLUICE_REL_SOAK_SECONDS', 40, 600),
  /** How often the soak's worker logs its live heap after a forced full GC. */
  soakMemoryMs: size('SLUICE_REL_SOAK_MEMORY_MS', 1_000, 10_000),
};

/** A seeded PRNG, so each seed's kill point is reproducible (the one graph tests and the bench use). */
export { seededRandom as prng } from '@sluice/graph/testing';

/** Appends one scenario's figures to SLUICE_REL_REPORT (a JSON-lines file) for docs/reliability.md. */
export async function report(scenario: string, figures: Record<string, unknown>): Promise<void> {
  const path = process.env.SLUICE_REL_REPORT;
  if (!path) return;
  const { appendFile } = await import('node:fs/promises');
  await appendFile(path, `${JSON.stringify({ scenario, at: new Date().toISOString(), ...figures })}\n`);
}
