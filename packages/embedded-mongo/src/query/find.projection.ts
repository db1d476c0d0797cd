/**
 * Projections of `find` and of the `$project` stage on exactly typed documents (manual:
 * "Projection Operators", https://www.mongodb.com/docs/manual/reference/operator/projection/):
 * inclusion and exclusion of top-level and dotted fields (through arrays of documents), `_id`
 * included unless excluded, fields computed from simple expressions (field paths, literals), and
 * for `find` the positional `field.$` (the array element the query matched), `$slice` and
 * `$elemMatch`. A projection with expressions that compute answers `undefined` from
 * {@link compileProjection}: the caller then asks mingo. Pure.
 */
import { exactNumber } from '../bson/bson-number';
import { evaluate, isSimpleExpression } from '../aggregate/simple-expression';
import { commandError } from '../commands/mongo-command.error';
import { isDocument } from './field-path';
import { compileMatcher, compileValueTest, isOperatorObject } from './filter.matcher';

type Doc = Record<string, unknown>;
/** Fields to keep or drop: `true` ends a path, a nested tree continues it. */
type Tree = { [field: string]: Tree | true };

export type Projector = (doc: Doc, position?: number) => Doc;

function flag(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const n = exactNumber(v);
  return n === undefined ? undefined : n !== 0;
}

function addPath(tree: Tree, parts: readonly string[], path: string): void {
  let node = tree;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const last = i === parts.length - 1;
    const existing = node[part];
    if (existing === true || (last && existing !== undefined)) {
      throw commandError('Location31250', `Path collision at ${path}`);
    }
    if (last) node[part] = true;
    else node = (node[part] ??= {}) as Tree;
  }
}

function include(value: unknown, node: Tree | true): unknown {
  if (node === true) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      if (isDocument(item) || Array.isArray(item)) out.push(include(item, node));
    }
    return out;
  }
  if (!isDocument(value)) return undefined;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = node[k];
    if (sub === undefined) continue;
    const kept = include(v, sub);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

function exclude(value: unknown, node: Tree): unknown {
  if (Array.isArray(value)) return value.map((item) => (isDocument(item) || Array.isArray(item) ? exclude(item, node) : item));
  if (!isDocument(value)) return value;
  const out: Doc = {};
  for (const [k, v] of Object.entries(value)) {
    const sub = node[k];
    if (sub === true) continue;
    out[k] = sub === undefined ? v : exclude(v, sub);
  }
  return out;
}

/** The document holding the last part of `parts` inside `doc`, through documents only. */
function holderOf(doc: Doc, parts: readonly string[]): Doc | undefined {
  let node: unknown = doc;
  for (let i = 0; i < parts.length - 1; i++) node = isDocument(node) ? node[parts[i]!] : undefined;
  return isDocument(node) ? node : undefined;
}

function sliceArgs(arg: unknown): [number, number | undefined] {
  if (Array.isArray(arg)) {
    if (arg.length !== 2) throw commandError('BadValue', '$slice array argument must be of the form [skip, limit]');
    const skip = exactNumber(arg[0]);
    const limit = exactNumber(arg[1]);
    if (skip === undefined || limit === undefined || limit <= 0) throw commandError('BadValue', '$slice limit must be positive');
    return [skip, limit];
  }
  const n = exactNumber(arg);
  if (n === undefined) throw commandError('BadValue', '$slice only supports numbers and [skip, limit] arrays');
  return [n, undefined];
}

function sliced(list: unknown[], [a, b]: [number, number | undefined]): unknown[] {
  if (b === undefined) return a >= 0 ? list.slice(0, a) : list.slice(Math.max(0, list.length + a));
  const from = a >= 0 ? a : Math.max(0, list.length + a);
  return list.slice(from, from + b);
}

interface Parsed {
  inclusion: Tree;
  exclusion: Tree;
  computed: Array<[string, unknown]>;
  idMode: boolean | 'computed';
  positional?: string[];
  slices: Array<[string[], [number, number | undefined]]>;
  elemMatches: Array<[string, (el: unknown) => boolean]>;
}

