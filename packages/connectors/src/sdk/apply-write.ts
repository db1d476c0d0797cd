import { type Contact, type FieldCatalog, UserError, findField, getField, setField } from '@sluice/graph';

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
  let next = contact;
  for (const [path, raw] of Object.entries(fields)) {
    const def = findField(catalog, path);
    const isCustom = path.startsWith('custom.') && path.length > 'custom.'.length;
    if (!def && !(isCustom && options.allowAnyCustom)) throw new UserError('E_UNKNOWN_FIELD', `Unknown field "${path}".`);
    if (def?.readOnly) throw new UserError('E_FIELD_READ_ONLY', `Field "${path}" is read-only.`);
    if (isCustom) {
      const key = path.slice('custom.'.length);
      if (raw !== null && !['string', 'number', 'boolean'].includes(typeof raw)) {
        throw new UserError('E_INVALID_VALUE', `Field "${path}" takes text, a number or true/false.`);
      }
      next = { ...next, custom: { ...next.custom, [key]: raw as string | number | boolean | null } };
      if (raw === null) {
        const { [key]: _gone, ...rest } = next.custom;
        next = { ...next, custom: rest };
      }
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
    next = setField(next, path, value);
    // An object left empty by a clear (address with no part) goes away.
    const top = path.split('.')[0]!;
    const obj = getField(next, top);
    if (top !== path && obj && typeof obj === 'object' && Object.keys(obj).length === 0) next = setField(next, top, undefined);
  }
  return next;
}
