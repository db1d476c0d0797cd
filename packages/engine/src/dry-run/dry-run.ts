import { systemClock } from '../ports/clock.port';
import { runSync } from '../sync/run-sync';
import type { SyncRunOptions } from '../sync/run-options';
import { dryRunConnector } from './dry-run-connector';
import { PlanCollector, type DryRunPlan, type PlannedChange } from './dry-run-plan';
import { dryRunStores } from './dry-run-stores';

export interface DryRunOptions extends SyncRunOptions {
  /** How many planned changes the plan keeps as a sample (default 50). */
  sampleSize?: number;
  /** Every planned change, in the order the run meets them (for a full report). */
  onChange?: (change: PlannedChange) => void;
}

/**
 * What one sync run would do, without doing it: the real engine (rules, matching, conflicts,
 * planning; the same pipeline, page by page) reads both apps and decides, but every write is held
 * back: apps get no call that writes (see `dryRunConnector`), and links, checkpoints, history,
 * statuses, intents and the run itself stay in memory (see `dryRunStores`). A real run afterwards
 * finds everything as it was. Resolves with the plan; rejects as the real run would (an app
 * refusing the key, a bad mapping).
 * @example
 * const plan = await dryRun({ scope, config, connectors, stores });
 * console.log(plan.created.b, plan.apps.b.trashed, plan.sample[0]);
 */
export async function dryRun(options: DryRunOptions): Promise<DryRunPlan> {
  const clock = options.clock ?? systemClock;
  const collector = new PlanCollector(options.sampleSize ?? 50, options.onChange);
  const run = await runSync({
    ...options,
    stores: dryRunStores(options.stores, (events) => collector.add(events)),
    connectors: { a: dryRunConnector(options.connectors.a, 'a', clock), b: dryRunConnector(options.connectors.b, 'b', clock) },
  });
  return collector.plan(run.kind, run.counts);
}
