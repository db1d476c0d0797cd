/**
 * The tests a query operator applies to one value reached by a field path: equality, regular
 * expressions, comparison with type bracketing, `$in`/`$nin`, `$mod`, `$size` and the `$bits…`
 * operators. The filter matcher walks paths and arrays; these only look at the value. Pure.
 */
import { exactNumber, numberType, toExact } from '../bson/bson-number';
import { compareValues, Rank, rankOf, valuesEqual } from '../bson/value-order';
import { commandError } from '../commands/mongo-command.error';
import { isDocument, MISSING } from './field-path';
import { isRegexValue, queryRegex, regexSource } from './query-regex';

export type ValueTest = (v: unknown) => boolean;

/** Whether a query value is a set of operators (`{ $gt: 1 }`) rather than a document to equal. */
export function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (!isDocument(v)) return false;
  for (const k in v) return k.startsWith('$') && k !== '$ref' && k !== '$id' && k !== '$db';
  return false;
}

export function eqValue(arg: unknown): ValueTest {
  if (arg === null || arg === undefined) return (v) => v === MISSING || v === null || v === undefined;
  if (typeof arg === 'string') {
    return (v) => v === arg || (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'BSONSymbol' && (v as { value: string }).value === arg);
  }
  return (v) => v !== MISSING && valuesEqual(v, arg);
}

export function regexValue(arg: unknown, options?: string): ValueTest {
  const source = typeof arg === 'string' ? { pattern: arg, options: '' } : regexSource(arg);
  const re = queryRegex(source.pattern, options ?? source.options);
  return (v) => {
    if (typeof v === 'string') return re.test(v);
    if (typeof v !== 'object' || v === null) return false;
    if ((v as { _bsontype?: string })._bsontype === 'BSONSymbol') return re.test((v as { value: string }).value);
    if (!isRegexValue(v)) return false;
    const r = regexSource(v);
    return r.pattern === source.pattern && r.options === (options ?? source.options);
  };
}

const COMPARE: Record<string, (c: number) => boolean> = {
  $gt: (c) => c > 0,
  $gte: (c) => c >= 0,
  $lt: (c) => c < 0,
  $lte: (c) => c <= 0,
};

export function compareValue(op: string, arg: unknown): ValueTest {
  // `{ $gte: null }` and `{ $lte: null }` are equality with null (missing fields included); `$gt`/`$lt` null match nothing
  if (arg === null || arg === undefined) return op === '$gte' || op === '$lte' ? eqValue(null) : () => false;
  const ok = COMPARE[op]!;
  const rank = rankOf(arg);
  // MinKey and MaxKey compare across every type; anything else only within its own type bracket
  if (rank === Rank.minKey || rank === Rank.maxKey) return (v) => ok(compareValues(v === MISSING ? null : v, arg));
  return (v) => v !== MISSING && rankOf(v) === rank && ok(compareValues(v, arg));
}

export function inValue(arg: unknown, op: string): ValueTest {
  if (!Array.isArray(arg)) throw commandError('BadValue', `${op} needs an array`);
  const strings = new Set<string>();
  const others: ValueTest[] = [];
  for (const a of arg) {
    if (isOperatorObject(a)) throw commandError('BadValue', `cannot nest $ under ${op}`);
    if (typeof a === 'string') strings.add(a);
    else others.push(isRegexValue(a) ? regexValue(a) : eqValue(a));
  }
  if (strings.size > 0) others.push(eqValueOfSet(strings));
  return (v) => {
    if (typeof v === 'string' && strings.has(v)) return true;
    for (const t of others) if (t(v)) return true;
    return false;
  };
}

function eqValueOfSet(strings: Set<string>): ValueTest {
  return (v) => typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'BSONSymbol' && strings.has((v as { value: string }).value);
}

/** The integer part of a number as a BigInt (truncated toward zero), or undefined for NaN and infinities. */
function truncated(v: unknown): bigint | undefined {
  const t = numberType(v);
  if (t === undefined) return undefined;
  if (t === 'long') return (v as { toBigInt(): bigint }).toBigInt();
  const n = exactNumber(v);
  if (n !== undefined) return Number.isFinite(n) ? BigInt(Math.trunc(n)) : undefined;
  const x = toExact(v);
  if (x.kind !== 'finite') return undefined;
  const whole = x.exp >= 0 ? x.coeff * 10n ** BigInt(x.exp) : x.coeff / 10n ** BigInt(-x.exp);
  return x.neg ? -whole : whole;
}

