/**
 * MongoDB's query language over exactly typed documents (manual: "Query and Projection Operators",
 * https://www.mongodb.com/docs/manual/reference/operator/query/): comparison with type bracketing
 * and exact numbers ($eq $ne $gt $gte $lt $lte $in $nin), logic ($and $or $nor $not), elements
 * ($exists $type), evaluation ($mod $regex; $expr, $where and $jsonSchema through mingo), arrays
 * ($all $elemMatch $size) and bits ($bitsAllSet $bitsAnySet $bitsAllClear $bitsAnyClear). A match
 * can report the position in the array it matched through, for the positional `$`. Pure.
 */
import { Query } from 'mingo';
import { exactNumber, numberType, toExact } from '../bson/bson-number';
import { toPlain } from '../bson/plain-values';
import { compareValues, Rank, rankOf, valuesEqual } from '../bson/value-order';
import { commandError } from '../commands/mongo-command.error';
import { typeTest } from './bson-type-alias';
import { isDocument, MISSING, someAt } from './field-path';
import { isRegexValue, queryRegex, regexSource } from './query-regex';

type Doc = Record<string, unknown>;

/** Filled in by a match: the index in the array the match went through (the positional `$`). */
export interface MatchDetails {
  position?: number;
}

export type Matcher = (doc: unknown, details?: MatchDetails) => boolean;
type ValueTest = (v: unknown) => boolean;

const NONE: readonly string[] = [];

/** Whether a query value is a set of operators (`{ $gt: 1 }`) rather than a document to equal. */
export function isOperatorObject(v: unknown): v is Doc {
  if (!isDocument(v)) return false;
  for (const k in v) return k.startsWith('$') && k !== '$ref' && k !== '$id' && k !== '$db';
  return false;
}

function truthy(v: unknown): boolean {
  if (v === false || v === null || v === undefined) return false;
  const n = exactNumber(v);
  if (n !== undefined) return n !== 0;
  return true;
}

function allOf(tests: Matcher[]): Matcher {
  if (tests.length === 1) return tests[0]!;
  return (doc, details) => {
    for (const t of tests) if (!t(doc, details)) return false;
    return true;
  };
}

function positive(parts: readonly string[], elements: boolean, test: ValueTest): Matcher {
  return (doc, details) =>
    someAt(doc, parts, 0, elements, undefined, (v, position) => {
      if (!test(v)) return false;
      if (details && position !== undefined && details.position === undefined) details.position = position;
      return true;
    });
}

function negative(parts: readonly string[], elements: boolean, test: ValueTest): Matcher {
  return (doc) => !someAt(doc, parts, 0, elements, undefined, test);
}

function eqValue(arg: unknown): ValueTest {
  if (arg === null || arg === undefined) return (v) => v === MISSING || v === null || v === undefined;
  if (typeof arg === 'string') {
    return (v) => v === arg || (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype === 'BSONSymbol' && (v as { value: string }).value === arg);
  }
  return (v) => v !== MISSING && valuesEqual(v, arg);
}

