import { compileValueTest, isEmptyValue, orderingOperand } from './condition.compiler';
import { getField } from './field-path';
import { isWhenLeaf, type ConditionNode, type ConditionValue, type When, type WhenLeaf } from './graph.schema';

/** How a value reads in a sentence: `"Acme"`, `2`, `"a", "b"`, or `empty`. Pure. */
export function formatValue(v: unknown): string {
  if (isEmptyValue(v)) return 'empty';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return v.map(formatValue).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const OP_WORDS: Record<WhenLeaf['op'], string> = {
  eq: 'is',
  ne: 'is not',
  contains: 'contains',
  notContains: 'does not contain',
  startsWith: 'starts with',
  endsWith: 'ends with',
  in: 'is one of',
  notIn: 'is none of',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  matches: 'matches',
};

function listText(value: ConditionValue | undefined): string {
  return Array.isArray(value) ? value.map(formatValue).join(', ') : formatValue(value);
}

/** A condition as a short phrase, used when its node has no label: `deals.count is 0`. Pure. */
export function describeWhen(when: When): string {
  if (isWhenLeaf(when)) {
    if (when.op === 'isEmpty' || when.op === 'isNotEmpty') return `${when.field} ${OP_WORDS[when.op]}`;
    if (when.op === 'matches') return `${when.field} matches /${String(when.value)}/`;
    return `${when.field} ${OP_WORDS[when.op]} ${listText(when.value)}`;
  }
  if ('all' in when) return when.all.map(describeWhen).join(' and ');
  if ('any' in when) return when.any.map(describeWhen).join(' or ');
  return `not (${describeWhen(when.not)})`;
}

/** What a leaf asks of its field, as the object of "wants": `0`, `more than 5`. Pure. */
export function describeWanted(leaf: WhenLeaf, actual?: unknown): string {
  const v = leaf.value;
  const dated = orderingOperand(v)?.mode === 'date';
  switch (leaf.op) {
    case 'eq':
      return formatValue(v);
    case 'ne':
      return `anything but ${formatValue(v)}`;
    case 'contains':
      return Array.isArray(actual) ? `it to include ${formatValue(v)}` : `a value containing ${formatValue(v)}`;
    case 'notContains':
      return Array.isArray(actual) ? `it not to include ${formatValue(v)}` : `a value without ${formatValue(v)}`;
    case 'startsWith':
      return `a value starting with ${formatValue(v)}`;
    case 'endsWith':
      return `a value ending with ${formatValue(v)}`;
    case 'in':
      return `one of ${listText(v)}`;
    case 'notIn':
      return `none of ${listText(v)}`;
    case 'isEmpty':
      return 'it empty';
    case 'isNotEmpty':
      return 'a value';
    case 'gt':
      return dated ? `a date after ${String(v)}` : `more than ${formatValue(v)}`;
    case 'gte':
      return dated ? `${String(v)} or later` : `${formatValue(v)} or more`;
    case 'lt':
      return dated ? `a date before ${String(v)}` : `less than ${formatValue(v)}`;
    case 'lte':
      return dated ? `${String(v)} or earlier` : `${formatValue(v)} or less`;
    case 'matches':
      return `a value matching /${String(v)}/`;
  }
}

/** The name a condition goes by in reasons: its label, else a description of it. Pure. */
export function conditionName(node: ConditionNode): string {
  return node.label ?? describeWhen(node.when);
}

function holds(when: When, record: unknown): boolean {
  if (isWhenLeaf(when)) return compileValueTest(when)(getField(record, when.field));
  if ('all' in when) return when.all.every((w) => holds(w, record));
  if ('any' in when) return when.any.some((w) => holds(w, record));
  return !holds(when.not, record);
}

/** Why a condition that does not hold fails: `deals.count is 2, rule "x" wants 0`. */
function failure(when: When, record: unknown, name: string): string {
  if (isWhenLeaf(when)) {
    const actual = getField(record, when.field);
    return `${when.field} is ${formatValue(actual)}, rule "${name}" wants ${describeWanted(when, actual)}`;
  }
  if ('all' in when) {
    const failed = when.all.find((w) => !holds(w, record));
    return failed ? failure(failed, record, name) : `rule "${name}" does not hold`;
  }
  if ('any' in when) {
    if (when.any.length === 0) return `rule "${name}" has no alternatives`;
    return `none of rule "${name}" holds: ${when.any.map((w) => shortFailure(w, record)).join('; ')}`;
  }
  return `${success(when.not, record)}, rule "${name}" wants it not to`;
}

/** A failure without the rule's name, for lists of alternatives: `deals.count is 2 (wants 0)`. */
function shortFailure(when: When, record: unknown): string {
  if (isWhenLeaf(when)) {
    const actual = getField(record, when.field);
    return `${when.field} is ${formatValue(actual)} (wants ${describeWanted(when, actual)})`;
  }
  return `${describeWhen(when)} does not hold`;
}

/** What makes a condition hold: `unsubscribed is true`. */
function success(when: When, record: unknown): string {
  if (isWhenLeaf(when)) return `${when.field} is ${formatValue(getField(record, when.field))}`;
  if ('all' in when) return when.all.map((w) => success(w, record)).join(' and ') || 'it holds';
  if ('any' in when) {
    const met = when.any.find((w) => holds(w, record));
    return met ? success(met, record) : 'it holds';
  }
  return `not (${describeWhen(when.not)})`;
}

/**
 * The sentence that explains why a record was stopped at a condition. `held` tells whether the
 * condition held (its `then` branch led nowhere) or failed. Pure; only called for excluded records.
 * @example explainCondition(node, record, false) // 'deals.count is 2, rule "has no deals" wants 0'
 */
export function explainCondition(node: ConditionNode, record: unknown, held: boolean): string {
  const name = conditionName(node);
  if (!held) return failure(node.when, record, name);
  return `${success(node.when, record)}, so rule "${name}" holds and leads to no sync`;
}
