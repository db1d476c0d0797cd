import { createActor, fromPromise, type Actor, type StateValue } from 'xstate';
import { systemClock, type Clock } from '../ports/clock.port';
import type { MachineSnapshotsPort } from '../ports/machine-snapshots.port';
import type { ConnectionScope } from '../ports/scope.port';
import { connectionMachine, type ConnectionEvent, type SyncJobInput, type SyncJobOutput } from './connection.machine';

/** What XState needs to schedule delays (the real timers, or a `SimulatedClock` in tests). */
interface TimerClock {
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface ConnectionRunnerOptions {
  scope: ConnectionScope;
  snapshots: MachineSnapshotsPort;
  clock?: Clock;
  timers?: TimerClock;
  intervalMs?: number;
  /** `signal` aborts when the machine leaves the state that invoked the call (pause, stop). */
  checkAuth(scope: ConnectionScope, signal: AbortSignal): Promise<void>;
  validateConfig(scope: ConnectionScope, signal: AbortSignal): Promise<void>;
  /** `signal` aborts when the run is no longer wanted (paused, configuration changed, the actor stopped). */
  runSync(job: SyncJobInput, signal: AbortSignal): Promise<SyncJobOutput>;
  /** Called when persisting a snapshot failed (the machine keeps running). */
  onError?(error: unknown): void;
}

export interface ConnectionHandle {
  actor: Actor<typeof connectionMachine>;
  send(event: ConnectionEvent): void;
  /** Waits until every snapshot so far is stored. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** `{ live: 'idle' }` → `live.idle`. Pure. */
export function stateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([k, v]) => (v === undefined ? k : `${k}.${stateName(v)}`))
    .join(',');
}

/**
 * Runs one connection's machine with real I/O, restoring it from its stored snapshot (a run that
 * was in flight is invoked again) and storing every new snapshot, in order.
 */
export async function startConnection(options: ConnectionRunnerOptions): Promise<ConnectionHandle> {
  const { scope, snapshots } = options;
  const clock = options.clock ?? systemClock;
  const machine = connectionMachine.provide({
    actors: {
      checkAuth: fromPromise(async ({ signal }) => options.checkAuth(scope, signal)),
      validateConfig: fromPromise(async ({ signal }) => options.validateConfig(scope, signal)),
      runSync: fromPromise(async ({ input, signal }: { input: SyncJobInput; signal: AbortSignal }) => options.runSync(input, signal)),
    },
  });
  const input = { ...scope, ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}) };
  const stored = await snapshots.load(scope);
  const actorOptions = { input, ...(options.timers ? { clock: options.timers } : {}) };
  let actor: Actor<typeof connectionMachine>;
  try {
    actor = createActor(machine, stored ? { ...actorOptions, snapshot: stored.snapshot as never } : actorOptions);
  } catch (e) {
    // A snapshot from an older machine definition: start over rather than refuse to run.
    options.onError?.(e);
    actor = createActor(machine, actorOptions);
  }
  let saving = Promise.resolve();
  let last = stored ? JSON.stringify(stored.snapshot) : '';
  actor.subscribe((snap) => {
    const json = JSON.stringify(actor.getPersistedSnapshot());
    if (json === last) return;
    last = json;
    const record = { snapshot: JSON.parse(json) as unknown, state: stateName(snap.value), savedAt: clock.now() };
    saving = saving.then(() => snapshots.save(scope, record)).catch((e: unknown) => options.onError?.(e));
  });
  actor.start();
  return {
    actor,
    send: (event) => actor.send(event),
    flush: () => saving,
    async stop() {
      actor.stop();
      await saving;
    },
  };
}