export function modValue(arg: unknown): ValueTest {
  if (!Array.isArray(arg)) throw commandError('BadValue', 'malformed mod, needs to be an array');
  if (arg.length < 2) throw commandError('BadValue', 'malformed mod, not enough elements');
  if (arg.length > 2) throw commandError('BadValue', 'malformed mod, too many elements');
  if (numberType(arg[0]) === undefined) throw commandError('BadValue', 'malformed mod, divisor not a number');
  if (numberType(arg[1]) === undefined) throw commandError('BadValue', 'malformed mod, remainder not a number');
  const divisor = truncated(arg[0]);
  const remainder = truncated(arg[1]);
  if (divisor === undefined || remainder === undefined) throw commandError('BadValue', 'malformed mod, divisor or remainder value is invalid');
  if (divisor === 0n) throw commandError('BadValue', 'divisor cannot be 0');
  // only numbers match: null, missing fields and other types never do
  return (v) => {
    const n = truncated(v);
    return n !== undefined && n % divisor === remainder;
  };
}

export function sizeValue(arg: unknown): ValueTest {
  const n = exactNumber(arg);
  if (n === undefined) throw commandError('BadValue', '$size needs a number');
  if (!Number.isInteger(n)) throw commandError('BadValue', '$size must be a whole number');
  if (n < 0) throw commandError('BadValue', '$size may not be negative');
  return (v) => Array.isArray(v) && v.length === n;
}

/** Bit positions of a `$bits…` mask: a non-negative number, BinData, or an array of positions. */
function bitPositions(op: string, arg: unknown): number[] {
  if (Array.isArray(arg)) {
    return arg.map((p) => {
      const n = exactNumber(p);
      if (n === undefined || !Number.isInteger(n) || n < 0) throw commandError('BadValue', `bit positions of ${op} must be non-negative integers`);
      return n;
    });
  }
  const t = (arg as { _bsontype?: string } | null)?._bsontype;
  if (t === 'Binary') return bytePositions((arg as { buffer: Uint8Array; position: number }).buffer.subarray(0, (arg as { position: number }).position));
  const mask = truncated(arg);
  if (mask === undefined || mask < 0n || (numberType(arg) === 'double' && Number(mask) !== exactNumber(arg))) {
    throw commandError('BadValue', `${op} takes an Array, a number, or a BinData but received: ${String(arg)}`);
  }
  const out: number[] = [];
  for (let p = 0; p < 64; p++) if ((mask >> BigInt(p)) & 1n) out.push(p);
  return out;
}

function bytePositions(bytes: Uint8Array): number[] {
  const out: number[] = [];
  bytes.forEach((b, i) => {
    for (let bit = 0; bit < 8; bit++) if (b & (1 << bit)) out.push(i * 8 + bit);
  });
  return out;
}

export function bitsValue(op: string, arg: unknown): ValueTest {
  const positions = bitPositions(op, arg);
  const wantSet = op === '$bitsAllSet' || op === '$bitsAnySet';
  const all = op === '$bitsAllSet' || op === '$bitsAllClear';
  return (v) => {
    let bit: (p: number) => boolean;
    if ((v as { _bsontype?: string } | null)?._bsontype === 'Binary') {
      const bytes = (v as { buffer: Uint8Array; position: number }).buffer.subarray(0, (v as { position: number }).position);
      bit = (p) => p < bytes.length * 8 && ((bytes[p >> 3]! >> (p & 7)) & 1) === 1;
    } else {
      const n = truncated(v);
      // only integral numbers that fit in 64 bits take part
      if (n === undefined || n < -(2n ** 63n) || n >= 2n ** 63n) return false;
      if (numberType(v) !== 'long' && numberType(v) !== 'decimal' && exactNumber(v) !== Number(n)) return false;
      const bits = BigInt.asUintN(64, n);
      bit = (p) => (p >= 64 ? n < 0n : ((bits >> BigInt(p)) & 1n) === 1n);
    }
    const hits = positions.map((p) => bit(p) === wantSet);
    return all ? hits.every(Boolean) : hits.some(Boolean);
  };
}
