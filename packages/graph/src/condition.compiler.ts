import { compileGetter } from './field-path';
import { isWhenLeaf, type ConditionValue, type When, type WhenLeaf } from './graph.schema';
import { compileRulePattern } from './rule-pattern';
import { NUMERIC, numberOf, textOf } from './value-ops';

/** A compiled condition: true when the record satisfies it. Never throws. */
export type Predicate = (record: unknown) => boolean;

/** `isEmpty`: missing, null, "" and []. Pure. */
export function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** How `gt/gte/lt/lte` read their operand: as a number, as an ISO date, or not at all. */
export function orderingOperand(value: ConditionValue | undefined): { mode: 'number' | 'date'; at: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? { mode: 'number', at: value } : undefined;
  if (typeof value === 'string') {
    if (NUMERIC.test(value)) return { mode: 'number', at: Number(value) };
    const t = Date.parse(value);
    if (Number.isFinite(t)) return { mode: 'date', at: t };
  }
  return undefined;
}

/** Equality of one scalar against an expected scalar, ignoring case for text. */
function scalarEquals(expected: ConditionValue | undefined): (a: unknown) => boolean {
  if (expected === null || expected === undefined) return (a) => a === null || a === undefined;
  if (typeof expected === 'number') {
    return (a) => (typeof a === 'number' ? a === expected : typeof a === 'string' && numberOf(a) === expected);
  }
  if (typeof expected === 'boolean') {
    const t = String(expected);
    return (a) => (typeof a === 'boolean' ? a === expected : typeof a === 'string' && a.toLowerCase() === t);
  }
  if (Array.isArray(expected)) return () => false;
  const e = expected.toLowerCase();
  return (a) => textOf(a) === e;
}

/**
 * Membership in a list of expected values with the same semantics as `eq` against each of them,
 * but one lower-casing and a Set lookup per value instead of a scan.
 */
export function memberOf(values: ConditionValue[]): (a: unknown) => boolean {
  const texts = new Set<string>();
  const numbers = new Set<number>();
  const booleans = new Set<boolean>();
  let nullish = false;
  for (const v of values) {
    if (typeof v === 'string') texts.add(v.toLowerCase());
    else if (typeof v === 'number') numbers.add(v);
    else if (typeof v === 'boolean') booleans.add(v);
    else if (v === null) nullish = true;
  }
  return (a) => {
    if (a === null || a === undefined) return nullish;
    if (typeof a === 'string') {
      const t = a.toLowerCase();
      if (texts.has(t)) return true;
      if (numbers.size > 0 && numbers.has(numberOf(a))) return true;
      return booleans.size > 0 && (t === 'true' || t === 'false') && booleans.has(t === 'true');
    }
    if (typeof a === 'number') return numbers.has(a) || texts.has(String(a).toLowerCase());
    if (typeof a === 'boolean') return booleans.has(a) || texts.has(String(a));
    return false;
  };
}

/** Lifts a scalar test over list fields: a list satisfies it when any element does. */
function anyElement(test: (a: unknown) => boolean): (a: unknown) => boolean {
  return (a) => {
    if (!Array.isArray(a)) return test(a);
    for (const x of a) if (test(x)) return true;
    return false;
  };
}

function textTest(value: ConditionValue | undefined, test: (text: string, e: string) => boolean): (a: unknown) => boolean {
  const e = textOf(value) ?? '';
  return anyElement((a) => {
    const t = textOf(a);
    return t !== undefined && test(t, e);
  });
}

function ordering(value: ConditionValue | undefined, cmp: (x: number, at: number) => boolean): (a: unknown) => boolean {
  const operand = orderingOperand(value);
  if (!operand) return () => false;
  const { at } = operand;
  if (operand.mode === 'number') {
    return (a) => {
      const x = numberOf(a);
      return x === x && cmp(x, at);
    };
  }
  return (a) => {
    const x = typeof a === 'string' ? Date.parse(a) : typeof a === 'number' ? a : NaN;
    return x === x && cmp(x, at);
  };
}

/** The test a leaf applies to the field's value (exported for the reason describer). Pure. */
export function compileValueTest(leaf: WhenLeaf): (actual: unknown) => boolean {
  const { op, value } = leaf;
  switch (op) {
    case 'eq':
      return anyElement(scalarEquals(value));
    case 'ne': {
      const eq = anyElement(scalarEquals(value));
      return (a) => !eq(a);
    }
    case 'in':
    case 'notIn': {
      const isIn = anyElement(memberOf(Array.isArray(value) ? value : value === undefined ? [] : [value]));
      return op === 'in' ? isIn : (a) => !isIn(a);
    }
    case 'contains':
    case 'notContains': {
      const member = scalarEquals(Array.isArray(value) ? undefined : value);
      const sub = textOf(value) ?? '';
      const contains = (a: unknown): boolean => {
        if (Array.isArray(a)) {
          for (const x of a) if (member(x)) return true;
          return false;
        }
        const t = textOf(a);
        return t !== undefined && t.includes(sub);
      };
      return op === 'contains' ? contains : (a) => !contains(a);
    }
    case 'startsWith':
      return textTest(value, (t, e) => t.startsWith(e));
    case 'endsWith':
      return textTest(value, (t, e) => t.endsWith(e));
    case 'isEmpty':
      return isEmptyValue;
    case 'isNotEmpty':
      return (a) => !isEmptyValue(a);
    case 'gt':
      return ordering(value, (x, at) => x > at);
    case 'gte':
      return ordering(value, (x, at) => x >= at);
    case 'lt':
      return ordering(value, (x, at) => x < at);
    case 'lte':
      return ordering(value, (x, at) => x <= at);
    case 'matches': {
      const compiled = compileRulePattern(typeof value === 'string' ? value : String(value));
      if (!compiled.ok) return () => false;
      const re = compiled.pattern;
      return anyElement((a) => (typeof a === 'string' ? re.test(a) : typeof a === 'number' || typeof a === 'boolean' ? re.test(String(a)) : false));
    }
  }
}

/**
 * Compiles a condition tree into a predicate: fields are read through precompiled getters and
 * expected values are normalised once, so evaluation allocates nothing. Pure.
 * @example compileWhen({ field: 'deals.count', op: 'eq', value: 0 })(contact)
 */
export function compileWhen(when: When): Predicate {
  if (isWhenLeaf(when)) {
    const get = compileGetter(when.field);
    const test = compileValueTest(when);
    return (r) => test(get(r));
  }
  if ('all' in when) {
    const parts = when.all.map(compileWhen);
    if (parts.length === 1) return parts[0] as Predicate;
    if (parts.length === 2) {
      const [a, b] = parts as [Predicate, Predicate];
      return (r) => a(r) && b(r);
    }
    return (r) => {
      for (const p of parts) if (!p(r)) return false;
      return true;
    };
  }
  if ('any' in when) {
    const parts = when.any.map(compileWhen);
    if (parts.length === 1) return parts[0] as Predicate;
    if (parts.length === 2) {
      const [a, b] = parts as [Predicate, Predicate];
      return (r) => a(r) || b(r);
    }
    return (r) => {
      for (const p of parts) if (p(r)) return true;
      return false;
    };
  }
  const inner = compileWhen(when.not);
  return (r) => !inner(r);
}
