/**
 * How a dotted path reaches values in a document, as MongoDB's queries see it: a field that holds
 * an array of documents is walked into each of them (`items.sku` reaches every item's sku), a
 * numeric part indexes an array (`items.0.sku`), and an array at the end of the path is a value
 * in itself and, one level deep, each of its elements. Every value comes with the position in
 * the first array the walk went through, which the positional `$` of updates and projections
 * uses. Pure.
 */

/** What a path reaches where the document has nothing. */
export const MISSING: unique symbol = Symbol('missing');

/** A plain document (not an array, a date, a regular expression or a BSON value class). */
export function isDocument(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Date || v instanceof RegExp) return false;
  return (v as { _bsontype?: string })._bsontype === undefined;
}

const DIGITS = /^\d+$/;

export function isArrayIndex(part: string): boolean {
  return DIGITS.test(part);
}

/** Called for each value reached; `position` is the index in the first array walked through. Returning true stops the walk. */
export type Visit = (value: unknown, position: number | undefined) => boolean;

/**
 * Walks `parts` from `value`, calling `visit` for every value reached (MISSING where a document
 * lacks the field). With `elements`, an array reached at the end is visited itself and then each
 * of its elements. Returns true as soon as a visit does.
 */
export function someAt(
  value: unknown,
  parts: readonly string[],
  i: number,
  elements: boolean,
  position: number | undefined,
  visit: Visit,
): boolean {
  if (i === parts.length) {
    if (visit(value, position)) return true;
    if (elements && Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) if (visit(value[k], position ?? k)) return true;
    }
    return false;
  }
  const part = parts[i]!;
  if (Array.isArray(value)) {
    if (isArrayIndex(part)) {
      const k = Number(part);
      return someAt(k < value.length ? value[k] : MISSING, parts, i + 1, elements, position, visit);
    }
    for (let k = 0; k < value.length; k++) {
      const item = value[k];
      if (isDocument(item) && someAt(item, parts, i, elements, position ?? k, visit)) return true;
    }
    return false;
  }
  if (!isDocument(value)) return visit(MISSING, position);
  const next = value[part];
  return someAt(next === undefined ? MISSING : next, parts, i + 1, elements, position, visit);
}

