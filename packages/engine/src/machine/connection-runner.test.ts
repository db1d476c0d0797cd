import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { MemoryMachineSnapshots } from '../testing';
import { startConnection } from './connection-runner';

const scope = { workspaceId: 'w', connectionId: 'c' };
const settle = () => new Promise((r) => setImmediate(r));

describe('startConnection', () => {
  it('stores each snapshot and resumes from it after a restart, re-running a run that was in flight', async () => {
    const snapshots = new MemoryMachineSnapshots();
    const timers = new SimulatedClock();
    const runs: string[] = [];
    let hang = false;
    const deps = {
      scope,
      snapshots,
      timers,
      intervalMs: 1000,
      checkAuth: async () => {},
      validateConfig: async () => {},
      runSync: async (job: { kind: string }) => {
        runs.push(job.kind);
        if (hang) await new Promise(() => {});
        return { runId: `r${runs.length}` };
      },
    };
    const first = await startConnection(deps);
    first.send({ type: 'AUTHORIZE' });
    await settle();
    first.send({ type: 'START' });
    await settle();
    await first.flush();
    expect((await snapshots.load(scope))?.state).toBe('live.idle');
    hang = true;
    timers.increment(1000);
    await settle();
    await first.flush();
    expect((await snapshots.load(scope))?.state).toBe('live.syncing');
    await first.stop(); // the worker dies mid-run
    hang = false;
    const second = await startConnection(deps);
    await settle();
    await second.flush();
    expect(runs).toEqual(['initial', 'incremental', 'incremental']);
    expect(second.actor.getSnapshot().value).toEqual({ live: 'idle' });
    expect((await snapshots.load(scope))?.state).toBe('live.idle');
    await second.stop();
  });
});
