import { isWhenLeaf, type ActionDo, type ConditionValue, type When } from '@sluice/graph';

/** Short words for each op, as shown on nodes and in the inspector. */
export const opLabels: Record<string, string> = {
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
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  matches: 'matches',
};

function showValue(v: ConditionValue | undefined): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => JSON.stringify(x)).join(', ');
  return typeof v === 'string' ? `“${v}”` : String(v);
}

/**
 * A one-line reading of a condition tree. Pure.
 * @example describeWhen({ field: 'deals.count', op: 'eq', value: 0 }) // 'deals.count is 0'
 */
export function describeWhen(w: When): string {
  if (isWhenLeaf(w)) {
    const v = showValue(w.value);
    return `${w.field} ${opLabels[w.op] ?? w.op}${v ? ` ${v}` : ''}`;
  }
  if ('all' in w) return w.all.length ? w.all.map(wrap).join(' AND ') : 'always (empty AND)';
  if ('any' in w) return w.any.length ? w.any.map(wrap).join(' OR ') : 'never (empty OR)';
  return `NOT ${wrap(w.not)}`;
}

function wrap(w: When): string {
  return isWhenLeaf(w) || 'not' in w ? describeWhen(w) : `(${describeWhen(w)})`;
}

/** A one-line reading of an action. Pure. */
export function describeAction(d: ActionDo): string {
  switch (d.op) {
    case 'addTag':
      return `Add tag “${d.value}”`;
    case 'removeTag':
      return `Remove tag “${d.value}”`;
    case 'addToList':
      return `Add to list “${d.value}”`;
    case 'removeFromList':
      return `Remove from list “${d.value}”`;
    case 'set':
      return `Set ${d.field} to ${typeof d.value === 'string' ? `“${d.value}”` : String(d.value)}`;
    case 'clear':
      return `Clear ${d.field}`;
    case 'copy':
      return `Copy ${d.from} → ${d.to}`;
    case 'format':
      return `Format ${d.field} as ${d.as}`;
    case 'setOwner':
      return `Set owner to “${d.value}”`;
    case 'unsubscribe':
      return 'Unsubscribe';
    case 'resubscribe':
      return 'Resubscribe';
  }
}
