import type { RulePattern } from './rule-pattern';

/**
 * Flat comparison helpers for generated rule code (graph.codegen.ts). Each is one plain function
 * with the same semantics as condition.compiler.ts, so generated call sites stay monomorphic and
 * V8 can inline them. Pure.
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
  if (typeof e === 'boolean') return typeof a === 'boolean' ? a === e : typeof a === 'string' && sameText(a, lower);
  if (typeof e !== 'string') return false;
  if (typeof a === 'string') return sameText(a, lower);
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

/**
 * Whether text `x`, lower-cased, equals `lower` (already lower-cased), mostly without lower-casing
 * `x`: lower-casing never shortens a string and lengthens it only for U+0130 (checked over every
 * code point in value-ops.test.ts), so a length difference settles most mismatches, and ASCII
 * letters are folded in place. Anything else non-ASCII is left to `toLowerCase`. Pure.
 */
export function sameText(x: string, lower: string): boolean {
  if (x === lower) return true;
  const n = x.length;
  if (n !== lower.length) return n < lower.length && x.indexOf('\u0130') !== -1 && x.toLowerCase() === lower;
  for (let i = 0; i < n; i++) {
    const c = x.charCodeAt(i);
    const l = lower.charCodeAt(i);
    if (c === l || (c >= 65 && c <= 90 && c + 32 === l)) continue;
    return c >= 128 && x.toLowerCase() === lower;
  }
  return true;
}

/** `eq` against text (`lower` is it lower-cased), lifted over lists. */
export function eqTextAny(a: unknown, lower: string): boolean {
  if (!Array.isArray(a)) return typeof a === 'string' ? sameText(a, lower) : (typeof a === 'number' || typeof a === 'boolean') && String(a).toLowerCase() === lower;
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x === 'string' ? sameText(x, lower) : (typeof x === 'number' || typeof x === 'boolean') && String(x).toLowerCase() === lower) return true;
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
  if (!Array.isArray(a)) return typeof a === 'boolean' ? a === e : typeof a === 'string' && sameText(a, lower);
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    if (typeof x === 'boolean' ? x === e : typeof x === 'string' && sameText(x, lower)) return true;
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

function matchesScalar(a: unknown, re: RulePattern): boolean {
  if (typeof a === 'string') return re.test(a);
  return (typeof a === 'number' || typeof a === 'boolean') && re.test(String(a));
}

export function matchesValue(a: unknown, re: RulePattern): boolean {
  if (!Array.isArray(a)) return matchesScalar(a, re);
  for (let i = 0; i < a.length; i++) if (matchesScalar(a[i], re)) return true;
  return false;
}

/** Distinct texts whose `in` verdict one leaf remembers before it starts over. */
const VERDICTS = 1024;

/**
 * `in` a list of texts only (`texts` lower-cased): memberOf's test with nothing but text to match.
 * The fields tested this way (country, stage, owner) take few distinct values, so the verdict per
 * raw text is remembered in `seen` (one Map per leaf) and most records are a single lookup.
 */
export function inTextAny(a: unknown, texts: Set<string>, seen: Map<string, boolean>): boolean {
  if (typeof a === 'string') {
    let hit = seen.get(a);
    if (hit === undefined) {
      hit = texts.has(a.toLowerCase());
      if (seen.size >= VERDICTS) seen.clear();
      seen.set(a, hit);
    }
    return hit;
  }
  if (!Array.isArray(a)) return (typeof a === 'number' || typeof a === 'boolean') && texts.has(String(a).toLowerCase());
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

