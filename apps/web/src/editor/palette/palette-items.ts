import type { NodeDraft } from '../model/graph-ops';

/** One entry of the editor's palette: what it is called and the node it creates. */
export interface PaletteItem {
  key: string;
  group: 'Conditions' | 'Groups' | 'Actions' | 'End';
  label: string;
  hint: string;
  draft: NodeDraft;
}

/**
 * Every node the palette offers; defaults are valid so a dropped node never starts in error. Drafts
 * carry no label: a node without one is named after its condition or action, so the name follows edits.
 */
export const paletteItems: readonly PaletteItem[] = [
  {
    key: 'field',
    group: 'Conditions',
    label: 'Field condition',
    hint: 'Compare any field: equals, contains, greater than…',
    draft: { kind: 'condition', when: { field: 'email', op: 'isNotEmpty' } },
  },
  {
    key: 'hasTag',
    group: 'Conditions',
    label: 'Has tag',
    hint: 'The record carries a tag',
    draft: { kind: 'condition', when: { field: 'tags', op: 'contains', value: 'customer' } },
  },
  {
    key: 'inList',
    group: 'Conditions',
    label: 'Is in list',
    hint: 'The record belongs to a list',
    draft: { kind: 'condition', when: { field: 'lists', op: 'contains', value: 'Newsletter' } },
  },
  {
    key: 'noDeals',
    group: 'Conditions',
    label: 'Has no deals',
    hint: 'Number of deals is 0',
    draft: { kind: 'condition', when: { field: 'deals.count', op: 'eq', value: 0 } },
  },
  {
    key: 'unsubscribed',
    group: 'Conditions',
    label: 'Is unsubscribed',
    hint: 'The person opted out of email',
    draft: { kind: 'condition', when: { field: 'unsubscribed', op: 'eq', value: true } },
  },
  {
    key: 'all',
    group: 'Groups',
    label: 'All of (AND)',
    hint: 'Every condition inside must hold',
    draft: {
      kind: 'condition',
      when: { all: [{ field: 'email', op: 'isNotEmpty' }, { field: 'company', op: 'isNotEmpty' }] },
    },
  },
  {
    key: 'any',
    group: 'Groups',
    label: 'Any of (OR)',
    hint: 'At least one condition inside must hold',
    draft: {
      kind: 'condition',
      when: { any: [{ field: 'phone', op: 'isNotEmpty' }, { field: 'mobile', op: 'isNotEmpty' }] },
    },
  },
  {
    key: 'not',
    group: 'Groups',
    label: 'Not',
    hint: 'The condition inside must not hold',
    draft: { kind: 'condition', when: { not: { field: 'tags', op: 'contains', value: 'competitor' } } },
  },
  { key: 'addTag', group: 'Actions', label: 'Add tag', hint: 'Add a tag', draft: { kind: 'action', do: { op: 'addTag', value: 'New' } } },
  {
    key: 'removeTag',
    group: 'Actions',
    label: 'Remove tag',
    hint: 'Remove a tag',
    draft: { kind: 'action', do: { op: 'removeTag', value: 'New' } },
  },
  {
    key: 'addToList',
    group: 'Actions',
    label: 'Add to list',
    hint: 'Put the record in a list',
    draft: { kind: 'action', do: { op: 'addToList', value: 'Newsletter' } },
  },
  {
    key: 'removeFromList',
    group: 'Actions',
    label: 'Remove from list',
    hint: 'Take the record out of a list',
    draft: { kind: 'action', do: { op: 'removeFromList', value: 'Newsletter' } },
  },
  {
    key: 'set',
    group: 'Actions',
    label: 'Set field',
    hint: 'Write a value; {{field}} inserts another field',
    draft: { kind: 'action', do: { op: 'set', field: 'jobTitle', value: '{{jobTitle}} at {{company}}' } },
  },
  { key: 'clear', group: 'Actions', label: 'Clear field', hint: 'Empty a field', draft: { kind: 'action', do: { op: 'clear', field: 'phone' } } },
  {
    key: 'copy',
    group: 'Actions',
    label: 'Copy field',
    hint: 'Copy one field into another',
    draft: { kind: 'action', do: { op: 'copy', from: 'mobile', to: 'phone' } },
  },
  {
    key: 'format',
    group: 'Actions',
    label: 'Format field',
    hint: 'Lower/upper case, trim, title case, E.164 phone',
    draft: { kind: 'action', do: { op: 'format', field: 'email', as: 'lowercase' } },
  },
  {
    key: 'setOwner',
    group: 'Actions',
    label: 'Set owner',
    hint: 'Assign the record to a user',
    draft: { kind: 'action', do: { op: 'setOwner', value: 'sales@example.com' } },
  },
  { key: 'unsubscribe', group: 'Actions', label: 'Unsubscribe', hint: 'Opt the person out', draft: { kind: 'action', do: { op: 'unsubscribe' } } },
  { key: 'resubscribe', group: 'Actions', label: 'Resubscribe', hint: 'Opt the person back in', draft: { kind: 'action', do: { op: 'resubscribe' } } },
  { key: 'sync', group: 'End', label: 'Sync', hint: 'Records reaching this node are synced', draft: { kind: 'sync' } },
];

/** The MIME type of a palette drag; the payload is the item's key. */
export const PALETTE_MIME = 'application/x-sluice-palette';

export function findPaletteItem(key: string): PaletteItem | undefined {
  return paletteItems.find((p) => p.key === key);
}
