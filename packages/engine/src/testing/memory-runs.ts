import type { Run, RunCounts, RunError, RunStatus, RunsPort } from '../ports/runs.port';
import type { ConnectionScope } from '../ports/scope.port';
import { clone, scopeKey } from './scope-key';

/** In-memory run history. */
export class MemoryRuns implements RunsPort {
  private readonly runs = new Map<string, Map<string, Run>>();

  private table(scope: ConnectionScope): Map<string, Run> {
    const key = scopeKey(scope);
    let t = this.runs.get(key);
    if (!t) {
      t = new Map();
      this.runs.set(key, t);
    }
    return t;
  }

  async start(scope: ConnectionScope, run: Run): Promise<void> {
    this.table(scope).set(run.id, clone({ ...run, status: 'running' }));
  }

  async progress(scope: ConnectionScope, runId: string, counts: RunCounts): Promise<void> {
    const run = this.table(scope).get(runId);
    if (run) run.counts = clone(counts);
  }

  async finish(
    scope: ConnectionScope,
    runId: string,
    result: { status: Exclude<RunStatus, 'running'>; counts: RunCounts; finishedAt: number; durationMs: number; errors: RunError[] },
  ): Promise<void> {
    const run = this.table(scope).get(runId);
    if (run) Object.assign(run, clone(result));
  }

  async get(scope: ConnectionScope, runId: string): Promise<Run | null> {
    const run = this.table(scope).get(runId);
    return run ? clone(run) : null;
  }

  async list(scope: ConnectionScope, options: { limit?: number; before?: number } = {}): Promise<Run[]> {
    const before = options.before ?? Infinity;
    return [...this.table(scope).values()]
      .filter((r) => r.startedAt < before)
      .sort((x, y) => y.startedAt - x.startedAt)
      .slice(0, options.limit ?? 50)
      .map(clone);
  }
}
