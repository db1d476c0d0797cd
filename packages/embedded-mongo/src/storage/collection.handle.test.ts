import { describe, expect, it } from 'vitest';
import { serialize } from 'bson';
import { SqliteStore } from './sqlite.store';

function eventsStore(n: number) {
  const store = new SqliteStore({ dataDir: ':memory:' });
  const { handle } = store.ensureCollection('app', 'events');
  store.addIndex(handle, { v: 2, key: { at: 1 }, name: 'at_ttl', expireAfterSeconds: 0 });
  store.addIndex(handle, { v: 2, key: { ws: 1, kind: 1 }, name: 'ws_kind' });
  for (let i = 0; i < n; i++) handle.insert({ _id: i, ws: 'w', kind: i % 2 === 0 ? 'even' : 'odd', at: new Date(1000 + i) });
  return { store, handle };
}

describe('CollectionHandle', () => {
  it('expires in bounded batches, oldest first, until nothing past expiry is left', () => {
    const { store, handle } = eventsStore(1500);
    expect(handle.expire(1000 + 1200, 1000)).toBe(1000);
    expect(handle.find({ _id: { $lt: 1000 } })).toHaveLength(0);
    expect(handle.expire(1000 + 1200, 1000)).toBe(201); // 1000…1200 were past the cutoff
    expect(handle.expire(1000 + 1200, 1000)).toBe(0);
    expect(handle.count()).toBe(299);
    store.close();
  });

  it('reads a large index range and a multi-point $in, each document once', () => {
    const { store, handle } = eventsStore(3000);
    const even = handle.find({ ws: 'w', kind: 'even' });
    expect(even).toHaveLength(1500);
    expect(new Set(even.map((d) => d.rid)).size).toBe(1500);
    expect(handle.find({ ws: 'w', kind: { $in: ['even', 'odd'] } })).toHaveLength(3000);
    store.close();
  });

  it('moves and removes index entries of documents an exact plan never decoded', () => {
    const { store, handle } = eventsStore(10);
    const [four] = handle.find({ _id: 4 });
    expect(four!.doc).toBeUndefined(); // exact plan: bytes only
    const next = { _id: 4, ws: 'w', kind: 'odd', at: new Date(1004) };
    handle.replace(four!, next, Buffer.from(serialize(next)));
    expect(handle.find({ ws: 'w', kind: 'even' }).map((d) => d.rid)).toHaveLength(4);
    expect(handle.find({ ws: 'w', kind: 'odd' })).toHaveLength(6);
    const [six] = handle.find({ _id: 6 });
    handle.remove(six!);
    expect(handle.find({ ws: 'w', kind: 'even' })).toHaveLength(3);
    expect(handle.expire(1000 + 10)).toBe(9); // no entry of the removed document is left behind
    store.close();
  });
});
