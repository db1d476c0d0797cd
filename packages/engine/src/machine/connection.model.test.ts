import { OperationalError, UserError } from '@sluice/core';
import { adjacencyMapToArray, getAdjacencyMap, getShortestPaths } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, SimulatedClock, type AnyStateNode, type StateValue } from 'xstate';
import { BACKOFF_MAX_MS } from './backoff';
import { connectionMachine, type ConnectionEvent } from './connection.machine';

// Model-based test: every shortest path @xstate/graph finds through the machine is replayed on a real actor.

const input = { workspaceId: 'w', connectionId: 'c', intervalMs: 60_000 };
const invokes = { checkAuth: 'checkAuth', initialRun: 'runSync', run: 'runSync', validate: 'validateConfig' } as const;
const errors = {
  auth: new UserError('E_AUTH_REJECTED', 'key refused'),
  operational: new OperationalError('E_RATE_LIMITED', '429', 2_000),
  user: new UserError('E_CONFIG', 'bad config'),
  guard: new UserError('E_GUARD_TRIPPED', 'the plan exceeds the guard'),
};

type AnyEvent = ConnectionEvent | { type: string; output?: unknown; error?: unknown };

const userEvents: AnyEvent[] = ['AUTHORIZE', 'START', 'SYNC_NOW', 'WEBHOOK', 'PAUSE', 'RESUME', 'CONFIG_CHANGED', 'REAUTHORIZED', 'APPROVE', 'CANCEL'].map((type) => ({ type }));

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap(allNodes)];
}

const nodes = allNodes(connectionMachine.root);
const afterEvents = [...new Set(nodes.flatMap((n) => [...n.transitions.keys()]).filter((t) => t.startsWith('xstate.after.')))];
const machineEvents: AnyEvent[] = [
  ...userEvents,
  ...Object.keys(invokes).map((id) => ({ type: `xstate.done.actor.${id}`, output: id === 'checkAuth' || id === 'validate' ? undefined : { runId: 'r' } })),
  ...Object.keys(invokes).flatMap((id) => Object.values(errors).map((error) => ({ type: `xstate.error.actor.${id}`, error }))),
  ...afterEvents.map((type) => ({ type })),
];

const flat = (v: StateValue): string => (typeof v === 'string' ? v : Object.entries(v).map(([k, c]) => `${k}.${flat(c!)}`).join(','));
const eventKey = (e: AnyEvent): string => `${e.type}${'error' in e && e.error instanceof Error ? `:${(e.error as UserError).code}` : ''}`;

/** The system under test: a real actor whose I/O actors are promises the test settles. */
function createSut() {
  const clock = new SimulatedClock();
  const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const controlled = (src: string) =>
    fromPromise<never, unknown>(() => new Promise((resolve, reject) => pending.set(src, { resolve: resolve as (v: unknown) => void, reject })));
  const machine = connectionMachine.provide({
    actors: { checkAuth: controlled('checkAuth'), validateConfig: controlled('validateConfig'), runSync: controlled('runSync') } as never,
  });
  const actor = createActor(machine, { input, clock }).start();
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    actor,
    async exec(event: AnyEvent) {
      const m = /^xstate\.(done|error)\.actor\.(\w+)$/.exec(event.type);
      if (m) {
        const p = pending.get(invokes[m[2] as keyof typeof invokes]);
        if (!p) throw new Error(`no ${m[2]} in flight for ${event.type}`);
        if (m[1] === 'done') p.resolve((event as { output?: unknown }).output);
        else p.reject((event as { error?: unknown }).error);
      } else if (event.type.startsWith('xstate.after.')) clock.increment(BACKOFF_MAX_MS * 2);
      else actor.send(event as ConnectionEvent);
      await settle();
    },
  };
}

describe('connection machine: model-based', () => {
  const serializeState = (st: { value: StateValue; context: { initialDone: boolean; resync: boolean; wasPaused: boolean; syncRequested: boolean; approved: boolean } }) =>
    JSON.stringify([st.value, st.context.initialDone, st.context.resync, st.context.wasPaused, st.context.syncRequested, st.context.approved]);
  const options = {
    input,
    events: machineEvents as never,
    serializeState: serializeState as never,
    serializeEvent: (e: AnyEvent) => eventKey(e),
  };
  const paths = getShortestPaths(connectionMachine, options as never);
  const pathTo = new Map(paths.map((p) => [serializeState(p.state as never), p]));
  // Every event that changes something, from every reachable state.
  const edges = adjacencyMapToArray(getAdjacencyMap(connectionMachine, options as never)).filter(
    (e) => serializeState(e.state as never) !== serializeState(e.nextState as never),
  );

  it('reaches every state and takes every transition of the definition', () => {
    const taken = edges.map((e) => ({ from: flat(e.state.value), type: (e.event as AnyEvent).type, to: flat(e.nextState.value) }));
    for (const node of nodes) {
      if (node === connectionMachine.root) continue;
      const path = node.path.join('.');
      const within = (v: string, p: string) => v === p || v.startsWith(`${p}.`);
      expect(taken.some((t) => within(t.from, path) || within(t.to, path)), `state ${path}`).toBe(true);
      for (const [eventType, candidates] of node.transitions) {
        for (const t of candidates) {
          for (const target of t.target?.map((x) => x.path.join('.')) ?? [undefined]) {
            const hit = taken.some((e) => within(e.from, path) && e.type === eventType && (target === undefined ? e.to === e.from : within(e.to, target)));
            expect(hit, `transition ${path} --${eventType}--> ${target ?? '(self)'}`).toBe(true);
          }
        }
      }
    }
  });

  it('replays every transition on a live actor (shortest path to its state, then the event)', async () => {
    expect(edges.length).toBeGreaterThan(50);
    for (const edge of edges) {
      const head = pathTo.get(serializeState(edge.state as never));
      expect(head, 'a path to every state').toBeDefined();
      const sut = createSut();
      for (const step of [...head!.steps.slice(1), { event: edge.event, state: edge.nextState }]) {
        await sut.exec(step.event as AnyEvent);
        expect(sut.actor.getSnapshot().value, `${flat(edge.state.value)} at ${eventKey(step.event as AnyEvent)}`).toEqual(step.state.value);
      }
      sut.actor.stop();
    }
  });
});
