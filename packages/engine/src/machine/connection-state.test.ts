import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { connectionMachine, type ConnectionState } from './connection.machine';

// `Record<ConnectionState, …>` makes the compiler demand exactly the type's names here; the test then
// checks them against the machine's own leaf states, so the type and the machine cannot drift apart.
const typed: Record<ConnectionState, true> = {
  draft: true,
  authorizing: true,
  authBackoff: true,
  ready: true,
  initialSync: true,
  initialBackoff: true,
  'live.idle': true,
  'live.syncing': true,
  'live.backoff': true,
  paused: true,
  validating: true,
  invalid: true,
  needsReauth: true,
  awaitingApproval: true,
};

function leaves(node: AnyStateNode): AnyStateNode[] {
  const children = Object.values(node.states);
  return children.length === 0 ? [node] : children.flatMap(leaves);
}

describe('ConnectionState', () => {
  it('names every state the connection machine can rest in, dotted like the stored snapshots', () => {
    const fromMachine = leaves(connectionMachine.root).map((node) => node.path.join('.'));
    expect(fromMachine.sort()).toEqual(Object.keys(typed).sort());
  });
});
