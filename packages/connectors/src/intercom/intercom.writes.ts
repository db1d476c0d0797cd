import { isUserError } from '@sluice/core';
import type { Contact } from '@sluice/graph';
import type { ContactWrite, WriteResult } from '@sluice/engine';
import type { HttpClient } from '../http/http-client';
import { mapConcurrent } from '../sdk/map-concurrent';
import type { RoleIfNew } from './intercom.app';
import { type ContactBody, contactBody, icToContact } from './intercom.mapping';
import { CONTACT_CONCURRENCY, type IcDirectory } from './intercom.names';
import { type IcContact, icContactSchema } from './intercom.schemas';

export interface WriteParams {
  http: HttpClient;
  directory: IcDirectory;
  roleIfNew: RoleIfNew;
  /** The custom attributes the API may write, by name. */
  attributes(signal?: AbortSignal): Promise<ReadonlySet<string>>;
  /** Contacts by id (search), the ones that exist. */
  byIds(ids: readonly string[], signal?: AbortSignal): Promise<IcContact[]>;
  /** Contacts by email (search), keyed by the lower-cased address. */
  byEmails(emails: readonly string[], signal?: AbortSignal): Promise<Map<string, IcContact[]>>;
  signal?: AbortSignal;
}

const failed = (ref: string, code: string, message: string): WriteResult => ({ ref, ok: false, code, message });
const contactPath = (id: string) => `/contacts/${encodeURIComponent(id)}`;

/**
 * Writes one batch: each contact a request, as Intercom takes them. A new contact whose email
 * Intercom already holds (a batch sent again after a lost answer, or added meanwhile) is updated
 * instead of created; updates are `PUT`s of what changed; tags are attached and detached one by one,
 * the company attached by name (created when the workspace has none of that name). A contact Intercom
 * refuses fails alone, with Intercom's reason.
 */
export async function writeBatch(writes: readonly ContactWrite[], p: WriteParams): Promise<WriteResult[]> {
  const attributes = writes.some((w) => Object.keys(w.fields).some((k) => k.startsWith('custom.'))) ? await p.attributes(p.signal) : new Set<string>();
  const emailOf = (w: ContactWrite) => (!w.id && typeof w.fields.email === 'string' ? w.fields.email.trim().toLowerCase() : '');
  const emails = writes.map(emailOf).filter(Boolean);
  const existing = emails.length ? await p.byEmails(emails, p.signal) : new Map<string, IcContact[]>();
  const currents = new Map((await p.byIds(writes.flatMap((w) => (w.id ? [w.id] : [])), p.signal)).map((c) => [c.id, c]));
  // A second new contact with an email the batch already adds waits for the first, then updates it.
  const firsts = new Set<string>();
  const [now, after] = [[] as ContactWrite[], [] as ContactWrite[]];
  for (const w of writes) {
    const email = emailOf(w);
    (email && firsts.has(email) ? after : now).push(w);
    if (email) firsts.add(email);
  }
  const one = async (w: ContactWrite): Promise<WriteResult> => {
    try {
      if (w.id) {
        const current = currents.get(w.id);
        if (!current) return failed(w.ref, 'E_NOT_FOUND', `Intercom has no contact ${w.id} (archived, merged or deleted?).`);
        return await update(w, current, attributes, p, false);
      }
      const there = existing.get(emailOf(w))?.[0];
      if (there) return await update(w, there, attributes, p, true);
      const made = await create(w, attributes, p);
      if (made.ok && emailOf(w)) existing.set(emailOf(w), [made.contact]);
      return made.result;
    } catch (error) {
      // The app refused this record (an attribute value of the wrong type, a taken external id): it fails alone.
      if (isUserError(error) && error.code === 'E_APP_REJECTED') return failed(w.ref, error.code, error.message);
      throw error;
    }
  };
  const results = new Map<string, WriteResult>();
  (await mapConcurrent(now, CONTACT_CONCURRENCY, one)).forEach((r, i) => results.set(now[i]!.ref, r));
  if (after.length) {
    // The contacts the first round made, as they are now (with their tags and company), where search sees them already.
    const made = await p.byIds([...new Set(after.flatMap((w) => existing.get(emailOf(w))?.[0]?.id ?? []))], p.signal);
    for (const c of made) existing.set((c.email ?? '').trim().toLowerCase(), [c]);
    for (const w of after) results.set(w.ref, await one(w));
  }
  return writes.map((w) => results.get(w.ref)!);
}

