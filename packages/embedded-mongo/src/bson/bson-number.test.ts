import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Decimal128, Double, Long } from 'bson';
import { arithmetic, numberType } from './bson-number';

describe('arithmetic (manual: $inc and $mul, https://www.mongodb.com/docs/manual/reference/operator/update/mul/)', () => {
  it('turns an Int32 that overflows into an Int64', () => {
    expect(arithmetic('add', 2147483647, 1)).toEqual(Long.fromString('2147483648'));
    expect(arithmetic('add', -2147483648, -1)).toEqual(Long.fromString('-2147483649'));
    expect(arithmetic('multiply', 65536, 65536)).toEqual(Long.fromString('4294967296'));
    expect(arithmetic('add', 1, 2)).toBe(3);
  });

  it('keeps Int64 an Int64 and exact beyond 2^53, and refuses to overflow 64 bits', () => {
    expect(arithmetic('add', Long.fromNumber(5), 1)).toEqual(Long.fromNumber(6));
    expect(arithmetic('add', Long.fromString('4611686018427387904'), 1)).toEqual(Long.fromString('4611686018427387905'));
    expect(arithmetic('add', Long.MAX_VALUE, 1)).toBeUndefined();
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }), (a, b) => {
        expect(arithmetic('add', Long.fromBigInt(a), Long.fromBigInt(b))).toEqual(Long.fromBigInt(a + b));
      }),
    );
  });

  it('gives a Double when a Double takes part, kept a Double when the result is whole', () => {
    expect(arithmetic('add', 2.5, 2.5)).toEqual(new Double(5));
    expect(numberType(arithmetic('add', new Double(10), 1))).toBe('double');
    expect(arithmetic('add', Long.fromNumber(1), 0.5)).toBe(1.5);
  });

  it('adds and multiplies Decimal128 exactly, keeping the exponent', () => {
    expect(String(arithmetic('add', Decimal128.fromString('1.10'), 1))).toBe('2.10');
    expect(String(arithmetic('add', Decimal128.fromString('0.1'), Decimal128.fromString('0.2')))).toBe('0.3');
    expect(String(arithmetic('multiply', Decimal128.fromString('1.5'), Long.fromNumber(3)))).toBe('4.5');
    expect(String(arithmetic('add', 5, Decimal128.fromString('-5')))).toBe('0');
    // a double joins decimal arithmetic rounded to 15 significant digits
    expect(String(arithmetic('add', Decimal128.fromString('1'), 0.1))).toBe('1.100000000000000');
  });
});
