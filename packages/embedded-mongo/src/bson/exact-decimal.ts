/**
 * Exact decimal numbers — a BigInt coefficient times a power of ten — for what JavaScript numbers
 * cannot do exactly: comparing Int64, Double and Decimal128 values with one another, and Decimal128
 * arithmetic (IEEE 754-2008 decimal128: 34 significant digits, half-even rounding, the exponent of
 * an exact sum being the smaller of the two, as MongoDB computes it). Pure.
 */
import { Decimal128 } from 'bson';

/** A finite value `(neg ? -1 : 1) × coeff × 10^exp`, or NaN, or an infinity. */
export type ExactDecimal =
  | { kind: 'finite'; neg: boolean; coeff: bigint; exp: number }
  | { kind: 'nan' }
  | { kind: 'inf'; neg: boolean };

const DIGITS = 34;
const MAX_EXP = 6111;
const MIN_EXP = -6176;

export const NAN: ExactDecimal = { kind: 'nan' };

export function finite(neg: boolean, coeff: bigint, exp: number): ExactDecimal {
  return { kind: 'finite', neg, coeff, exp };
}

/** Exact value of a JavaScript number (every double is a finite binary fraction). */
export function fromDouble(n: number): ExactDecimal {
  if (Number.isNaN(n)) return NAN;
  if (!Number.isFinite(n)) return { kind: 'inf', neg: n < 0 };
  const neg = n < 0 || Object.is(n, -0);
  let m = Math.abs(n);
  if (Number.isInteger(m)) return finite(neg, BigInt(m), 0);
  // m = mant × 2^-k exactly; mant × 2^-k = mant × 5^k × 10^-k
  let k = 0;
  while (!Number.isInteger(m)) {
    m *= 2;
    k++;
  }
  return finite(neg, BigInt(m) * 5n ** BigInt(k), -k);
}

export function fromBigInt(v: bigint): ExactDecimal {
  return finite(v < 0n, v < 0n ? -v : v, 0);
}

const DECIMAL_TEXT = /^(-)?(\d+)(?:\.(\d+))?(?:E([+-]\d+))?$/;

/** Exact value of a Decimal128, trailing zeros kept (they are its exponent). */
export function fromDecimal128(d: Decimal128): ExactDecimal {
  const s = d.toString();
  if (s === 'NaN' || s === '-NaN') return NAN;
  if (s === 'Infinity' || s === '-Infinity') return { kind: 'inf', neg: s.startsWith('-') };
  const m = DECIMAL_TEXT.exec(s);
  if (!m) throw new Error(`unexpected Decimal128 text ${s}`);
  const frac = m[3] ?? '';
  return finite(!!m[1], BigInt(m[2]! + frac), Number(m[4] ?? 0) - frac.length);
}

/**
 * A double as MongoDB turns it into a Decimal128 for arithmetic: rounded to 15 significant digits.
 */
export function fromDoubleFor128(n: number): ExactDecimal {
  if (!Number.isFinite(n)) return fromDouble(n);
  const [mant, e] = n.toExponential(14).split('e') as [string, string];
  const digits = mant.replace('-', '').replace('.', '');
  return finite(n < 0 || Object.is(n, -0), BigInt(digits), Number(e) - 14);
}

function digitCount(c: bigint): number {
  return c === 0n ? 1 : c.toString().length;
}

/** The same value with trailing zeros of the coefficient removed (zero: coefficient 0, exponent 0, positive). */
export function normalize(x: ExactDecimal): ExactDecimal {
  if (x.kind !== 'finite') return x;
  if (x.coeff === 0n) return finite(false, 0n, 0);
  let { coeff, exp } = x;
  while (coeff % 10n === 0n) {
    coeff /= 10n;
    exp++;
  }
  return finite(x.neg, coeff, exp);
}

function compareMagnitude(a: { coeff: bigint; exp: number }, b: { coeff: bigint; exp: number }): number {
  if (a.coeff === 0n || b.coeff === 0n) return a.coeff === b.coeff ? 0 : a.coeff === 0n ? -1 : 1;
  const ea = digitCount(a.coeff) + a.exp;
  const eb = digitCount(b.coeff) + b.exp;
  if (ea !== eb) return ea < eb ? -1 : 1;
  // same order of magnitude: aligning costs at most the longer coefficient's digits
  const [x, y] = a.exp >= b.exp ? [a.coeff * 10n ** BigInt(a.exp - b.exp), b.coeff] : [a.coeff, b.coeff * 10n ** BigInt(b.exp - a.exp)];
  return x === y ? 0 : x < y ? -1 : 1;
}

