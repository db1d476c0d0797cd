import type { Link } from '@sluice/engine';
import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';

const scope = { workspaceId: 'w1', connectionId: 'c1' };
const link = (aId: string, bId: string, extra: Partial<Link> = {}): Link => ({
  aId,
  bId,
  values: { email: `${aId}@x.io`, 'address.city': 'Gent', tags: ['a', 'b'] },
  aHash: `ha-${aId}`,
  bHash: `hb-${bId}`,
  syncedAt: 1000,
  ...extra,
});

describeStore('links repository', (ctx) => {
  it('stores links and finds them by either side, with dotted value keys intact', async () => {
    const s = { ...scope, connectionId: 'find' };
    await ctx.store.links.upsertMany(s, [link('a1', 'b1'), link('a2', 'b2', { trashed: 'a' })]);
    expect(await ctx.store.links.findByA(s, ['a1', 'missing'])).toEqual([link('a1', 'b1')]);
    expect(await ctx.store.links.findByB(s, ['b2'])).toEqual([link('a2', 'b2', { trashed: 'a' })]);
    expect(await ctx.store.links.findByA(s, [])).toEqual([]);
    expect(await ctx.store.links.count(s)).toBe(2);
  });

  it('gives stamps (links without their values) by either side', async () => {
    const s = { ...scope, connectionId: 'stamps' };
    await ctx.store.links.upsertMany(s, [link('a1', 'b1'), link('a2', 'b2', { trashed: 'b' })]);
    const stamp = ({ values: _values, ...rest }: Link) => rest;
    expect(await ctx.store.links.findStamps(s, 'a', ['a1', 'missing'])).toEqual([stamp(link('a1', 'b1'))]);
    const byB = await ctx.store.links.findStamps(s, 'b', ['b2', 'b1']);
    expect(byB.sort((x, y) => x.aId.localeCompare(y.aId))).toEqual([stamp(link('a1', 'b1')), stamp(link('a2', 'b2', { trashed: 'b' }))]);
    expect(byB.every((l) => !('values' in l))).toBe(true);
    expect(await ctx.store.links.findStamps(s, 'b', [])).toEqual([]);
  });

  it('gives values that survive a spread, a JSON round trip and an assignment (they are parsed on first use)', async () => {
    const s = { ...scope, connectionId: 'lazy' };
    await ctx.store.links.upsertMany(s, [link('a1', 'b1')]);
    const [found] = await ctx.store.links.findByA(s, ['a1']);
    expect({ ...found!, syncedAt: 5 }.values).toEqual(link('a1', 'b1').values);
    expect(JSON.parse(JSON.stringify(found))).toEqual(link('a1', 'b1'));
    found!.values = { email: 'new@x.io' };
    expect(found!.values).toEqual({ email: 'new@x.io' });
    await ctx.store.links.upsertMany(s, [found!]);
    expect((await ctx.store.links.findByA(s, ['a1']))[0]!.values).toEqual({ email: 'new@x.io' });
  });

  it('stores a value both sides share once, and reads links stored before that as they were', async () => {
    const s = { ...scope, connectionId: 'packed' };
    const values = { 'a:email': 'x@y.z', 'b:email': 'x@y.z', 'a:tags': ['vip'], 'b:tags': ['vip', 'eu'], 'b:company': 'Acme' };
    await ctx.store.links.upsertMany(s, [link('a1', 'b1', { values })]);
    const stored = await ctx.store.db.collection('links').findOne({ ...s, aId: 'a1' });
    expect(JSON.parse(stored!.values as string)).toEqual({ '=email': 'x@y.z', 'a:tags': ['vip'], 'b:tags': ['vip', 'eu'], 'b:company': 'Acme' });
    expect((await ctx.store.links.findByA(s, ['a1']))[0]!.values).toEqual(values);
    // A link as earlier versions stored it: every value under its side's key.
    await ctx.store.db.collection('links').insertOne({ ...s, aId: 'a0', bId: 'b0', values: JSON.stringify(values), aHash: 'h', bHash: 'h', syncedAt: 1 });
    expect((await ctx.store.links.findByB(s, ['b0']))[0]!.values).toEqual(values);
  });

  it('replaces a link by aId and moves a bId to its new holder (relink)', async () => {
    const s = { ...scope, connectionId: 'relink' };
    await ctx.store.links.upsertMany(s, [link('a1', 'b1'), link('a2', 'b2')]);
    await ctx.store.links.upsertMany(s, [link('a1', 'b9', { syncedAt: 2000 })]);
    expect((await ctx.store.links.findByA(s, ['a1']))[0]).toMatchObject({ bId: 'b9', syncedAt: 2000 });
    expect(await ctx.store.links.findByB(s, ['b1'])).toEqual([]);
    // a3 takes b2 from a2: a2's link is gone, both uniques hold.
    await ctx.store.links.upsertMany(s, [link('a3', 'b2')]);
    expect(await ctx.store.links.findByA(s, ['a2'])).toEqual([]);
    expect((await ctx.store.links.findByB(s, ['b2'])).map((l) => l.aId)).toEqual(['a3']);
    expect(await ctx.store.links.count(s)).toBe(2);
  });

  it('applies a batch in order: swaps and repeated ids end like single writes would', async () => {
    const s = { ...scope, connectionId: 'swap' };
    await ctx.store.links.upsertMany(s, [link('a1', 'b1'), link('a2', 'b2')]);
    await ctx.store.links.upsertMany(s, [link('a1', 'b2'), link('a2', 'b1')]);
    const byA = Object.fromEntries((await ctx.store.links.findByA(s, ['a1', 'a2'])).map((l) => [l.aId, l.bId]));
    expect(byA).toEqual({ a1: 'b2', a2: 'b1' });
    // Within one batch: a5 takes b5 from a4 (a4 dropped), then a4 comes back with b6.
    await ctx.store.links.upsertMany(s, [link('a4', 'b5'), link('a5', 'b5'), link('a6', 'b6'), link('a6', 'b7')]);
    expect((await ctx.store.links.findByB(s, ['b5'])).map((l) => l.aId)).toEqual(['a5']);
    expect(await ctx.store.links.findByA(s, ['a4'])).toEqual([]);
    expect((await ctx.store.links.findByA(s, ['a6']))[0]!.bId).toBe('b7');
    expect(await ctx.store.links.findByB(s, ['b6'])).toEqual([]);
  });

  it('unlinks by aId', async () => {
    const s = { ...scope, connectionId: 'unlink' };
    await ctx.store.links.upsertMany(s, [link('a1', 'b1'), link('a2', 'b2')]);
    await ctx.store.links.unlinkByA(s, ['a1']);
    expect(await ctx.store.links.findByB(s, ['b1'])).toEqual([]);
    expect(await ctx.store.links.count(s)).toBe(1);
  });

  it('keeps connections and workspaces apart', async () => {
    const a = { workspaceId: 'wA', connectionId: 'iso' };
    const b = { workspaceId: 'wB', connectionId: 'iso' };
    const other = { workspaceId: 'wA', connectionId: 'iso2' };
    await ctx.store.links.upsertMany(a, [link('x1', 'y1')]);
    // Same ids in another workspace and connection do not collide with the uniques.
    await ctx.store.links.upsertMany(b, [link('x1', 'y1', { aHash: 'B' })]);
    await ctx.store.links.upsertMany(other, [link('x1', 'y1', { aHash: 'O' })]);
    expect((await ctx.store.links.findByA(a, ['x1']))[0]!.aHash).toBe('ha-x1');
    expect((await ctx.store.links.findByA(b, ['x1']))[0]!.aHash).toBe('B');
    await ctx.store.links.unlinkByA(b, ['x1']);
    expect(await ctx.store.links.count(a)).toBe(1);
    expect(await ctx.store.links.count(other)).toBe(1);
    expect(await ctx.store.links.findByB(b, ['y1'])).toEqual([]);
  });

  it('upserts 2,000 links in one call and reads them back in bulk', async () => {
    const s = { ...scope, connectionId: 'bulk' };
    const many = Array.from({ length: 2000 }, (_, i) => link(`a${i}`, `b${i}`));
    await ctx.store.links.upsertMany(s, many);
    await ctx.store.links.upsertMany(s, many.slice(0, 1000).map((l) => ({ ...l, syncedAt: 5 })));
    expect(await ctx.store.links.count(s)).toBe(2000);
    const found = await ctx.store.links.findByB(s, many.slice(0, 1000).map((l) => l.bId));
    expect(found).toHaveLength(1000);
    expect(found.every((l) => l.syncedAt === 5)).toBe(true);
  });
});
