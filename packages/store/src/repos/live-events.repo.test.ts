import { expect, it } from 'vitest';
import { COLLECTIONS } from '../collection-names';
import { describeStore } from '../testing/describe-store';
import { LiveEventsRepo } from './live-events.repo';

describeStore('live events repository', (ctx) => {
  it('numbers events per workspace in order, in blocks, and reads them back after a sequence number', async () => {
    const live = ctx.store.live;
    expect(await live.head('wL')).toBe(0);
    expect(await live.append('wL', [{ n: 1 }, { n: 2 }])).toEqual([1, 2]);
    expect(await live.append('wL', [{ n: 3 }])).toEqual([3]);
    expect(await live.append('wL', [])).toEqual([]);
    expect(await live.head('wL')).toBe(3);
    expect((await live.after('wL', 0)).map((r) => [r.seq, r.event])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 3 }],
    ]);
    expect((await live.after('wL', 1, 1)).map((r) => r.seq)).toEqual([2]);
    expect(await live.after('wL', 3)).toEqual([]);
  });

  it('keeps workspaces apart: their own sequences, never the other workspace’s events', async () => {
    const live = ctx.store.live;
    await live.append('wA', [{ who: 'a' }]);
    await live.append('wB', [{ who: 'b1' }, { who: 'b2' }]);
    expect((await live.after('wA', 0)).map((r) => r.event)).toEqual([{ who: 'a' }]);
    expect((await live.after('wB', 0)).map((r) => [r.seq, r.event])).toEqual([
      [1, { who: 'b1' }],
      [2, { who: 'b2' }],
    ]);
  });

  it('gives racing writers disjoint, gap-free blocks', async () => {
    const live = ctx.store.live;
    const blocks = await Promise.all(Array.from({ length: 10 }, (_, i) => live.append('wRace', [{ i, k: 0 }, { i, k: 1 }])));
    expect(blocks.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const [a, b] of blocks) expect(b).toBe(a! + 1);
    const read = await live.after('wRace', 0, 100);
    expect(read.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('lets old events expire through the TTL index while the sequence goes on', async () => {
    const indexes = await ctx.store.db.collection(COLLECTIONS.liveEvents).indexes();
    expect(indexes.find((i) => i.name === 'expires_ttl')).toMatchObject({ expireAfterSeconds: 0 });
    const shortLived = new LiveEventsRepo(ctx.store.db, { retentionMs: 1 });
    await shortLived.append('wTtl', [{ old: true }], Date.now() - 60_000);
    const [stored] = await ctx.store.db.collection(COLLECTIONS.liveEvents).find({ workspaceId: 'wTtl', seq: 1 }).toArray();
    expect((stored!.expiresAt as Date).getTime()).toBeLessThan(Date.now());
    if (ctx.uri.includes('127.0.0.1')) {
      // The embedded server sweeps every second (MongoDB every minute: not waited for here).
      const deadline = Date.now() + 5_000;
      while ((await shortLived.after('wTtl', 0)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await shortLived.after('wTtl', 0)).toEqual([]);
    }
    // The head is never swept, so numbers do not restart and a stale reader cannot mistake new for old.
    expect(await shortLived.append('wTtl', [{ old: false }])).toEqual([2]);
  });
});