/** MongoDB's numeric order: NaN below everything and equal to itself; -0 equals 0. */
export function compareExact(a: ExactDecimal, b: ExactDecimal): number {
  if (a.kind === 'nan' || b.kind === 'nan') return a.kind === b.kind ? 0 : a.kind === 'nan' ? -1 : 1;
  const sa = a.kind === 'inf' ? (a.neg ? -2 : 2) : a.coeff === 0n ? 0 : a.neg ? -1 : 1;
  const sb = b.kind === 'inf' ? (b.neg ? -2 : 2) : b.coeff === 0n ? 0 : b.neg ? -1 : 1;
  if (sa !== sb || Math.abs(sa) !== 1) return Math.sign(sa - sb);
  const m = compareMagnitude(a as { coeff: bigint; exp: number }, b as { coeff: bigint; exp: number });
  return sa < 0 ? -m : m;
}

/** Rounds to 34 digits (half to even) within Decimal128's exponent range; overflow becomes an infinity. */
function round128(neg: boolean, coeff: bigint, exp: number): ExactDecimal {
  let drop = Math.max(0, digitCount(coeff) - DIGITS, MIN_EXP - exp);
  if (drop > 0) {
    const unit = 10n ** BigInt(drop);
    const q = coeff / unit;
    const r = coeff % unit;
    const half = unit / 2n;
    coeff = r > half || (r === half && q % 2n === 1n) ? q + 1n : q;
    exp += drop;
    drop = digitCount(coeff) - DIGITS;
    if (drop > 0) {
      coeff /= 10n; // a carry made 35 digits of 10…0
      exp++;
    }
  }
  if (exp > MAX_EXP) {
    if (coeff === 0n) return finite(neg, 0n, MAX_EXP);
    // clamp by padding with zeros when the digits allow it, else it overflowed
    const room = DIGITS - digitCount(coeff);
    if (exp - MAX_EXP > room) return { kind: 'inf', neg };
    coeff *= 10n ** BigInt(exp - MAX_EXP);
    exp = MAX_EXP;
  }
  return finite(neg, coeff, exp);
}

export function add(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  if (a.kind === 'inf' || b.kind === 'inf') {
    if (a.kind === 'inf' && b.kind === 'inf') return a.neg === b.neg ? a : NAN;
    return a.kind === 'inf' ? a : b;
  }
  const exp = Math.min(a.exp, b.exp);
  const x = (a.neg ? -a.coeff : a.coeff) * 10n ** BigInt(a.exp - exp);
  const y = (b.neg ? -b.coeff : b.coeff) * 10n ** BigInt(b.exp - exp);
  const sum = x + y;
  // an exact zero sum is +0 unless both operands were negative (IEEE round-half-even rule)
  const neg = sum < 0n || (sum === 0n && a.neg && b.neg);
  return round128(neg, sum < 0n ? -sum : sum, exp);
}

export function multiply(a: ExactDecimal, b: ExactDecimal): ExactDecimal {
  if (a.kind === 'nan' || b.kind === 'nan') return NAN;
  const neg = a.neg !== b.neg;
  if (a.kind === 'inf' || b.kind === 'inf') {
    const zero = (a.kind === 'finite' && a.coeff === 0n) || (b.kind === 'finite' && b.coeff === 0n);
    return zero ? NAN : { kind: 'inf', neg };
  }
  return round128(neg, a.coeff * b.coeff, a.exp + b.exp);
}

export function toDecimal128(x: ExactDecimal): Decimal128 {
  if (x.kind === 'nan') return Decimal128.fromString('NaN');
  if (x.kind === 'inf') return Decimal128.fromString(x.neg ? '-Infinity' : 'Infinity');
  const r = round128(x.neg, x.coeff, x.exp);
  if (r.kind !== 'finite') return toDecimal128(r);
  return Decimal128.fromString(`${r.neg ? '-' : ''}${r.coeff}E${r.exp}`);
}

/** The nearest double (JavaScript parses decimal text with correct rounding). */
export function toDouble(x: ExactDecimal): number {
  if (x.kind === 'nan') return NaN;
  if (x.kind === 'inf') return x.neg ? -Infinity : Infinity;
  const n = Number(`${x.coeff}e${x.exp}`);
  return x.neg ? -n : n;
}

/**
 * The exact difference `a − b` of two finite values, normalized.
 * @example subtract(fromBigInt(2n ** 62n + 1n), fromDouble(2 ** 62)) // finite(false, 1n, 0)
 */
export function subtract(a: ExactDecimal & { kind: 'finite' }, b: ExactDecimal & { kind: 'finite' }): ExactDecimal & { kind: 'finite' } {
  const exp = Math.min(a.exp, b.exp);
  const x = (a.neg ? -a.coeff : a.coeff) * 10n ** BigInt(a.exp - exp);
  const y = (b.neg ? -b.coeff : b.coeff) * 10n ** BigInt(b.exp - exp);
  const d = x - y;
  return normalize(finite(d < 0n, d < 0n ? -d : d, exp)) as ExactDecimal & { kind: 'finite' };
}
