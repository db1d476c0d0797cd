/**
 * MongoDB's sort order for `sort` specifications (manual: "cursor.sort()",
 * https://www.mongodb.com/docs/manual/reference/method/cursor.sort/, and "Comparison/Sort Order"):
 * a field holding an array sorts by its smallest element ascending and by its largest element
 * descending; an empty array sorts before null and missing fields, which sort as null; values
 * compare with {@link compareValues} (exact numbers, strings by code point). Pure.
 */
import { compareValues } from '../bson/value-order';
import { commandError } from '../commands/mongo-command.error';
import { exactNumber } from '../bson/bson-number';
import { MISSING, someAt } from './field-path';

type Doc = Record<string, unknown>;

/** The sort key of an empty array: below null (MongoDB sorts it as BSON `undefined`). */
const EMPTY_ARRAY = Symbol('empty array');

function compareKeys(a: unknown, b: unknown): number {
  if (a === EMPTY_ARRAY || b === EMPTY_ARRAY) return a === b ? 0 : a === EMPTY_ARRAY ? -1 : 1;
  return compareValues(a, b);
}

interface SortField {
  parts: string[];
  direction: 1 | -1;
}

/** Validates a sort specification into its fields. */
export function sortFields(sort: Doc): SortField[] {
  return Object.entries(sort).map(([path, dir]) => {
    const n = exactNumber(dir);
    if (n !== 1 && n !== -1) throw commandError('BadValue', '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    return { parts: path.split('.'), direction: n };
  });
}

/** The value a document sorts by on one field: its smallest (ascending) or largest (descending) candidate. */
function sortKey(doc: Doc, field: SortField): unknown {
  let best: unknown;
  let found = false;
  const consider = (v: unknown): void => {
    if (!found || compareKeys(v, best) * field.direction < 0) best = v;
    found = true;
  };
  someAt(doc, field.parts, 0, false, undefined, (v) => {
    if (!Array.isArray(v)) consider(v === MISSING || v === undefined ? null : v);
    else if (v.length === 0) consider(EMPTY_ARRAY);
    else for (const item of v) consider(item);
    return false;
  });
  return found ? best : null;
}

/**
 * Sorts `items` by the documents `docOf` gives for them, stably (ties keep their order).
 * @example sortBy(docs, (d) => d, { tags: -1 }) // by each document's largest tag
 */
export function sortBy<T>(items: readonly T[], docOf: (item: T) => Doc, sort: Doc): T[] {
  const fields = sortFields(sort);
  const keyed = items.map((item) => ({ item, keys: fields.map((f) => sortKey(docOf(item), f)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < fields.length; i++) {
      const c = compareKeys(x.keys[i], y.keys[i]);
      if (c !== 0) return c * fields[i]!.direction;
    }
    return 0;
  });
  return keyed.map((k) => k.item);
}
