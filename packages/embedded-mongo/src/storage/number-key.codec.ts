/**
 * The body of a number's index key: numerically equal values of every BSON number type get the
 * same bytes (`5`, `5.0`, `Long(5)`, `Decimal128('5.00')` — one key, as in MongoDB's unique
 * indexes), and `memcmp` order is numeric order, exactly, Int64 beyond 2^53 and Decimal128
 * included. The body is the nearest double as 8 sign-flipped big-endian bytes, then one byte
 * saying whether the value is that double exactly (`EXACT`), or below or above it; a value that is
 * not a double (an Int64 beyond 2^53, most decimals) then carries the exact difference from that
 * double, as an order-preserving decimal. Doubles, Int32 and small Int64 — nearly every number —
 * take the first, 9-byte form. Pure.
 */
import { exactNumber, toExact } from '../bson/bson-number';
import { fromDouble, subtract, toDouble } from '../bson/exact-decimal';

const BELOW = 0x01;
const EXACT = 0x02;
const ABOVE = 0x03;
const EXPONENT_BIAS = 0x8000;

/** 8 bytes whose unsigned order is the order of doubles; NaN below -Infinity, -0 as 0. */
export function sortableDouble(n: number, into: Buffer, at: number): void {
  if (Number.isNaN(n)) {
    into.fill(0, at, at + 8);
    return;
  }
  into.writeDoubleBE(n === 0 ? 0 : n, at);
  if (into[at]! & 0x80) {
    for (let i = at; i < at + 8; i++) into[i] = ~into[i]! & 0xff;
  } else {
    into[at] = into[at]! | 0x80;
  }
}

/** A double's key body: the value is the double itself. */
function exactBody(tag: number, n: number): Buffer {
  const out = Buffer.allocUnsafe(10);
  out[0] = tag;
  sortableDouble(n, out, 1);
  out[9] = EXACT;
  return out;
}

/**
 * An order-preserving encoding of a positive decimal `coeff × 10^exp` (no trailing zeros): the
 * position of its leading digit, then its digits as nibbles (1–10), ended by a 0 nibble.
 */
function magnitude(coeff: bigint, exp: number): Buffer {
  const digits = coeff.toString();
  const lead = digits.length + exp + EXPONENT_BIAS;
  const out = Buffer.alloc(2 + Math.floor(digits.length / 2) + 1);
  out.writeUInt16BE(lead, 0);
  for (let i = 0; i < digits.length; i++) {
    const nibble = digits.charCodeAt(i) - 47; // '0' → 1 … '9' → 10
    const at = 2 + (i >> 1);
    out[at] = out[at]! | (i % 2 === 0 ? nibble << 4 : nibble);
  }
  return out;
}

/**
 * `tag` followed by the body of a number of any BSON type.
 * @example numberKey(0x10, Long.fromString('4611686018427387905')) // after numberKey(0x10, 2 ** 62)
 */
export function numberKey(tag: number, v: unknown): Buffer {
  const n = exactNumber(v);
  if (n !== undefined) return exactBody(tag, n);
  const x = toExact(v);
  if (x.kind === 'nan') return exactBody(tag, NaN);
  if (x.kind === 'inf') return exactBody(tag, x.neg ? -Infinity : Infinity);
  let near = toDouble(x);
  // a finite decimal past the largest double sorts after it, before Infinity
  if (!Number.isFinite(near)) near = near > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
  const base = fromDouble(near);
  if (base.kind !== 'finite') return exactBody(tag, near);
  const diff = subtract(x, base);
  if (diff.coeff === 0n) return exactBody(tag, near);
  const body = magnitude(diff.coeff, diff.exp);
  // below the double, a larger difference is a smaller value: complement the bytes
  if (diff.neg) for (let i = 0; i < body.length; i++) body[i] = ~body[i]! & 0xff;
  const head = exactBody(tag, near);
  head[9] = diff.neg ? BELOW : ABOVE;
  return Buffer.concat([head, body]);
}
