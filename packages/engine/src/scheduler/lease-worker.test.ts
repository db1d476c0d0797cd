import { describe, expect, it } from 'vitest';
import { ManualClock, MemoryLeases } from '../testing';
import { LeaseWorker } from './lease-worker';

const conn = { workspaceId: 'w', connectionId: 'c1' };

function worker(owner: string, leases: MemoryLeases, clock: ManualClock, log: string[]) {
  return new LeaseWorker({
    owner,
    leases,
    clock,
    ttlMs: 30_000,
    listConnections: async () => [conn],
    start: async (scope) => {
      log.push(`${owner} start ${scope.connectionId}`);
      return { stop: async () => void log.push(`${owner} stop ${scope.connectionId}`) };
    },
  });
}

describe('LeaseWorker', () => {
  it('gives a connection to exactly one of two workers, and to the other when the owner dies', async () => {
    const leases = new MemoryLeases();
    const clock = new ManualClock();
    const log: string[] = [];
    const w1 = worker('w1', leases, clock, log);
    const w2 = worker('w2', leases, clock, log);
    await Promise.all([w1.tick(), w2.tick()]);
    for (let i = 0; i < 5; i++) {
      clock.advance(10_000);
      await w1.tick();
      await w2.tick();
    }
    expect(log).toEqual(['w1 start c1']);
    expect((await leases.get('w', 'c1'))?.owner).toBe('w1');
    // w1 dies: it stops ticking. Within one TTL w2 takes over.
    clock.advance(20_000);
    await w2.tick();
    expect(log).toEqual(['w1 start c1']);
    clock.advance(10_001);
    await w2.tick();
    expect(log).toEqual(['w1 start c1', 'w2 start c1']);
    // w1 comes back: its renewal fails and it stops its copy.
    await w1.tick();
    expect(log).toEqual(['w1 start c1', 'w2 start c1', 'w1 stop c1']);
    expect(w1.connections()).toEqual([]);
    expect(w2.connections()).toEqual([conn]);
  });

  it('shares the connections among the live workers, and gives a dead worker\'s share to the others', async () => {
    const leases = new MemoryLeases();
    const clock = new ManualClock();
    const six = Array.from({ length: 6 }, (_, i) => ({ workspaceId: 'w', connectionId: `c${i}` }));
    const make = (owner: string) =>
      new LeaseWorker({ owner, leases, clock, ttlMs: 30_000, listConnections: async () => six, start: async () => ({ stop: async () => undefined }) });
    const [w1, w2, w3] = [make('w1'), make('w2'), make('w3')];
    await w1.tick(); // alone so far: it takes everything
    expect(w1.connections()).toHaveLength(6);
    for (let round = 0; round < 6; round++) {
      clock.advance(10_000);
      for (const w of [w1, w2, w3]) await w.tick();
    }
    expect([w1, w2, w3].map((w) => w.connections().length)).toEqual([2, 2, 2]);
    const all = [w1, w2, w3].flatMap((w) => w.connections().map((c) => c.connectionId)).sort();
    expect(all).toEqual(six.map((c) => c.connectionId));
    // w3 dies (stops ticking): once its leases expire, the other two split its share.
    for (let round = 0; round < 6; round++) {
      clock.advance(10_000);
      for (const w of [w1, w2]) await w.tick();
    }
    expect([w1, w2].map((w) => w.connections().length)).toEqual([3, 3]);
  });

  it('hands over at once on a clean stop', async () => {
    const leases = new MemoryLeases();
    const clock = new ManualClock();
    const log: string[] = [];
    const w1 = worker('w1', leases, clock, log);
    const w2 = worker('w2', leases, clock, log);
    await w1.tick();
    await w1.stop();
    await w2.tick();
    expect(log).toEqual(['w1 start c1', 'w1 stop c1', 'w2 start c1']);
  });
});

describe('LeaseWorker ticks', () => {
  it('never starts a connection twice when ticks overlap', async () => {
    const leases = new MemoryLeases();
    const clock = new ManualClock();
    const log: string[] = [];
    const w1 = worker('w1', leases, clock, log);
    await Promise.all([w1.tick(), w1.tick(), w1.tick()]);
    expect(log).toEqual(['w1 start c1']);
  });
});
