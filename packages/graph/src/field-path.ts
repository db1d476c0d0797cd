import { codegenByDefault } from './codegen.support';

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
  // Keys that exist on Object.prototype (constructor, toString, __proto__...) need the own-property
  // check; every other key can be read directly, which is what makes rule evaluation fast.
  if (keys.some((k) => k in Object.prototype)) return (r) => getField(r, path);
  return (codegenByDefault ? generatedGetter(keys) : undefined) ?? closureGetter(keys, path);
}

/**
 * A getter generated for one path. Closures made from one function literal share their inline
 * caches, so with many fields and record shapes property reads go megamorphic; a function of its
 * own per path keeps every read site monomorphic (about 3× faster on mixed records). Keys are
 * embedded as JSON string literals. Returns undefined where code generation is not allowed (a
 * browser page whose Content-Security-Policy forbids eval).
 */
function generatedGetter(keys: string[]): ((record: unknown) => unknown) | undefined {
  let body = 'let o = r;';
  for (const k of keys) body += `if (o === null || typeof o !== 'object') return undefined; o = o[${JSON.stringify(k)}];`;
  body += 'return o;';
  try {
    return new Function('r', body) as (record: unknown) => unknown;
  } catch {
    return undefined;
  }
}

function closureGetter(keys: string[], path: string): (record: unknown) => unknown {
  if (keys.length === 1) {
    const [a] = keys as [string];
    return (r) => (r !== null && typeof r === 'object' ? (r as Rec)[a] : undefined);
  }
  if (keys.length === 2) {
    const [a, b] = keys as [string, string];
    return (r) => {
      if (r === null || typeof r !== 'object') return undefined;
      const o = (r as Rec)[a];
      return o !== null && typeof o === 'object' ? (o as Rec)[b] : undefined;
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

/**
 * Precompiles `setField` for one path. Like the getters, the common case (setting a defined value
 * on a path of plain keys) is generated code with literal keys, which V8 copies much faster than
 * the generic walk; removing a key, or a runtime without code generation, uses the walk. Pure.
 */
export function compileSetter(path: string): <T>(record: T, value: unknown) => T {
  const keys = splitPath(path);
  const generic = <T>(record: T, value: unknown) => setKeys(record, keys, 0, value) as T;
  if (!codegenByDefault || keys.some((k) => k in Object.prototype) || keys.length > 3) return generic;
  let body = 'if (v === undefined) return walk(r, v);';
  // o0 = r, o1 = r[k0], ...; each level is copied only when the value changes.
  body += "const o0 = r !== null && typeof r === 'object' && !Array.isArray(r) ? r : {};";
  keys.slice(0, -1).forEach((k, i) => {
    body += `const p${i + 1} = o${i}[${JSON.stringify(k)}]; const o${i + 1} = p${i + 1} !== null && typeof p${i + 1} === 'object' && !Array.isArray(p${i + 1}) ? p${i + 1} : {};`;
  });
  const lastKey = JSON.stringify(keys[keys.length - 1]);
  const depth = keys.length - 1;
  body += `if (o${depth}[${lastKey}] === v && Object.prototype.hasOwnProperty.call(o${depth}, ${lastKey})`;
  for (let i = 1; i <= depth; i++) body += ` && o${i} === p${i}`;
  body += ' && o0 === r) return r;';
  let expr = `{ ...o${depth}, ${lastKey}: v }`;
  for (let i = depth - 1; i >= 0; i--) expr = `{ ...o${i}, ${JSON.stringify(keys[i])}: ${expr} }`;
  body += `return ${expr};`;
  try {
    const make = new Function('walk', `'use strict'; return function set(r, v) { ${body} };`) as (walk: typeof generic) => <T>(record: T, value: unknown) => T;
    return make(generic);
  } catch {
    return generic;
  }
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
