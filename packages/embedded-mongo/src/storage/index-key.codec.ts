/**
 * Order-preserving byte encoding of index keys. Each value becomes a type tag (in MongoDB's
 * cross-type sort order: MinKey < null < numbers < strings < objects < arrays < binary < ObjectId
 * < booleans < dates < timestamps < regular expressions < other < MaxKey) followed by a
 * self-delimiting body, so `memcmp` order of the encoded bytes is MongoDB's order of the values
 * (manual: "Comparison/Sort Order") and compound keys are plain concatenations. SQLite compares
 * BLOBs with memcmp, which is what lets an ordinary B-tree answer equality and range lookups.
 * Equal keys are exactly the values MongoDB calls equal: numbers by exact value across their types
 * (see number-key.codec), strings by code point (their UTF-8 bytes), documents field by field in
 * order, BinData by length, subtype and bytes. Pure.
 *
 * {@link KEY_FORMAT} names this encoding in the data folder; a folder written with an earlier one
 * has its keys rebuilt when opened (see key-format.migration).
 */
import { serialize } from 'bson';
import { isArrayIndex, isDocument } from '../query/field-path';
import { numberKey, sortableDouble } from './number-key.codec';

/** Version of the key encoding stored in the data folder. 1: until Dec 2026 (numbers as doubles); 2: exact. */
export const KEY_FORMAT = 2;

export const TAG_MIN_KEY = 0x02;
/** An empty array, indexed as MongoDB indexes it (BSON undefined: below null). */
export const TAG_EMPTY_ARRAY = 0x04;
export const TAG_NULL = 0x05;
export const TAG_NUMBER = 0x10;
export const TAG_STRING = 0x20;
export const TAG_OBJECT = 0x30;
export const TAG_ARRAY = 0x40;
export const TAG_BINARY = 0x50;
export const TAG_OBJECT_ID = 0x60;
export const TAG_BOOLEAN = 0x70;
export const TAG_DATE = 0x80;
export const TAG_TIMESTAMP = 0x88;
export const TAG_REGEX = 0x90;
export const TAG_OTHER = 0xb0;
export const TAG_MAX_KEY = 0xf0;
/** Greater than every tag and every continuation byte: `prefix + HIGH` bounds all keys under prefix. */
export const HIGH = 0xff;
/** Ends the fields of a document and the elements of an array: below every tag. */
const END = 0x00;

/** What an index holds for a field whose value is an empty array. */
export const EMPTY_ARRAY: unique symbol = Symbol('empty array');

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
    case 'symbol':
      return v === EMPTY_ARRAY ? TAG_EMPTY_ARRAY : TAG_NULL;
  }
  if (v instanceof Date) return TAG_DATE;
  if (Array.isArray(v)) return TAG_ARRAY;
  if (v instanceof RegExp) return TAG_REGEX;
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
    case 'Timestamp':
      return TAG_TIMESTAMP;
    case 'BSONRegExp':
      return TAG_REGEX;
    case 'MinKey':
      return TAG_MIN_KEY;
    case 'MaxKey':
      return TAG_MAX_KEY;
    default:
      return TAG_OTHER;
  }
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
function encodeString(s: string, tag = TAG_STRING): Buffer {
  const max = Buffer.byteLength(s, 'utf8');
  const out = Buffer.allocUnsafe(1 + max * 2 + 2);
  out[0] = tag;
  const len = out.write(s, 1, 'utf8');
  let zeros = 0;
  for (let i = 1; i <= len; i++) if (out[i] === 0) zeros++;
  if (zeros === 0) {
    out[len + 1] = 0;
    out[len + 2] = 0;
    return out.subarray(0, len + 3);
  }
  return Buffer.concat([Buffer.from([tag]), escapeBytes(out.subarray(1, len + 1))]);
}

/** A document: per field its value's tag, its name, its value's body; then END. */
function encodeDocument(doc: Record<string, unknown>): Buffer {
  const parts: Buffer[] = [Buffer.from([TAG_OBJECT])];
  for (const [name, value] of Object.entries(doc)) {
    const key = encodeKeyValue(value);
    parts.push(key.subarray(0, 1), encodeString(name).subarray(1), key.subarray(1));
  }
  parts.push(Buffer.from([END]));
  return Buffer.concat(parts);
}

