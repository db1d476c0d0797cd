import { isOperationalError, isUserError, UnexpectedError } from '@sluice/core';
import { assign, fromPromise, setup, type StateValueFrom } from 'xstate';
import type { RunKind } from '../ports/runs.port';
import { backoffDelay } from './backoff';

export interface ConnectionMachineInput {
  workspaceId: string;
  connectionId: string;
  /** Pause between incremental runs while live (default 5 min). */
  intervalMs?: number;
  /** The connection already finished its initial sync (restored without a snapshot). */
  initialDone?: boolean;
}

export interface ConnectionMachineContext {
  workspaceId: string;
  connectionId: string;
  intervalMs: number;
  /** Failed attempts in a row (drives backoff). */
  attempt: number;
  retryAfterMs?: number;
  lastError?: { code: string; message: string };
  initialDone: boolean;
  /** The next run re-reads everything (the configuration changed). */
  resync: boolean;
  /** A webhook or "sync now" arrived during a run: run again right after. */
  syncRequested: boolean;
  /** Paused when the configuration changed: go back to paused after validating. */
  wasPaused: boolean;
  lastRunId?: string;
  /** A person approved the run the guard held back: the next run may exceed the guard's limits. */
  approved: boolean;
}

export type ConnectionEvent =
  | { type: 'AUTHORIZE' }
  | { type: 'START' }
  | { type: 'SYNC_NOW' }
  | { type: 'WEBHOOK' }
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CONFIG_CHANGED' }
  | { type: 'REAUTHORIZED' }
  /** The person reviewed the plan the guard held back: run it. */
  | { type: 'APPROVE' }
  /** The person refused it: the connection pauses, nothing written. */
  | { type: 'CANCEL' };

export interface SyncJobInput {
  workspaceId: string;
  connectionId: string;
  kind: RunKind;
  /** Forget checkpoints first and look at every record again. */
  resync: boolean;
  /** Run even when the plan exceeds the connection's guard (a person approved it). */
  approved: boolean;
}

export interface SyncJobOutput {
  runId: string;
}

const notProvided = (name: string) =>
  fromPromise<never, unknown>(async () => {
    throw new UnexpectedError(`connection machine: actor "${name}" was not provided`);
  });

/** The code of the error a run throws when its plan exceeds the connection's guard (see `checkGuard`). */
export const GUARD_TRIPPED = 'E_GUARD_TRIPPED';

function errorInfo(error: unknown): { code: string; message: string } {
  if (error instanceof Error) return { code: 'code' in error && typeof error.code === 'string' ? error.code : 'E_UNEXPECTED', message: error.message };
  return { code: 'E_UNEXPECTED', message: String(error) };
}

/**
 * The life of one connection: draft → authorizing → ready → initialSync → live (idle ⇄ syncing,
 * on a schedule or a webhook) ⇄ paused, with backoff on operational errors (exponential, jittered,
 * Retry-After honoured), needsReauth when the app rejects the credentials, and a re-validation and
 * re-sync when the configuration changes, and awaitingApproval when the guard held a run back
 * (APPROVE runs it, CANCEL pauses). I/O comes from `machine.provide({ actors })`:
 * `checkAuth`, `validateConfig`, `runSync`.
 */
