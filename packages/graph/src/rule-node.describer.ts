import type { ActionDo, FormatKind, GraphNode, When } from './graph.schema';
import { isWhenLeaf } from './graph.schema';
import { describeWhen, formatValue, suggestConditionLabel } from './reason.describer';

const FORMAT_WORDS: Readonly<Record<FormatKind, string>> = {
  lowercase: 'lower case',
  uppercase: 'upper case',
  trim: 'trimmed',
  titleCase: 'title case',
  e164: 'an E.164 phone number',
};

/**
 * An action as a short sentence, as node titles and run histories show it. Pure.
 * @example describeAction({ op: 'addTag', value: 'New' }) // 'Add tag "New"'
 */
export function describeAction(action: ActionDo): string {
  switch (action.op) {
    case 'addTag':
      return `Add tag ${formatValue(action.value)}`;
    case 'removeTag':
      return `Remove tag ${formatValue(action.value)}`;
    case 'addToList':
      return `Add to list ${formatValue(action.value)}`;
    case 'removeFromList':
      return `Remove from list ${formatValue(action.value)}`;
    case 'set':
      return `Set ${action.field} to ${formatValue(action.value)}`;
    case 'clear':
      return `Clear ${action.field}`;
    case 'copy':
      return `Copy ${action.from} into ${action.to}`;
    case 'format':
      return `Format ${action.field} as ${FORMAT_WORDS[action.as]}`;
    case 'setOwner':
      return `Set owner to ${formatValue(action.value)}`;
    case 'unsubscribe':
      return 'Unsubscribe';
    case 'resubscribe':
      return 'Resubscribe';
  }
}

/** Labels earlier editors gave palette nodes without saying what they held; still "generated". */
const LEGACY_LABELS: Readonly<Record<string, (when: When) => boolean>> = {
  'Has tag': (w) => isWhenLeaf(w) && w.field === 'tags',
  'Is in list': (w) => isWhenLeaf(w) && w.field === 'lists',
};

/**
 * Whether a condition's label was generated from `when` rather than typed by a person: such a
 * label follows the condition when it changes, a typed one stays. Pure.
 */
export function isGeneratedLabel(label: string | undefined, when: When): boolean {
  if (label === undefined) return false;
  return label === suggestConditionLabel(when) || label === describeWhen(when) || LEGACY_LABELS[label]?.(when) === true;
}

/**
 * A condition node after its `when` changed: a generated label is regenerated from the new
 * condition, a typed label is kept, no label stays none. Pure.
 */
export function withCondition<N extends Extract<GraphNode, { kind: 'condition' }>>(node: N, when: When): N {
  if (node.label === undefined || !isGeneratedLabel(node.label, node.when)) return { ...node, when };
  return { ...node, when, label: suggestConditionLabel(when) };
}

/** What a node is called on the canvas and in lists: its label, else what it does. Pure. */
export function nodeTitle(node: GraphNode): string {
  if (node.label) return node.label;
  switch (node.kind) {
    case 'source':
      return 'Every record';
    case 'sync':
      return 'Sync the record';
    case 'condition':
      return suggestConditionLabel(node.when);
    case 'action':
      return describeAction(node.do);
  }
}
