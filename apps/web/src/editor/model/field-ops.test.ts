import { describe, expect, it } from 'vitest';
import { canonicalCatalog as cat, conditionOps } from '@sluice/graph';
import { opsByType, refitLeaf } from './field-ops';

describe('field-ops', () => {
  it('offers every op of the format for some type', () => {
    const offered = new Set(Object.values(opsByType).flat());
    for (const op of conditionOps) expect(offered.has(op)).toBe(true);
  });

  it('keeps op and value when they still fit', () => {
    expect(refitLeaf({ field: 'deals.value', op: 'gt', value: 5 }, cat)).toEqual({ field: 'deals.value', op: 'gt', value: 5 });
  });

  it('switches to an allowed op and a typed default when the field type changes', () => {
    expect(refitLeaf({ field: 'deals.count', op: 'startsWith', value: 'x' }, cat)).toEqual({
      field: 'deals.count',
      op: 'eq',
      value: 0,
    });
    expect(refitLeaf({ field: 'unsubscribed', op: 'eq', value: 'yes' }, cat)).toEqual({
      field: 'unsubscribed',
      op: 'eq',
      value: true,
    });
    expect(refitLeaf({ field: 'tags', op: 'eq', value: 'vip' }, cat)).toEqual({ field: 'tags', op: 'contains', value: 'vip' });
  });

  it('drops the value of unary ops and wraps a scalar for list ops', () => {
    expect(refitLeaf({ field: 'email', op: 'isEmpty', value: 'a' }, cat)).toEqual({ field: 'email', op: 'isEmpty' });
    expect(refitLeaf({ field: 'owner', op: 'in', value: 'ann' }, cat)).toEqual({ field: 'owner', op: 'in', value: ['ann'] });
  });
});
