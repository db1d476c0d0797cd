/**
 * Order-preserving byte encoding of index keys. Each value becomes a type tag (in MongoDB's
 * cross-type sort order: null < numbers < strings < objects < arrays < binary < ObjectId < booleans
 * < dates < other) followed by a self-delimiting body, so `memcmp` order of the encoded bytes is the
 * order of the values and compound keys are plain concatenations. SQLite compares BLOBs with memcmp,
 * which is what lets an ordinary B-tree answer equality and range lookups. Pure.
 *
 * Numbers of every BSON kind share one bracket (as doubles), so `5`, `5.0` and `Long(5)` give the
 * same key. The query is always re-checked against the full document, so the key only has to never
 * miss a match; precision lost above 2^53 only adds candidates.
 */
import { serialize } from 'bson';

export const TAG_NULL = 0x05;
export const TAG_NUMBER = 0x10;
export const TAG_STRING = 0x20;
export const TAG_OBJECT = 0x30;
export const TAG_ARRAY = 0x40;
export const TAG_BINARY = 0x50;
export const TAG_OBJECT_ID = 0x60;
export const TAG_BOOLEAN = 0x70;
export const TAG_DATE = 0x80;
export const TAG_OTHER = 0xb0;
/** Greater than every tag and every continuation byte: `prefix + HIGH` bounds all keys under prefix. */
export const HIGH = 0xff;

type Bsonish = { _bsontype?: string };

function bsonType(v: unknown): string | undefined {
  return typeof v === 'object' && v !== null ? (v as Bsonish)._bsontype : undefined;
}

/** The type tag a value sorts under. */
export function typeTag(v: unknown): number {
  if (v === null || v === undefined) return TAG_NULL;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return TAG_NUMBER;
    case 'string':
      return TAG_STRING;
    case 'boolean':
      return TAG_BOOLEAN;
  }
  if (v instanceof Date) return TAG_DATE;
  if (Array.isArray(v)) return TAG_ARRAY;
  switch (bsonType(v)) {
    case undefined:
      return TAG_OBJECT;
    case 'Long':
    case 'Int32':
    case 'Double':
    case 'Decimal128':
      return TAG_NUMBER;
    case 'ObjectId':
      return TAG_OBJECT_ID;
    case 'Binary':
      return TAG_BINARY;
    case 'BSONSymbol':
      return TAG_STRING;
    default:
      return TAG_OTHER;
  }
}

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(String((v as { toString(): string }).toString()));
}

function encodeDouble(n: number): Buffer {
  const buf = Buffer.alloc(8);
  if (Number.isNaN(n)) return buf; // NaN sorts below every other number
  buf.writeDoubleBE(n === 0 ? 0 : n, 0);
  if (buf[0]! & 0x80) {
    for (let i = 0; i < 8; i++) buf[i] = ~buf[i]! & 0xff;
  } else {
    buf[0] = buf[0]! | 0x80;
  }
  return buf;
}

/** Escapes 0x00 as 0x00 0xFF and terminates with 0x00 0x00: self-delimiting, order-preserving. */
function escapeBytes(bytes: Uint8Array): Buffer {
  let zeros = 0;
  for (const b of bytes) if (b === 0) zeros++;
  const out = Buffer.allocUnsafe(bytes.length + zeros + 2);
  let o = 0;
  for (const b of bytes) {
    out[o++] = b;
    if (b === 0) out[o++] = 0xff;
  }
  out[o++] = 0;
  out[o] = 0;
  return out;
}

const NULL_KEY = Buffer.from([TAG_NULL]);

/** A string key in one allocation: tag, UTF-8 with 0x00 escaped as 0x00 0xFF, then 0x00 0x00. */
function encodeString(s: string): Buffer {
  const max = Buffer.byteLength(s, 'utf8');
  const out = Buffer.allocUnsafe(1 + max * 2 + 2);
  out[0] = TAG_STRING;
  const len = out.write(s, 1, 'utf8');
  let zeros = 0;
  for (let i = 1; i <= len; i++) if (out[i] === 0) zeros++;
  if (zeros === 0) {
    out[len + 1] = 0;
    out[len + 2] = 0;
    return out.subarray(0, len + 3);
  }
  return Buffer.concat([Buffer.from([TAG_STRING]), escapeBytes(out.subarray(1, len + 1))]);
}

