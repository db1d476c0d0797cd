import { findField, type ConditionOp, type FieldCatalog, type FieldType, type WhenLeaf } from '@sluice/graph';

/** The ops that make sense for a field type, most useful first. */
export const opsByType: Record<FieldType, readonly ConditionOp[]> = {
  string: ['eq', 'ne', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'matches'],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn', 'isEmpty', 'isNotEmpty'],
  date: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'],
  boolean: ['eq', 'ne', 'isEmpty', 'isNotEmpty'],
  'string[]': ['contains', 'notContains', 'isEmpty', 'isNotEmpty'],
};

export const isUnaryOp = (op: ConditionOp) => op === 'isEmpty' || op === 'isNotEmpty';
export const isListOp = (op: ConditionOp) => op === 'in' || op === 'notIn';

/** The type of a path in a catalog; unknown paths are treated as text. Pure. */
export function fieldType(catalog: FieldCatalog, path: string): FieldType {
  return findField(catalog, path)?.type ?? 'string';
}

/** A sensible starting value for an op on a field type. Pure. */
export function defaultValue(type: FieldType, op: ConditionOp): WhenLeaf['value'] {
  if (isUnaryOp(op)) return undefined;
  if (isListOp(op)) return [];
  if (type === 'number') return 0;
  if (type === 'boolean') return true;
  if (type === 'date') return new Date().toISOString().slice(0, 10);
  return '';
}

/**
 * Re-fits a leaf after its field or op changed: keeps the op when the new type allows it, keeps
 * the value when it still fits, otherwise starts from a default. Pure.
 */
export function refitLeaf(leaf: WhenLeaf, catalog: FieldCatalog): WhenLeaf {
  const type = fieldType(catalog, leaf.field);
  const ops = opsByType[type];
  const op = ops.includes(leaf.op) ? leaf.op : ops[0]!;
  if (isUnaryOp(op)) return { field: leaf.field, op };
  const v = leaf.value;
  if (isListOp(op)) {
    if (Array.isArray(v)) return { field: leaf.field, op, value: v };
    return { field: leaf.field, op, value: v === undefined || v === null || v === '' ? [] : [v as string | number] };
  }
  if (!Array.isArray(v) && v !== undefined && fits(type, v, op)) return { field: leaf.field, op, value: v };
  return { field: leaf.field, op, value: defaultValue(type, op) };
}

function fits(type: FieldType, v: string | number | boolean | null, op: ConditionOp): boolean {
  if (op === 'matches') return typeof v === 'string';
  if (type === 'number') return typeof v === 'number';
  if (type === 'boolean') return typeof v === 'boolean';
  return typeof v === 'string';
}
