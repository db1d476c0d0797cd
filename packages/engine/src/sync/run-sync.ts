import { UserError } from '@sluice/graph';
import type { ConnectionConfig } from '../config/connection-config.schema';
import { buildFieldMap } from '../mapping/field-map';
import { systemClock, type Clock } from '../ports/clock.port';
import type { Connector } from '../ports/connector.port';
import { emptyRunCounts, type Run, type RunCounts, type RunKind } from '../ports/runs.port';
import type { ConnectionScope, Direction } from '../ports/scope.port';
import type { SyncStores } from '../ports/sync-stores.port';
import { compileRules } from './compile-rules';
import { hashString, stableStringify } from './content-hash';
import { runDirection } from './direction-pass';
import { recoverIntents } from './recover-intents';
import type { RuleDecider } from './rule-decider';
import type { SyncContext } from './sync-context';

export interface SyncRunOptions {
  scope: ConnectionScope;
  config: ConnectionConfig;
  connectors: { a: Connector; b: Connector };
  stores: SyncStores;
  clock?: Clock;
  /** Defaults to the connection's compiled rule graphs. */
  deciders?: Partial<Record<Direction, RuleDecider>>;
  /** Defaults to `initial` when no checkpoint exists yet, else `incremental`. */
  kind?: RunKind;
  /** Forget the checkpoints first: every record gets a fresh look (after a configuration change). */
  resync?: boolean;
  /** Preferred page size asked of the source connectors (default 500). */
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (counts: RunCounts) => void;
  newId?: () => string;
}

/** The directions a sync mode runs, in order. Pure. */
export function directionsOf(mode: ConnectionConfig['mode']): Direction[] {
  return mode === 'two-way' ? ['aToB', 'bToA'] : mode === 'a-to-b' ? ['aToB'] : ['bToA'];
}

/**
 * One sync pass of a connection (DESIGN.md "Data flow"): finishes any batch a crashed run left in
 * flight, then runs each direction of the mode from its checkpoint, recording the run, per-record
 * events and health. Connector and store errors propagate (the connection machine retries them);
 * the run is then stored as failed.
 */
export async function runSync(options: SyncRunOptions): Promise<Run> {
  const { scope, config, connectors, stores } = options;
  const clock = options.clock ?? systemClock;
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const [catalogA, catalogB] = await Promise.all([connectors.a.fieldCatalog(options.signal), connectors.b.fieldCatalog(options.signal)]);
  const fieldMap = buildFieldMap(config, catalogA, catalogB);
  if (fieldMap.rejected.length > 0) {
    throw new UserError('E_MAPPING', `field mapping rejected: ${fieldMap.rejected.map((r) => `${r.a} → ${r.b}: ${r.reason}`).join('; ')}`, {
      rejected: fieldMap.rejected,
    });
  }
  const deciders = options.deciders ?? compileRules(config);
  const salt = hashString(
    stableStringify({ pairs: fieldMap.pairs, rules: config.rules, match: config.match, options: config.options, mode: config.mode, conflict: config.conflict }),
  );

  if (options.resync) await stores.checkpoints.clear(scope);
  const [previous] = await stores.runs.list(scope, { limit: 1 });
  const startedAt = clock.now();
  let resumedFrom: string | undefined;
  if (previous && (previous.status === 'running' || previous.status === 'failed')) {
    resumedFrom = previous.id;
    if (previous.status === 'running') {
      await stores.runs.finish(scope, previous.id, {
        status: 'interrupted',
        counts: previous.counts,
        finishedAt: startedAt,
        durationMs: startedAt - previous.startedAt,
        errors: [...previous.errors, { code: 'E_INTERRUPTED', message: 'the worker stopped before the run finished' }],
      });
    }
  }
  const hasCheckpoint = (await Promise.all(directionsOf(config.mode).map((d) => stores.checkpoints.get(scope, d)))).some(Boolean);
  const run: Run = {
    id: newId(),
    kind: options.kind ?? (hasCheckpoint ? 'incremental' : 'initial'),
    status: 'running',
    startedAt,
    counts: emptyRunCounts(),
    errors: [],
    ...(resumedFrom ? { resumedFrom } : {}),
    ...(config.version !== undefined ? { graphVersion: config.version } : {}),
  };
  await stores.runs.start(scope, run);
  const ctx: SyncContext = {
    scope,
    config,
    connectors,
    catalogs: { a: catalogA, b: catalogB },
    stores,
    clock,
    pairs: fieldMap.pairs,
    deciders,
    salt,
    runId: run.id,
    counts: run.counts,
    errors: run.errors,
    pageSize: options.pageSize ?? 500,
    ...(config.version !== undefined ? { graphVersion: config.version } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  try {
    await recoverIntents(ctx);
    for (const direction of directionsOf(config.mode)) await runDirection(ctx, direction);
    if (config.mode === 'two-way') {
      // B → A ran after A's cursor was stored, so A's change feed now starts with Sluice's own writes.
      // Reading them here (they are echoes: skipped by hash, nothing written) keeps the next run's
      // work proportional to real changes instead of to what this run wrote.
      const wroteToA = run.counts.created.a + run.counts.updated.a;
      if (wroteToA > 0) await runDirection(ctx, 'aToB', 'sweep');
    }
  } catch (e) {
    const finishedAt = clock.now();
    const code = e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : 'E_UNEXPECTED';
    run.errors.push({ code, message: e instanceof Error ? e.message : String(e) });
    await stores.runs
      .finish(scope, run.id, { status: 'failed', counts: run.counts, finishedAt, durationMs: finishedAt - startedAt, errors: run.errors })
      .catch(() => undefined); // the original error matters more than a failed bookkeeping write
    throw e;
  }
  const finishedAt = clock.now();
  Object.assign(run, { status: 'succeeded', finishedAt, durationMs: finishedAt - startedAt });
  await stores.runs.finish(scope, run.id, { status: 'succeeded', counts: run.counts, finishedAt, durationMs: finishedAt - startedAt, errors: run.errors });
  return run;
}
