import { isUserError } from '@sluice/core';
import type { ContactWrite, WriteResult } from '@sluice/engine';
import { mapConcurrent } from '../sdk/map-concurrent';
import { type MsApi, isNotFound } from './microsoft.api';
import { contactBody, contactToCanonical, needsCurrent } from './microsoft.mapping';
import { type MsContact, msContactSchema } from './microsoft.schemas';

/** Requests in flight at once: Outlook serves four at a time per mailbox and app, and answers 429 past that. */
export const MAILBOX_CONCURRENCY = 4;

export interface WriteParams {
  api: MsApi;
  /** Where new contacts go: `/me/contacts` (the default folder) or `/me/contactFolders/{id}/contacts`. */
  contactsPath: string;
  /** The ids this batch's idempotency key already created, by write ref (filled as contacts are made). */
  created: Map<string, string>;
  /** The batch was sent before and its answer may be lost: look for a contact with the e-mail before creating one. */
  retried: boolean;
  /** The contacts of the folder whose first e-mail address is `email`. */
  findByEmail(email: string, signal?: AbortSignal): Promise<MsContact[]>;
  now(): string;
  signal?: AbortSignal;
}

const failed = (ref: string, code: string, message: string): WriteResult => ({ ref, ok: false, code, message });

/**
 * Writes one batch, one contact a request with at most four in flight: `POST` to the folder for a new
 * contact, `PATCH /me/contacts/{id}` for an update (read first when it touches e-mail addresses, phones
 * or the address, which Graph replaces whole). A contact Outlook refuses fails alone. Sending the same
 * batch again (same idempotency key) updates what the first sending created instead of creating twice.
 */
export async function writeBatch(writes: readonly ContactWrite[], p: WriteParams): Promise<WriteResult[]> {
  return mapConcurrent(writes, MAILBOX_CONCURRENCY, async (w) => {
    try {
      const target = w.id ?? p.created.get(w.ref) ?? (p.retried ? await existingByEmail(w, p) : undefined);
      return target ? await update(w, target, p) : await create(w, p);
    } catch (error) {
      // Outlook refused this contact (a value it does not take): that record fails alone.
      if (isUserError(error) && error.code === 'E_APP_REJECTED') return failed(w.ref, error.code, error.message);
      throw error;
    }
  });
}

async function existingByEmail(w: ContactWrite, p: WriteParams): Promise<string | undefined> {
  const email = typeof w.fields.email === 'string' ? w.fields.email.trim() : '';
  return email ? (await p.findByEmail(email, p.signal))[0]?.id : undefined;
}

async function create(w: ContactWrite, p: WriteParams): Promise<WriteResult> {
  const { body } = contactBody(w.fields, undefined);
  const made = await p.api.call(() => p.api.http.post(p.contactsPath, body, { schema: msContactSchema, signal: p.signal }));
  p.created.set(w.ref, made.id);
  return { ref: w.ref, ok: true, id: made.id, created: true, record: contactToCanonical(made, p.now()) };
}

async function update(w: ContactWrite, id: string, p: WriteParams): Promise<WriteResult> {
  const gone = () => failed(w.ref, 'E_NOT_FOUND', `Outlook has no contact ${id} (deleted?).`);
  const current = needsCurrent(w.fields) ? await p.api.contact(id, p.signal) : undefined;
  if (needsCurrent(w.fields) && !current) return gone();
  const { body } = contactBody(w.fields, current);
  let contact: MsContact | undefined;
  try {
    if (Object.keys(body).length) {
      // The same PATCH twice leaves the contact as once: safe to retry.
      const answer = await p.api.call(() => p.api.http.patch(`/me/contacts/${encodeURIComponent(id)}`, body, { signal: p.signal, idempotent: true }));
      // Graph answers with the contact; a 204 without it (as the description allows) means reading it back.
      const parsed = msContactSchema.safeParse(answer);
      contact = parsed.success ? parsed.data : await p.api.contact(id, p.signal);
    } else contact = current ?? (await p.api.contact(id, p.signal));
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  if (!contact) return gone();
  return { ref: w.ref, ok: true, id: contact.id, created: false, record: contactToCanonical(contact, p.now()) };
}
