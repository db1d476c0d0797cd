/**
 * MongoDB's query language over exactly typed documents (manual: "Query and Projection Operators",
 * https://www.mongodb.com/docs/manual/reference/operator/query/): comparison with type bracketing
 * and exact numbers ($eq $ne $gt $gte $lt $lte $in $nin), logic ($and $or $nor $not), elements
 * ($exists $type), evaluation ($mod $regex; $expr, $where and $jsonSchema through mingo), arrays
 * ($all $elemMatch $size) and bits ($bitsAllSet $bitsAnySet $bitsAllClear $bitsAnyClear). A match
 * can report the position in the array it matched through, for the positional `$`. Pure.
 */
import { Query } from 'mingo';
import { exactNumber } from '../bson/bson-number';
import { toPlain } from '../bson/plain-values';
import { commandError } from '../commands/mongo-command.error';
import { typeTest } from './bson-type-alias';
import { isDocument, MISSING, someAt } from './field-path';
import { isRegexValue } from './query-regex';
import { bitsValue, compareValue, eqValue, inValue, isOperatorObject, modValue, regexValue, sizeValue, type ValueTest } from './value-tests';

export { isOperatorObject };

type Doc = Record<string, unknown>;

/** Filled in by a match: the index in the array the match went through (the positional `$`). */
export interface MatchDetails {
  position?: number;
}

export type Matcher = (doc: unknown, details?: MatchDetails) => boolean;

const NONE: readonly string[] = [];

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
