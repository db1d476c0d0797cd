import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@sluice/runtime';
import { openTestEnv, type TestEnv } from '../testing';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv({ workers: false });
});
afterAll(async () => env?.close());

const state = (workspaceId: string, connectionId: string, s: string): RuntimeEvent => ({ type: 'state', workspaceId, connectionId, state: s as 'ready', at: Date.now() });

/** Reads `[id, event]` envelopes (in-process shape of tracked events) until `count` or the stream ends/fails. */
async function take(stream: AsyncIterable<unknown>, count: number, ms = 5_000): Promise<{ got: Array<[string, RuntimeEvent]>; error: unknown }> {
  const got: Array<[string, RuntimeEvent]> = [];
  let error: unknown = null;
  const reading = (async () => {
    try {
      for await (const envelope of stream) {
        got.push(envelope as [string, RuntimeEvent]);
        if (got.length >= count) break;
      }
    } catch (e) {
      error = e;
    }
  })();
  await Promise.race([reading, new Promise((r) => setTimeout(r, ms))]);
  return { got, error };
}

describe('live router', () => {
  it("streams the workspace's feed with sequence ids, never another workspace's, and resumes after an id", async () => {
    const ann = await env.signUp();
    const bob = await env.signUp();
    const ws = ann.user.workspaceId;
    // From the feed's start (a fresh workspace's head is 0): events appended before the stream's
    // listener is registered are still delivered, so there is no race to wait out.
    const stream = await ann.caller.live.connections({ lastEventId: '0' });
    const reading = take(stream as AsyncIterable<unknown>, 3);
    await env.store.live.append(bob.user.workspaceId, [state(bob.user.workspaceId, 'cB', 'secret')]);
    await env.store.live.append(ws, [state(ws, 'c1', 'authorizing'), state(ws, 'c1', 'ready'), state(ws, 'c2', 'initialSync')]);
    const { got } = await reading;
    expect(got.map(([id, e]) => [id, e.connectionId, e.type === 'state' && e.state])).toEqual([
      ['1', 'c1', 'authorizing'],
      ['2', 'c1', 'ready'],
      ['3', 'c2', 'initialSync'],
    ]);

    const resumed = await take((await ann.caller.live.connections({ lastEventId: '1' })) as AsyncIterable<unknown>, 2);
    expect(resumed.got.map(([id]) => id)).toEqual(['2', '3']);
  });

  it('ends an open stream once its session is signed out, delivering nothing after', async () => {
    const cat = await env.signUp();
    const ws = cat.user.workspaceId;
    const stream = (await cat.caller.live.connections({ lastEventId: '0' })) as AsyncIterable<unknown>;
    const events = stream[Symbol.asyncIterator]();
    await env.store.live.append(ws, [state(ws, 'c1', 'ready')]);
    // The first event has arrived before the sign-out: the signal, not a pause.
    const first = await events.next();
    expect((first.value as [string, RuntimeEvent])[1]).toMatchObject({ state: 'ready' });
    // Signed out by another request (its own cookie), as a browser's sign-out button does.
    await (await env.as(cat.token)).auth.signOut();
    await env.store.live.append(ws, [state(ws, 'c1', 'after sign-out')]);
    await expect(events.next()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
