/**
 * Aggregation stages run here on exactly typed documents, so values pass through them with their
 * BSON types (manual: "Aggregation Stages",
 * https://www.mongodb.com/docs/manual/reference/operator/aggregation-pipeline/): `$match`,
 * `$sort`, `$skip`, `$limit`, `$count` (no document at all for no input), `$project`, `$addFields`
 * / `$set`, `$unset`, `$replaceRoot` / `$replaceWith`, `$unwind` and `$group` — the last ones when
 * their expressions are simple (field paths and literals, see simple-expression). {@link typedStage}
 * answers undefined for any other stage or expression; the pipeline runner gives those to mingo.
 * Pure.
 */
import { Long } from 'bson';
import { approxNumber, arithmetic, exactNumber, numberType } from '../bson/bson-number';
import { copyValue } from '../bson/copy-value';
import { exactDouble } from '../bson/exact-bson.decoder';
import { compareValues, valuesEqual } from '../bson/value-order';
import { commandError } from '../commands/mongo-command.error';
import { isDocument } from '../query/field-path';
import { compileProjection } from '../query/find.projection';
import { sortBy } from '../query/sort.comparator';
import { encodeKeyValue } from '../storage/index-key.codec';
import { compileFilter } from '../storage/simple-filter';
import { evaluate, isSimpleExpression } from './simple-expression';

type Doc = Record<string, unknown>;
export type Stage = (docs: Doc[]) => Doc[];

function count(n: number): number | Long {
  return n <= 2147483647 ? n : Long.fromNumber(n);
}

function positiveInteger(stage: string, v: unknown): number {
  const n = exactNumber(v);
  if (n === undefined || !Number.isInteger(n) || n < 0) throw commandError('BadValue', `invalid argument to ${stage} stage: ${String(v)}`);
  return n;
}

function setPath(doc: Doc, parts: readonly string[], value: unknown): void {
  let node = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]!];
    if (Array.isArray(next)) {
      // `$addFields` into an array of documents sets the field in each of them
      for (const item of next) if (isDocument(item)) setPath(item, parts.slice(i + 1), value);
      return;
    }
    node = isDocument(next) ? next : ((node[parts[i]!] = {}) as Doc);
  }
  node[parts[parts.length - 1]!] = value;
}

function addFields(spec: Doc): Stage | undefined {
  if (!Object.values(spec).every(isSimpleExpression)) return undefined;
  return (docs) =>
    docs.map((doc) => {
      const out = copyValue(doc);
      for (const [path, expr] of Object.entries(spec)) {
        const v = evaluate(expr, doc);
        if (v !== undefined) setPath(out, path.split('.'), v);
      }
      return out;
    });
}

function unwind(spec: unknown): Stage {
  const opts = typeof spec === 'string' ? { path: spec } : (spec as { path?: unknown; includeArrayIndex?: unknown; preserveNullAndEmptyArrays?: unknown });
  if (typeof opts.path !== 'string' || !opts.path.startsWith('$')) throw commandError('BadValue', 'path option to $unwind stage should be prefixed with a \'$\'');
  const parts = opts.path.slice(1).split('.');
  const indexField = typeof opts.includeArrayIndex === 'string' ? opts.includeArrayIndex : undefined;
  const preserve = opts.preserveNullAndEmptyArrays === true;
  return (docs) =>
    docs.flatMap((doc) => {
      let value: unknown = doc;
      for (const p of parts) value = isDocument(value) ? value[p] : undefined;
      if (Array.isArray(value) && value.length > 0) {
        return value.map((item, i) => {
          const out = copyValue(doc);
          setPath(out, parts, item);
          if (indexField) out[indexField] = count(i);
          return out;
        });
      }
      if (!preserve && (value === undefined || value === null || Array.isArray(value))) return [];
      const out = copyValue(doc);
      if (Array.isArray(value)) {
        let holder: unknown = out;
        for (const p of parts.slice(0, -1)) holder = (holder as Doc)[p];
        delete (holder as Doc)[parts[parts.length - 1]!];
      }
      if (indexField) out[indexField] = null;
      return [out];
    });
}

/** One `$group` accumulator: a step per document and the value at the end. */
interface Accumulator {
  add(doc: Doc): void;
  result(): unknown;
}

function sumOf(values: unknown[]): unknown {
  let total: unknown = 0;
  for (const v of values) {
    if (numberType(v) === undefined) continue;
    // Int64 overflowing turns the sum into a double, as MongoDB's $sum does
    total = arithmetic('add', total, v) ?? exactDouble(approxNumber(total) + approxNumber(v));
  }
  return total;
}

