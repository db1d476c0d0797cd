import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Binary, BSONRegExp, Decimal128, Double, Long, MaxKey, MinKey, ObjectId, serialize, Timestamp, deserialize } from 'bson';
import { decodeExact } from '../bson/exact-bson.decoder';
import { readFields } from './bson-fields.reader';

describe('readFields', () => {
  const doc = {
    d: 1.5, s: 'é', o: { x: [1, 2] }, a: [{ y: 1 }], bin: new Binary(Buffer.from([1, 2])), u: undefined, id: new ObjectId(),
    b: true, dt: new Date(5), n: null, re: new BSONRegExp('a.c', 'i'), i: 7, ts: new Timestamp({ t: 1, i: 2 }),
    l: Long.fromString('9007199254740993'), dec: Decimal128.fromString('1.1'), min: new MinKey(), max: new MaxKey(), last: 'end',
  };
  const raw = serialize(doc, { ignoreUndefined: false });

  it('skips every BSON type correctly and decodes only the chosen fields', () => {
    const full = decodeExact(raw);
    expect(readFields(raw, new Set(['last', 'id', 'o']))).toEqual({ last: 'end', id: full.id, o: full.o });
    expect(readFields(raw, new Set(['missing']))).toEqual({});
  });

  it('decodes every type as a full exact decode does, the ones it reads in place included', () => {
    const full = decodeExact(raw);
    const all = readFields(raw, new Set(Object.keys(full)));
    expect(all).toEqual(full);
    for (const k of Object.keys(full)) expect(Object.is(all[k], full[k]) || typeof full[k] === 'object').toBe(true);
    const edge = serialize({ z: -0, nan: Number.NaN, big: 2 ** 31 - 1, old: new Date(-8.64e15), far: new Date(8.64e15), empty: '', bom: '\uFEFFx', emoji: '😀' });
    expect(readFields(edge, new Set(['z', 'nan', 'big', 'old', 'far', 'empty', 'bom', 'emoji']))).toEqual(decodeExact(edge));
    // -0 is a double that bson would write back as Int32 0 from a plain number: it stays a Double
    expect(readFields(edge, new Set(['z'])).z).toEqual(new Double(-0));
  });

  it('leaves what bson refuses to bson: a string that is not UTF-8 and a boolean byte other than 0 or 1', () => {
    const text = Buffer.from(serialize({ s: 'ab' }));
    text[text.indexOf('ab')] = 0xff;
    expect(() => deserialize(text)).toThrow();
    expect(() => readFields(text, new Set(['s']))).toThrow();
    const flag = Buffer.from(serialize({ b: true }));
    flag[flag.length - 2] = 2;
    expect(() => readFields(flag, new Set(['b']))).toThrow(/boolean/);
  });

  it('agrees with a full exact decode on arbitrary JSON-like documents', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }).filter((k) => !k.includes('\0')), fc.jsonValue()), (d) => {
        const bytes = serialize(d);
        const full = decodeExact(bytes);
        const names = new Set(Object.keys(d).filter((_, i) => i % 2 === 0));
        const want = Object.fromEntries([...names].map((n) => [n, full[n]]));
        expect(readFields(bytes, names)).toEqual(want);
      }),
    );
  });
});
