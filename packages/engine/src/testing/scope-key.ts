export { scopeKey } from '../ports/scope-key';

/** A structured clone, so callers never share mutable state with a memory store (rows a store changes in place). Pure. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * A deep copy of a plain JSON value, frozen, without `undefined` members (as a database would store
 * it). Stores that never change a row in place keep this copy and hand it to every reader as it is:
 * a caller cannot change what the store holds (a write to a frozen object throws in strict code), and
 * a big sync does not pay a structured clone per link and per event on every read. Pure.
 */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = frozenCopy(value[i] as unknown) ?? null;
    return Object.freeze(out) as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = frozenCopy(v);
  }
  return Object.freeze(out) as T;
}