function regexValue(arg: unknown, options?: string): ValueTest {
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

function compareValue(op: string, arg: unknown): ValueTest {
  // `{ $gte: null }` and `{ $lte: null }` are equality with null (missing fields included); `$gt`/`$lt` null match nothing
  if (arg === null || arg === undefined) return op === '$gte' || op === '$lte' ? eqValue(null) : () => false;
  const ok = COMPARE[op]!;
  const rank = rankOf(arg);
  // MinKey and MaxKey compare across every type; anything else only within its own type bracket
  if (rank === Rank.minKey || rank === Rank.maxKey) return (v) => ok(compareValues(v === MISSING ? null : v, arg));
  return (v) => v !== MISSING && rankOf(v) === rank && ok(compareValues(v, arg));
}

function inValue(arg: unknown, op: string): ValueTest {
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

function modValue(arg: unknown): ValueTest {
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

function sizeValue(arg: unknown): ValueTest {
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

function bitsValue(op: string, arg: unknown): ValueTest {
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

function elemMatch(parts: readonly string[], arg: unknown): Matcher {
  if (!isDocument(arg)) throw commandError('BadValue', '$elemMatch needs an Object');
  const keys = Object.keys(arg);
  const valueForm = keys.length > 0 && keys[0]!.startsWith('$') && !['$and', '$or', '$nor', '$expr', '$where', '$comment'].includes(keys[0]!);
  let element: (el: unknown) => boolean;
  if (valueForm) {
    const test = fieldOperators(NONE, arg, false);
    element = (el) => test(el);
  } else {
    const sub = compileMatcher(arg);
    element = (el) => isDocument(el) && sub(el);
  }
  return (doc, details) =>
    someAt(doc, parts, 0, false, undefined, (v, position) => {
      if (!Array.isArray(v)) return false;
      for (let k = 0; k < v.length; k++) {
        if (!element(v[k])) continue;
        if (details && details.position === undefined) details.position = position ?? k;
        return true;
      }
      return false;
    });
}

function allValue(parts: readonly string[], arg: unknown, elements: boolean): Matcher {
  if (!Array.isArray(arg)) throw commandError('BadValue', '$all needs an array');
  if (arg.length === 0) return () => false;
  return allOf(
    arg.map((a) => {
      if (isDocument(a) && Object.keys(a)[0] === '$elemMatch') return elemMatch(parts, a.$elemMatch);
      if (isOperatorObject(a)) throw commandError('BadValue', 'no $ expressions in $all');
      return positive(parts, elements, isRegexValue(a) ? regexValue(a) : eqValue(a));
    }),
  );
}

/**
 * The tests of `{ path: { $op: arg, ... } }`. `elements`: whether an array reached at the end of
 * the path is also tested element by element (not inside `$elemMatch`, which tests elements itself).
 */
function fieldOperators(parts: readonly string[], ops: Doc, elements: boolean): Matcher {
  const tests: Matcher[] = [];
  const options = ops.$options;
  if (options !== undefined && ops.$regex === undefined) throw commandError('BadValue', '$options needs a $regex');
  for (const [op, arg] of Object.entries(ops)) {
    switch (op) {
      case '$eq':
        tests.push(positive(parts, elements, eqValue(arg)));
        break;
      case '$ne':
        if (isRegexValue(arg)) throw commandError('BadValue', "Can't have regex as arg to $ne.");
        tests.push(negative(parts, elements, eqValue(arg)));
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        if (isRegexValue(arg)) throw commandError('BadValue', `Can't have RegEx as arg to predicate over field '${parts.join('.')}'.`);
        tests.push(positive(parts, elements, compareValue(op, arg)));
        break;
      case '$in':
        tests.push(positive(parts, elements, inValue(arg, op)));
        break;
      case '$nin':
        tests.push(negative(parts, elements, inValue(arg, op)));
        break;
      case '$exists':
        tests.push((truthy(arg) ? positive : negative)(parts, false, (v) => v !== MISSING));
        break;
      case '$type':
        tests.push(positive(parts, elements, typeTest(arg)));
        break;
      case '$mod':
        tests.push(positive(parts, elements, modValue(arg)));
        break;
      case '$regex':
        if (typeof arg !== 'string' && !isRegexValue(arg)) throw commandError('BadValue', '$regex has to be a string');
        tests.push(positive(parts, elements, regexValue(arg, options === undefined ? undefined : String(options))));
        break;
      case '$options':
        break;
      case '$size':
        tests.push(positive(parts, false, sizeValue(arg)));
        break;
      case '$all':
        tests.push(allValue(parts, arg, elements));
        break;
      case '$elemMatch':
        tests.push(elemMatch(parts, arg));
        break;
      case '$not': {
        if (isRegexValue(arg)) {
          tests.push(negative(parts, elements, regexValue(arg)));
          break;
        }
        if (!isOperatorObject(arg)) throw commandError('BadValue', '$not needs a regex or a document');
        const inner = fieldOperators(parts, arg, elements);
        tests.push((doc) => !inner(doc));
        break;
      }
      case '$bitsAllSet':
      case '$bitsAnySet':
      case '$bitsAllClear':
      case '$bitsAnyClear':
        tests.push(positive(parts, elements, bitsValue(op, arg)));
        break;
      case '$comment':
        break;
      default:
        throw commandError('BadValue', `unknown operator: ${op}`);
    }
  }
  return tests.length === 0 ? () => true : allOf(tests);
}

/**
 * A test of one value against operators (`{ $gte: 6 }`), as `$elemMatch` and `$pull` apply them to
 * array elements.
 */
export function compileValueTest(ops: Doc): (v: unknown) => boolean {
  return fieldOperators(NONE, ops, false);
}

function fieldTest(path: string, value: unknown): Matcher {
  const parts = path.split('.');
  if (isOperatorObject(value)) return fieldOperators(parts, value, true);
  if (isRegexValue(value)) return positive(parts, true, regexValue(value));
  return positive(parts, true, eqValue(value));
}

function clauses(op: string, value: unknown): Matcher[] {
  if (!Array.isArray(value) || value.length === 0) throw commandError('BadValue', `${op} argument must be a non-empty array`);
  return value.map((sub) => {
    if (!isDocument(sub)) throw commandError('BadValue', `${op} argument's entries must be objects`);
    return compileMatcher(sub);
  });
}

function viaMingo(op: string, value: unknown): Matcher {
  const query = new Query({ [op]: value }, {});
  return (doc) => query.test(toPlain(doc) as Doc);
}

function topLevel(op: string, value: unknown): Matcher {
  switch (op) {
    case '$and':
      return allOf(clauses(op, value));
    case '$or': {
      const subs = clauses(op, value);
      return (doc, details) => {
        for (const sub of subs) {
          const own: MatchDetails | undefined = details ? {} : undefined;
          if (!sub(doc, own)) continue;
          if (details && own?.position !== undefined && details.position === undefined) details.position = own.position;
          return true;
        }
        return false;
      };
    }
    case '$nor': {
      const subs = clauses(op, value);
      return (doc) => !subs.some((sub) => sub(doc));
    }
    case '$comment':
      return () => true;
    case '$alwaysTrue':
      return () => true;
    case '$alwaysFalse':
      return () => false;
    case '$expr':
    case '$where':
    case '$jsonSchema':
      return viaMingo(op, value);
    case '$text':
      throw commandError('IndexNotFound', 'text index required for $text query');
    default:
      throw commandError('BadValue', `unknown top level operator: ${op}`);
  }
}

/**
 * A predicate for a query filter. Malformed filters fail here, before any document is read.
 * @example compileMatcher({ v: { $gte: null } })({}) // true: a missing field equals null
 */
export function compileMatcher(filter: Doc): Matcher {
  const tests: Matcher[] = [];
  for (const [key, value] of Object.entries(filter)) {
    tests.push(key.startsWith('$') ? topLevel(key, value) : fieldTest(key, value));
  }
  return tests.length === 0 ? () => true : allOf(tests);
}
