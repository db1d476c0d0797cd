import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedMongo, type EmbeddedMongo } from '@sluice/embedded-mongo';
import { LeaseWorker, startConnection, type Connector } from '@sluice/engine';
import { ManualClock, MemoryMachineSnapshots, SimulatedClock } from '@sluice/engine/testing';
import { OperationalError } from '@sluice/core';
import { openStore, type Store } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonlPair, scope } from './jsonl-pair.harness';

const settle = () => new Promise((r) => setImmediate(r));

describe('faults', () => {
  it('429 with Retry-After: 2 three times: the connection machine waits ≥ 6 s of simulated time, the run completes, nothing is written twice', async () => {
    const pair = await jsonlPair({ mode: 'a-to-b' });
    try {
      await pair.write('a', Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, email: `r${i}@x.io` })));
      const timers = new SimulatedClock();
      const attempts: number[] = [];
      let refusals = 3;
      const wrap = (side: 'a' | 'b', c: Connector): Connector =>
        side === 'a'
          ? c
          : Object.assign(Object.create(c) as Connector, {
              async upsertBatch(...args: Parameters<Connector['upsertBatch']>) {
                attempts.push(timers.now());
                if (refusals-- > 0) throw new OperationalError('E_RATE_LIMITED', 'HTTP 429', 2_000);
                return c.upsertBatch(...args);
              },
            });
      const handle = await startConnection({
        scope,
        snapshots: new MemoryMachineSnapshots(),
        timers,
        checkAuth: async () => {},
        validateConfig: async () => {},
        runSync: async () => ({ runId: (await pair.sync({ wrap }), 'done') }),
      });
      handle.send({ type: 'AUTHORIZE' });
      await settle();
      expect(handle.actor.getSnapshot().value).toBe('ready');
      handle.send({ type: 'START' });
      for (let i = 0; i < 200 && JSON.stringify(handle.actor.getSnapshot().value) !== '{"live":"idle"}'; i++) {
        await new Promise((r) => setTimeout(r, 20));
        timers.increment(500);
        await settle();
      }
      expect(handle.actor.getSnapshot().value).toEqual({ live: 'idle' });
      expect(attempts.length).toBe(4);
      expect(attempts[3]! - attempts[0]!).toBeGreaterThanOrEqual(6_000);
      const b = await pair.read('b');
      expect(b).toHaveLength(40);
      expect(new Set(b.map((r) => r.email)).size).toBe(40);
      await handle.stop();
    } finally {
      await pair.close();
    }
  });

  describe('two workers sharing one database', () => {
    let dir: string;
    let db: EmbeddedMongo;
    let store: Store;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sluice-leases-'));
      db = await startEmbeddedMongo({ dataDir: join(dir, 'db') });
      store = await openStore({ uri: db.uri, dataDir: dir, secretKey: 'a1'.repeat(32) });
    });
    afterAll(async () => {
      await store.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('one connection has one owner, and moves to the other worker within the lease time when its owner dies', async () => {
      const clock = new ManualClock();
      const running: string[] = [];
      const make = (owner: string) =>
        new LeaseWorker({
          owner,
          leases: store.leases,
          clock,
          ttlMs: 30_000,
          listConnections: async () => [{ workspaceId: 'w', connectionId: 'c' }],
          start: async () => {
            running.push(owner);
            return { stop: async () => void running.splice(running.indexOf(owner), 1) };
          },
        });
      const [w1, w2] = [make('w1'), make('w2')];
      await Promise.all([w1.tick(), w2.tick(), w1.tick(), w2.tick()]);
      expect(running).toHaveLength(1);
      const first = running[0]!;
      const [alive] = first === 'w1' ? [w2] : [w1];
      clock.advance(30_001); // the owner stops renewing
      await alive!.tick();
      expect(running.sort()).toEqual(['w1', 'w2'].sort());
      const dead = first === 'w1' ? w1 : w2;
      await dead.tick(); // it wakes up, fails to renew, and stops its copy
      expect(running).toEqual([first === 'w1' ? 'w2' : 'w1']);
    });
  });
});
