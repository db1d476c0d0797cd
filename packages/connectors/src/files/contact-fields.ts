import { type Contact, contactSchema, normalizeContact } from '@sluice/graph';
import { UserError } from '@sluice/core';
import { deriveRecordId } from './record-id';

const knownKeys = new Set(Object.keys(contactSchema.shape));
const looseContact = contactSchema.partial();
const STRING_KEYS = ['id', 'email', 'firstName', 'lastName', 'phone', 'mobile', 'company', 'jobTitle', 'website', 'owner', 'updatedAt'];
const ADDRESS_KEYS = new Set(['street', 'city', 'zip', 'state', 'country']);
const DEAL_KEYS = ['count', 'open', 'won', 'value'];

const isStringList = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The hot-path check of a file record's known fields; zod runs only to word the error when it fails. Pure. */
function looksValid(o: Record<string, unknown>): boolean {
  for (const k of STRING_KEYS) if (o[k] !== undefined && typeof o[k] !== 'string') return false;
  for (const k of ['tags', 'lists']) if (o[k] !== undefined && !isStringList(o[k])) return false;
  for (const k of ['unsubscribed', 'deleted']) if (o[k] !== undefined && typeof o[k] !== 'boolean') return false;
  if (o.address !== undefined) {
    if (!isObject(o.address)) return false;
    for (const [k, v] of Object.entries(o.address)) if (!ADDRESS_KEYS.has(k) || (v !== undefined && typeof v !== 'string')) return false;
  }
  if (o.deals !== undefined) {
    if (!isObject(o.deals) || Object.keys(o.deals).length !== 4) return false;
    for (const k of DEAL_KEYS) if (typeof o.deals[k] !== 'number') return false;
  }
  if (o.custom !== undefined) {
    if (!isObject(o.custom)) return false;
    for (const v of Object.values(o.custom)) if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
  }
  return true;
}

/**
 * Reads a plain object from a file (a jsonl line, a csv row) into a canonical contact. Keys that are
 * not contact fields come back in `extra` (kept in the file, ignored by sync). A wrong type is a
 * `UserError('E_FILE_FORMAT')` naming the file, line and field. Pure.
 */
export function contactFromObject(
  obj: Record<string, unknown>,
  where: string,
  content: string,
): { contact: Contact; explicitId: boolean; extra: Record<string, unknown> } {
  const known: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const k in obj) (knownKeys.has(k) ? known : extra)[k] = obj[k];
  if (typeof known.id === 'number') known.id = String(known.id);
  if (!looksValid(known)) {
    const parsed = looseContact.safeParse(known);
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    throw new UserError('E_FILE_FORMAT', `${where}: field "${issue?.path.join('.') ?? '?'}" ${issue?.message ?? 'is invalid'}.`);
  }
  const explicitId = typeof known.id === 'string' && known.id !== '';
  const id = explicitId ? (known.id as string) : deriveRecordId(known.email, content);
  return { contact: normalizeContact({ ...(known as Partial<Contact>), id }), explicitId, extra };
}
