import { emptyRunCounts, type Run } from '@sluice/engine';
import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';
import { RunsRepo } from './runs.repo';

const run = (id: string, startedAt: number): Run => ({ id, kind: 'incremental', status: 'running', startedAt, counts: emptyRunCounts(), errors: [] });
// Finished now: the retention's TTL index would remove runs that ended long ago (retention.test.ts).
const done = { status: 'succeeded' as const, counts: emptyRunCounts(), finishedAt: Date.now(), durationMs: 1, errors: [] };

describeStore('runs repository', (ctx) => {
  it('keeps the newest runs of each connection, never one still running, and leaves other connections alone', async () => {
    const runs = new RunsRepo(ctx.store.db, { keep: 3, pruneEvery: 1 });
    const scope = { workspaceId: 'w1', connectionId: 'kept' };
    const other = { workspaceId: 'w1', connectionId: 'other' };
    await runs.start(scope, run('stuck', 0)); // a run whose worker died, not yet marked interrupted
    for (let i = 1; i <= 3; i++) {
      await runs.start(other, run(`o${i}`, i));
      await runs.finish(other, `o${i}`, done);
    }
    for (let i = 1; i <= 6; i++) {
      await runs.start(scope, run(`r${i}`, i));
      await runs.finish(scope, `r${i}`, done);
    }
    expect((await runs.list(scope)).map((r) => r.id)).toEqual(['r6', 'r5', 'r4', 'stuck']);
    expect((await runs.list(other)).map((r) => r.id)).toEqual(['o3', 'o2', 'o1']);
  });

  it('prunes only every so many finished runs, so a run costs no extra query most of the time', async () => {
    const runs = new RunsRepo(ctx.store.db, { keep: 1, pruneEvery: 3 });
    const scope = { workspaceId: 'w1', connectionId: 'every' };
    for (let i = 1; i <= 3; i++) {
      await runs.start(scope, run(`r${i}`, i));
      await runs.finish(scope, `r${i}`, done);
    }
    // Pruned after the 1st finish (nothing to delete yet), next after the 4th.
    expect((await runs.list(scope)).map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    await runs.start(scope, run('r4', 4));
    await runs.finish(scope, 'r4', done);
    expect((await runs.list(scope)).map((r) => r.id)).toEqual(['r4']);
  });
});
