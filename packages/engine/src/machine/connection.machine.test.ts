import { OperationalError, UserError } from '@sluice/core';
import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, initialTransition, SimulatedClock, transition } from 'xstate';
import { connectionMachine, type SyncJobInput } from './connection.machine';

const input = { workspaceId: 'w', connectionId: 'c', intervalMs: 60_000 };

describe('connection machine: pure transitions', () => {
  it('walks draft → authorizing → ready → initialSync → live', () => {
    let [s] = initialTransition(connectionMachine, input);
    expect(s.value).toBe('draft');
    [s] = transition(connectionMachine, s, { type: 'AUTHORIZE' });
    expect(s.value).toBe('authorizing');
    [s] = transition(connectionMachine, s, { type: 'xstate.done.actor.checkAuth', output: undefined } as never);
    expect(s.value).toBe('ready');
    [s] = transition(connectionMachine, s, { type: 'START' });
    expect(s.value).toBe('initialSync');
    [s] = transition(connectionMachine, s, { type: 'xstate.done.actor.initialRun', output: { runId: 'r1' } } as never);
    expect(s.value).toEqual({ live: 'idle' });
    expect(s.context).toMatchObject({ initialDone: true, lastRunId: 'r1' });
    [s] = transition(connectionMachine, s, { type: 'WEBHOOK' });
    expect(s.value).toEqual({ live: 'syncing' });
    [s] = transition(connectionMachine, s, { type: 'PAUSE' });
    expect(s.value).toBe('paused');
    [s] = transition(connectionMachine, s, { type: 'RESUME' });
    expect(s.value).toEqual({ live: 'idle' });
  });

  it('goes to needsReauth on E_AUTH_REJECTED and back to live once re-authorized', () => {
    let [s] = initialTransition(connectionMachine, { ...input, initialDone: true });
    [s] = transition(connectionMachine, s, { type: 'AUTHORIZE' });
    [s] = transition(connectionMachine, s, { type: 'xstate.error.actor.checkAuth', error: new UserError('E_AUTH_REJECTED', 'bad key') } as never);
    expect(s.value).toBe('needsReauth');
    expect(s.context.lastError).toEqual({ code: 'E_AUTH_REJECTED', message: 'bad key' });
    [s] = transition(connectionMachine, s, { type: 'REAUTHORIZED' });
    [s] = transition(connectionMachine, s, { type: 'xstate.done.actor.checkAuth', output: undefined } as never);
    expect(s.value).toEqual({ live: 'idle' });
  });

  it('re-validates and re-syncs on a configuration change, staying paused when paused', () => {
    let [s] = initialTransition(connectionMachine, { ...input, initialDone: true });
    [s] = transition(connectionMachine, s, { type: 'AUTHORIZE' });
    [s] = transition(connectionMachine, s, { type: 'xstate.done.actor.checkAuth', output: undefined } as never);
    [s] = transition(connectionMachine, s, { type: 'CONFIG_CHANGED' });
    expect(s.value).toBe('validating');
    [s] = transition(connectionMachine, s, { type: 'xstate.done.actor.validate', output: undefined } as never);
    expect(s.value).toBe('initialSync');
    expect(s.context.resync).toBe(true);
    [s] = transition(connectionMachine, s, { type: 'PAUSE' });
    [s] = transition(connectionMachine, s, { type: 'CONFIG_CHANGED' });
    [s] = transition(connectionMachine, s, { type: 'xstate.done.actor.validate', output: undefined } as never);
    expect(s.value).toBe('paused');
    [s] = transition(connectionMachine, s, { type: 'RESUME' });
    expect(s.value).toBe('initialSync');
  });
});

describe('connection machine: timers on a simulated clock', () => {
  it('backs off on 429s, honouring Retry-After, and syncs on schedule', async () => {
    const clock = new SimulatedClock();
    const calls: Array<{ at: number; input: SyncJobInput }> = [];
    let failures = 3;
    const machine = connectionMachine.provide({
      actors: {
        checkAuth: fromPromise(async () => {}),
        validateConfig: fromPromise(async () => {}),
        runSync: fromPromise(async ({ input: job }: { input: SyncJobInput }) => {
          calls.push({ at: clock.now(), input: job });
          if (failures-- > 0) throw new OperationalError('E_RATE_LIMITED', '429', 2_000);
          return { runId: `r${calls.length}` };
        }),
      },
    });
    const actor = createActor(machine, { input, clock }).start();
    const settle = () => new Promise((r) => setTimeout(r, 0));
    actor.send({ type: 'AUTHORIZE' });
    await settle();
    actor.send({ type: 'START' });
    await settle();
    expect(actor.getSnapshot().value).toBe('initialBackoff');
    for (let i = 0; i < 3 && actor.getSnapshot().value === 'initialBackoff'; i++) {
      clock.increment(actor.getSnapshot().context.attempt * 5_000);
      await settle();
    }
    expect(actor.getSnapshot().value).toEqual({ live: 'idle' });
    expect(calls).toHaveLength(4);
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(2_000);
    expect(calls[3]!.at - calls[0]!.at).toBeGreaterThanOrEqual(6_000);
    expect(actor.getSnapshot().context.attempt).toBe(0);
    clock.increment(59_999);
    await settle();
    expect(calls).toHaveLength(4);
    clock.increment(1);
    await settle();
    expect(calls).toHaveLength(5);
    expect(calls[4]!.input.kind).toBe('incremental');
    actor.stop();
  });

  it('restores a persisted snapshot after a restart', async () => {
    const machine = connectionMachine.provide({
      actors: {
        checkAuth: fromPromise(async () => {}),
        validateConfig: fromPromise(async () => {}),
        runSync: fromPromise(async () => ({ runId: 'r' })),
      },
    });
    const clock = new SimulatedClock();
    const first = createActor(machine, { input, clock }).start();
    first.send({ type: 'AUTHORIZE' });
    await new Promise((r) => setTimeout(r, 0));
    first.send({ type: 'START' });
    await new Promise((r) => setTimeout(r, 0));
    const stored = JSON.parse(JSON.stringify(first.getPersistedSnapshot()));
    first.stop();
    const second = createActor(machine, { input, clock, snapshot: stored }).start();
    expect(second.getSnapshot().value).toEqual({ live: 'idle' });
    expect(second.getSnapshot().context.initialDone).toBe(true);
    second.stop();
  });
});
