/**
 * The four BSON number types as the exact decoding holds them (see exact-bson.decoder): a
 * JavaScript number is an Int32 when `bson` would write it as one (integral, within 32 bits, not
 * -0) and a Double otherwise; `Double` objects are doubles `bson` would otherwise write as Int32;
 * `Long` is Int64; `Decimal128`. Here: which type a value is, exact comparison across the four,
 * and `$inc`/`$mul` arithmetic with MongoDB's type rules — Int32 overflowing into Int64, Int64
 * exact beyond 2^53 and refusing to overflow, anything with a Double a Double, anything with a
 * Decimal128 a Decimal128. Pure.
 */
import { Decimal128, Double, Long } from 'bson';
import { exactDouble } from './exact-bson.decoder';
import * as dec from './exact-decimal';

export type NumberType = 'int' | 'long' | 'double' | 'decimal';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

function bsonTypeOf(v: object): string | undefined {
  return (v as { _bsontype?: string })._bsontype;
}

/** The BSON number type of `v`, or undefined when it is not a number. */
export function numberType(v: unknown): NumberType | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0) ? 'int' : 'double';
  if (typeof v !== 'object' || v === null) return undefined;
  switch (bsonTypeOf(v)) {
    case 'Double':
      return 'double';
    case 'Int32':
      return 'int';
    case 'Long':
      return 'long';
    case 'Decimal128':
      return 'decimal';
    default:
      return undefined;
  }
}

/** Whether `v` is a number of any BSON type. */
export function isNumber(v: unknown): boolean {
  return numberType(v) !== undefined;
}

/**
 * The value as a JavaScript number when that is exact (Int32, Double, Int64 within ±2^53), else
 * undefined (Int64 beyond, every Decimal128).
 */
export function exactNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  switch (bsonTypeOf(v as object)) {
    case 'Double':
    case 'Int32':
      return (v as Double).value;
    case 'Long': {
      const n = (v as Long).toNumber();
      return Number.isSafeInteger(n) ? n : undefined;
    }
    default:
      return undefined;
  }
}

/** The nearest JavaScript number (exact for Int32 and Double). */
export function approxNumber(v: unknown): number {
  const n = exactNumber(v);
  if (n !== undefined) return n;
  if (bsonTypeOf(v as object) === 'Long') return (v as Long).toNumber();
  return dec.toDouble(dec.fromDecimal128(v as Decimal128));
}

/** The exact value of any number. */
export function toExact(v: unknown): dec.ExactDecimal {
  const n = exactNumber(v);
  if (n !== undefined) return dec.fromDouble(n);
  if (bsonTypeOf(v as object) === 'Long') return dec.fromBigInt((v as Long).toBigInt());
  return dec.fromDecimal128(v as Decimal128);
}

function compareDoubles(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : 1; // NaN sorts below every number
}

/** Compares two numbers of any BSON types exactly (NaN lowest and equal to itself; -0 equals 0). */
export function compareNumbers(a: unknown, b: unknown): number {
  const x = exactNumber(a);
  const y = exactNumber(b);
  if (x !== undefined && y !== undefined) return compareDoubles(x, y);
  if (bsonTypeOf(a as object) === 'Long' && bsonTypeOf(b as object) === 'Long') return (a as Long).compare(b as Long);
  return dec.compareExact(toExact(a), toExact(b));
}

/** A value in the exact decoding for an Int64 result; undefined when it overflows 64 bits. */
function longOf(v: bigint): Long | undefined {
  return v < LONG_MIN || v > LONG_MAX ? undefined : Long.fromBigInt(v);
}

function bigOf(v: unknown): bigint {
  return bsonTypeOf(v as object) === 'Long' ? (v as Long).toBigInt() : BigInt(exactNumber(v)!);
}

/** The result type of arithmetic on two numbers: the wider of the two. */
function widest(a: NumberType, b: NumberType): NumberType {
  const order: NumberType[] = ['int', 'long', 'double', 'decimal'];
  return order[Math.max(order.indexOf(a), order.indexOf(b))]!;
}

/**
 * `a + b` (`op: 'add'`, as `$inc`) or `a × b` (`'multiply'`, as `$mul`) with MongoDB's result
 * types. Undefined when an integer result does not fit in 64 bits (MongoDB refuses such updates).
 * @example arithmetic('add', 2147483647, 1) // Long(2147483648): Int32 overflows into Int64
 */
export function arithmetic(op: 'add' | 'multiply', a: unknown, b: unknown): unknown {
  const ta = numberType(a)!;
  const tb = numberType(b)!;
  const type = widest(ta, tb);
  if (type === 'decimal') {
    const x = ta === 'double' ? dec.fromDoubleFor128(approxNumber(a)) : toExact(a);
    const y = tb === 'double' ? dec.fromDoubleFor128(approxNumber(b)) : toExact(b);
    return dec.toDecimal128(op === 'add' ? dec.add(x, y) : dec.multiply(x, y));
  }
  if (type === 'double') {
    const x = approxNumber(a);
    const y = approxNumber(b);
    return exactDouble(op === 'add' ? x + y : x * y);
  }
  if (type === 'int') {
    const r = op === 'add' ? (a as number) + (b as number) : (a as number) * (b as number);
    // a product of two Int32 can pass 2^53: then redo it exactly
    if (Number.isSafeInteger(r)) return r >= INT32_MIN && r <= INT32_MAX ? r : Long.fromNumber(r);
  }
  const r = op === 'add' ? bigOf(a) + bigOf(b) : bigOf(a) * bigOf(b);
  return longOf(r);
}

/** Zero of the same BSON number type as `v` (what `$mul` stores in a missing field). */
export function zeroLike(v: unknown): unknown {
  switch (numberType(v)) {
    case 'long':
      return Long.fromNumber(0);
    case 'double':
      return new Double(0);
    case 'decimal':
      return Decimal128.fromString('0');
    default:
      return 0;
  }
}