/** A new contact; with the contact as Intercom made it, so that a later write in the batch updates it. */
async function create(w: ContactWrite, attributes: ReadonlySet<string>, p: WriteParams): Promise<{ ok: true; result: WriteResult; contact: IcContact } | { ok: false; result: WriteResult }> {
  const cb = contactBody(w.fields, attributes);
  if (p.roleIfNew === 'user' && !cb.body.email && !cb.body.external_id) {
    return { ok: false, result: failed(w.ref, 'E_EMAIL_REQUIRED', 'Intercom needs an email address (or an external id) to add a user.') };
  }
  const made = await p.http.post('/contacts', { role: p.roleIfNew, ...cb.body }, { schema: icContactSchema, signal: p.signal });
  const result = await finish(w.ref, made, cb, p, true);
  return { ok: true, result, contact: made };
}

async function update(w: ContactWrite, current: IcContact, attributes: ReadonlySet<string>, p: WriteParams, created: boolean): Promise<WriteResult> {
  const [names] = await p.directory.namesOf([current], p.signal);
  const before = icToContact(current, names!);
  const cb = contactBody(w.fields, attributes, before);
  // An email that is already the contact's is not sent again (Intercom compares it as written).
  if (typeof cb.body.email === 'string' && cb.body.email.toLowerCase() === (current.email ?? '').toLowerCase()) delete cb.body.email;
  if (cb.body.unsubscribed_from_emails === true && current.unsubscribed_from_emails) delete cb.body.unsubscribed_from_emails;
  // The same PUT twice leaves the contact as once: safe to retry.
  const after = Object.keys(cb.body).length ? await p.http.put(contactPath(current.id), cb.body, { schema: icContactSchema, signal: p.signal }) : current;
  return finish(w.ref, after, cb, p, created, before);
}

/** Applies the tags and company a write asks for, and answers the contact as it now is. */
async function finish(ref: string, contact: IcContact, cb: ContactBody, p: WriteParams, created: boolean, before?: Contact): Promise<WriteResult> {
  const id = contact.id;
  let tags = before?.tags ?? [];
  if (cb.tags) {
    const has = new Set(tags.map((t) => t.toLowerCase()));
    const keep = new Set(cb.tags.map((t) => t.toLowerCase()));
    for (const name of cb.tags.filter((t) => !has.has(t.toLowerCase()))) {
      const tagId = await p.directory.tagId(name, p.signal);
      await p.http.post(`${contactPath(id)}/tags`, { id: tagId }, { signal: p.signal, idempotent: true });
    }
    for (const name of tags.filter((t) => !keep.has(t.toLowerCase()))) {
      const tagId = await p.directory.tagId(name, p.signal);
      await p.http.delete(`${contactPath(id)}/tags/${encodeURIComponent(tagId)}`, { signal: p.signal });
    }
    tags = [...tags.filter((t) => keep.has(t.toLowerCase())), ...cb.tags.filter((t) => !has.has(t.toLowerCase()))];
  }
  let company = before?.company;
  if (cb.company !== undefined && (cb.company ?? '').toLowerCase() !== (company ?? '').toLowerCase()) {
    // The company shown is the first attached: it makes way for the new one.
    const old = contact.companies?.data?.[0]?.id;
    if (old) await p.http.delete(`${contactPath(id)}/companies/${encodeURIComponent(old)}`, { signal: p.signal });
    if (cb.company) {
      const target = await p.directory.companyNamed(cb.company, p.signal);
      await p.http.post(`${contactPath(id)}/companies`, { id: target.id }, { signal: p.signal, idempotent: true });
    }
    company = cb.company ?? undefined;
  }
  const record = icToContact(contact, { tags, ...(company ? { company } : {}) });
  return { ref, ok: true, id, created, record };
}
