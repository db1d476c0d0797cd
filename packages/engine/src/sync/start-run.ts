import { UserError } from '@sluice/core';
import { buildFieldMap } from '../mapping/field-map';
import { systemClock } from '../ports/clock.port';
import { emptyRunCounts, type Run } from '../ports/runs.port';
import { compileRules } from './compile-rules';
import { hashString, stableStringify } from './content-hash';
import { InFlightWork } from './in-flight-work';
import { directionsOf, type SyncRunOptions } from './run-options';
import type { RunParams } from './run-params';

/**
 * Everything before a run's pipeline: the apps' field catalogs and the field map (a mapping the
 * apps cannot hold is refused with the reason), the compiled rule graphs, the run recorded as
 * running, and the run it picks up after (a crashed one is marked interrupted).
 */
export async function startRun(options: SyncRunOptions): Promise<{ run: Run; params: RunParams }> {
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
  const params: RunParams = {
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
    pageSize: options.pageSize ?? 500,
    work: new InFlightWork(),
    ...(config.version !== undefined ? { graphVersion: config.version } : {}),
  };
  return { run, params };
}
