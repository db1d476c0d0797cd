import { compileGetter } from './field-path';
import { CONTACT_LIMITS } from './size-limits';

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

/** `text` cut to a contact's longest value, never between the two halves of a character. Pure. */
function withinTextLimit(text: string): string {
  if (text.length <= CONTACT_LIMITS.text) return text;
  const end = CONTACT_LIMITS.text;
  const code = text.charCodeAt(end - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
}

/**
 * Precompiles a text with `{{field}}` placeholders into a function of the record. A text that is
 * exactly one placeholder keeps the field's own value (a number stays a number). A text built from
 * several parts is cut at `CONTACT_LIMITS.text` characters: each field is within it, but a rule
 * repeating long fields could build a value no app takes, in every record it writes. Pure.
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
    for (const p of parts) {
      out += typeof p === 'string' ? p : placeholderText(p(r));
      if (out.length > CONTACT_LIMITS.text) return withinTextLimit(out);
    }
    return out;
  };
}

/** Renders a text's placeholders against a record (see compilePlaceholders). Pure. */
export function renderPlaceholders(text: string, record: unknown): unknown {
  return compilePlaceholders(text)(record);
}
