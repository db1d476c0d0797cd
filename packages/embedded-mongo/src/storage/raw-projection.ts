/**
 * Find projections that only keep or drop top-level fields (`{ _id: 0, aId: 1, bId: 1 }`, the
 * shape every store read sends) applied to the stored BSON bytes: the chosen elements are copied
 * as they are, with no decode and no re-encode. Decoding each document and running mingo's
 * projection cost more than the read itself. Anything else — dotted paths, `$slice`, `$elemMatch`,
 * expressions, mixed inclusion and exclusion — answers `undefined` and goes to mingo. Pure.
 */
import { valueSize } from './bson-fields.reader';

/** Copies the elements of `raw` whose name passes `keep` into a new BSON document. */
function copyElements(raw: Uint8Array, keep: (name: string) => boolean): Uint8Array {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = view.getInt32(0, true) - 1;
  const spans: Array<[number, number]> = [];
  let size = 5;
  let pos = 4;
  while (pos < end) {
    const nameEnd = raw.indexOf(0, pos + 1);
    const next = nameEnd + 1 + valueSize(raw[pos]!, raw, nameEnd + 1, view);
    if (keep(Buffer.from(raw.buffer, raw.byteOffset + pos + 1, nameEnd - pos - 1).toString('utf8'))) {
      spans.push([pos, next]);
      size += next - pos;
    }
    pos = next;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let at = 4;
  for (const [from, to] of spans) {
    out.set(raw.subarray(from, to), at);
    at += to - from;
  }
  out[at] = 0;
  return out;
}

function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const t = (v as { _bsontype?: string } | null)?._bsontype;
  if (t === 'Int32' || t === 'Double' || t === 'Long') return Number(v) !== 0;
  return undefined;
}

/**
 * A byte-level projection for `projection`, or undefined when it needs mingo.
 * @example compileRawProjection({ _id: 0, email: 1 })!(serialize({ _id: 1, email: 'a@x.io', n: 2 })) // bytes of { email: 'a@x.io' }
 */
export function compileRawProjection(projection: Record<string, unknown>): ((raw: Uint8Array) => Uint8Array) | undefined {
  let includeId = true;
  const named = new Set<string>();
  let inclusion: boolean | undefined;
  for (const [key, value] of Object.entries(projection)) {
    const on = flag(value);
    if (on === undefined || key.includes('.') || key.startsWith('$')) return undefined;
    if (key === '_id') {
      includeId = on;
      continue;
    }
    if (inclusion !== undefined && inclusion !== on) return undefined; // mongod refuses the mix: let mingo say so
    inclusion = on;
    named.add(key);
  }
  if (inclusion === undefined && includeId) return (raw) => copyElements(raw, (name) => name === '_id'); // `{ _id: 1 }`
  // `{ _id: 0 }` alone, or only exclusions: everything but the named fields.
  if (inclusion !== true) return (raw) => copyElements(raw, (name) => (name === '_id' ? includeId : !named.has(name)));
  return (raw) => copyElements(raw, (name) => (name === '_id' ? includeId : named.has(name)));
}