function encodeArray(list: readonly unknown[]): Buffer {
  return Buffer.concat([Buffer.from([TAG_ARRAY]), ...list.map(encodeKeyValue), Buffer.from([END])]);
}

/** BinData sorts by length, then subtype, then bytes: fixed-size head, then the bytes as they are. */
function encodeBinary(bin: { sub_type: number; buffer: Uint8Array; position: number }): Buffer {
  const out = Buffer.allocUnsafe(1 + 4 + 1 + bin.position);
  out[0] = TAG_BINARY;
  out.writeUInt32BE(bin.position, 1);
  out[5] = bin.sub_type;
  out.set(bin.buffer.subarray(0, bin.position), 6);
  return out;
}

function encodeRegex(pattern: string, flags: string): Buffer {
  return Buffer.concat([encodeString(pattern, TAG_REGEX), encodeString(flags).subarray(1)]);
}

/** Encodes one value (tag + body). */
export function encodeKeyValue(v: unknown): Buffer {
  if (typeof v === 'string') return encodeString(v);
  if (typeof v === 'number') return numberKey(TAG_NUMBER, v);
  const tag = typeTag(v);
  switch (tag) {
    case TAG_NULL:
      return NULL_KEY;
    case TAG_NUMBER:
      return numberKey(TAG_NUMBER, v);
    case TAG_STRING:
      return encodeString((v as { value: string }).value);
    case TAG_BOOLEAN:
      return Buffer.from([TAG_BOOLEAN, v ? 1 : 0]);
    case TAG_DATE: {
      const out = Buffer.allocUnsafe(9);
      out[0] = TAG_DATE;
      sortableDouble((v as Date).getTime(), out, 1);
      return out;
    }
    case TAG_OBJECT_ID: {
      const out = Buffer.allocUnsafe(13);
      out[0] = TAG_OBJECT_ID;
      out.set((v as { id: Uint8Array }).id, 1);
      return out;
    }
    case TAG_BINARY:
      return encodeBinary(v as { sub_type: number; buffer: Uint8Array; position: number });
    case TAG_OBJECT:
      return encodeDocument(v as Record<string, unknown>);
    case TAG_ARRAY:
      return encodeArray(v as unknown[]);
    case TAG_TIMESTAMP: {
      const out = Buffer.allocUnsafe(9);
      out[0] = TAG_TIMESTAMP;
      out.writeUInt32BE((v as { t: number }).t, 1);
      out.writeUInt32BE((v as { i: number }).i, 5);
      return out;
    }
    case TAG_REGEX:
      return v instanceof RegExp ? encodeRegex(v.source, v.flags) : encodeRegex((v as { pattern: string }).pattern, (v as { options: string }).options);
    case TAG_MIN_KEY:
    case TAG_MAX_KEY:
    case TAG_EMPTY_ARRAY:
      return Buffer.from([tag]);
    default:
      // code, code with scope, DBPointer: equality-correct (same content, same bytes), order approximate
      return Buffer.concat([Buffer.from([tag]), escapeBytes(serialize({ v }))]);
  }
}

/**
 * Every value found at a dotted path, descending into arrays the way MongoDB's multikey indexes
 * do; `undefined` where the path finds nothing, {@link EMPTY_ARRAY} for an empty array.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  if (!path.includes('.') && isDocument(doc)) {
    // The common case, without splitting or recursion: this runs for every index of every write.
    const value = doc[path];
    if (!Array.isArray(value)) return [value];
    return value.length === 0 ? [EMPTY_ARRAY] : value.slice();
  }
  return walkPath(doc, path.split('.'), 0, []);
}

// A module-level function rather than a closure per call: closures are re-created (and, under
// tsx, re-named) on every call, which showed in write profiles.
function walkPath(value: unknown, parts: readonly string[], i: number, out: unknown[]): unknown[] {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(EMPTY_ARRAY);
      for (const item of value) out.push(item);
    } else {
      out.push(value);
    }
    return out;
  }
  if (Array.isArray(value)) {
    const key = parts[i]!;
    if (isArrayIndex(key)) walkPath(value[Number(key)], parts, i + 1, out);
    else for (const item of value) walkPath(item, parts, i, out);
    return out;
  }
  if (!isDocument(value)) {
    out.push(undefined);
    return out;
  }
  return walkPath(value[parts[i]!], parts, i + 1, out);
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
