import { describe, expect, it } from 'vitest';
import { createMemorySandboxStore } from './memory-sandbox.store';
import type { SandboxPerson } from './sandbox-store.port';

const person = (id: string, extra: Partial<SandboxPerson> = {}): SandboxPerson => ({
  id,
  labels: [],
  custom: {},
  phoneKeys: [],
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('memory sandbox store', () => {
  it('gives every write the next seq of the workspace, across collections', async () => {
    const store = createMemorySandboxStore();
    const [a, b] = await store.put('w1', 'people', [person('a'), person('b')]);
    const [org] = await store.put('w1', 'orgs', [{ id: 'o', name: 'Acme', nameKey: 'acme', updatedAt: '' }]);
    const [a2] = await store.put('w1', 'people', [person('a', { firstName: 'Ann' })]);
    expect([a!.seq, b!.seq, org!.seq, a2!.seq]).toEqual([1, 2, 3, 4]);
    const [other] = await store.put('w2', 'people', [person('x')]);
    expect(other!.seq).toBe(1);
  });

  it('feeds changes after a seq exactly once, the latest version, in seq order', async () => {
    const store = createMemorySandboxStore();
    await store.put('w', 'people', [person('a'), person('b'), person('c')]);
    await store.put('w', 'people', [person('a', { firstName: 'A2' })]);
    expect((await store.changesSince('w', 'people', 0, 10)).map((d) => [d.id, d.seq])).toEqual([
      ['b', 2],
      ['c', 3],
      ['a', 4],
    ]);
    expect((await store.changesSince('w', 'people', 2, 1)).map((d) => d.id)).toEqual(['c']);
    expect(await store.changesSince('w', 'people', 4, 10)).toEqual([]);
    // Many rewrites of one document compact the feed but keep it exact.
    for (let i = 0; i < 3000; i++) await store.put('w', 'people', [person('b', { firstName: `B${i}` })]);
    const feed = await store.changesSince('w', 'people', 0, 10);
    expect(feed.map((d) => d.id)).toEqual(['c', 'a', 'b']);
    expect(feed[2]!.firstName).toBe('B2999');
  });

  it('finds live documents by indexed fields, array fields by any element', async () => {
    const store = createMemorySandboxStore();
    await store.put('w', 'people', [person('a', { emailKey: 'a@x.com', phoneKeys: ['+1', '+2'] }), person('b', { emailKey: 'b@x.com', phoneKeys: ['+2'] })]);
    expect((await store.findBy('w', 'people', 'emailKey', ['a@x.com', 'zz'])).map((d) => d.id)).toEqual(['a']);
    expect((await store.findBy('w', 'people', 'phoneKeys', ['+2'])).map((d) => d.id).sort()).toEqual(['a', 'b']);
    await store.put('w', 'people', [person('a', { emailKey: 'new@x.com', deleted: true })]);
    expect(await store.findBy('w', 'people', 'emailKey', ['a@x.com', 'new@x.com'])).toEqual([]);
    expect((await store.get('w', 'people', ['a']))[0]!.deleted).toBe(true);
    expect(await store.count('w', 'people')).toBe(1);
  });

  it('keeps an indexed value shared by several documents until the last of them moves off it', async () => {
    const store = createMemorySandboxStore();
    const ids = async (v: string) => (await store.findBy('w', 'people', 'emailKey', [v])).map((d) => d.id);
    await store.put('w', 'people', [person('a', { emailKey: 'same@x.com' })]);
    await store.put('w', 'people', [person('a', { emailKey: 'same@x.com', firstName: 'Again' })]);
    expect(await ids('same@x.com')).toEqual(['a']);
    await store.put('w', 'people', [person('b', { emailKey: 'same@x.com' }), person('c', { emailKey: 'same@x.com' })]);
    expect(await ids('same@x.com')).toEqual(['a', 'b', 'c']);
    await store.put('w', 'people', [person('a', { emailKey: 'other@x.com' })]);
    expect(await ids('same@x.com')).toEqual(['b', 'c']);
    await store.put('w', 'people', [person('b', { emailKey: 'other@x.com' }), person('c', { emailKey: 'c@x.com' })]);
    expect(await ids('same@x.com')).toEqual([]);
    expect(await ids('other@x.com')).toEqual(['a', 'b']);
    await store.put('w', 'people', [person('a', { emailKey: 'a@x.com' })]);
    await store.put('w', 'people', [person('d', { emailKey: 'same@x.com' })]);
    expect(await ids('same@x.com')).toEqual(['d']);
    expect(await ids('other@x.com')).toEqual(['b']);
  });

  it('stores copies, returns them frozen, lists by id, and keeps idempotency records per workspace', async () => {
    const store = createMemorySandboxStore();
    const input = person('a', { address: { city: 'Ghent' } });
    await store.put('w', 'people', [person('b'), input, person('c')]);
    input.labels.push('changed after the write');
    input.address!.city = 'Bruges';
    const [got] = await store.get('w', 'people', ['a']);
    expect(got).toMatchObject({ labels: [], address: { city: 'Ghent' } });
    expect(() => got!.labels.push('mutated')).toThrow(TypeError);
    expect(() => {
      got!.address!.city = 'Antwerp';
    }).toThrow(TypeError);
    expect((await store.get('w', 'people', ['a']))[0]!.labels).toEqual([]);
    expect((await store.list('w', 'people', { afterId: 'a', limit: 5 })).map((d) => d.id)).toEqual(['b', 'c']);
    await store.putIdempotency('w', { key: 'k', fingerprint: 'f', results: [1], createdAt: '' });
    expect(await store.getIdempotency('w', 'k')).toMatchObject({ fingerprint: 'f', results: [1] });
    expect(await store.getIdempotency('other', 'k')).toBeUndefined();
  });
});