function parse(spec: Doc, find: boolean): Parsed | undefined {
  const p: Parsed = { inclusion: {}, exclusion: {}, computed: [], idMode: true, slices: [], elemMatches: [] };
  let mode: 'in' | 'ex' | undefined;
  const setMode = (m: 'in' | 'ex', path: string): void => {
    if (mode && mode !== m) {
      throw m === 'ex'
        ? commandError('Location31254', `Cannot do exclusion on field ${path} in inclusion projection`)
        : commandError('Location31253', `Cannot do inclusion on field ${path} in exclusion projection`);
    }
    mode = m;
  };
  for (const [path, value] of Object.entries(spec)) {
    const on = flag(value);
    if (find && path.endsWith('.$')) {
      if (!on) throw commandError('BadValue', `positional projection '${path}' must be included`);
      setMode('in', path);
      p.positional = path.slice(0, -2).split('.');
      addPath(p.inclusion, p.positional, path);
      continue;
    }
    if (path === '_id' && on !== undefined) {
      p.idMode = on;
      continue;
    }
    if (on !== undefined) {
      setMode(on ? 'in' : 'ex', path);
      addPath(on ? p.inclusion : p.exclusion, path.split('.'), path);
      continue;
    }
    if (isOperatorObject(value) && find && Object.keys(value).length === 1 && '$slice' in value) {
      p.slices.push([path.split('.'), sliceArgs(value.$slice)]);
      if (mode === 'in') addPath(p.inclusion, path.split('.'), path);
      continue;
    }
    if (isOperatorObject(value) && find && Object.keys(value).length === 1 && '$elemMatch' in value) {
      const arg = value.$elemMatch;
      if (!isDocument(arg)) throw commandError('BadValue', 'elemMatch: Invalid argument, object required.');
      const first = Object.keys(arg)[0];
      const test = first?.startsWith('$') && !['$and', '$or', '$nor'].includes(first) ? compileValueTest(arg) : compileMatcher(arg);
      p.elemMatches.push([path, test]);
      continue;
    }
    if (!isSimpleExpression(value) || path.includes('$')) return undefined;
    setMode('in', path);
    if (path === '_id') p.idMode = 'computed';
    p.computed.push([path, value]);
  }
  // `$slice` met before any inclusion is still part of an inclusion projection
  if (mode === 'in') for (const [parts] of p.slices) if (!inTree(p.inclusion, parts)) addPath(p.inclusion, parts, parts.join('.'));
  return p;
}

function inTree(tree: Tree, parts: readonly string[]): boolean {
  let node: Tree | true | undefined = tree;
  for (const part of parts) {
    if (node === true) return true;
    node = node?.[part];
    if (node === undefined) return false;
  }
  return true;
}

function setComputed(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]!];
    node = isDocument(next) ? next : ((node[parts[i]!] = {}) as Doc);
  }
  node[parts[parts.length - 1]!] = value;
}

/**
 * A projector for `spec`, or undefined when its expressions need mingo.
 * @example compileProjection({ 'items.$': 1 }, true)!(doc, 2) // { _id, items: [doc.items[2]] }
 */
export function compileProjection(spec: Doc, find: boolean): Projector | undefined {
  const p = parse(spec, find);
  if (!p) return undefined;
  const inclusionMode = Object.keys(p.inclusion).length > 0 || p.computed.some(([k]) => k !== '_id') || (p.elemMatches.length > 0 && Object.keys(p.exclusion).length === 0 && p.slices.length === 0);
  return (doc, position) => {
    let out: Doc;
    if (inclusionMode) {
      out = {};
      if (p.idMode === true && doc._id !== undefined) out._id = doc._id;
      const kept = include(doc, p.inclusion) as Doc;
      for (const [k, v] of Object.entries(kept)) if (k !== '_id') out[k] = v;
    } else {
      out = exclude(doc, p.exclusion) as Doc;
      if (p.idMode === false) delete out._id;
    }
    for (const [path, expr] of p.computed) {
      const v = evaluate(expr, doc);
      if (v !== undefined) setComputed(out, path, v);
    }
    if (p.positional) {
      const holder = holderOf(out, p.positional);
      const key = p.positional[p.positional.length - 1]!;
      const list = holder?.[key];
      if (Array.isArray(list)) {
        if (position === undefined || position >= list.length) {
          throw commandError('BadValue', 'Executor error during find command :: caused by :: positional operator \'.$\' couldn\'t find a matching element in the array');
        }
        holder![key] = [list[position]];
      }
    }
    for (const [parts, args] of p.slices) {
      const holder = holderOf(out, parts);
      const key = parts[parts.length - 1]!;
      if (holder && Array.isArray(holder[key])) holder[key] = sliced(holder[key] as unknown[], args);
    }
    for (const [field, test] of p.elemMatches) {
      const list = doc[field];
      const hit = Array.isArray(list) ? list.find((el) => test(el)) : undefined;
      if (hit === undefined) delete out[field];
      else out[field] = [hit];
    }
    return out;
  };
}

/** Whether a find projection uses the positional `$` (the query must then report where it matched). */
export function usesPosition(spec: Doc | undefined): boolean {
  return !!spec && Object.keys(spec).some((k) => k.endsWith('.$'));
}
