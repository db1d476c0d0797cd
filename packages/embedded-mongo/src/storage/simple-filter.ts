/**
 * A compiled matcher for the filters Sluice sends all the time — equality, `$ne`, `$gt/$gte/
 * $lt/$lte`, `$in`, `$nin`, `$exists` on plain values, and `$and` of those — that compares
 * JavaScript strings, numbers, booleans, dates and ObjectIds directly. Anything else — and any
 * document value this matcher does not compare itself (Int64, Decimal128, a Double object, BinData…)
 * — is answered by the full matcher (filter.matcher), so results never differ. Pure.
 */
import { compareStrings } from '../bson/value-order';
import { compileMatcher } from '../query/filter.matcher';

type Verdict = boolean | undefined;
type Test = (doc: Record<string, unknown>) => Verdict;

const MISSING = Symbol('missing');

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && (v as { _bsontype?: string })._bsontype === undefined;
}

/** Query values this matcher understands. */
function isSimpleArg(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return true;
  if (typeof v === 'number') return !Number.isNaN(v);
  return typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'ObjectId';
}

/** The values a dotted path reaches, MongoDB-style (arrays contribute their elements). */
function reach(doc: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (doc === undefined) {
      out.push(MISSING);
      return;
    }
    out.push(doc); // an array itself too: it exists, and never equals a plain value
    if (Array.isArray(doc)) out.push(...doc);
    return;
  }
  if (Array.isArray(doc)) {
    if (/^\d+$/.test(parts[i]!)) reach(doc[Number(parts[i])], parts, i + 1, out);
    else for (const item of doc) if (isPlain(item)) reach(item, parts, i, out);
    return;
  }
  if (!isPlain(doc)) {
    out.push(MISSING);
    return;
  }
  const next = (doc as Record<string, unknown>)[parts[i]!];
  if (next === undefined) out.push(MISSING);
  else reach(next, parts, i + 1, out);
}

/** -1/0/1 when `a` and `b` compare within one type bracket; null across brackets; undefined: unknown type. */
function compare(a: unknown, b: unknown): number | null | undefined {
  if (a === MISSING || a === undefined) return b === null ? 0 : null;
  if (a === null) return b === null ? 0 : null;
  if (typeof a === 'object' && !(a instanceof Date) && (a as { _bsontype?: string })._bsontype !== 'ObjectId') {
    return isPlain(a) || Array.isArray(a) ? null : undefined; // Long, Decimal128, Binary…: ask the full matcher
  }
  if (typeof a !== typeof b && !(a instanceof Date && b instanceof Date)) return null;
  // strings by code point, as MongoDB compares them (JavaScript's `<` compares UTF-16 units)
  if (typeof a === 'string') return compareStrings(a, b as string);
  if (typeof a === 'number') {
    if (Number.isNaN(a)) return -1; // NaN sorts below every number (the argument is never NaN)
    return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
  }
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Date) return b instanceof Date ? Math.sign(a.getTime() - b.getTime()) : null;
  if (typeof b !== 'object' || b === null || (b as { _bsontype?: string })._bsontype !== 'ObjectId') return null;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether any reached value satisfies `ok(compare(value, arg))`; undefined when unsure. */
function any(values: unknown[], arg: unknown, ok: (c: number) => boolean): Verdict {
  let unsure = false;
  for (const v of values) {
    const c = compare(v, arg);
    if (c === undefined) unsure = true;
    else if (c !== null && ok(c)) return true;
  }
  return unsure ? undefined : false;
}

const not = (v: Verdict): Verdict => (v === undefined ? undefined : !v);

function fieldTest(path: string, op: string, arg: unknown): Test | undefined {
  const parts = path.split('.');
  // null against a path through arrays has subtle rules: leave it to the full matcher
  if (parts.length > 1 && (arg === null || (Array.isArray(arg) && arg.includes(null)))) return undefined;
  const values = (doc: Record<string, unknown>) => {
    const out: unknown[] = [];
    reach(doc, parts, 0, out);
    return out;
  };
  switch (op) {
    case '$eq':
      return isSimpleArg(arg) ? (d) => any(values(d), arg, (c) => c === 0) : undefined;
    case '$ne':
      return isSimpleArg(arg) ? (d) => not(any(values(d), arg, (c) => c === 0)) : undefined;
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!isSimpleArg(arg) || arg === null) return undefined;
      const ok = { $gt: (c: number) => c > 0, $gte: (c: number) => c >= 0, $lt: (c: number) => c < 0, $lte: (c: number) => c <= 0 }[op];
      return (d) => any(values(d).filter((v) => v !== MISSING && v !== null), arg, ok);
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(arg) || !arg.every(isSimpleArg)) return undefined;
      const primitive = arg.every((a) => a === null || typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean');
      const set = new Set(arg);
      // Long $in lists of strings or numbers (a page of ids) are answered by a Set lookup.
      const bySet: Test = (d) => {
        let unsure = false;
        for (const v of values(d)) {
          if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
            if (set.has(v)) return true;
          } else if (v === MISSING || v === null) {
            if (set.has(null)) return true;
          } else if (compare(v, 0) === undefined) {
            unsure = true;
          }
        }
        return unsure ? undefined : false;
      };
      const test: Test = primitive && arg.length > 4 ? bySet : (d) => {
        const vs = values(d);
        let unsure = false;
        for (const a of arg) {
          const r = any(vs, a, (c) => c === 0);
          if (r) return true;
          if (r === undefined) unsure = true;
        }
        return unsure ? undefined : false;
      };
      return op === '$in' ? test : (d) => not(test(d));
    }
    case '$exists':
      if (typeof arg !== 'boolean' && arg !== 0 && arg !== 1) return undefined;
      return (d) => values(d).some((v) => v !== MISSING) === !!arg;
    default:
      return undefined;
  }
}

function compileTests(filter: Record<string, unknown>, into: Test[]): boolean {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and') {
      if (!Array.isArray(value) || value.length === 0) return false;
      for (const sub of value) if (!isPlain(sub) || !compileTests(sub, into)) return false;
      continue;
    }
    if (key.startsWith('$') || key.split('.').some((p) => p === '' || p.startsWith('$'))) return false;
    if (isPlain(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k.startsWith('$'))) {
      for (const [op, arg] of Object.entries(value)) {
        const t = fieldTest(key, op, arg);
        if (!t) return false;
        into.push(t);
      }
      continue;
    }
    const t = fieldTest(key, '$eq', value);
    if (!t) return false;
    into.push(t);
  }
  return true;
}

/**
 * A predicate for `filter`: the fast matcher when the filter fits it, else the full one. Either
 * way the answer is the full matcher's.
 * @example compileFilter({ workspaceId: 'w1', updatedAt: { $gt: since } })(doc) // boolean
 */
export function compileFilter(filter: Record<string, unknown>): (doc: Record<string, unknown>) => boolean {
  const tests: Test[] = [];
  if (!compileTests(filter, tests)) return compileMatcher(filter); // now, so a malformed filter fails before any document
  let full: ((doc: Record<string, unknown>) => boolean) | undefined;
  const slow = (doc: Record<string, unknown>) => (full ??= compileMatcher(filter))(doc);
  return (doc) => {
    for (const t of tests) {
      const r = t(doc);
      if (r === undefined) return slow(doc);
      if (!r) return false;
    }
    return true;
  };
}
