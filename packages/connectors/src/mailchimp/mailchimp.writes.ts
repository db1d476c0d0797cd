import { isUserError } from '@sluice/core';
import type { ContactWrite, WriteResult } from '@sluice/engine';
import { mapConcurrent } from '../sdk/map-concurrent';
import type { McApi } from './mailchimp.api';
import type { StatusIfNew } from './mailchimp.app';
import { ADDRESS_TAG, OPTED_OUT, type MemberWrite, memberId, memberToContact, memberWrite, subscriberHash } from './mailchimp.mapping';
import { type McAddress, type McMember, mcBatchResultSchema, mcMemberSchema } from './mailchimp.schemas';

/** Calls to Mailchimp in flight at once for per-member requests (Mailchimp allows 10 per account). */
export const MEMBER_CONCURRENCY = 4;

export interface WriteParams {
  api: McApi;
  listId: string;
  statusIfNew: StatusIfNew;
  /** The audience's merge field tags (custom.<TAG> writes go only to those). */
  mergeTags(signal?: AbortSignal): Promise<ReadonlySet<string>>;
  now(): string;
  signal?: AbortSignal;
}

const failed = (ref: string, code: string, message: string): WriteResult => ({ ref, ok: false, code, message });

/**
 * Writes one batch (at most 500): new members through batch subscribe (`POST /lists/{id}`, which
 * never changes an existing member: `update_existing` is off), members that turn out to exist through
 * the upsert by subscriber hash (`PUT …/members/{hash}` with `status_if_new`), updates through
 * `PATCH …/members/{id}`, tags through the member tags endpoint. Statuses only ever move to
 * `unsubscribed`: nobody is re-subscribed. Sending a batch twice creates nothing twice.
 */
export async function writeBatch(writes: readonly ContactWrite[], p: WriteParams): Promise<WriteResult[]> {
  const wantsCustom = writes.some((w) => Object.keys(w.fields).some((k) => k.startsWith('custom.')));
  const tags = wantsCustom ? await p.mergeTags(p.signal) : new Set<string>();
  const results = new Map<string, WriteResult>();
  const creates: { w: ContactWrite; mw: MemberWrite }[] = [];
  const later: { w: ContactWrite; mw: MemberWrite }[] = [];
  const emails = new Set<string>();
  for (const w of writes) {
    if (w.id) continue;
    const mw = memberWrite(w.fields, tags, undefined);
    if (!mw.email) results.set(w.ref, failed(w.ref, 'E_EMAIL_REQUIRED', 'Mailchimp needs an email address to add a contact to an audience.'));
    else if (emails.has(mw.email.toLowerCase())) later.push({ w, mw });
    else {
      emails.add(mw.email.toLowerCase());
      creates.push({ w, mw });
    }
  }
  if (creates.length) later.push(...(await subscribeNew(creates, p, results)));
  const perMember = [...later.map((c) => ({ ...c, create: true })), ...writes.filter((w) => w.id).map((w) => ({ w, mw: undefined, create: false }))];
  await mapConcurrent(perMember, MEMBER_CONCURRENCY, async ({ w, mw, create }) => {
    try {
      results.set(w.ref, create ? await upsertOne(w, mw!, p) : await updateOne(w, tags, p));
    } catch (error) {
      // The app refused this record (a merge field it does not take, a compliance state): that record fails alone.
      if (isUserError(error) && error.code === 'E_APP_REJECTED') results.set(w.ref, failed(w.ref, error.code, error.message));
      else throw error;
    }
  });
  return writes.map((w) => results.get(w.ref)!);
}

/** Batch subscribe of new members; answers the ones Mailchimp already holds (to upsert one by one). */
async function subscribeNew(creates: { w: ContactWrite; mw: MemberWrite }[], p: WriteParams, results: Map<string, WriteResult>) {
  const http = await p.api.http();
  const res = await http.post(
    `/lists/${encodeURIComponent(p.listId)}`,
    {
      members: creates.map(({ mw }) => ({ email_address: mw.email!, status: mw.unsubscribe ? 'unsubscribed' : p.statusIfNew, merge_fields: mw.mergeFields })),
      update_existing: false,
    },
    // With update_existing off a repeat changes nothing that exists: safe to send again after a lost answer.
    { schema: mcBatchResultSchema, signal: p.signal, idempotent: true },
  );
  const made = new Map((res.new_members ?? []).map((m) => [m.email_address.toLowerCase(), m]));
  const refused = new Map((res.errors ?? []).map((e) => [(e.email_address ?? '').toLowerCase(), e]));
  const exist: { w: ContactWrite; mw: MemberWrite }[] = [];
  const tagged: { w: ContactWrite; mw: MemberWrite; m: McMember }[] = [];
  for (const c of creates) {
    const key = c.mw.email!.toLowerCase();
    const m = made.get(key);
    const e = refused.get(key);
    if (m) tagged.push({ ...c, m });
    else if (e && e.error_code !== 'ERROR_CONTACT_EXISTS') {
      results.set(c.w.ref, failed(c.w.ref, 'E_APP_REJECTED', `Mailchimp did not add ${c.mw.email}: ${[e.error, e.field_message].filter(Boolean).join(' ') || 'no reason given'}.`));
    } else exist.push(c); // there already (a retried batch, or added meanwhile): upserted by hash
  }
  await mapConcurrent(tagged, MEMBER_CONCURRENCY, async ({ w, mw, m }) => {
    const member = await applyTags(m, mw.tags, p);
    results.set(w.ref, { ref: w.ref, ok: true, id: memberId(member), created: true, record: memberToContact(member, p.now()) });
  });
  return exist;
}

