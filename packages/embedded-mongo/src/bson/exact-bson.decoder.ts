/**
 * Decodes BSON into JavaScript values that encode back to the very same BSON types, so a document
 * read, changed and written again keeps the type of every value it did not change:
 *  - Int32 → a JavaScript number (integral, within 32 bits: `bson` writes it back as Int32);
 *  - Double → a number, except values `bson` would write back as Int32 (integral within 32 bits,
 *    and -0), which stay `Double` objects;
 *  - Int64 → `Long`, always; Decimal128, Binary, ObjectId, Timestamp, regular expressions
 *    (`BSONRegExp`), MinKey/MaxKey, Code and symbols → their `bson` classes;
 *  - documents that look like DBRefs stay plain documents (field order and extra fields kept).
 * `bson`'s own `deserialize` either turns every number into a JavaScript number (Int64 5 and
 * Double 10.0 then come back as Int32) or wraps every one of them (which the query and update code
 * would have to unwrap everywhere). Pure.
 */
import { isUtf8 } from 'node:buffer';
import { Binary, BSONError, BSONRegExp, BSONSymbol, Code, Decimal128, deserialize, Double, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';

export type Doc = Record<string, unknown>;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The value a BSON double decodes to: a number unless `bson` would write that number as an Int32. */
export function exactDouble(n: number): number | Double {
  return Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX ? new Double(n) : Object.is(n, -0) ? new Double(-0) : n;
}

function fail(message: string): never {
  throw new BSONError(message);
}

function utf8(buf: Buffer, from: number, to: number): string {
  const s = buf.toString('utf8', from, to);
  // A replacement character is either in the data or the mark of bytes that are not UTF-8.
  if (s.includes('\uFFFD') && !isUtf8(buf.subarray(from, to))) fail('Invalid UTF-8 string in BSON document');
  return s;
}

function cstringEnd(buf: Buffer, from: number, end: number): number {
  const at = buf.indexOf(0, from);
  if (at < 0 || at > end) fail('Bad BSON Document: illegal CString');
  return at;
}

/** One element with `bson` itself (rare types), through a one-field document holding a copy of its bytes. */
function viaBson(buf: Buffer, elementStart: number, next: number): unknown {
  const mini = Buffer.allocUnsafe(4 + (next - elementStart) + 1);
  mini.writeInt32LE(mini.length, 0);
  buf.copy(mini, 4, elementStart, next);
  mini[mini.length - 1] = 0;
  const doc = deserialize(mini, { promoteValues: false, bsonRegExp: true });
  return Object.values(doc)[0];
}

/** Where the element after the last one {@link readValue} decoded starts (a variable, not a tuple: no allocation per value). */
let after = 0;

/** Where the element after the one {@link readValue} last decoded starts. */
export function nextElement(): number {
  return after;
}

function at2<T>(value: T, next: number): T {
  after = next;
  return value;
}

/** Short ASCII text without a call into the runtime's UTF-8 decoder; anything else through it. */
function text(buf: Buffer, from: number, to: number): string | undefined {
  if (to - from > 24) return undefined;
  let s = '';
  for (let i = from; i < to; i++) {
    const c = buf[i]!;
    if (c >= 0x80) return undefined;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Decodes the value of one element whose value starts at `at`; {@link nextElement} then tells where the next element starts. */
export function readValue(type: number, buf: Buffer, view: DataView, elementStart: number, at: number): unknown {
  switch (type) {
    case 0x01:
      return at2(exactDouble(view.getFloat64(at, true)), at + 8);
    case 0x02: {
      const size = view.getInt32(at, true);
      const next = at + 4 + size;
      if (size < 1 || next > buf.length || buf[next - 1] !== 0) fail('bad string length in BSON document');
      return at2(text(buf, at + 4, next - 1) ?? utf8(buf, at + 4, next - 1), next);
    }
    case 0x03:
    case 0x04: {
      const size = view.getInt32(at, true);
      return at2(readDocument(buf, view, at, type === 0x04), at + size);
    }
    case 0x05: {
      let size = view.getInt32(at, true);
      const subtype = buf[at + 4]!;
      let from = at + 5;
      const next = from + size;
      if (size < 0 || next > buf.length) fail('Binary type size larger than document size');
      if (subtype === 0x02) {
        // the old binary subtype repeats its length inside; bson writes it back itself
        size = view.getInt32(from, true);
        from += 4;
        if (from + size !== next) fail('Binary type with subtype 0x02 has a wrong inner size');
      }
      return at2(new Binary(buf.subarray(from, from + size), subtype), next);
    }
    case 0x06:
      return at2(undefined, at);
    case 0x07:
      return at2(new ObjectId(Buffer.from(buf.subarray(at, at + 12))), at + 12);
    case 0x08: {
      const b = buf[at];
      if (b !== 0 && b !== 1) fail('illegal boolean type value');
      return at2(b === 1, at + 1);
    }
    case 0x09:
      return at2(new Date(new Long(view.getInt32(at, true), view.getInt32(at + 4, true)).toNumber()), at + 8);
    case 0x0a:
      return at2(null, at);
    case 0x0b: {
      const patternEnd = cstringEnd(buf, at, buf.length);
      const flagsEnd = cstringEnd(buf, patternEnd + 1, buf.length);
      return at2(new BSONRegExp(utf8(buf, at, patternEnd), buf.toString('latin1', patternEnd + 1, flagsEnd)), flagsEnd + 1);
    }
    case 0x10:
      return at2(view.getInt32(at, true), at + 4);
    case 0x11:
      return at2(new Timestamp({ i: view.getUint32(at, true), t: view.getUint32(at + 4, true) }), at + 8);
    case 0x12:
      return at2(new Long(view.getInt32(at, true), view.getInt32(at + 4, true)), at + 8);
    case 0x13:
      return at2(new Decimal128(Buffer.from(buf.subarray(at, at + 16))), at + 16);
    case 0xff:
      return at2(new MinKey(), at);
    case 0x7f:
      return at2(new MaxKey(), at);
    case 0x0d:
    case 0x0e: {
      const size = view.getInt32(at, true);
      const body = utf8(buf, at + 4, at + 4 + size - 1);
      return at2(type === 0x0d ? new Code(body) : new BSONSymbol(body), at + 4 + size);
    }
    case 0x0c:
      return at2(viaBson(buf, elementStart, at + 4 + view.getInt32(at, true) + 12), at + 4 + view.getInt32(at, true) + 12);
    case 0x0f: {
      const next = at + view.getInt32(at, true);
      return at2(viaBson(buf, elementStart, next), next);
    }
    default:
      return fail(`unknown BSON element type 0x${type.toString(16)}`);
  }
}

function readDocument(buf: Buffer, view: DataView, start: number, asArray: boolean): Doc | unknown[] {
  const size = view.getInt32(start, true);
  const end = start + size - 1;
  if (size < 5 || end >= buf.length || buf[end] !== 0) fail('corrupt BSON document: bad size');
  const out: Doc | unknown[] = asArray ? [] : {};
  let pos = start + 4;
  while (pos < end) {
    const type = buf[pos]!;
    const nameEnd = cstringEnd(buf, pos + 1, end);
    const value = readValue(type, buf, view, pos, nameEnd + 1);
    const next = after;
    if (next > end) fail('corrupt BSON document: element runs past its end');
    if (asArray) (out as unknown[]).push(value);
    else {
      const name = text(buf, pos + 1, nameEnd) ?? buf.toString('utf8', pos + 1, nameEnd);
      // `__proto__` is an ordinary field name in BSON; assigning it would set the prototype.
      if (name === '__proto__') Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true });
      else (out as Doc)[name] = value;
    }
    pos = next;
  }
  return out;
}

function asBuffer(raw: Uint8Array): Buffer {
  return Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
}

/**
 * A whole document, exactly typed (see the file comment).
 * @example decodeExact(serialize({ n: new Double(10) })) // { n: Double(10) }, which serializes back to a double
 */
export function decodeExact(raw: Uint8Array): Doc {
  const buf = asBuffer(raw);
  return readDocument(buf, new DataView(buf.buffer, buf.byteOffset, buf.byteLength), 0, false) as Doc;
}

/**
 * A command body, exactly typed, with the elements of the top-level array `rawArray` (an insert's
 * `documents`) left as their BSON bytes: inserts store them as sent.
 */
export function decodeCommand(raw: Uint8Array, rawArray?: string): Doc {
  const buf = asBuffer(raw);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (!rawArray) return readDocument(buf, view, 0, false) as Doc;
  const end = view.getInt32(0, true) - 1;
  const out: Doc = {};
  let pos = 4;
  while (pos < end) {
    const type = buf[pos]!;
    const nameEnd = cstringEnd(buf, pos + 1, end);
    const name = buf.toString('utf8', pos + 1, nameEnd);
    if (type === 0x04 && name === rawArray) {
      const at = nameEnd + 1;
      const arrayEnd = at + view.getInt32(at, true) - 1;
      const docs: Buffer[] = [];
      let p = at + 4;
      while (p < arrayEnd) {
        const valueAt = buf.indexOf(0, p + 1) + 1;
        const size = view.getInt32(valueAt, true);
        docs.push(buf.subarray(valueAt, valueAt + size));
        p = valueAt + size;
      }
      out[name] = docs;
      pos = arrayEnd + 1;
      continue;
    }
    out[name] = readValue(type, buf, view, pos, nameEnd + 1);
    pos = after;
  }
  return out;
}
