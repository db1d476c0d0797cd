import { describe, expect, it } from 'vitest';
import type { ConditionNode } from './graph.schema';
import { describeWhen, suggestConditionLabel } from './reason.describer';
import { describeAction, isGeneratedLabel, nodeTitle, withCondition } from './rule-node.describer';

describe('rule node describer', () => {
  it('reads nested groups with parentheses where they change the meaning', () => {
    expect(describeWhen({ all: [{ field: 'tags', op: 'contains', value: 'vip' }, { any: [{ field: 'owner', op: 'in', value: ['a', 'b'] }, { field: 'phone', op: 'isEmpty' }] }] })).toBe(
      'tags contains "vip" and (owner is one of "a", "b" or phone is empty)',
    );
    expect(describeWhen({ not: { field: 'unsubscribed', op: 'eq', value: true } })).toBe('not (unsubscribed is true)');
    expect(describeWhen({ all: [] })).toBe('always (an empty "all of")');
  });

  it('reads every action', () => {
    expect(describeAction({ op: 'addTag', value: 'New' })).toBe('Add tag "New"');
    expect(describeAction({ op: 'copy', from: 'mobile', to: 'phone' })).toBe('Copy mobile into phone');
    expect(describeAction({ op: 'format', field: 'phone', as: 'e164' })).toBe('Format phone as an E.164 phone number');
    expect(describeAction({ op: 'set', field: 'jobTitle', value: '{{company}}' })).toBe('Set jobTitle to "{{company}}"');
  });

  it('suggests familiar names for common conditions and describes the rest', () => {
    expect(suggestConditionLabel({ field: 'deals.count', op: 'eq', value: 0 })).toBe('Has no deals');
    expect(suggestConditionLabel({ field: 'tags', op: 'contains', value: 'vip' })).toBe('Has tag "vip"');
    expect(suggestConditionLabel({ field: 'deals.count', op: 'eq', value: 1 })).toBe('deals.count is 1');
  });

  it('a generated label follows the condition; a typed one stays', () => {
    const node: ConditionNode = { id: 'c1', kind: 'condition', label: 'Has no deals', when: { field: 'deals.count', op: 'eq', value: 0 } };
    const edited = withCondition(node, { field: 'deals.count', op: 'eq', value: 1 });
    expect(edited.label).toBe('deals.count is 1');
    expect(withCondition(edited, { field: 'deals.count', op: 'eq', value: 2 }).label).toBe('deals.count is 2');
    const typed = { ...node, label: 'Fresh leads' };
    expect(withCondition(typed, { field: 'deals.count', op: 'eq', value: 1 }).label).toBe('Fresh leads');
    expect(withCondition({ ...node, label: undefined }, { field: 'email', op: 'isEmpty' }).label).toBeUndefined();
    // Labels older editors gave palette nodes count as generated too.
    expect(isGeneratedLabel('Has tag', { field: 'tags', op: 'contains', value: 'customer' })).toBe(true);
    expect(nodeTitle({ ...node, label: undefined })).toBe('Has no deals');
  });
});
