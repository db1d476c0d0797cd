import type { Contact, FieldType } from '@sluice/graph';
import { otherwiseFor, quoted, tableKey, type Otherwise, type OtherwiseRule, type TableValue, type ValuePair } from '../config/value-table.schema';
import { isBlank } from './field-value';
import { convertValue, mappingCompat, typeWords } from './mapping-compat';

/** A mapping's value table as the field map carries it (plain data: it is part of the run's salt). */
export interface FieldTable {
  values: readonly ValuePair[];
  otherwise?: Otherwise;
}

/** A value on its way to the other app: what to write, or that nothing is written, and why. */
export interface Converted {
  value: unknown;
  /** Nothing is written: the value had no pair and the table says `skip`. */
  skipped?: true;
  /** A sentence for the record's history: a value had no pair and what became of it. */
  note?: string;
}

/** Converts one value from one field to the other; `record` is the record it comes from (a `join` reads it). */
export type Convert = (value: unknown, record?: Contact) => Converted;

/** A value read as a field of `type` holds it; `undefined` when it cannot be (checked at save). Pure. */
export function asType(value: TableValue, type: FieldType): unknown {
  if (type === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    return Number.isFinite(n) && String(value).trim() !== '' ? n : undefined;
  }
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    const key = tableKey(value);
    return key === 'true' || key === 'yes' ? true : key === 'false' || key === 'no' ? false : undefined;
  }
  if (type === 'string[]') return [String(value)];
  return String(value);
}

/** Plain type conversion, for a mapping without a table. Pure. */
export function plainConvert(from: FieldType, to: FieldType): Convert {
  return (value) => ({ value: convertValue(value, from, to) });
}

function describe(rule: OtherwiseRule): string {
  return rule === 'skip' ? 'left as it was' : rule === 'copy' ? 'copied as it is' : `written as ${quoted(rule.value)}`;
}

/**
 * One way of a value table (`aToB` reads A's column and writes B's), as a converter: a value is
 * looked up ignoring case and surrounding spaces; one with no row follows `otherwise` and says so
 * in a note. A list converts item by item. Pure once built.
 */
export function tableConvert(
  table: FieldTable,
  way: 'aToB' | 'bToA',
  field: { from: string; to: string; fromType: FieldType; toType: FieldType },
): Convert {
  const [fromCol, toCol] = way === 'aToB' ? (['a', 'b'] as const) : (['b', 'a'] as const);
  const rows = new Map<string, TableValue>();
  for (const row of table.values) {
    if (row.direction !== undefined && row.direction !== 'both' && row.direction !== way) continue;
    const key = tableKey(row[fromCol]);
    if (!rows.has(key)) rows.set(key, row[toCol]);
  }
  const otherwise = otherwiseFor(table.otherwise, way);
  const itemType: FieldType = field.toType === 'string[]' ? 'string' : field.toType;
  const one = (value: unknown): { value?: unknown; unpaired?: true } => {
    const hit = rows.get(tableKey(value));
    if (hit !== undefined) return { value: asType(hit, itemType) };
    if (otherwise === 'skip') return { unpaired: true };
    if (otherwise === 'copy') return { value: convertValue(value, field.fromType === 'string[]' ? 'string' : field.fromType, itemType), unpaired: true };
    return { value: asType(otherwise.value, itemType), unpaired: true };
  };
  const note = (values: unknown[]) =>
    `${values.map(quoted).join(', ')} in ${field.from} ${values.length > 1 ? 'have' : 'has'} no pair in the value table for ${field.to}: ${describe(otherwise)}`;
  return (value) => {
    if (isBlank(value)) return { value: undefined };
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      const unpaired: unknown[] = [];
      for (const item of value) {
        const r = one(item);
        if (r.unpaired) unpaired.push(item);
        if (r.value !== undefined) out.push(r.value);
      }
      const converted = convertValue(out, 'string[]', field.toType === 'string[]' ? 'string[]' : 'string');
      const result: Converted = { value: field.toType === 'string[]' ? out : converted };
      if (unpaired.length > 0) result.note = note(unpaired);
      if (out.length === 0 && unpaired.length > 0) result.skipped = true;
      return result;
    }
    const r = one(value);
    const converted = field.toType === 'string[]' && r.value !== undefined ? [r.value] : r.value;
    if (!r.unpaired) return { value: converted };
    return converted === undefined ? { value: undefined, skipped: true, note: note([value]) } : { value: converted, note: note([value]) };
  };
}

/** Equality on a tabled field: values that pair with the same row ignore case and spaces. Pure. */
export function sameTabled(x: unknown, y: unknown): boolean {
  const keys = (v: unknown) => (Array.isArray(v) ? v.map(tableKey).sort().join('\u0000') : isBlank(v) ? '' : tableKey(v));
  return keys(x) === keys(y);
}

/**
 * Why one way of a table cannot write its field, as a sentence: a row's value (or the `otherwise`
 * value) that the target's type cannot hold, or `copy` between types that do not convert. Pure.
 */
export function tableTypeProblem(
  table: FieldTable,
  way: 'aToB' | 'bToA',
  from: { path: string; type: FieldType },
  to: { path: string; type: FieldType },
): string | undefined {
  const toCol = way === 'aToB' ? 'b' : 'a';
  const itemType: FieldType = to.type === 'string[]' ? 'string' : to.type;
  const unfit = (v: TableValue) => asType(v, itemType) === undefined;
  const bad = table.values.find((row) => (row.direction === undefined || row.direction === 'both' || row.direction === way) && unfit(row[toCol]));
  const where = `the value table of ${from.path} → ${to.path}`;
  if (bad) return `${where} writes ${quoted(bad[toCol])} into ${to.path}, a ${typeWords(to.type)} field`;
  const otherwise = otherwiseFor(table.otherwise, way);
  if (typeof otherwise === 'object' && unfit(otherwise.value)) {
    return `${where} writes ${quoted(otherwise.value)} for values with no pair into ${to.path}, a ${typeWords(to.type)} field`;
  }
  if (otherwise === 'copy' && !mappingCompat(from.type, to.type).ok) {
    return `${where} copies values with no pair from ${from.path} (${typeWords(from.type)}) into ${to.path} (${typeWords(to.type)}), which cannot hold them: use "skip" or { "value": … }`;
  }
  return undefined;
}