function tagged(tag: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(1 + body.length);
  out[0] = tag;
  out.set(body, 1);
  return out;
}

/** Encodes one value (tag + body). */
export function encodeKeyValue(v: unknown): Buffer {
  if (typeof v === 'string') return encodeString(v);
  const tag = typeTag(v);
  switch (tag) {
    case TAG_NULL:
      return NULL_KEY;
    case TAG_NUMBER:
      return tagged(TAG_NUMBER, encodeDouble(numberOf(v)));
    case TAG_STRING:
      return encodeString(String(v));
    case TAG_BOOLEAN:
      return Buffer.from([TAG_BOOLEAN, v ? 1 : 0]);
    case TAG_DATE:
      return tagged(TAG_DATE, encodeDouble((v as Date).getTime()));
    case TAG_OBJECT_ID:
      return tagged(TAG_OBJECT_ID, (v as { id: Uint8Array }).id);
    case TAG_BINARY: {
      const bin = v as { sub_type: number; buffer: Uint8Array; position: number };
      const bytes = bin.buffer.subarray(0, bin.position);
      return Buffer.concat([Buffer.from([TAG_BINARY, bin.sub_type]), escapeBytes(bytes)]);
    }
    default:
      // Objects, arrays and rare types: equality-correct (same content, same bytes), order approximate.
      return Buffer.concat([Buffer.from([tag]), escapeBytes(serialize({ v }))]);
  }
}

/** Every value found at a dotted path, descending into arrays the way MongoDB's multikey indexes do. */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  if (!path.includes('.') && doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    // The common case, without splitting or recursion: this runs for every index of every write.
    const value = (doc as Record<string, unknown>)[path];
    if (!Array.isArray(value)) return [value];
    return value.length === 0 ? [undefined] : value.slice();
  }
  return walkPath(doc, path.split('.'), 0, []);
}

// A module-level function rather than a closure per call: closures are re-created (and, under
// tsx, re-named) on every call, which showed in write profiles.
function walkPath(value: unknown, parts: readonly string[], i: number, out: unknown[]): unknown[] {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      for (const item of value) out.push(item);
    } else {
      out.push(value);
    }
    return out;
  }
  if (Array.isArray(value)) {
    const key = parts[i]!;
    if (/^\d+$/.test(key)) walkPath(value[Number(key)], parts, i + 1, out);
    else for (const item of value) walkPath(item, parts, i, out);
    return out;
  }
  if (value === null || typeof value !== 'object') {
    out.push(undefined);
    return out;
  }
  return walkPath((value as Record<string, unknown>)[parts[i]!], parts, i + 1, out);
}

/** True when no field of the key is present in the document (sparse indexes skip such documents). */
export function lacksAllFields(doc: Record<string, unknown>, fields: readonly string[]): boolean {
  return fields.every((f) => valuesAtPath(doc, f).every((v) => v === undefined));
}

/**
 * The distinct encoded keys of a document for an index over `fields` (one per combination of
 * array elements, like a multikey index).
 */
export function extractIndexKeys(doc: Record<string, unknown>, fields: readonly string[]): Buffer[] {
  if (fields.length === 1 && !fields[0]!.includes('.')) {
    // the common case: one top-level field holding a scalar
    const v = doc[fields[0]!];
    if (!Array.isArray(v)) return [encodeKeyValue(v)];
  }
  const single = singleKey(doc, fields);
  if (single) return [single];
  let keys: Buffer[] = [Buffer.alloc(0)];
  for (const field of fields) {
    const parts = valuesAtPath(doc, field).map(encodeKeyValue);
    const next: Buffer[] = [];
    for (const k of keys) for (const p of parts) next.push(Buffer.concat([k, p]));
    keys = next;
  }
  if (keys.length <= 1) return keys;
  const seen = new Map<string, Buffer>();
  for (const k of keys) seen.set(k.toString('latin1'), k);
  return [...seen.values()];
}

/** The one key of a compound index whose fields are all top-level non-array values, in one allocation; else undefined. */
function singleKey(doc: Record<string, unknown>, fields: readonly string[]): Buffer | undefined {
  const parts: Buffer[] = [];
  let length = 0;
  for (const field of fields) {
    if (field.includes('.')) return undefined;
    const v = doc[field];
    if (Array.isArray(v)) return undefined;
    const part = encodeKeyValue(v);
    parts.push(part);
    length += part.length;
  }
  return Buffer.concat(parts, length);
}
