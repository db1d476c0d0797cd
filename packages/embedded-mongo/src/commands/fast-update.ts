/**
 * A fast path for the update operators the sync engine sends on every write ($set, $unset, $inc,
 * $min, $max, $currentDate, $push, $addToSet, $setOnInsert) on plain dotted paths. mingo's
 * updater rebuilds its operator tables on every call, which costs more than the SQLite write;
 * this path handles the common shapes directly and answers `undefined` ("not for me") for
 * anything else — positional paths, paths through arrays, conflicting paths, unusual values —
 * which then goes to mingo for exact MongoDB semantics and error messages. Pure; decides
 * before it mutates, so a declined update leaves the document untouched.
 */
import { serialize } from 'bson';
import type { Doc } from './command.context';

const FAST_OPS = new Set(['$set', '$unset', '$inc', '$min', '$max', '$currentDate', '$push', '$addToSet', '$setOnInsert']);

function isPlainObject(v: unknown): v is Doc {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date) return false;
  return (v as { _bsontype?: string })._bsontype === undefined;
}

/** MongoDB equality for values of the same document (numbers by value, documents by content). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return Buffer.from(serialize({ v: a })).equals(Buffer.from(serialize({ v: b })));
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

function comparable(a: unknown, b: unknown): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string') ||
    (a instanceof Date && b instanceof Date);
}

/** Whether one operation can run on the fast path against the current value. */
function fits(op: string, current: unknown, arg: unknown): boolean {
  switch (op) {
    case '$set':
    case '$setOnInsert':
    case '$unset':
      return true;
    case '$inc':
      return typeof arg === 'number' && (current === undefined || typeof current === 'number');
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
      next = ((current as number | undefined) ?? 0) + (arg as number);
      break;
    case '$min':
      next = current === undefined || (arg as number) < (current as number) ? arg : current;
      break;
    case '$max':
      next = current === undefined || (arg as number) > (current as number) ? arg : current;
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
  if (key in parent && valuesEqual(current, next)) return false;
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
      if (dotted.includes('$') || dotted === '_id' || dotted.startsWith('_id.') || dotted === '') return undefined;
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
  for (const p of plans) {
    const parent = parentOf(doc, p.path, p.op !== '$unset');
    if (!parent) continue;
    if (apply(p.op, parent, p.path[p.path.length - 1]!, p.arg, now)) changed = true;
  }
  return changed;
}
