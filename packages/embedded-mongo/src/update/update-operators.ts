/**
 * What each update operator does to the value at one concrete path, on exactly typed documents
 * (manual: "Field Update Operators", "Array Update Operators", "$bit"): `$inc` and `$mul` with
 * MongoDB's number types (bson-number), `$min`/`$max` with MongoDB's order, `$currentDate` as a
 * Date or a Timestamp, `$push` with `$each/$position/$sort/$slice`, `$addToSet`, `$pop`, `$pull`
 * (a value, or a condition as a query), `$pullAll`, `$bit`. Each returns whether the document
 * changed; bad input fails with MongoDB's code and a sentence. Pure, apart from the document.
 */
import { Long, Timestamp } from 'bson';
import { arithmetic, numberType, zeroLike } from '../bson/bson-number';
import { sameBson } from '../bson/same-bson';
import { compareValues, valuesEqual } from '../bson/value-order';
import { commandError } from '../commands/mongo-command.error';
import { bsonTypeNumber } from '../query/bson-type-alias';
import { isDocument } from '../query/field-path';
import { compileMatcher, compileValueTest, isOperatorObject } from '../query/filter.matcher';
import { sortBy } from '../query/sort.comparator';
import { getAt, setAt, type Place } from './update-path';

/** What an operator needs beyond its place and argument. */
export interface OperatorEnv {
  /** The dotted path as written, for messages. */
  path: string;
  /** The document's `_id`, for messages. */
  id: unknown;
  now: Date;
}

const TYPE_NAMES: Record<number, string> = {
  1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 6: 'undefined', 7: 'objectId', 8: 'bool', 9: 'date',
  10: 'null', 11: 'regex', 12: 'dbPointer', 13: 'javascript', 14: 'symbol', 15: 'javascriptWithScope', 16: 'int',
  17: 'timestamp', 18: 'long', 19: 'decimal', [-1]: 'minKey', 127: 'maxKey',
};

export function typeName(v: unknown): string {
  return TYPE_NAMES[bsonTypeNumber(v) ?? 10] ?? 'object';
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null && (v as { _bsontype?: string })._bsontype) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Sets `value` unless the place already holds exactly it (same BSON bytes). */
function put(place: Place, value: unknown): boolean {
  const current = getAt(place);
  if (current !== undefined && sameBson(current, value)) return false;
  setAt(place, value);
  return true;
}

function setOp(place: Place, arg: unknown): boolean {
  return put(place, arg);
}

function unsetOp(place: Place): boolean {
  if (Array.isArray(place.parent)) {
    // an array element is not removed but nulled, keeping the other positions
    const k = Number(place.key);
    if (k >= place.parent.length || place.parent[k] === null) return false;
    place.parent[k] = null;
    return true;
  }
  if (!Object.hasOwn(place.parent, place.key)) return false;
  delete place.parent[place.key];
  return true;
}

function arithmeticOp(op: '$inc' | '$mul', place: Place, arg: unknown, env: OperatorEnv): boolean {
  const verb = op === '$inc' ? 'increment' : 'multiply';
  if (numberType(arg) === undefined) throw commandError('TypeMismatch', `Cannot ${verb} with non-numeric argument: {${env.path}: ${show(arg)}}`);
  const current = getAt(place);
  if (current === undefined) return put(place, op === '$inc' ? arg : zeroLike(arg));
  if (numberType(current) === undefined) {
    throw commandError('TypeMismatch', `Cannot apply ${op} to a value of non-numeric type. {_id: ${show(env.id)}} has the field '${place.key}' of non-numeric type ${typeName(current)}`);
  }
  const next = arithmetic(op === '$inc' ? 'add' : 'multiply', current, arg);
  if (next === undefined) {
    throw commandError('BadValue', `Failed to apply ${op} operations to current value ((NumberLong)${show(current)}) for document {_id: ${show(env.id)}}`);
  }
  return put(place, next);
}

function minMaxOp(op: '$min' | '$max', place: Place, arg: unknown): boolean {
  const current = getAt(place);
  if (current === undefined) return put(place, arg);
  const c = compareValues(arg, current);
  return (op === '$min' ? c < 0 : c > 0) ? put(place, arg) : false;
}

let lastSecond = 0;
let increment = 0;

