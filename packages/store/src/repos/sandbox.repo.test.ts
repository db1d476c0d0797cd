import { createSandboxCrmFactory, ensureSandboxSeeded, type SandboxPerson } from '@sluice/connectors';
import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';

const person = (id: string, extra: Partial<SandboxPerson> = {}): SandboxPerson => ({
  id,
  labels: [],
  custom: { 'odd.name': 1, $dollar: 'x' },
  phoneKeys: [],
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describeStore('sandbox repository', (ctx) => {
  it('gives every write the next seq of the workspace, across collections', async () => {
    const s = ctx.store.sandbox;
    const [a, b] = await s.put('w1', 'people', [person('a'), person('b')]);
    const [org] = await s.put('w1', 'orgs', [{ id: 'o', name: 'Acme', nameKey: 'acme', updatedAt: '' }]);
    const [a2] = await s.put('w1', 'people', [person('a', { firstName: 'Ann' })]);
    expect([a!.seq, b!.seq, org!.seq, a2!.seq]).toEqual([1, 2, 3, 4]);
    expect((await s.put('w2', 'people', [person('x')]))[0]!.seq).toBe(1);
    expect((await s.get('w1', 'people', ['a']))[0]).toEqual(a2);
    expect(await s.get('w2', 'people', ['a'])).toEqual([]);
  });

  it('feeds changes after a seq exactly once, the latest version, in seq order', async () => {
    const s = ctx.store.sandbox;
    await s.put('feed', 'people', [person('a'), person('b'), person('c')]);
    await s.put('feed', 'people', [person('a', { firstName: 'A2' })]);
    expect((await s.changesSince('feed', 'people', 0, 10)).map((d) => [d.id, d.seq])).toEqual([
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ]);
    expect((await s.changesSince('feed', 'people', 2, 1)).map((d) => d.id)).toEqual(['c']);
    expect(await s.changesSince('feed', 'people', 4, 10)).toEqual([]);
    // One batch naming an id twice keeps the later version.
    await s.put('feed', 'people', [person('d', { firstName: 'first' }), person('d', { firstName: 'second' })]);
    expect((await s.get('feed', 'people', ['d']))[0]).toMatchObject({ firstName: 'second', seq: 6 });
  });

  it('finds live documents by indexed fields, array fields by any element', async () => {
    const s = ctx.store.sandbox;
    await s.put('find', 'people', [person('a', { emailKey: 'a@x.com', phoneKeys: ['+1', '+2'] }), person('b', { emailKey: 'b@x.com', phoneKeys: ['+2'] })]);
    expect((await s.findBy('find', 'people', 'emailKey', ['a@x.com', 'zz'])).map((d) => d.id)).toEqual(['a']);
    expect((await s.findBy('find', 'people', 'phoneKeys', ['+2', '+1'])).map((d) => d.id).sort()).toEqual(['a', 'b']);
    expect(await s.findBy('other', 'people', 'phoneKeys', ['+2'])).toEqual([]);
    await s.put('find', 'people', [person('a', { emailKey: 'new@x.com', deleted: true })]);
    expect(await s.findBy('find', 'people', 'emailKey', ['a@x.com', 'new@x.com'])).toEqual([]);
    expect((await s.get('find', 'people', ['a']))[0]!.deleted).toBe(true);
    expect(await s.count('find', 'people')).toBe(1);
  });

  it('lists live documents by id and keeps idempotency records per workspace', async () => {
    const s = ctx.store.sandbox;
    await s.put('list', 'people', [person('b'), person('a'), person('c'), person('d', { deleted: true })]);
    expect((await s.list('list', 'people', { afterId: 'a', limit: 5 })).map((d) => d.id)).toEqual(['b', 'c']);
    expect((await s.list('list', 'people', { limit: 1 })).map((d) => d.id)).toEqual(['a']);
    await s.putIdempotency('list', { key: 'k', fingerprint: 'f', results: [{ 'a.b': 1 }], createdAt: new Date().toISOString() });
    expect(await s.getIdempotency('list', 'k')).toMatchObject({ fingerprint: 'f', results: [{ 'a.b': 1 }] });
    expect(await s.getIdempotency('other', 'k')).toBeUndefined();
  });

  it('concurrent writers never let a reader following the feed skip a change', async () => {
    const s = ctx.store.sandbox;
    const seen: number[] = [];
    let cursor = 0;
    let writing = true;
    const reader = (async () => {
      while (writing || (await s.changesSince('race', 'prospects', cursor, 1)).length > 0) {
        for (const d of await s.changesSince('race', 'prospects', cursor, 50)) {
          seen.push(d.seq);
          cursor = d.seq;
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const prospect = (id: string) => ({ id, phoneKeys: [], tags: [], status: 'ACTIVE' as const, custom: {}, updatedAt: '' });
    await Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 6; i++) await s.put('race', 'prospects', [prospect(`w${w}-${i}`), prospect(`w${w}-${i}b`)]);
      }),
    );
    writing = false;
    await reader;
    expect(seen).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
  }, 60_000);

  it('a lock left by a crashed writer is taken over once expired, leaving a gap in seqs', async () => {
    const s = ctx.store.sandbox;
    await s.put('crash', 'people', [person('a')]);
    // A writer reserved seqs 2-3 and died holding the lock.
    await ctx.store.db.collection('sandbox_counters').updateOne({ workspaceId: 'crash' }, { $set: { holder: 'dead', expiresAt: Date.now() - 1 }, $inc: { seq: 2 } });
    const [b] = await s.put('crash', 'people', [person('b')]);
    expect(b!.seq).toBe(4);
    expect((await s.changesSince('crash', 'people', 0, 10)).map((d) => d.seq)).toEqual([1, 4]);
  });

  it('serves the Sandbox CRM connector: seeded once, read back through changes()', async () => {
    const summary = await ensureSandboxSeeded(ctx.store.sandbox, 'seeded');
    expect(summary!.people).toBeGreaterThan(100);
    expect(await ensureSandboxSeeded(ctx.store.sandbox, 'seeded')).toBeUndefined();
    const crm = createSandboxCrmFactory(ctx.store.sandbox).create({ config: { workspaceId: 'seeded' } });
    let count = 0;
    for await (const page of crm.changes(null, { pageSize: 200 })) count += page.records.length;
    expect(count).toBe(summary!.people);
  }, 60_000);
});