export const connectionMachine = setup({
  types: {
    input: {} as ConnectionMachineInput,
    context: {} as ConnectionMachineContext,
    events: {} as ConnectionEvent,
  },
  actors: {
    checkAuth: notProvided('checkAuth') as ReturnType<typeof fromPromise<void, { workspaceId: string; connectionId: string }>>,
    validateConfig: notProvided('validateConfig') as ReturnType<typeof fromPromise<void, { workspaceId: string; connectionId: string }>>,
    runSync: notProvided('runSync') as ReturnType<typeof fromPromise<SyncJobOutput, SyncJobInput>>,
  },
  guards: {
    isAuthRejected: (_, params: { error: unknown }) => isUserError(params.error) && params.error.code === 'E_AUTH_REJECTED',
    isGuardTripped: (_, params: { error: unknown }) => isUserError(params.error) && params.error.code === GUARD_TRIPPED,
    isOperational: (_, params: { error: unknown }) => isOperationalError(params.error),
    syncRequested: ({ context }) => context.syncRequested,
    wasPaused: ({ context }) => context.wasPaused,
    needsInitialSync: ({ context }) => !context.initialDone || context.resync,
    /** Re-authorized after the initial sync: go straight back to live. */
    resumesLive: ({ context }) => context.initialDone && !context.resync,
  },
  actions: {
    recordError: assign((_, params: { error: unknown }) => ({
      lastError: errorInfo(params.error),
      retryAfterMs: isOperationalError(params.error) ? params.error.retryAfterMs : undefined,
      approved: false,
    })),
    countAttempt: assign(({ context }) => ({ attempt: context.attempt + 1 })),
    recordSuccess: assign((_, params: { output: SyncJobOutput }) => ({
      attempt: 0,
      retryAfterMs: undefined,
      lastError: undefined,
      lastRunId: params.output.runId,
      approved: false,
    })),
    approve: assign({ approved: true }),
    markInitialDone: assign({ initialDone: true, resync: false }),
    clearAuthError: assign({ attempt: 0, retryAfterMs: undefined, lastError: undefined }),
    requestSync: assign({ syncRequested: true }),
    clearSyncRequest: assign({ syncRequested: false }),
    markResync: assign({ resync: true }),
    rememberPaused: assign({ wasPaused: true }),
    forgetPaused: assign({ wasPaused: false }),
  },
  delays: {
    syncInterval: ({ context }) => context.intervalMs,
    backoff: ({ context }) => backoffDelay(context.attempt, context.connectionId, context.retryAfterMs),
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({
    workspaceId: input.workspaceId,
    connectionId: input.connectionId,
    intervalMs: input.intervalMs ?? 5 * 60_000,
    attempt: 0,
    initialDone: input.initialDone ?? false,
    resync: false,
    syncRequested: false,
    wasPaused: false,
    approved: false,
  }),
  initial: 'draft',
  states: {
    draft: {
      on: { AUTHORIZE: 'authorizing' },
    },
    authorizing: {
      invoke: {
        id: 'checkAuth',
        src: 'checkAuth',
        input: ({ context }) => ({ workspaceId: context.workspaceId, connectionId: context.connectionId }),
        onDone: [
          { guard: 'resumesLive', target: 'live', actions: 'clearAuthError' },
          { target: 'ready', actions: 'clearAuthError' },
        ],
        onError: [
          { guard: { type: 'isAuthRejected', params: ({ event }) => ({ error: event.error }) }, target: 'needsReauth', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
          { guard: { type: 'isOperational', params: ({ event }) => ({ error: event.error }) }, target: 'authBackoff', actions: [{ type: 'recordError', params: ({ event }) => ({ error: event.error }) }, 'countAttempt'] },
          { target: 'invalid', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
        ],
      },
    },
    authBackoff: {
      after: { backoff: 'authorizing' },
      on: { AUTHORIZE: 'authorizing' },
    },
    ready: {
      on: {
        START: 'initialSync',
        CONFIG_CHANGED: 'validating',
      },
    },
    initialSync: {
      invoke: {
        id: 'initialRun',
        src: 'runSync',
        input: ({ context }) => ({ workspaceId: context.workspaceId, connectionId: context.connectionId, kind: 'initial' as const, resync: context.resync, approved: context.approved }),
        onDone: { target: 'live', actions: [{ type: 'recordSuccess', params: ({ event }) => ({ output: event.output }) }, 'markInitialDone'] },
        onError: [
          { guard: { type: 'isGuardTripped', params: ({ event }) => ({ error: event.error }) }, target: 'awaitingApproval', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
          { guard: { type: 'isAuthRejected', params: ({ event }) => ({ error: event.error }) }, target: 'needsReauth', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
          { guard: { type: 'isOperational', params: ({ event }) => ({ error: event.error }) }, target: 'initialBackoff', actions: [{ type: 'recordError', params: ({ event }) => ({ error: event.error }) }, 'countAttempt'] },
          { target: 'invalid', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
        ],
      },
      on: { PAUSE: 'paused', CONFIG_CHANGED: 'validating' },
    },
    initialBackoff: {
      after: { backoff: 'initialSync' },
      on: { SYNC_NOW: 'initialSync', PAUSE: 'paused', CONFIG_CHANGED: 'validating' },
    },
    live: {
      initial: 'idle',
      on: { PAUSE: '#connection.paused', CONFIG_CHANGED: '#connection.validating' },
      states: {
        idle: {
          after: { syncInterval: 'syncing' },
          on: { SYNC_NOW: 'syncing', WEBHOOK: 'syncing' },
        },
        syncing: {
          entry: 'clearSyncRequest',
          invoke: {
            id: 'run',
            src: 'runSync',
            input: ({ context }) => ({ workspaceId: context.workspaceId, connectionId: context.connectionId, kind: 'incremental' as const, resync: false, approved: context.approved }),
            onDone: [
              { guard: 'syncRequested', target: 'syncing', reenter: true, actions: { type: 'recordSuccess', params: ({ event }) => ({ output: event.output }) } },
              { target: 'idle', actions: { type: 'recordSuccess', params: ({ event }) => ({ output: event.output }) } },
            ],
            onError: [
              { guard: { type: 'isGuardTripped', params: ({ event }) => ({ error: event.error }) }, target: '#connection.awaitingApproval', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
              { guard: { type: 'isAuthRejected', params: ({ event }) => ({ error: event.error }) }, target: '#connection.needsReauth', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
              { guard: { type: 'isOperational', params: ({ event }) => ({ error: event.error }) }, target: 'backoff', actions: [{ type: 'recordError', params: ({ event }) => ({ error: event.error }) }, 'countAttempt'] },
              { target: '#connection.invalid', actions: { type: 'recordError', params: ({ event }) => ({ error: event.error }) } },
            ],
          },
          on: { SYNC_NOW: { actions: 'requestSync' }, WEBHOOK: { actions: 'requestSync' } },
        },
        backoff: {
          after: { backoff: 'syncing' },
          on: { SYNC_NOW: 'syncing' },
        },
      },
    },
    // The guard held a run back before its first write: nothing is written until a person decides.
    // Nothing is in flight here, so a crash (or a move to another worker) restores this state as it is.
    awaitingApproval: {
      on: {
        APPROVE: [
          { guard: 'needsInitialSync', target: 'initialSync', actions: 'approve' },
          { target: '#connection.live.syncing', actions: 'approve' },
        ],
        CANCEL: 'paused',
        PAUSE: 'paused',
        CONFIG_CHANGED: 'validating',
      },
    },
    paused: {
      on: {
        RESUME: [{ guard: 'needsInitialSync', target: 'initialSync' }, { target: 'live' }],
        CONFIG_CHANGED: { target: 'validating', actions: 'rememberPaused' },
      },
    },
    validating: {
      invoke: {
        id: 'validate',
        src: 'validateConfig',
        input: ({ context }) => ({ workspaceId: context.workspaceId, connectionId: context.connectionId }),
        onDone: [
          { guard: 'wasPaused', target: 'paused', actions: ['markResync', 'forgetPaused'] },
          { target: 'initialSync', actions: 'markResync' },
        ],
        onError: { target: 'invalid', actions: [{ type: 'recordError', params: ({ event }) => ({ error: event.error }) }, 'forgetPaused'] },
      },
    },
    invalid: {
      on: { CONFIG_CHANGED: 'validating', AUTHORIZE: 'authorizing' },
    },
    needsReauth: {
      on: { REAUTHORIZED: 'authorizing', CONFIG_CHANGED: 'validating' },
    },
  },
});

export type ConnectionMachine = typeof connectionMachine;

/** A state value flattened to a dotted name: `{ live: 'idle' }` → `'live.idle'`. */
type DottedState<V> = V extends string ? V : { [K in keyof V & string]: `${K}.${DottedState<NonNullable<V[K]>>}` }[keyof V & string];
/** The names of compound states (`live`): XState lists them as values too, but a machine never rests in one. */
type CompoundState<V> = V extends string ? never : keyof V & string;

/**
 * Where a connection stands, as users see it: a state of this machine, flattened (`live.idle`), as
 * stored in `machine_snapshots` and sent in live events. Derived from the machine, so a new state
 * reaches every consumer without being typed again.
 */
export type ConnectionState = Exclude<DottedState<StateValueFrom<ConnectionMachine>>, CompoundState<StateValueFrom<ConnectionMachine>>>;
