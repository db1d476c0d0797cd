/**
 * Picks the index that narrows a query filter best and turns the filter into byte ranges over
 * that index's encoded keys (see index-key.codec). Understood: top-level equality, `$eq`, `$in`,
 * `$gt/$gte/$lt/$lte` and `$and`; anything else leaves the field unconstrained. The plan only
 * selects candidates — the full filter is applied to every candidate afterwards — so a plan may
 * be wider than the filter but never narrower. Pure.
 */
import { encodeKeyValue, HIGH, TAG_NULL, typeTag } from './index-key.codec';

/** What the planner needs to know about an index. */
export interface PlannableIndex {
  name: string;
  fields: readonly string[];
  sparse: boolean;
  /** Partial indexes hold only some documents and are never used for lookups. */
  partial: boolean;
}

/** A chosen index and the [lo, hi) key ranges to read from it. */
export interface QueryPlan {
  indexName: string;
  ranges: Array<[lo: Buffer, hi: Buffer]>;
  /** How many leading index fields the filter pins to values (the rest of the key is free). */
  eqFields: number;
  /**
   * The ranges hold exactly the matching documents, so candidates need no filter test: the filter
   * is only equality / `$in` on plain values of the fields the plan pins (see {@link isExactOn}).
   */
  exact?: boolean;
}

interface FieldCondition {
  eq?: unknown[];
  lo?: unknown;
  hi?: unknown;
}

const MAX_POINTS = 20_000;

function isIndexableScalar(v: unknown): boolean {
  if (v === null) return true;
  if (v instanceof RegExp || Array.isArray(v) || v === undefined) return false;
  if (typeof v === 'object' && !(v instanceof Date)) {
    const t = (v as { _bsontype?: string })._bsontype;
    return t === 'ObjectId' || t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128' || t === 'Binary';
  }
  return typeof v !== 'function' && typeof v !== 'symbol';
}

function isOperatorObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  if ((v as { _bsontype?: string })._bsontype) return false;
  const keys = Object.keys(v);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
}

function collect(filter: Record<string, unknown>, into: Map<string, FieldCondition>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const sub of value) if (sub && typeof sub === 'object') collect(sub as Record<string, unknown>, into);
      continue;
    }
    if (key.startsWith('$')) continue;
    const cond = into.get(key) ?? {};
    if (isOperatorObject(value)) {
      for (const [op, arg] of Object.entries(value)) {
        if (op === '$eq' && isIndexableScalar(arg)) cond.eq ??= [arg];
        else if (op === '$in' && Array.isArray(arg) && arg.every(isIndexableScalar)) cond.eq ??= arg;
        // `$gte: null` and `$lte: null` are equality with null (missing fields included)
        else if ((op === '$gte' || op === '$lte') && arg === null) cond.eq ??= [null];
        else if ((op === '$gt' || op === '$gte') && isIndexableScalar(arg) && arg !== null) cond.lo = arg;
        else if ((op === '$lt' || op === '$lte') && isIndexableScalar(arg) && arg !== null) cond.hi = arg;
      }
    } else if (isIndexableScalar(value)) {
      cond.eq ??= [value];
    }
    if (cond.eq || cond.lo !== undefined || cond.hi !== undefined) into.set(key, cond);
  }
}

function rangeFor(prefix: Buffer, cond: FieldCondition): [Buffer, Buffer] {
  const bracket = cond.lo !== undefined ? typeTag(cond.lo) : typeTag(cond.hi);
  const lo = cond.lo !== undefined ? encodeKeyValue(cond.lo) : Buffer.from([bracket]);
  const hi = cond.hi !== undefined ? Buffer.concat([encodeKeyValue(cond.hi), Buffer.from([HIGH])]) : Buffer.from([bracket + 1]);
  return [Buffer.concat([prefix, lo]), Buffer.concat([prefix, hi])];
}

