import { describe, expect, it } from 'vitest';
import { describeAction, describeWhen } from './describe';

describe('describe', () => {
  it('reads leaves and nested groups', () => {
    expect(describeWhen({ field: 'deals.count', op: 'eq', value: 0 })).toBe('deals.count is 0');
    expect(describeWhen({ field: 'email', op: 'isEmpty' })).toBe('email is empty');
    expect(
      describeWhen({
        all: [{ field: 'tags', op: 'contains', value: 'vip' }, { any: [{ field: 'owner', op: 'in', value: ['a', 'b'] }] }],
      }),
    ).toBe('tags contains “vip” AND (owner is one of "a", "b")');
    expect(describeWhen({ not: { field: 'unsubscribed', op: 'eq', value: true } })).toBe('NOT unsubscribed is true');
  });

  it('reads actions', () => {
    expect(describeAction({ op: 'copy', from: 'mobile', to: 'phone' })).toBe('Copy mobile → phone');
    expect(describeAction({ op: 'set', field: 'jobTitle', value: '{{company}}' })).toBe('Set jobTitle to “{{company}}”');
  });
});
