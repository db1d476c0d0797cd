/**
 * Flat comparison helpers for generated rule code (graph.codegen.ts). Each is one plain function
 * with the same semantics as condition.compiler.ts, so generated call sites stay monomorphic and
 * V8 can inline them. Pure.
 *
 * `textOf` and `numberOf` live here, not in condition.compiler.ts, because under tsx (how the server
 * runs) every call to an imported function reads it through a module getter that V8 does not
 * inline; the hot helpers call them module-locally.
 */

/** A numeric-looking string (`"12"`, `"-3.5"`) compares as a number in `gt`/`lt`. */
export const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** How a scalar reads for case-insensitive text comparison; `undefined` for non-scalars. Pure. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).toLowerCase();
  return undefined;
}

/** A value as a number for ordering: numbers and numeric strings; otherwise NaN. Pure. */
export function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return NaN;
}

/** `eq` of one scalar; `lower` is the expected value lower-cased when it is text. */
export function eqScalar(a: unknown, e: unknown, lower: string): boolean {
  if (e === null || e === undefined) return a === null || a === undefined;
  if (typeof e === 'number') return typeof a === 'number' ? a === e : typeof a === 'string' && numberOf(a) === e;
  if (typeof e === 'boolean') return typeof a === 'boolean' ? a === e : typeof a === 'string' && a.toLowerCase() === lower;
  if (typeof e !== 'string') return false;
  if (typeof a === 'string') return a.toLowerCase() === lower;
  return (typeof a === 'number' || typeof a === 'boolean') && String(a).toLowerCase() === lower;
}

/** `eq` lifted over lists: any element. */
export function eqAny(a: unknown, e: unknown, lower: string): boolean {
  if (!Array.isArray(a)) return eqScalar(a, e, lower);
  for (let i = 0; i < a.length; i++) if (eqScalar(a[i], e, lower)) return true;
  return false;
}

// `eq` specialised by the type of the expected value, which generated code knows when it is
// generated: the same results as eqScalar without re-testing the expected value per element.

/** `eq` against text (`lower` is it lower-cased), lifted over lists. */
export function eqTextAny(a: unknown, lower: string): boolean {
  if (!Array.isArray(a)) return typeof a === 'string' ? a.toLowerCase() === lower : (typeof a === 'number' || typeof a === 'boolean') && String(a).toLowerCase() === lower;
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x === 'string' ? x.toLowerCase() === lower : (typeof x === 'number' || typeof x === 'boolean') && String(x).toLowerCase() === lower) return true;
  }
  return false;
}

/** `eq` against a number, lifted over lists. */
export function eqNumberAny(a: unknown, e: number): boolean {
  if (!Array.isArray(a)) return typeof a === 'number' ? a === e : typeof a === 'string' && numberOf(a) === e;
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x === 'number' ? x === e : typeof x === 'string' && numberOf(x) === e) return true;
  }
  return false;
}

/** `eq` against a boolean (`lower` is "true" or "false"), lifted over lists. */
export function eqBooleanAny(a: unknown, e: boolean, lower: string): boolean {
  if (!Array.isArray(a)) return typeof a === 'boolean' ? a === e : typeof a === 'string' && a.toLowerCase() === lower;
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x === 'boolean' ? x === e : typeof x === 'string' && x.toLowerCase() === lower) return true;
  }
  return false;
}

/** `contains` with a text expected value: containsValue without re-testing its type per element. */
export function containsText(a: unknown, lower: string): boolean {
  if (Array.isArray(a)) return eqTextAny(a, lower);
  const t = textOf(a);
  return t !== undefined && t.includes(lower);
}

/** `contains`: membership on lists, case-insensitive substring on text. */
export function containsValue(a: unknown, e: unknown, lower: string): boolean {
  if (Array.isArray(a)) {
    // A list as the expected value compares like a missing one (as condition.compiler does).
    const ee = Array.isArray(e) ? null : e;
    for (let i = 0; i < a.length; i++) if (eqScalar(a[i], ee, lower)) return true;
    return false;
  }
  const t = textOf(a);
  return t !== undefined && t.includes(lower);
}

function startsScalar(a: unknown, lower: string): boolean {
  const t = textOf(a);
  return t !== undefined && t.startsWith(lower);
}
function endsScalar(a: unknown, lower: string): boolean {
  const t = textOf(a);
  return t !== undefined && t.endsWith(lower);
}

export function startsWithValue(a: unknown, lower: string): boolean {
  if (!Array.isArray(a)) return startsScalar(a, lower);
  for (let i = 0; i < a.length; i++) if (startsScalar(a[i], lower)) return true;
  return false;
}

export function endsWithValue(a: unknown, lower: string): boolean {
  if (!Array.isArray(a)) return endsScalar(a, lower);
  for (let i = 0; i < a.length; i++) if (endsScalar(a[i], lower)) return true;
  return false;
}

function matchesScalar(a: unknown, re: RegExp): boolean {
  if (typeof a === 'string') return re.test(a);
  return (typeof a === 'number' || typeof a === 'boolean') && re.test(String(a));
}

export function matchesValue(a: unknown, re: RegExp): boolean {
  if (!Array.isArray(a)) return matchesScalar(a, re);
  for (let i = 0; i < a.length; i++) if (matchesScalar(a[i], re)) return true;
  return false;
}

/** `in` a list of texts only (`texts` lower-cased): memberOf's test with nothing but text to match. */
export function inTextAny(a: unknown, texts: Set<string>): boolean {
  if (!Array.isArray(a)) return typeof a === 'string' ? texts.has(a.toLowerCase()) : (typeof a === 'number' || typeof a === 'boolean') && texts.has(String(a).toLowerCase());
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x === 'string' ? texts.has(x.toLowerCase()) : (typeof x === 'number' || typeof x === 'boolean') && texts.has(String(x).toLowerCase())) return true;
  }
  return false;
}

/** Membership through a precompiled Set-based test (see memberOf), lifted over lists. */
export function inAny(a: unknown, member: (x: unknown) => boolean): boolean {
  if (!Array.isArray(a)) return member(a);
  for (let i = 0; i < a.length; i++) if (member(a[i])) return true;
  return false;
}

export function isEmpty(a: unknown): boolean {
  return a === undefined || a === null || a === '' || (Array.isArray(a) && a.length === 0);
}

/** A value as a timestamp for date ordering; NaN when it is not one. */
export function dateOf(a: unknown): number {
  return typeof a === 'string' ? Date.parse(a) : typeof a === 'number' ? a : NaN;
}

