import type { ConnectionScope, Run, RunCounts, RunError, RunStatus, RunsPort } from '@sluice/engine';
import { scopeKey } from '@sluice/engine';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { scopeFilter } from './scope-filter';

interface RunDoc extends Run {
  workspaceId: string;
  connectionId: string;
  /** When the run ended, as a date, for the retention's TTL index; absent while it runs. */
  finishedDate?: Date;
}

const PROJECTION = { _id: 0, workspaceId: 0, connectionId: 0, finishedDate: 0 } as const;

export interface RunRetention {
  /** Runs kept per connection, newest first (default 10,000: about a week at one run a minute). */
  keep?: number;
  /** Older runs are deleted after every this many finished runs of a connection (default 100). */
  pruneEvery?: number;
}

/**
 * Sync run history: unique (workspaceId, connectionId, id), listed newest first by `startedAt`.
 * Two bounds: runs older than the retention go (TTL index on `finishedDate`, retention.ts), and a
 * live connection, which runs every minute, keeps only its newest `keep` runs. A run still
 * `running` is never deleted.
 */
export class RunsRepo implements RunsPort {
  private readonly coll: Collection<RunDoc>;
  private readonly keep: number;
  private readonly pruneEvery: number;
  /** Runs finished per connection since this process started (pruning runs on every `pruneEvery`th). */
  private readonly finished = new Map<string, number>();

  constructor(db: Db, retention: RunRetention = {}) {
    this.coll = db.collection<RunDoc>(COLLECTIONS.runs);
    this.keep = Math.max(1, retention.keep ?? 10_000);
    this.pruneEvery = Math.max(1, retention.pruneEvery ?? 100);
  }

  async start(scope: ConnectionScope, run: Run): Promise<void> {
    const doc: RunDoc = { ...structuredClone(run), ...scopeFilter(scope), status: 'running' };
    await this.coll.replaceOne({ ...scopeFilter(scope), id: run.id }, doc, { upsert: true });
  }

  async progress(scope: ConnectionScope, runId: string, counts: RunCounts): Promise<void> {
    await this.coll.updateOne({ ...scopeFilter(scope), id: runId }, { $set: { counts } });
  }

  async finish(
    scope: ConnectionScope,
    runId: string,
    result: { status: Exclude<RunStatus, 'running'>; counts: RunCounts; finishedAt: number; durationMs: number; errors: RunError[] },
  ): Promise<void> {
    const { status, counts, finishedAt, durationMs, errors } = result;
    await this.coll.updateOne({ ...scopeFilter(scope), id: runId }, { $set: { status, counts, finishedAt, durationMs, errors, finishedDate: new Date(finishedAt) } });
    const key = scopeKey(scope);
    const n = this.finished.get(key) ?? 0;
    this.finished.set(key, n + 1);
    // Housekeeping: a failed prune must not fail the run it follows; the next one catches up.
    if (n % this.pruneEvery === 0) await this.prune(scope).catch(() => {});
  }

  /** Deletes the connection's runs older than its newest `keep` (the first run past them and older). */
  private async prune(scope: ConnectionScope): Promise<void> {
    const [edge] = await this.coll
      .find(scopeFilter(scope), { projection: { _id: 0, startedAt: 1 } })
      .sort({ startedAt: -1 })
      .skip(this.keep)
      .limit(1)
      .toArray();
    if (!edge) return;
    await this.coll.deleteMany({ ...scopeFilter(scope), startedAt: { $lte: edge.startedAt }, status: { $ne: 'running' } });
  }

  async get(scope: ConnectionScope, runId: string): Promise<Run | null> {
    return this.coll.findOne({ ...scopeFilter(scope), id: runId }, { projection: PROJECTION });
  }

  async list(scope: ConnectionScope, options: { limit?: number; before?: number } = {}): Promise<Run[]> {
    const filter = options.before === undefined ? scopeFilter(scope) : { ...scopeFilter(scope), startedAt: { $lt: options.before } };
    return this.coll
      .find(filter, { projection: PROJECTION })
      .sort({ startedAt: -1 })
      .limit(options.limit ?? 50)
      .toArray();
  }

  /**
   * Marks runs still `running` as `interrupted` (their worker died). Called by whoever takes over
   * the connection's lease; returns how many were marked.
   */
  async interruptRunning(scope: ConnectionScope, finishedAt: number): Promise<number> {
    const result = await this.coll.updateMany({ ...scopeFilter(scope), status: 'running' }, { $set: { status: 'interrupted', finishedAt, finishedDate: new Date(finishedAt) } });
    return result.modifiedCount;
  }
}
