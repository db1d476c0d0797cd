import { describe, expect, it } from 'vitest';
import { deserialize, Long, ObjectId, serialize } from 'bson';
import { Query } from 'mingo';
import { compileRawProjection } from './raw-projection';

const doc = { _id: new ObjectId(), email: 'a@x.io', n: Long.fromNumber(7), tags: ['x'], address: { city: 'Ghent' }, at: new Date(0) };
const raw = serialize(doc);
const viaBytes = (p: Record<string, unknown>) => deserialize(compileRawProjection(p)!(raw), { promoteLongs: false });
const viaMingo = (p: Record<string, unknown>) => new Query({}, {}).find<Record<string, unknown>>([deserialize(raw, { promoteLongs: false })], p).all()[0];

describe('compileRawProjection', () => {
  it('keeps or drops top-level fields as mingo (and mongod) do', () => {
    for (const p of [{ email: 1 }, { _id: 0, email: 1, tags: true }, { email: 0, address: 0 }, { _id: 0 }, { _id: 1 }, { missing: 1 }]) {
      expect(viaBytes(p)).toEqual(viaMingo(p));
    }
  });

  it('copies the elements byte for byte, so BSON types survive', () => {
    const out = viaBytes({ _id: 0, n: 1 });
    expect(out.n).toBeInstanceOf(Long);
    expect(Object.keys(viaBytes({ tags: 1, email: 1 }))).toEqual(['_id', 'email', 'tags']); // document order
  });

  it('declines what needs mingo: dotted paths, operators, mixes', () => {
    expect(compileRawProjection({ 'address.city': 1 })).toBeUndefined();
    expect(compileRawProjection({ tags: { $slice: 1 } })).toBeUndefined();
    expect(compileRawProjection({ email: 1, tags: 0 })).toBeUndefined();
    expect(compileRawProjection({ label: '$email' })).toBeUndefined();
  });
});
