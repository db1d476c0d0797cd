import { compileGetter } from './field-path';

/** `{{ field.path }}` inside a text; whitespace around the path is allowed. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The field paths a text refers to through placeholders. Pure. */
export function placeholderFields(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1] as string);
}

/** How a value reads inside a text: lists joined by ", ", missing values as "". */
export function placeholderText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(placeholderText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Precompiles a text with `{{field}}` placeholders into a function of the record. A text that is
 * exactly one placeholder keeps the field's own value (a number stays a number). Pure.
 * @example compilePlaceholders('Hi {{firstName}}')(contact) // 'Hi Ada'
 */
export function compilePlaceholders(text: string): (record: unknown) => unknown {
  const parts: Array<string | ((r: unknown) => unknown)> = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER_PATTERN)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(compileGetter(m[1] as string));
    last = m.index + m[0].length;
  }
  if (parts.length === 0) return () => text;
  if (last < text.length) parts.push(text.slice(last));
  if (parts.length === 1 && typeof parts[0] === 'function') {
    const get = parts[0];
    return (r) => {
      const v = get(r);
      return v === undefined ? '' : v;
    };
  }
  return (r) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : placeholderText(p(r));
    return out;
  };
}

/** Renders a text's placeholders against a record (see compilePlaceholders). Pure. */
export function renderPlaceholders(text: string, record: unknown): unknown {
  return compilePlaceholders(text)(record);
}
