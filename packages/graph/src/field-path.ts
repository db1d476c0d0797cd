/**
 * Dotted field paths (`email`, `address.city`, `custom.industry`) over plain records. Pure.
 */

type Rec = Record<string, unknown>;

/** Splits a dotted path into its segments. */
export function splitPath(path: string): string[] {
  return path.split('.');
}

/**
 * Reads a dotted path; `undefined` when any step is missing or not an object. Pure.
 * @example getField(contact, 'address.city') // 'Berlin'
 */
export function getField(record: unknown, path: string): unknown {
  let cur: unknown = record;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, key) ? (cur as Rec)[key] : undefined;
  }
  return cur;
}

/**
 * Precompiles a reader for one path: the hot path of rule evaluation, no splitting per call. Pure.
 */
export function compileGetter(path: string): (record: unknown) => unknown {
  const keys = splitPath(path);
  const own = Object.prototype.hasOwnProperty;
  if (keys.length === 1) {
    const [a] = keys as [string];
    return (r) => (r !== null && typeof r === 'object' && own.call(r, a) ? (r as Rec)[a] : undefined);
  }
  if (keys.length === 2) {
    const [a, b] = keys as [string, string];
    return (r) => {
      if (r === null || typeof r !== 'object' || !own.call(r, a)) return undefined;
      const o = (r as Rec)[a];
      return o !== null && typeof o === 'object' && own.call(o, b) ? (o as Rec)[b] : undefined;
    };
  }
  return (r) => getField(r, path);
}

/**
 * Returns a copy of `record` with `path` set to `value` (objects along the path are copied, the input
 * is never mutated). `undefined` removes the key. Returns the same record when nothing changes. Pure.
 * @example setField(c, 'address.city', 'Paris')
 */
export function setField<T>(record: T, path: string, value: unknown): T {
  return setKeys(record, splitPath(path), 0, value) as T;
}

function setKeys(obj: unknown, keys: string[], i: number, value: unknown): unknown {
  const key = keys[i] as string;
  const base: Rec = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Rec) : {};
  const has = Object.prototype.hasOwnProperty.call(base, key);
  const current = has ? base[key] : undefined;
  const next = i === keys.length - 1 ? value : setKeys(current, keys, i + 1, value);
  if (next === current && base === obj && !(has && next === undefined)) return obj;
  const copy: Rec = { ...base };
  if (next === undefined) delete copy[key];
  else copy[key] = next;
  return copy;
}
