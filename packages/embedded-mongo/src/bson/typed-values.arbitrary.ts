/**
 * fast-check generators of exactly typed BSON values (see exact-bson.decoder), for the property
 * tests of comparison, index keys and decoding: numbers of all four types around their edges
 * (Int64 past 2^53, decimals with trailing zeros, -0, NaN, infinities), strings with characters
 * above U+FFFF next to U+E000–U+FFFF, BinData of several subtypes, and documents and arrays of
 * those. Test support only.
 */
import fc from 'fast-check';
import { Binary, Decimal128, Long, ObjectId } from 'bson';
import { exactDouble } from './exact-bson.decoder';

const int32 = fc.integer({ min: -2147483648, max: 2147483647 });

const double = fc
  .oneof(
    fc.double(),
    fc.constantFrom(0, -0, 0.1, 0.5, 2 ** 53, 2 ** 62, 2 ** 63, -(2 ** 63), Number.MAX_VALUE, Number.MIN_VALUE, 10, -10),
    fc.integer({ min: -1000, max: 1000 }).map((n) => n / 4),
  )
  .map(exactDouble);

const long = fc
  .oneof(
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.bigInt({ min: -3n, max: 3n }).map((d) => 2n ** 62n + d),
    fc.bigInt({ min: -3n, max: 3n }).map((d) => 2n ** 53n + d),
    fc.integer({ min: -10, max: 10 }).map(BigInt),
  )
  .map((v) => Long.fromBigInt(v));

const decimal = fc
  .oneof(
    fc.tuple(fc.bigInt({ min: -(10n ** 34n) + 1n, max: 10n ** 34n - 1n }), fc.integer({ min: -40, max: 40 })),
    fc.tuple(fc.integer({ min: -12, max: 12 }).map(BigInt), fc.integer({ min: -3, max: 1 })),
    fc.tuple(fc.bigInt({ min: -3n, max: 3n }).map((d) => 2n ** 62n + d), fc.constant(0)),
    fc.tuple(fc.integer({ min: 1, max: 99 }).map(BigInt), fc.constantFrom(-6176, -400, 300, 6000)),
  )
  .map(([c, e]) => Decimal128.fromString(`${c}E${e}`))
  .chain((d) => fc.constantFrom(d, Decimal128.fromString('NaN'), Decimal128.fromString('Infinity'), Decimal128.fromString('-Infinity'), Decimal128.fromString('-0')));

/** A number of any BSON type. */
export const anyNumber: fc.Arbitrary<unknown> = fc.oneof(int32, double, long, decimal);

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', 'a', 'b', 'B', '\u{1F600}', '\uFF21', '\uE000', 'a\u{10FFFF}', 'a\0b'),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  anyNumber,
  text,
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }).map((n) => new Date(n * 1000)),
  fc.uint8Array({ minLength: 12, maxLength: 12 }).map((b) => new ObjectId(Buffer.from(b))),
  fc.tuple(fc.uint8Array({ maxLength: 4 }), fc.constantFrom(0, 4, 5, 128)).map(([b, t]) => new Binary(Buffer.from(b), t)),
);

/** A value of any common BSON type, documents and arrays (two levels) included. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('doc'), tie('array')),
  doc: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3 }).map((d) => ({ ...d })),
  array: fc.array(tie('value'), { maxLength: 3 }),
})).value;
