import { compileWhen, isEmptyValue, orderingOperand, type Predicate } from './condition.compiler';
import { compileGetter } from './field-path';
import { isWhenLeaf, type ConditionNode, type ConditionValue, type When, type WhenLeaf } from './graph.schema';

/** How a value reads in a sentence: `"Acme"`, `2`, `"a", "b"`, or `empty`. Pure. */
export function formatValue(v: unknown): string {
  if (isEmptyValue(v)) return 'empty';
  if (typeof v === 'string') return `"${v}"`;
  if (Array.isArray(v)) {
    let out = '';
    for (let i = 0; i < v.length; i++) out += (i ? ', ' : '') + formatValue(v[i]);
    return out;
  }
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** How each comparison reads in a sentence; the editor's comparison picker uses the same words. */
export const conditionOpWords: Readonly<Record<WhenLeaf['op'], string>> = {
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
    if (when.op === 'isEmpty' || when.op === 'isNotEmpty') return `${when.field} ${conditionOpWords[when.op]}`;
    if (when.op === 'matches') return `${when.field} matches /${String(when.value)}/`;
    return `${when.field} ${conditionOpWords[when.op]} ${listText(when.value)}`;
  }
  if ('all' in when) return when.all.length ? when.all.map(describeNested).join(' and ') : 'always (an empty "all of")';
  if ('any' in when) return when.any.length ? when.any.map(describeNested).join(' or ') : 'never (an empty "any of")';
  return `not (${describeWhen(when.not)})`;
}