function accumulator(op: string, expr: unknown): (() => Accumulator) | undefined {
  if (!isSimpleExpression(expr)) return undefined;
  const collect = (keep: (v: unknown) => boolean, finish: (vs: unknown[]) => unknown) => () => {
    const values: unknown[] = [];
    return { add: (doc: Doc) => { const v = evaluate(expr, doc); if (keep(v)) values.push(v); }, result: () => finish(values) };
  };
  const present = (v: unknown) => v !== undefined;
  const notNull = (v: unknown) => v !== undefined && v !== null;
  switch (op) {
    case '$sum':
      return collect(present, sumOf);
    case '$avg':
      return collect((v) => numberType(v) !== undefined, (vs) => (vs.length === 0 ? null : exactDouble(approxNumber(sumOf(vs)) / vs.length)));
    case '$first':
      return collect(() => true, (vs) => (vs.length === 0 ? null : vs[0] ?? null));
    case '$last':
      return collect(() => true, (vs) => (vs.length === 0 ? null : vs[vs.length - 1] ?? null));
    case '$min':
    case '$max':
      return collect(notNull, (vs) => vs.reduce((best: unknown, v) => (best === null || compareValues(v, best) * (op === '$min' ? -1 : 1) > 0 ? v : best), null));
    case '$push':
      return collect(present, (vs) => vs);
    case '$addToSet':
      return collect(present, (vs) => vs.filter((v, i) => vs.findIndex((w) => valuesEqual(v, w)) === i));
    case '$count':
      return collect(() => true, (vs) => count(vs.length));
    default:
      return undefined;
  }
}

function group(spec: Doc): Stage | undefined {
  if (!('_id' in spec) || !isSimpleExpression(spec._id)) return undefined;
  const fields: Array<[string, () => Accumulator]> = [];
  for (const [name, acc] of Object.entries(spec)) {
    if (name === '_id') continue;
    if (!isDocument(acc) || Object.keys(acc).length !== 1) return undefined;
    const [op, expr] = Object.entries(acc)[0]!;
    const make = accumulator(op, expr);
    if (!make) return undefined;
    fields.push([name, make]);
  }
  return (docs) => {
    const groups = new Map<string, { id: unknown; accs: Accumulator[] }>();
    for (const doc of docs) {
      const id = evaluate(spec._id, doc) ?? null;
      // group keys are equal exactly when MongoDB's values are (5 and 5.0 are one group)
      const key = encodeKeyValue(id).toString('latin1');
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { id, accs: fields.map(([, make]) => make()) }));
      for (const a of g.accs) a.add(doc);
    }
    return [...groups.values()].map((g) => {
      const out: Doc = { _id: g.id };
      fields.forEach(([name], i) => (out[name] = g.accs[i]!.result()));
      return out;
    });
  };
}

function replaceRoot(expr: unknown): Stage | undefined {
  if (!isSimpleExpression(expr)) return undefined;
  return (docs) =>
    docs.map((doc) => {
      const root = evaluate(expr, doc);
      if (!isDocument(root)) throw commandError('BadValue', `'newRoot' expression must evaluate to an object, but resulting value was: ${String(root)}`);
      return root;
    });
}

/**
 * The stage as a function over typed documents, or undefined when it must run in mingo.
 * @example typedStage({ $count: 'n' })!([]) // [] — MongoDB returns no document, not { n: 0 }
 */
export function typedStage(stage: Doc): Stage | undefined {
  const keys = Object.keys(stage);
  if (keys.length !== 1) throw commandError('BadValue', 'A pipeline stage specification object must contain exactly one field.');
  const name = keys[0]!;
  const spec = stage[name];
  switch (name) {
    case '$match': {
      const test = compileFilter(spec as Doc);
      return (docs) => docs.filter(test);
    }
    case '$sort':
      return (docs) => sortBy(docs, (d) => d, spec as Doc);
    case '$skip': {
      const n = positiveInteger(name, spec);
      return (docs) => docs.slice(n);
    }
    case '$limit': {
      const n = positiveInteger(name, spec);
      if (n === 0) throw commandError('BadValue', 'the limit must be positive');
      return (docs) => docs.slice(0, n);
    }
    case '$count': {
      if (typeof spec !== 'string' || spec === '' || spec.startsWith('$') || spec.includes('.')) {
        throw commandError('BadValue', 'the count field must be a non-empty string that does not start with $ and has no dot');
      }
      return (docs) => (docs.length === 0 ? [] : [{ [spec]: count(docs.length) }]);
    }
    case '$project': {
      if (!isDocument(spec)) throw commandError('BadValue', '$project specification must be an object');
      const project = compileProjection(spec, false);
      return project && ((docs) => docs.map((d) => project(d)));
    }
    case '$unset': {
      const paths = typeof spec === 'string' ? [spec] : spec;
      if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) throw commandError('BadValue', '$unset specification must be a string or an array of strings');
      const project = compileProjection(Object.fromEntries(paths.map((p) => [p, 0])), false)!;
      return (docs) => docs.map((d) => project(d));
    }
    case '$addFields':
    case '$set':
      return isDocument(spec) ? addFields(spec) : undefined;
    case '$replaceRoot':
      return isDocument(spec) ? replaceRoot(spec.newRoot) : undefined;
    case '$replaceWith':
      return replaceRoot(spec);
    case '$unwind':
      return unwind(spec);
    case '$group':
      return isDocument(spec) ? group(spec) : undefined;
    default:
      return undefined;
  }
}