function planFor(index: PlannableIndex, conds: Map<string, FieldCondition>): { plan: QueryPlan; score: number } | undefined {
  if (index.partial) return undefined;
  let prefixes: Buffer[] = [Buffer.alloc(0)];
  let score = 0;
  let eqFields = 0;
  for (const field of index.fields) {
    const cond = conds.get(field);
    if (!cond) break;
    if (cond.eq) {
      const points = cond.eq.map(encodeKeyValue);
      if (index.sparse && points.some((p) => p[0] === TAG_NULL)) break;
      if (prefixes.length * points.length > MAX_POINTS) break;
      prefixes = prefixes.flatMap((p) => points.map((q) => Buffer.concat([p, q])));
      score += 2;
      eqFields++;
      continue;
    }
    const ranges = prefixes.map((p) => rangeFor(p, cond));
    return { plan: { indexName: index.name, ranges, eqFields }, score: score + 1 };
  }
  if (score === 0) return undefined;
  const high = Buffer.from([HIGH]);
  return { plan: { indexName: index.name, ranges: prefixes.map((p) => [p, Buffer.concat([p, high])]), eqFields }, score };
}

/**
 * A plan that reads `index` in key order so the result comes out sorted by `sort`: the sort
 * fields must be the index fields right after those the filter pins to one value each, all in
 * one direction (keys are stored ascending; a descending sort reads backwards). Undefined when
 * the index cannot give that order. `narrowed`: the filter also limits the range read.
 */
export function planOrdered(
  filter: Record<string, unknown>,
  sort: Record<string, unknown>,
  index: PlannableIndex,
): { plan: QueryPlan; descending: boolean; narrowed: boolean } | undefined {
  if (index.partial || index.sparse) return undefined;
  const sortFields = Object.keys(sort);
  const dirs = Object.values(sort).map((d) => Number(d));
  if (sortFields.length === 0 || !dirs.every((d) => d === dirs[0]) || (dirs[0] !== 1 && dirs[0] !== -1)) return undefined;
  const conds = new Map<string, FieldCondition>();
  collect(filter, conds);
  const found = planFor(index, conds);
  const plan: QueryPlan = found?.plan ?? { indexName: index.name, ranges: [[Buffer.alloc(0), Buffer.from([HIGH])]], eqFields: 0 };
  if (plan.ranges.length !== 1) return undefined;
  const following = index.fields.slice(plan.eqFields, plan.eqFields + sortFields.length);
  if (following.length !== sortFields.length || following.some((f, i) => f !== sortFields[i])) return undefined;
  return { plan, descending: dirs[0] === -1, narrowed: found !== undefined };
}

/**
 * A value whose index key equals another's exactly when MongoDB's `$eq` says they are equal:
 * strings, booleans, numbers of every BSON type (keys are exact, see number-key.codec), dates,
 * ObjectIds and BinData. Left out: null (it also matches missing fields), documents and arrays
 * (a filter value that is an array also matches an element equal to it).
 */
function isExactValue(v: unknown): boolean {
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return true;
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  const t = typeof v === 'object' && v !== null ? (v as { _bsontype?: string })._bsontype : undefined;
  return t === 'ObjectId' || t === 'Long' || t === 'Double' || t === 'Int32' || t === 'Decimal128' || t === 'Binary';
}

/** Whether every condition of `filter` is an exact equality or `$in` on one of `pinned` (top-level fields). */
function isExactOn(filter: Record<string, unknown>, pinned: readonly string[]): boolean {
  for (const [key, value] of Object.entries(filter)) {
    if (!pinned.includes(key)) return false;
    if (isExactValue(value)) continue;
    if (!isOperatorObject(value) || Object.keys(value).length !== 1) return false;
    if ('$eq' in value && isExactValue(value.$eq)) continue;
    if ('$in' in value && Array.isArray(value.$in) && value.$in.length > 0 && value.$in.every(isExactValue)) continue;
    return false;
  }
  return true;
}

/**
 * @example
 * planQuery({ email: 'a@x.io' }, [{ name: 'email_1', fields: ['email'], sparse: false, partial: false }])
 * // → { indexName: 'email_1', ranges: [[<key>, <key + 0xff>]] }
 */
export function planQuery(filter: Record<string, unknown>, indexes: readonly PlannableIndex[]): QueryPlan | undefined {
  const conds = new Map<string, FieldCondition>();
  collect(filter, conds);
  if (conds.size === 0) return undefined;
  let best: { plan: QueryPlan; score: number; index: PlannableIndex } | undefined;
  for (const index of indexes) {
    const candidate = planFor(index, conds);
    if (candidate && (!best || candidate.score > best.score)) best = { ...candidate, index };
  }
  if (!best) return undefined;
  const pinned = best.index.fields.slice(0, best.plan.eqFields).filter((f) => !f.includes('.'));
  if (isExactOn(filter, pinned)) best.plan.exact = true;
  return best.plan;
}
