import { type Contact, type FieldCatalog, findField, getField, setField } from '@sluice/graph';
import { UserError } from '@sluice/core';

/**
 * Applies one write's `fields` (dotted paths; `null` clears) to a contact and returns the new contact,
 * checking each path against the app's catalog: unknown paths (`E_UNKNOWN_FIELD`, except `custom.*`
 * when `allowAnyCustom`), read-only ones (`E_FIELD_READ_ONLY`) and values of the wrong type
 * (`E_INVALID_VALUE`) throw a `UserError` that the connector turns into that record's failed result.
 * `updatedAt` is left alone (the caller stamps it when something changed). Pure.
 * @example applyWrite(c, { 'address.city': 'Ghent', tags: ['vip'], phone: null }, catalog)
 */
export function applyWrite(
  contact: Contact,
  fields: Record<string, unknown>,
  catalog: FieldCatalog,
  options: { allowAnyCustom?: boolean } = {},
): Contact {
  // One shallow copy of the contact, and of each nested object on its first change, changed in
  // place field after field (a copy per field made a created record's nine fields nine copies).
  const draft = { ...contact } as Record<string, unknown>;
  const copied = new Set<string>();
  const nested = (key: string): Record<string, unknown> => {
    const cur = draft[key];
    if (copied.has(key)) return cur as Record<string, unknown>;
    const obj = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? { ...(cur as Record<string, unknown>) } : {};
    draft[key] = obj;
    copied.add(key);
    return obj;
  };
  for (const path in fields) {
    const raw = fields[path];
    const def = findField(catalog, path);
    const isCustom = path.startsWith('custom.') && path.length > 'custom.'.length;
    if (!def && !(isCustom && options.allowAnyCustom)) throw new UserError('E_UNKNOWN_FIELD', `Unknown field "${path}".`);
    if (def?.readOnly) throw new UserError('E_FIELD_READ_ONLY', `Field "${path}" is read-only.`);
    if (isCustom) {
      const key = path.slice('custom.'.length);
      if (raw !== null && typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
        throw new UserError('E_INVALID_VALUE', `Field "${path}" takes text, a number or true/false.`);
      }
      const custom = nested('custom');
      if (raw === null) delete custom[key];
      else custom[key] = raw;
      continue;
    }
    const type = def?.type ?? 'string';
    let value: unknown = raw;
    if (raw === null || raw === undefined || raw === '') {
      value = type === 'string[]' ? [] : undefined;
    } else if (type === 'string[]') {
      if (!Array.isArray(raw) || raw.some((x) => typeof x !== 'string')) {
        throw new UserError('E_INVALID_VALUE', `Field "${path}" takes a list of texts.`);
      }
      value = [...new Set((raw as string[]).map((s) => s.trim()).filter((s) => s !== ''))];
    } else if (type === 'boolean') {
      if (typeof raw !== 'boolean') throw new UserError('E_INVALID_VALUE', `Field "${path}" takes true or false.`);
    } else if (type === 'number') {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new UserError('E_INVALID_VALUE', `Field "${path}" takes a number.`);
    } else if (typeof raw === 'number') {
      value = String(raw);
    } else if (typeof raw !== 'string') {
      throw new UserError('E_INVALID_VALUE', `Field "${path}" takes text.`);
    }
    const dot = path.indexOf('.');
    if (dot < 0) {
      if (value === undefined) delete draft[path];
      else draft[path] = value;
      continue;
    }
    const top = path.slice(0, dot);
    const rest = path.slice(dot + 1);
    if (rest.includes('.')) {
      // Deeper than one level (no catalog has such a field today): the general copy-on-write path.
      const next = setField(draft, path, value) as Record<string, unknown>;
      draft[top] = next[top];
      if (next[top] === undefined) delete draft[top];
      copied.delete(top);
    } else if (value !== undefined) {
      nested(top)[rest] = value;
    } else if (draft[top] !== undefined) {
      delete nested(top)[rest];
    }
    // An object left empty by a clear (address with no part) goes away.
    const obj = getField(draft, top);
    if (obj && typeof obj === 'object' && Object.keys(obj).length === 0) {
      delete draft[top];
      copied.delete(top);
    }
  }
  return draft as unknown as Contact;
}
