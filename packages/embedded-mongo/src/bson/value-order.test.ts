import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Binary, Decimal128, Double, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { compareStrings, compareValues, valuesEqual } from './value-order';
import { anyNumber, anyValue } from './typed-values.arbitrary';

/** An independent exact value of a finite number as a fraction (numerator, power-of-ten and power-of-two denominators). */
function fraction(v: unknown): { nan: true } | { inf: number } | { num: bigint; den: bigint } {
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'Long') return { num: (v as Long).toBigInt(), den: 1n };
  if (t === 'Decimal128') {
    const s = (v as Decimal128).toString();
    if (s.includes('NaN')) return { nan: true };
    if (s.includes('Infinity')) return { inf: s.startsWith('-') ? -1 : 1 };
    const [mant, exp] = s.split('E') as [string, string | undefined];
    const [whole, frac = ''] = mant.split('.') as [string, string | undefined];
    const e = Number(exp ?? 0) - frac.length;
    const num = BigInt(whole + frac);
    return e >= 0 ? { num: num * 10n ** BigInt(e), den: 1n } : { num, den: 10n ** BigInt(-e) };
  }
  const n = typeof v === 'number' ? v : (v as Double).value;
  if (Number.isNaN(n)) return { nan: true };
  if (!Number.isFinite(n)) return { inf: Math.sign(n) };
  let den = 1n;
  let m = n;
  while (!Number.isInteger(m)) {
    m *= 2;
    den *= 2n;
  }
  return { num: BigInt(m), den };
}

function referenceCompare(a: unknown, b: unknown): number {
  const x = fraction(a);
  const y = fraction(b);
  const rank = (f: typeof x) => ('nan' in f ? -3 : 'inf' in f ? f.inf * 2 : 0);
  if (rank(x) !== 0 || rank(y) !== 0) return Math.sign(rank(x) - rank(y));
  const fx = x as { num: bigint; den: bigint };
  const fy = y as { num: bigint; den: bigint };
  const l = fx.num * fy.den;
  const r = fy.num * fx.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

describe('compareValues (manual: Comparison/Sort Order, https://www.mongodb.com/docs/manual/reference/bson-type-comparison-order/)', () => {
  it('compares numbers of all four BSON types by their exact value', () => {
    fc.assert(fc.property(anyNumber, anyNumber, (a, b) => {
      expect(Math.sign(compareValues(a, b))).toBe(referenceCompare(a, b));
    }), { numRuns: 3000 });
  });

  it('tells Int64 values beyond 2^53 apart and orders them among doubles', () => {
    const big = Long.fromString('4611686018427387905'); // 2^62 + 1
    expect(compareValues(big, Long.fromString('4611686018427387904'))).toBeGreaterThan(0);
    expect(compareValues(big, 2 ** 62)).toBeGreaterThan(0);
    expect(compareValues(Long.fromString('9007199254740993'), 9007199254740992)).toBeGreaterThan(0);
  });

  it('compares Decimal128 numerically with every number type', () => {
    expect(valuesEqual(Decimal128.fromString('1.1'), Decimal128.fromString('1.10'))).toBe(true);
    expect(valuesEqual(5, Decimal128.fromString('5'))).toBe(true);
    expect(valuesEqual(Long.fromNumber(5), Decimal128.fromString('5.000'))).toBe(true);
    expect(compareValues(Decimal128.fromString('5'), 100)).toBeLessThan(0);
    // the double 0.1 is slightly more than one tenth
    expect(compareValues(Decimal128.fromString('0.1'), 0.1)).toBeLessThan(0);
    expect(valuesEqual(Decimal128.fromString('NaN'), NaN)).toBe(true);
  });

  it('orders strings by code point, not by UTF-16 unit', () => {
    expect(compareStrings('\u{1F600}', '\uFF21')).toBeGreaterThan(0); // U+1F600 > U+FF21, though its first UTF-16 unit is 0xD83D
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        expect(Math.sign(compareStrings(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
    );
  });

  it('compares BinData by length, then subtype, then bytes', () => {
    const bin = (bytes: number[], t: number) => new Binary(Buffer.from(bytes), t);
    expect(valuesEqual(bin([1, 2], 0), bin([1, 2], 4))).toBe(false);
    expect(compareValues(bin([9], 5), bin([1, 1], 0))).toBeLessThan(0);
    expect(compareValues(bin([1, 2], 0), bin([1, 2], 4))).toBeLessThan(0);
  });

  it('compares documents field by field in their order', () => {
    expect(valuesEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(valuesEqual({ a: 1, b: 2 }, { a: Long.fromNumber(1), b: new Double(2) })).toBe(true);
    expect(compareValues({ a: 1 }, { a: 1, b: 0 })).toBeLessThan(0);
  });

  it('keeps the type brackets in MongoDB order', () => {
    const ordered = [new MinKey(), null, 1, 'a', { a: 1 }, [1], new Binary(Buffer.from([1])), new ObjectId(), false, new Date(0), new Timestamp({ t: 1, i: 1 }), new MaxKey()];
    for (let i = 1; i < ordered.length; i++) expect(compareValues(ordered[i - 1], ordered[i])).toBeLessThan(0);
  });

  it('is antisymmetric on any values', () => {
    fc.assert(
      fc.property(anyValue, anyValue, (a, b) => {
        expect(Math.sign(compareValues(a, b))).toBe(-Math.sign(compareValues(b, a)) || 0);
      }),
      { numRuns: 2000 },
    );
  });
});
