import type { ConnectionScope, Run, RunCounts, RunError, RunStatus, RunsPort } from '@sluice/engine';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { scopeFilter } from './scope-filter';

interface RunDoc extends Run {
  workspaceId: string;
  connectionId: string;
}

const PROJECTION = { _id: 0, workspaceId: 0, connectionId: 0 } as const;

/** Sync run history: unique (workspaceId, connectionId, id), listed newest first by `startedAt`. */
export class RunsRepo implements RunsPort {
  private readonly coll: Collection<RunDoc>;

  constructor(db: Db) {
    this.coll = db.collection<RunDoc>(COLLECTIONS.runs);
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
    await this.coll.updateOne({ ...scopeFilter(scope), id: runId }, { $set: { status, counts, finishedAt, durationMs, errors } });
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
    const result = await this.coll.updateMany({ ...scopeFilter(scope), status: 'running' }, { $set: { status: 'interrupted', finishedAt } });
    return result.modifiedCount;
  }
}