/** A Timestamp for "now": seconds, and a counter that orders the ones of one second. */
function timestampNow(now: Date): Timestamp {
  const seconds = Math.floor(now.getTime() / 1000);
  increment = seconds === lastSecond ? increment + 1 : 1;
  lastSecond = seconds;
  return new Timestamp({ t: seconds, i: increment });
}

function currentDateOp(place: Place, arg: unknown, env: OperatorEnv): boolean {
  if (typeof arg === 'boolean') return put(place, env.now);
  const type = isDocument(arg) && Object.keys(arg).length === 1 ? arg.$type : undefined;
  if (type === 'date') return put(place, env.now);
  if (type === 'timestamp') return put(place, timestampNow(env.now));
  throw commandError('BadValue', "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}");
}

/** The array at a place for an operator that grows it; a missing field is a new empty array. */
function arrayFor(op: string, place: Place, env: OperatorEnv): unknown[] {
  const current = getAt(place);
  if (current === undefined) return [];
  if (Array.isArray(current)) return current;
  if (op === '$addToSet') throw commandError('BadValue', `Cannot apply $addToSet to non-array field. Field named '${place.key}' has non-array type ${typeName(current)}`);
  throw commandError('BadValue', `The field '${env.path}' must be an array but is of type ${typeName(current)} in document {_id: ${show(env.id)}}`);
}

function integerArg(name: string, v: unknown): number {
  const n = numberType(v) === undefined ? NaN : Number(v);
  if (!Number.isInteger(n)) throw commandError('BadValue', `The value for ${name} must be an integer value but was given type: ${typeName(v)}`);
  return n;
}