/** A group inside a group in parentheses, so `a and (b or c)` reads as it is evaluated. */
function describeNested(when: When): string {
  return isWhenLeaf(when) || 'not' in when ? describeWhen(when) : `(${describeWhen(when)})`;
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

/**
 * The name a condition gets when nobody typed one: a familiar phrase for the common shapes
 * (`Has no deals`, `Has tag "vip"`), else its description. Pure.
 * @example suggestConditionLabel({ field: 'tags', op: 'contains', value: 'vip' }) // 'Has tag "vip"'
 */
export function suggestConditionLabel(when: When): string {
  if (isWhenLeaf(when)) {
    const { field, op, value } = when;
    if (field === 'deals.count' && op === 'eq' && value === 0) return 'Has no deals';
    if (field === 'deals.count' && op === 'gt' && value === 0) return 'Has deals';
    if (field === 'tags' && op === 'contains' && typeof value === 'string' && value) return `Has tag ${formatValue(value)}`;
    if (field === 'tags' && op === 'notContains' && typeof value === 'string' && value) return `Does not have tag ${formatValue(value)}`;
    if (field === 'lists' && op === 'contains' && typeof value === 'string' && value) return `Is in list ${formatValue(value)}`;
    if (field === 'lists' && op === 'notContains' && typeof value === 'string' && value) return `Is not in list ${formatValue(value)}`;
    if (field === 'unsubscribed' && op === 'eq' && value === true) return 'Is unsubscribed';
    if (field === 'unsubscribed' && op === 'eq' && value === false) return 'Is subscribed';
  }
  return describeWhen(when);
}

/** The name a condition goes by in reasons: its label, else the name suggested for it. Pure. */
export function conditionName(node: ConditionNode): string {
  return node.label || suggestConditionLabel(node.when);
}

/** A compiled sentence builder over a record. */
type Explain = (record: unknown) => string;

function leafParts(leaf: WhenLeaf) {
  const get = compileGetter(leaf.field);
  return { get, subject: `${leaf.field} is `, wantList: describeWanted(leaf, []), wantOther: describeWanted(leaf, undefined) };
}

/** Why a condition that does not hold fails: `deals.count is 2, rule "x" wants 0`. */
function compileFailure(when: When, name: string): Explain {
  if (isWhenLeaf(when)) {
    const { get, subject, wantList, wantOther } = leafParts(when);
    const tailList = `, rule "${name}" wants ${wantList}`;
    const tailOther = `, rule "${name}" wants ${wantOther}`;
    // The commonest values (missing, empty, true, false) get their sentence built once, not per record.
    const [whenEmpty, whenTrue, whenFalse] = ['empty', 'true', 'false'].map((shown) => subject + shown + tailOther) as [string, string, string];
    return (r) => {
      const a = get(r);
      if (a === undefined || a === null || a === '') return whenEmpty;
      if (a === true) return whenTrue;
      if (a === false) return whenFalse;
      return subject + formatValue(a) + (Array.isArray(a) ? tailList : tailOther);
    };
  }
  if ('all' in when) {
    const tests = when.all.map(compileWhen);
    const fails = when.all.map((w) => compileFailure(w, name));
    const fallback = `rule "${name}" does not hold`;
    return (r) => {
      for (let i = 0; i < tests.length; i++) if (!(tests[i] as Predicate)(r)) return (fails[i] as Explain)(r);
      return fallback;
    };
  }
  if ('any' in when) {
    if (when.any.length === 0) {
      const none = `rule "${name}" has no alternatives`;
      return () => none;
    }
    const shorts = when.any.map(compileShortFailure);
    const head = `none of rule "${name}" holds: `;
    return (r) => {
      let out = head;
      for (let i = 0; i < shorts.length; i++) out += (i ? '; ' : '') + (shorts[i] as Explain)(r);
      return out;
    };
  }
  const inner = compileSuccess(when.not);
  const tail = `, rule "${name}" wants it not to`;
  return (r) => inner(r) + tail;
}

/** A failure without the rule's name, for lists of alternatives: `deals.count is 2 (wants 0)`. */
function compileShortFailure(when: When): Explain {
  if (isWhenLeaf(when)) {
    const { get, subject, wantList, wantOther } = leafParts(when);
    const [whenEmpty, whenTrue, whenFalse] = ['empty', 'true', 'false'].map((shown) => `${subject}${shown} (wants ${wantOther})`) as [string, string, string];
    return (r) => {
      const a = get(r);
      if (a === undefined || a === null || a === '') return whenEmpty;
      if (a === true) return whenTrue;
      if (a === false) return whenFalse;
      return `${subject}${formatValue(a)} (wants ${Array.isArray(a) ? wantList : wantOther})`;
    };
  }
  const text = `${describeWhen(when)} does not hold`;
  return () => text;
}

/** What makes a condition hold: `unsubscribed is true`. */
function compileSuccess(when: When): Explain {
  if (isWhenLeaf(when)) {
    const get = compileGetter(when.field);
    const subject = `${when.field} is `;
    return (r) => subject + formatValue(get(r));
  }
  if ('all' in when) {
    if (when.all.length === 0) return () => 'it holds';
    const parts = when.all.map(compileSuccess);
    return (r) => parts.map((p) => p(r)).join(' and ');
  }
  if ('any' in when) {
    const tests = when.any.map(compileWhen);
    const parts = when.any.map(compileSuccess);
    return (r) => {
      for (let i = 0; i < tests.length; i++) if ((tests[i] as Predicate)(r)) return (parts[i] as Explain)(r);
      return 'it holds';
    };
  }
  const text = `not (${describeWhen(when.not)})`;
  return () => text;
}

/**
 * The parts of a condition whose failure alone explains it: the condition itself, or, through
 * nested `all`s, each of their children in evaluation order (an `all` fails at its first failing
 * child). Generated rule code evaluates these in this order and records the index of the one that
 * failed, so the reason is built without evaluating the condition a second time. Pure.
 */
export function failureTerminals(when: When): When[] {
  if (isWhenLeaf(when) || !('all' in when)) return [when];
  return when.all.flatMap(failureTerminals);
}

/**
 * A compiled explanation for one condition node; `held` tells which way it went. `failed`, when
 * known, is the index in failureTerminals(node.when) of the part that failed; without it the
 * explainer evaluates the condition again to find that part.
 */
export type ConditionExplainer = (record: unknown, held: boolean, failed?: number) => string;

/**
 * Precompiles the sentences explaining why a condition stopped a record: every constant part is
 * built once, so explaining costs little more than formatting the record's value. Pure.
 */
export function compileExplainer(node: ConditionNode): ConditionExplainer {
  const name = conditionName(node);
  const failure = compileFailure(node.when, name);
  const byTerminal = failureTerminals(node.when).map((t) => compileFailure(t, name));
  const success = compileSuccess(node.when);
  const heldTail = `, so rule "${name}" holds and leads to no sync`;
  return (record, held, failed = -1) => {
    if (held) return success(record) + heldTail;
    const known = byTerminal[failed];
    return known ? known(record) : failure(record);
  };
}

const explainers = new WeakMap<ConditionNode, ConditionExplainer>();

/**
 * The sentence that explains why a record was stopped at a condition. `held` tells whether the
 * condition held (its `then` branch led nowhere) or failed. Pure.
 * @example explainCondition(node, record, false) // 'deals.count is 2, rule "has no deals" wants 0'
 */
export function explainCondition(node: ConditionNode, record: unknown, held: boolean): string {
  let explain = explainers.get(node);
  if (!explain) explainers.set(node, (explain = compileExplainer(node)));
  return explain(record, held);
}
