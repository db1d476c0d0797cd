import type { FieldType } from '@sluice/graph';

/** How a value of one type becomes a value of another, or why it cannot. */
export type Compat =
  | { ok: true; note?: 'firstOfSeveral' | 'asText' | 'asList' }
  | { ok: false; reason: string };

/**
 * Whether a field of type `from` can be written into a field of type `to` (PieSync-style rules):
 * same type; anything to text; a list to a single text ("first of several values"); a text to a
 * one-value list. Everything else is rejected with a reason. Pure.
 * @example mappingCompat('string[]', 'number') // { ok: false, reason: 'string[] → number cannot be mapped' }
 */
export function mappingCompat(from: FieldType, to: FieldType): Compat {
  if (from === to) return { ok: true };
  if (to === 'string') return from === 'string[]' ? { ok: true, note: 'firstOfSeveral' } : { ok: true, note: 'asText' };
  if (to === 'string[]' && from === 'string') return { ok: true, note: 'asList' };
  return { ok: false, reason: `${from} → ${to} cannot be mapped` };
}

/** Converts a value along a compatible type pair; blanks stay undefined. Pure. */
export function convertValue(value: unknown, from: FieldType, to: FieldType): unknown {
  if (value === undefined || value === null) return undefined;
  if (from === to) return value;
  if (to === 'string') {
    if (Array.isArray(value)) return value.length === 0 ? undefined : String(value[0]);
    return String(value);
  }
  if (to === 'string[]') return typeof value === 'string' && value.trim() !== '' ? [value] : undefined;
  return undefined;
}

const TYPE_WORDS: Record<FieldType, string> = { string: 'text', number: 'number', boolean: 'yes/no', date: 'date', 'string[]': 'list' };
/** A field type as a word in a sentence ("a yes/no field", "a number value"). Pure. */
export const typeWords = (type: FieldType): string => TYPE_WORDS[type];
