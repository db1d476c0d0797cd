/**
 * Whether two values would encode to the same BSON bytes: same types, same values, same field
 * order. This is how an update decides that it changed nothing (MongoDB compares the documents
 * byte for byte: `$set: { n: 5 }` on a Double 5.0 does change it, to an Int32). Unlike MongoDB's
 * equality (value-order), `5` and `Long(5)` differ here, and so do `Decimal128('1.1')` and
 * `Decimal128('1.10')`. Pure.
 */
import { serialize } from 'bson';

function bsonType(v: object): string | undefined {
  return (v as { _bsontype?: string })._bsontype;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/**
 * @example sameBson({ a: 1, b: 2 }, { b: 2, a: 1 }) // false: field order differs
 */
export function sameBson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameBson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  const ta = bsonType(a);
  if (ta !== bsonType(b)) return false;
  if (ta === undefined) {
    if (a instanceof RegExp || b instanceof RegExp) return String(a) === String(b);
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      if (ka[i] !== kb[i] || !sameBson((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!])) return false;
    }
    return true;
  }
  switch (ta) {
    case 'Double':
    case 'Int32':
      return Object.is((a as { value: number }).value, (b as { value: number }).value);
    case 'Long':
      return (a as { equals(o: unknown): boolean }).equals(b);
    case 'Decimal128':
      return sameBytes((a as { bytes: Uint8Array }).bytes, (b as { bytes: Uint8Array }).bytes);
    case 'ObjectId':
      return sameBytes((a as { id: Uint8Array }).id, (b as { id: Uint8Array }).id);
    default:
      return sameBytes(serialize({ v: a }), serialize({ v: b }));
  }
}