/** A new member Mailchimp may already hold: `PUT` by subscriber hash, status only for someone new. */
async function upsertOne(w: ContactWrite, mw: MemberWrite, p: WriteParams): Promise<WriteResult> {
  const http = await p.api.http();
  const body: Record<string, unknown> = { email_address: mw.email!, status_if_new: mw.unsubscribe ? 'unsubscribed' : p.statusIfNew, merge_fields: mw.mergeFields };
  if (mw.unsubscribe) body.status = 'unsubscribed';
  const m = await http.put(`/lists/${encodeURIComponent(p.listId)}/members/${subscriberHash(mw.email!)}`, body, { schema: mcMemberSchema, signal: p.signal });
  const member = await applyTags(m, mw.tags, p);
  return { ref: w.ref, ok: true, id: memberId(member), created: true, record: memberToContact(member, p.now()) };
}

/** An existing member: `PATCH` of what changed; its status moves only to `unsubscribed`. */
async function updateOne(w: ContactWrite, tags: ReadonlySet<string>, p: WriteParams): Promise<WriteResult> {
  const http = await p.api.http();
  const first = memberWrite(w.fields, tags, undefined);
  const needsCurrent = first.unsubscribe || ADDRESS_TAG in first.mergeFields;
  const current = needsCurrent ? await p.api.member(p.listId, w.id!, p.signal) : undefined;
  if (needsCurrent && !current) return failed(w.ref, 'E_NOT_FOUND', `Mailchimp has no member ${w.id} in this audience (deleted?).`);
  const address = current?.merge_fields?.[ADDRESS_TAG];
  const mw = needsCurrent ? memberWrite(w.fields, tags, typeof address === 'object' && address ? (address as McAddress) : undefined) : first;
  const body: Record<string, unknown> = {};
  if (Object.keys(mw.mergeFields).length) body.merge_fields = mw.mergeFields;
  if (mw.email) body.email_address = mw.email;
  if (mw.unsubscribe && current && !OPTED_OUT.has(current.status) && current.status !== 'archived') body.status = 'unsubscribed';
  const path = `/lists/${encodeURIComponent(p.listId)}/members/${encodeURIComponent(w.id!)}`;
  let m: McMember | undefined;
  try {
    // The same PATCH twice leaves the member as once: safe to retry.
    m = Object.keys(body).length ? await http.patch(path, body, { schema: mcMemberSchema, signal: p.signal, idempotent: true }) : (current ?? (await p.api.member(p.listId, w.id!, p.signal)));
  } catch (error) {
    if (!(isUserError(error) && error.details?.status === 404)) throw error;
  }
  if (!m) return failed(w.ref, 'E_NOT_FOUND', `Mailchimp has no member ${w.id} in this audience (deleted?).`);
  const member = await applyTags(m, mw.tags, p);
  return { ref: w.ref, ok: true, id: memberId(member), created: false, record: memberToContact(member, p.now()) };
}

/** Sets the member's tags to `wanted` through the member tags endpoint (only the differences are sent). */
async function applyTags(m: McMember, wanted: string[] | undefined, p: WriteParams): Promise<McMember> {
  if (!wanted) return m;
  const current = (m.tags ?? []).map((t) => t.name);
  const has = new Set(current.map((t) => t.toLowerCase()));
  const keep = new Set(wanted.map((t) => t.toLowerCase()));
  const changes = [
    ...wanted.filter((t) => !has.has(t.toLowerCase())).map((name) => ({ name, status: 'active' })),
    ...current.filter((t) => !keep.has(t.toLowerCase())).map((name) => ({ name, status: 'inactive' })),
  ];
  if (!changes.length) return m;
  const http = await p.api.http();
  await http.post(`/lists/${encodeURIComponent(p.listId)}/members/${encodeURIComponent(memberId(m))}/tags`, { tags: changes }, { signal: p.signal, idempotent: true });
  // The member's tags as Mailchimp keeps them: the ones kept, then the ones added.
  const tags = [...current.filter((t) => keep.has(t.toLowerCase())), ...wanted.filter((t) => !has.has(t.toLowerCase()))];
  return { ...m, tags: tags.map((name) => ({ name })) };
}
