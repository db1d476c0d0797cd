/**
 * Reads chosen top-level fields out of a raw BSON document without decoding the rest: the insert
 * path needs only `_id` and the indexed fields, and decoding whole documents was the largest cost
 * of an insert. Each chosen element is decoded by `bson` itself (copied into a one-field
 * document), so values are exactly what a full decode would give. Pure.
 */
import { deserialize } from 'bson';

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
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = view.getInt32(0, true) - 1;
  let pos = 4;
  let wanted = names.size;
  while (pos < end && wanted > 0) {
    const type = raw[pos]!;
    const nameEnd = raw.indexOf(0, pos + 1);
    const name = Buffer.from(raw.buffer, raw.byteOffset + pos + 1, nameEnd - pos - 1).toString('utf8');
    const valueAt = nameEnd + 1;
    const next = valueAt + valueSize(type, raw, valueAt, view);
    if (names.has(name)) {
      const mini = Buffer.allocUnsafe(4 + (next - pos) + 1);
      mini.writeInt32LE(mini.length, 0);
      mini.set(raw.subarray(pos, next), 4);
      mini[mini.length - 1] = 0;
      out[name] = (deserialize(mini) as Record<string, unknown>)[name];
      wanted--;
    }
    pos = next;
  }
  return out;
}
