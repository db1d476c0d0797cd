/**
 * Reads chosen top-level fields out of a raw BSON document without decoding the rest: the insert
 * path needs only `_id` and the indexed fields, and decoding whole documents was the largest cost
 * of an insert. Strings, numbers, dates, booleans and null are read in place; any other chosen
 * element by the exact decoder. Either way values are exactly what a full exact decode
 * (exact-bson.decoder) would give. Pure.
 */
import { isUtf8 } from 'node:buffer';
import { exactDouble, readValue } from '../bson/exact-bson.decoder';

/** Size of an element's value, by BSON type, starting at `at`. */
export function valueSize(type: number, buf: Uint8Array, at: number, view: DataView): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return 4 + view.getInt32(at, true);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return view.getInt32(at, true);
    case 0x05: // binary
      return 4 + 1 + view.getInt32(at, true);
    case 0x06: // undefined
    case 0x0a: // null
    case 0xff: // min key
    case 0x7f: // max key
      return 0;
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x0b: {
      // regex: two cstrings
      const end1 = buf.indexOf(0, at);
      return buf.indexOf(0, end1 + 1) + 1 - at;
    }
    case 0x0c: // DBPointer
      return 4 + view.getInt32(at, true) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      throw new Error(`unknown BSON element type 0x${type.toString(16)}`);
  }
}

/**
 * The values of the named top-level fields that are present in `raw`.
 * @example readFields(serialize({ _id: 1, a: { b: 2 }, c: 3 }), new Set(['_id', 'a'])) // { _id: 1, a: { b: 2 } }
 */
export function readFields(raw: Uint8Array, names: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const end = view.getInt32(0, true) - 1;
  let pos = 4;
  let wanted = names.size;
  while (pos < end && wanted > 0) {
    const type = buf[pos]!;
    const nameEnd = buf.indexOf(0, pos + 1);
    const name = buf.toString('utf8', pos + 1, nameEnd);
    const valueAt = nameEnd + 1;
    const next = valueAt + valueSize(type, buf, valueAt, view);
    if (names.has(name)) {
      const value = scalarAt(type, buf, valueAt, next, view);
      out[name] = value !== NOT_SCALAR ? value : readValue(type, buf, view, pos, valueAt);
      wanted--;
    }
    pos = next;
  }
  return out;
}

const NOT_SCALAR = Symbol('not a scalar');

/**
 * The values index keys are mostly made of, decoded in place: strings, doubles, 32-bit integers,
 * dates, booleans and null, exactly as the exact decoder decodes them (decoding each through a
 * one-field copy was most of an insert's cost on the database thread). Anything else, or anything
 * the decoder would refuse (a string that is not UTF-8, a boolean byte other than 0 or 1), is
 * `NOT_SCALAR`: the caller hands it to the decoder, which then also raises its error.
 */
function scalarAt(type: number, buf: Buffer, at: number, next: number, view: DataView): unknown {
  switch (type) {
    case 0x02: {
      // int32 length (counting the trailing NUL), the bytes, NUL
      const size = view.getInt32(at, true);
      if (size < 1 || at + 4 + size !== next || buf[next - 1] !== 0) return NOT_SCALAR;
      const bytes = buf.subarray(at + 4, next - 1);
      return isUtf8(bytes) ? bytes.toString('utf8') : NOT_SCALAR;
    }
    case 0x01:
      return exactDouble(view.getFloat64(at, true));
    case 0x10:
      return view.getInt32(at, true);
    case 0x09: {
      const ms = view.getBigInt64(at, true);
      return ms <= MAX_SAFE && ms >= MIN_SAFE ? new Date(Number(ms)) : NOT_SCALAR;
    }
    case 0x08: {
      const b = buf[at];
      return b === 0 ? false : b === 1 ? true : NOT_SCALAR;
    }
    case 0x0a:
      return null;
    default:
      return NOT_SCALAR;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;
