import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BSONRegExp, Code, Decimal128, Double, Int32, Long, serialize, Timestamp } from 'bson';
import { decodeCommand, decodeExact } from './exact-bson.decoder';
import { anyValue } from './typed-values.arbitrary';

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('decodeExact', () => {
  it('decodes documents that serialize back to the same bytes, every value keeping its BSON type', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), anyValue), (d) => {
        const bytes = serialize({ ...d });
        expect(same(serialize(decodeExact(bytes)), bytes)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps the four number types apart', () => {
    const bytes = serialize({ i: new Int32(10), d: new Double(10), l: Long.fromNumber(10), m: Decimal128.fromString('10'), z: new Double(-0), f: 2.5 });
    const doc = decodeExact(bytes);
    expect(doc.i).toBe(10);
    expect(doc.d).toEqual(new Double(10));
    expect(doc.l).toEqual(Long.fromNumber(10));
    expect(doc.m).toEqual(Decimal128.fromString('10'));
    expect(doc.z).toEqual(new Double(-0));
    expect(doc.f).toBe(2.5);
    expect(same(serialize(doc), bytes)).toBe(true);
  });

  it('keeps rarer types, and documents shaped like DBRefs as plain documents', () => {
    const bytes = serialize({ re: new BSONRegExp('a b', 'ix'), ts: new Timestamp({ t: 5, i: 7 }), code: new Code('x()'), ref: { $ref: 'c', $id: 1, extra: true } });
    const doc = decodeExact(bytes);
    expect(doc.ref).toEqual({ $ref: 'c', $id: 1, extra: true });
    expect(same(serialize(doc), bytes)).toBe(true);
  });

  it('refuses strings that are not UTF-8', () => {
    const bytes = Buffer.from(serialize({ s: 'ab' }));
    bytes[bytes.indexOf('ab')] = 0xff;
    expect(() => decodeExact(bytes)).toThrow(/UTF-8/);
  });

  it('keeps a field named __proto__ as a field', () => {
    const doc = decodeExact(serialize(JSON.parse('{"__proto__": {"x": 1}}') as object));
    expect(Object.keys(doc)).toEqual(['__proto__']);
    expect(({} as { x?: number }).x).toBeUndefined();
  });
});

describe('decodeCommand', () => {
  it('leaves the named top-level array as the bytes of its documents', () => {
    const docs = [{ a: 1 }, { b: 'x' }];
    const cmd = decodeCommand(serialize({ insert: 'c', documents: docs, ordered: false }), 'documents');
    expect(cmd.insert).toBe('c');
    expect(cmd.ordered).toBe(false);
    expect((cmd.documents as Buffer[]).map((b) => decodeExact(b))).toEqual(docs);
  });
});
