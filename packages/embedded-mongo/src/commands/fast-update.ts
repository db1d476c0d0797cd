/**
 * A fast path for the update operators the sync engine sends on every write ($set, $unset, $inc,
 * $min, $max, $currentDate, $push, $addToSet, $setOnInsert) on plain dotted paths: it handles the
 * common shapes directly and answers `undefined` ("not for me") for anything else — positional
 * paths, paths through arrays, conflicting paths, unusual values, an `$inc` that would overflow
 * 64 bits — which then goes to the full update (update/operator-update) for its semantics and
 * error messages. It works on exactly typed documents (exact-bson.decoder) with the same number
 * rules and comparisons as the full update, so both give the same documents. Pure; decides before
 * it mutates, so a declined update leaves the document untouched.
 */
import { arithmetic, numberType } from '../bson/bson-number';
import { sameBson } from '../bson/same-bson';
import { compareValues, Rank, rankOf, valuesEqual } from '../bson/value-order';
import { comparePaths } from '../update/update-path';
import type { Doc } from './command.context';

const FAST_OPS = new Set(['$set', '$unset', '$inc', '$min', '$max', '$currentDate', '$push', '$addToSet', '$setOnInsert']);

function isPlainObject(v: unknown): v is Doc {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  return (v as { _bsontype?: string })._bsontype === undefined;
}

type Plan = { op: string; path: string[]; arg: unknown };

/** Walks to the parent of `path`; undefined when the walk would cross an array or a non-object. */
function parentOf(doc: Doc, path: string[], create: boolean): Doc | null | undefined {
  let node: Doc = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]!];
    if (next === undefined) {
      if (!create) return null; // nothing there: a no-op for $unset
      const made: Doc = {};
      node[path[i]!] = made;
      node = made;
    } else if (isPlainObject(next)) {
      node = next;
    } else {
      return undefined;
    }
  }
  return node;
}

function eachOf(arg: unknown): unknown[] | undefined {
  if (isPlainObject(arg)) {
    const keys = Object.keys(arg);
    if (keys.length === 1 && keys[0] === '$each' && Array.isArray(arg.$each)) return arg.$each;
    if (keys.some((k) => k.startsWith('$'))) return undefined;
  }
  return [arg];
}

/** Numbers (of any BSON type), strings and dates against their own kind: what `$min`/`$max` compare here. */
function comparable(a: unknown, b: unknown): boolean {
  const rank = rankOf(a);
  return rank === rankOf(b) && (rank === Rank.number || rank === Rank.string || rank === Rank.date);
}

/** Whether one operation can run on the fast path against the current value. */
function fits(op: string, current: unknown, arg: unknown): boolean {
  switch (op) {
    case '$set':
    case '$setOnInsert':
    case '$unset':
      return true;
    case '$inc':
      // an Int64 that would overflow is refused by the full update, with its message
      return numberType(arg) !== undefined && (current === undefined || (numberType(current) !== undefined && arithmetic('add', current, arg) !== undefined));
    case '$min':
    case '$max':
      return current === undefined || comparable(current, arg);
    case '$currentDate':
      return arg === true || (isPlainObject(arg) && arg.$type === 'date');
    case '$push':
    case '$addToSet':
      return (current === undefined || Array.isArray(current)) && eachOf(arg) !== undefined;
    default:
      return false;
  }
}

function apply(op: string, parent: Doc, key: string, arg: unknown, now: Date): boolean {
  const current = parent[key];
  let next: unknown;
  switch (op) {
    case '$set':
    case '$setOnInsert':
      next = arg;
      break;
    case '$unset':
      if (!(key in parent)) return false;
      delete parent[key];
      return true;
    case '$inc':
      next = current === undefined ? arg : arithmetic('add', current, arg);
      break;
    case '$min':
      next = current === undefined || compareValues(arg, current) < 0 ? arg : current;
      break;
    case '$max':
      next = current === undefined || compareValues(arg, current) > 0 ? arg : current;
      break;
    case '$currentDate':
      next = now;
      break;
    case '$push': {
      const items = eachOf(arg)!;
      if (current !== undefined && items.length === 0) return false;
      parent[key] = [...((current as unknown[] | undefined) ?? []), ...items];
      return true;
    }
    case '$addToSet': {
      const list = [...((current as unknown[] | undefined) ?? [])];
      let added = current === undefined;
      for (const v of eachOf(arg)!) {
        if (!list.some((x) => valuesEqual(x, v))) {
          list.push(v);
          added = true;
        }
      }
      if (added) parent[key] = list;
      return added;
    }
  }
  // unchanged only when the bytes would be the same: `$set: { n: 5 }` over a Double 5.0 changes it
  if (key in parent && sameBson(current, next)) return false;
  parent[key] = next;
  return true;
}

/**
 * Applies an operator update in place when every part of it fits the fast path.
 * @returns whether the document changed, or undefined when the update must go to mingo.
 */
export function tryFastUpdate(doc: Doc, modifier: Doc, inserting: boolean): boolean | undefined {
  const plans: Plan[] = [];
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    if (!FAST_OPS.has(op) || !isPlainObject(fields)) return undefined;
    if (op === '$setOnInsert' && !inserting) continue;
    for (const [dotted, arg] of Object.entries(fields)) {
      if (dotted.includes('$') || dotted === '_id' || dotted.startsWith('_id.') || dotted.split('.').includes('')) return undefined;
      plans.push({ op, path: dotted.split('.'), arg });
      paths.push(dotted);
    }
  }
  // overlapping paths (a and a.b) are MongoDB conflicts: leave them to mingo's error
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1] || sorted[i]!.startsWith(`${sorted[i - 1]!}.`)) return undefined;
  }
  for (const p of plans) {
    const parent = parentOf(doc, p.path, false);
    if (parent === undefined) return undefined;
    if (parent !== null && !fits(p.op, parent[p.path[p.path.length - 1]!], p.arg)) return undefined;
    if (parent === null && !fits(p.op, undefined, p.arg)) return undefined;
  }
  const now = new Date();
  let changed = false;
  // MongoDB applies paths in field-name order, which is the order new fields are appended in
  plans.sort((a, b) => comparePaths(a.path, b.path));
  for (const p of plans) {
    const parent = parentOf(doc, p.path, p.op !== '$unset');
    if (!parent) continue;
    if (apply(p.op, parent, p.path[p.path.length - 1]!, p.arg, now)) changed = true;
  }
  return changed;
}