function pushOp(place: Place, arg: unknown, env: OperatorEnv): boolean {
  const existed = getAt(place) !== undefined;
  const list = arrayFor('$push', place, env);
  let items = [arg];
  let position: number | undefined;
  let sort: unknown;
  let slice: number | undefined;
  if (isDocument(arg) && Object.hasOwn(arg, '$each')) {
    for (const k of Object.keys(arg)) {
      if (!['$each', '$position', '$sort', '$slice'].includes(k)) throw commandError('BadValue', `Unrecognized clause in $push: ${k}`);
    }
    if (!Array.isArray(arg.$each)) throw commandError('BadValue', `The argument to $each in $push must be an array but it was of type: ${typeName(arg.$each)}`);
    items = arg.$each;
    if (arg.$position !== undefined) position = integerArg('$position', arg.$position);
    if (arg.$slice !== undefined) slice = integerArg('$slice', arg.$slice);
    sort = arg.$sort;
  }
  const next = [...list];
  const at = position === undefined ? next.length : position < 0 ? Math.max(0, next.length + position) : Math.min(position, next.length);
  next.splice(at, 0, ...items);
  let result = next;
  if (sort !== undefined) {
    if (isDocument(sort)) {
      result = sortBy(result, (el) => (isDocument(el) ? el : {}), sort);
    } else {
      const dir = Number(sort);
      if (dir !== 1 && dir !== -1) throw commandError('BadValue', 'The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
      result = [...result].sort((a, b) => compareValues(a, b) * dir);
    }
  }
  if (slice !== undefined) result = slice >= 0 ? result.slice(0, slice) : result.slice(Math.max(0, result.length + slice));
  if (existed && sameBson(list, result)) return false;
  setAt(place, result);
  return true;
}

function addToSetOp(place: Place, arg: unknown, env: OperatorEnv): boolean {
  const existed = getAt(place) !== undefined;
  const list = arrayFor('$addToSet', place, env);
  let items = [arg];
  if (isDocument(arg) && Object.hasOwn(arg, '$each')) {
    if (Object.keys(arg).length !== 1) throw commandError('BadValue', `Found unexpected fields after $each in $addToSet: ${show(arg)}`);
    if (!Array.isArray(arg.$each)) throw commandError('TypeMismatch', `The argument to $each in $addToSet must be an array but it was of type ${typeName(arg.$each)}`);
    items = arg.$each;
  }
  const next = [...list];
  for (const item of items) if (!next.some((x) => valuesEqual(x, item))) next.push(item);
  if (existed && next.length === list.length) return false;
  setAt(place, next);
  return true;
}

function popOp(place: Place, arg: unknown): boolean {
  const n = numberType(arg) === undefined ? NaN : Number(arg);
  if (n !== 1 && n !== -1) throw commandError('BadValue', `$pop expects 1 or -1, found: ${show(arg)}`);
  const current = getAt(place);
  if (current === undefined) return false;
  if (!Array.isArray(current)) throw commandError('TypeMismatch', `Path '${place.key}' contains an element of non-array type '${typeName(current)}'`);
  if (current.length === 0) return false;
  setAt(place, n === 1 ? current.slice(0, -1) : current.slice(1));
  return true;
}

/** The test `$pull` applies to each element: a query for documents, operators for values, else equality. */
function pullTest(arg: unknown): (el: unknown) => boolean {
  if (isOperatorObject(arg) && !['$and', '$or', '$nor'].includes(Object.keys(arg)[0]!)) return compileValueTest(arg);
  if (isDocument(arg)) {
    const query = compileMatcher(arg);
    return (el) => isDocument(el) && query(el);
  }
  return (el) => valuesEqual(el, arg);
}

function pullOp(place: Place, test: (el: unknown) => boolean): boolean {
  const current = getAt(place);
  if (current === undefined) return false;
  if (!Array.isArray(current)) throw commandError('BadValue', 'Cannot apply $pull to a non-array value');
  const next = current.filter((el) => !test(el));
  if (next.length === current.length) return false;
  setAt(place, next);
  return true;
}

function pullAllArg(arg: unknown): (el: unknown) => boolean {
  if (!Array.isArray(arg)) throw commandError('BadValue', `$pullAll requires an array argument but was given a ${typeName(arg)}`);
  return (el) => arg.some((x) => valuesEqual(el, x));
}

function bitOp(place: Place, arg: unknown, env: OperatorEnv): boolean {
  if (!isDocument(arg) || Object.keys(arg).length === 0) {
    throw commandError('BadValue', `The $bit modifier is not compatible with a ${typeName(arg)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`);
  }
  const current = getAt(place) ?? 0;
  let type = numberType(current);
  if (type !== 'int' && type !== 'long') {
    throw commandError('BadValue', `Cannot apply $bit to a value of non-integral type.{_id: ${show(env.id)}} has the field ${place.key} of non-integer type ${typeName(current)}`);
  }
  let value = BigInt(String(current));
  for (const [how, operand] of Object.entries(arg)) {
    const t = numberType(operand);
    if (t !== 'int' && t !== 'long') throw commandError('BadValue', `The $bit modifier field must be an Integer(32/64 bit); a '${typeName(operand)}' is not supported here`);
    if (t === 'long') type = 'long';
    const o = BigInt(String(operand));
    if (how === 'and') value &= o;
    else if (how === 'or') value |= o;
    else if (how === 'xor') value ^= o;
    else throw commandError('BadValue', `The $bit modifier only supports 'and', 'or', and 'xor', not '${how}' which is an unknown operator: {${how}: ${show(operand)}}`);
  }
  const next = type === 'long' ? Long.fromBigInt(BigInt.asIntN(64, value)) : Number(BigInt.asIntN(32, value));
  return put(place, next);
}

/** Applies one operator at one place; `arg` is the operator's argument for this path. */
export function applyOperator(op: string, place: Place, arg: unknown, env: OperatorEnv, pull?: (el: unknown) => boolean): boolean {
  switch (op) {
    case '$set':
    case '$setOnInsert':
      return setOp(place, arg);
    case '$unset':
      return unsetOp(place);
    case '$inc':
    case '$mul':
      return arithmeticOp(op, place, arg, env);
    case '$min':
    case '$max':
      return minMaxOp(op, place, arg);
    case '$currentDate':
      return currentDateOp(place, arg, env);
    case '$push':
      return pushOp(place, arg, env);
    case '$addToSet':
      return addToSetOp(place, arg, env);
    case '$pop':
      return popOp(place, arg);
    case '$pull':
    case '$pullAll':
      return pullOp(place, pull!);
    case '$bit':
      return bitOp(place, arg, env);
    default:
      throw commandError('FailedToParse', `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
}

/** The element test of a `$pull` or `$pullAll` argument, compiled once per update. */
export function pullCondition(op: '$pull' | '$pullAll', arg: unknown): (el: unknown) => boolean {
  return op === '$pull' ? pullTest(arg) : pullAllArg(arg);
}
