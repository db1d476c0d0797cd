import { type Contact, canonicalCatalog, findField, getField } from '@sluice/graph';
import { UserError } from '@sluice/core';

/** The columns of a csv file Sluice creates: every writable canonical field plus id and updatedAt. */
export const defaultCsvColumns: readonly string[] = canonicalCatalog
  .filter((f) => !f.path.startsWith('deals.') && f.path !== 'deleted')
  .map((f) => f.path);

/** True for a column that holds a contact field (`email`, `address.city`, `custom.industry`). Pure. */
export function isContactColumn(column: string): boolean {
  if (findField(canonicalCatalog, column) !== undefined) return true;
  const key = column.startsWith('custom.') ? column.slice(7) : '';
  return key !== '' && !key.includes('.') && !['__proto__', 'constructor', 'prototype'].includes(key);
}

const TRUE = /^(true|yes|y|1)$/i;
const FALSE = /^(false|no|n|0)$/i;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * A csv cell as a field value: `tags`/`lists` split on `;`; booleans from true/false/yes/no/1/0;
 * numbers for `deals.*`; custom cells become numbers or booleans when they look like one (`42`,
 * `true`), else text. Empty → undefined. Pure.
 */
export function cellToValue(column: string, cell: string, where: string): unknown {
  const text = cell.trim();
  if (text === '') return undefined;
  if (column.startsWith('custom.')) {
    if (NUMBER.test(text)) return Number(text);
    if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
    return cell;
  }
  const type = findField(canonicalCatalog, column)?.type ?? 'string';
  if (type === 'string[]') return text.split(';').map((s) => s.trim()).filter((s) => s !== '');
  if (type === 'boolean') {
    if (TRUE.test(text)) return true;
    if (FALSE.test(text)) return false;
    throw new UserError('E_FILE_FORMAT', `${where}: column "${column}" should be true or false (yes/no, 1/0).`);
  }
  if (type === 'number') {
    const n = Number(text);
    if (!Number.isFinite(n)) throw new UserError('E_FILE_FORMAT', `${where}: column "${column}" should be a number.`);
    return n;
  }
  return type === 'date' ? text : cell;
}

/** A field value as a csv cell (lists joined with `;`). Pure. */
export function valueToCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

/** A contact's value for a column. Pure. */
export function contactCell(contact: Contact, column: string): string {
  return valueToCell(getField(contact, column));
}
