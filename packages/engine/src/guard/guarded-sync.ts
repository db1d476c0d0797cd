import { UserError } from '@sluice/core';
import type { GuardLimits } from '../config/connection-config.schema';
import { dryRun } from '../dry-run/dry-run';
import type { DryRunPlan } from '../dry-run/dry-run-plan';
import { GUARD_TRIPPED } from '../machine/connection.machine';
import { systemClock } from '../ports/clock.port';
import type { Run } from '../ports/runs.port';
import type { Side } from '../ports/scope.port';
import type { SyncRunOptions } from '../sync/run-options';
import { runSync } from '../sync/run-sync';

/** One limit of the guard a plan goes past, in one app. */
export interface GuardBreach {
  app: Side;
  limit: 'maxChanges' | 'maxShare';
  /** Records the run would change in `app` (for `maxShare`: existing records it would update or trash). */
  planned: number;
  /** For `maxShare`: the records of `app` Sluice knows of, the share's base. */
  of?: number;
  allowed: number;
}

/**
 * The limits of `guard` a plan goes past, per app. `maxChanges` counts every record the run would
 * create, update or trash in an app; `maxShare` compares the existing records it would update or
 * trash with the records Sluice knows the app holds (`known`: the larger of its links and of the
 * records the plan read there), so a first sync into an empty app is held only by `maxChanges`. Pure.
 */
export function guardBreaches(plan: DryRunPlan, guard: GuardLimits, known: Record<Side, number>): GuardBreach[] {
  const out: GuardBreach[] = [];
  for (const app of ['a', 'b'] as const) {
    const p = plan.apps[app];
    const changes = p.created + p.updated + p.trashed;
    if (guard.maxChanges !== undefined && changes > guard.maxChanges) out.push({ app, limit: 'maxChanges', planned: changes, allowed: guard.maxChanges });
    const existing = p.updated + p.trashed;
    const of = known[app];
    if (guard.maxShare !== undefined && of > 0 && existing / of > guard.maxShare) out.push({ app, limit: 'maxShare', planned: existing, of, allowed: guard.maxShare });
  }
  return out;
}

/** The breaches in one sentence. Pure. */
export function guardMessage(breaches: readonly GuardBreach[]): string {
  const parts = breaches.map((b) =>
    b.limit === 'maxChanges'
      ? `change ${b.planned.toLocaleString('en')} records in ${b.app.toUpperCase()} (the guard allows ${b.allowed.toLocaleString('en')})`
      : `change ${Math.round((b.planned / b.of!) * 100)} % of ${b.app.toUpperCase()}'s ${b.of!.toLocaleString('en')} records (the guard allows ${Math.round(b.allowed * 100)} %)`,
  );
  return `The guard held this run back before its first write: it would ${parts.join(' and ')}. Nothing was written.`;
}

export interface GuardedSyncOptions extends SyncRunOptions {
  /** A person approved this run: it runs whatever its plan. */
  approved?: boolean;
}

/** What a guard that tripped hands back with its error (`UserError.details`). */
export interface GuardTrip {
  runId: string;
  breaches: GuardBreach[];
  plan: DryRunPlan;
}

/**
 * A sync run under the connection's `options.guard`: without a guard, or approved, it is `runSync`.
 * Otherwise the run is first planned (a dry run: reads only), and when the plan goes past a limit it
 * stops there, before any write: the run is stored as `guarded` with its planned counts and the
 * promise rejects with `UserError('E_GUARD_TRIPPED')` (details: `GuardTrip`). A plan within the
 * limits runs for real at once (its pages are read a second time).
 */
export async function guardedSync(options: GuardedSyncOptions): Promise<Run> {
  const guard = options.config.options.guard;
  if (!guard || options.approved || (guard.maxChanges === undefined && guard.maxShare === undefined)) return runSync(options);
  const { onProgress: _progress, ...quiet } = options;
  const plan = await dryRun({ ...quiet, newId: () => 'guard-plan', sampleSize: 20 });
  const links = await options.stores.links.count(options.scope);
  const breaches = guardBreaches(plan, guard, { a: Math.max(links, plan.counts.read.a), b: Math.max(links, plan.counts.read.b) });
  if (breaches.length === 0) return runSync(options);
  const clock = options.clock ?? systemClock;
  const id = (options.newId ?? (() => globalThis.crypto.randomUUID()))();
  const message = guardMessage(breaches);
  const at = clock.now();
  const errors = [{ code: GUARD_TRIPPED, message }];
  await options.stores.runs.start(options.scope, { id, kind: options.kind ?? plan.kind, status: 'running', startedAt: at, counts: plan.counts, errors: [] });
  await options.stores.runs.finish(options.scope, id, { status: 'guarded', counts: plan.counts, finishedAt: at, durationMs: 0, errors });
  const trip: GuardTrip = { runId: id, breaches, plan };
  throw new UserError(GUARD_TRIPPED, message, trip as unknown as Record<string, unknown>);
}
