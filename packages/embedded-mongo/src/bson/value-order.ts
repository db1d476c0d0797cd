/**
 * MongoDB's comparison of BSON values (manual: "Comparison/Sort Order",
 * https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/): types compare by
 * their bracket (MinKey < null < numbers < strings < objects < arrays < BinData < ObjectId <
 * booleans < dates < timestamps < regular expressions < … < MaxKey); numbers of every type by
 * value, exactly; strings by code point (their UTF-8 bytes), not by UTF-16 unit; documents field by
 * field in their order (type, then name, then value); arrays element by element; BinData by
 * length, then subtype, then bytes. Equality in queries is this comparison answering 0. Pure.
 */
import type { Binary, BSONRegExp, Code, DBRef, ObjectId, Timestamp } from 'bson';
import { compareNumbers } from './bson-number';

/** Canonical type ranks, in MongoDB's order (its `canonicalizeBSONType`). */
export const Rank = {
  minKey: 0,
  undefined: 2,
  null: 5,
  number: 10,
  string: 15,
  object: 20,
  array: 25,
  binary: 30,
  objectId: 35,
  boolean: 40,
  date: 45,
  timestamp: 47,
  regex: 50,
  dbPointer: 55,
  code: 60,
  codeWithScope: 65,
  maxKey: 127,
} as const;

function bsonTypeOf(v: object): string | undefined {
  return (v as { _bsontype?: string })._bsontype;
}

/** The canonical rank of a value's type; `undefined` (a missing value) ranks as null. */
export function rankOf(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return Rank.number;
    case 'string':
      return Rank.string;
    case 'boolean':
      return Rank.boolean;
    case 'undefined':
      return Rank.null;
    case 'bigint':
      return Rank.number;
  }
  if (v === null) return Rank.null;
  if (Array.isArray(v)) return Rank.array;
  if (v instanceof Date) return Rank.date;
  if (v instanceof RegExp) return Rank.regex;
  switch (bsonTypeOf(v as object)) {
    case undefined:
      return Rank.object;
    case 'Double':
    case 'Int32':
    case 'Long':
    case 'Decimal128':
      return Rank.number;
    case 'BSONSymbol':
      return Rank.string;
    case 'Binary':
      return Rank.binary;
    case 'ObjectId':
      return Rank.objectId;
    case 'Timestamp':
      return Rank.timestamp;
    case 'BSONRegExp':
      return Rank.regex;
    case 'MinKey':
      return Rank.minKey;
    case 'MaxKey':
      return Rank.maxKey;
    case 'DBPointer':
      return Rank.dbPointer;
    case 'Code':
      return (v as Code).scope ? Rank.codeWithScope : Rank.code;
    case 'DBRef':
      return Rank.object;
    default:
      return Rank.object;
  }
}

/**
 * Compares two strings by code point, which is what comparing their UTF-8 bytes gives. JavaScript's
 * `<` compares UTF-16 units, which puts an emoji (a surrogate pair, from U+D800) before U+E000–U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : 1;
  let x = a.charCodeAt(i);
  let y = b.charCodeAt(i);
  if (x >= 0xd800 && y >= 0xd800) {
    // surrogates (code points above U+FFFF) go after U+E000–U+FFFF
    x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
    y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
  }
  return x < y ? -1 : 1;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function binaryBytes(b: Binary): Uint8Array {
  return b.buffer.subarray(0, b.position);
}

function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : (v as { value: string }).value;
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as BSONRegExp;
  return [r.pattern, r.options];
}

function documentEntries(v: object): Array<[string, unknown]> {
  if (bsonTypeOf(v) === 'DBRef') {
    const ref = v as DBRef;
    const out: Array<[string, unknown]> = [['$ref', ref.collection], ['$id', ref.oid]];
    if (ref.db) out.push(['$db', ref.db]);
    return out.concat(Object.entries(ref.fields));
  }
  return Object.entries(v);
}

function compareDocuments(a: object, b: object): number {
  const xs = documentEntries(a);
  const ys = documentEntries(b);
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const [ka, va] = xs[i]!;
    const [kb, vb] = ys[i]!;
    const byType = rankOf(va) - rankOf(vb);
    if (byType !== 0) return Math.sign(byType);
    const byName = compareStrings(ka, kb);
    if (byName !== 0) return byName;
    const byValue = compareValues(va, vb);
    if (byValue !== 0) return byValue;
  }
  return Math.sign(xs.length - ys.length);
}

function compareArrays(a: unknown[], b: unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/**
 * MongoDB's total order over BSON values: negative, 0 or positive.
 * @example compareValues(Long.fromString('9007199254740993'), 9007199254740992) // 1
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case Rank.number:
      return compareNumbers(a, b);
    case Rank.string:
      return compareStrings(stringOf(a), stringOf(b));
    case Rank.null:
    case Rank.minKey:
    case Rank.maxKey:
    case Rank.undefined:
      return 0;
    case Rank.boolean:
      return a === b ? 0 : a ? 1 : -1;
    case Rank.date:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case Rank.objectId:
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case Rank.array:
      return compareArrays(a as unknown[], b as unknown[]);
    case Rank.object:
      return compareDocuments(a as object, b as object);
    case Rank.binary: {
      const x = a as Binary;
      const y = b as Binary;
      if (x.position !== y.position) return x.position < y.position ? -1 : 1;
      if (x.sub_type !== y.sub_type) return x.sub_type < y.sub_type ? -1 : 1;
      return compareBytes(binaryBytes(x), binaryBytes(y));
    }
    case Rank.timestamp: {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return x.t !== y.t ? (x.t < y.t ? -1 : 1) : Math.sign(x.i - y.i);
    }
    case Rank.regex: {
      const [pa, fa] = regexParts(a);
      const [pb, fb] = regexParts(b);
      return compareStrings(pa, pb) || compareStrings(fa, fb);
    }
    case Rank.code:
      return compareStrings((a as Code).code, (b as Code).code);
    case Rank.codeWithScope:
      return compareStrings((a as Code).code, (b as Code).code) || compareDocuments((a as Code).scope!, (b as Code).scope!);
    default:
      return compareStrings(String(a), String(b));
  }
}

/** MongoDB's equality: the same value in the same bracket (`5`, `5.0`, `Long(5)` and `Decimal128('5.00')` are equal). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}
