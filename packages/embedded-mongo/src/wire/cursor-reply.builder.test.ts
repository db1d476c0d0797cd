import { describe, expect, it } from 'vitest';
import { deserialize, Long, ObjectId, serialize } from 'bson';
import { buildCursorReply } from './cursor-reply.builder';

describe('buildCursorReply', () => {
  it('produces the same document bson would, with documents kept byte for byte', () => {
    const docs = [{ _id: new ObjectId(), n: Long.fromNumber(7) }, { a: 'é', nested: { x: [1, 2] } }];
    const raw = docs.map((d) => serialize(d));
    const built = buildCursorReply('firstBatch', raw, 42n, 'db.coll');
    const parsed = deserialize(built, { promoteLongs: false });
    expect(parsed).toEqual({ cursor: { firstBatch: docs, id: Long.fromNumber(42), ns: 'db.coll' }, ok: 1 });
  });

  it('handles an empty batch', () => {
    const parsed = deserialize(buildCursorReply('nextBatch', [], 0n, 'x.y'));
    expect(parsed).toEqual({ cursor: { nextBatch: [], id: 0, ns: 'x.y' }, ok: 1 });
  });
});
