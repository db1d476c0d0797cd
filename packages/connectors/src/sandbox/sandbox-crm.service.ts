import { createHash } from 'node:crypto';
import type { Contact } from '@sluice/graph';
import type { WriteResult } from '@sluice/engine';
import { type PlannedWrite, applyPlanned } from './sandbox-batch';
import { contactToPerson, orgNameKey, personToContact, withPersonKeys } from './sandbox-crm.mapping';
import type { SandboxDeal, SandboxOrg, SandboxPerson, SandboxStore, Stored } from './sandbox-store.port';
import type { FieldCatalog } from '@sluice/graph';

/** The id of the organization named `name` (the same name always gives the same id). Pure. */
export function orgIdFor(name: string): string {
  return `org-${createHash('sha1').update(orgNameKey(name)).digest('hex').slice(0, 12)}`;
}

/**
 * Sandbox CRM logic shared by its connector and its editing API: people with their organization and
 * deals read as contacts, and writes that keep related documents in step (a new deal re-stamps its
 * person, so the change feed reports the new deal counts).
 */
export function createCrmService(store: SandboxStore, now: () => string) {
  async function toContacts(workspaceId: string, people: readonly SandboxPerson[]): Promise<Contact[]> {
    const orgIds = [...new Set(people.map((p) => p.orgId).filter((id): id is string => id !== undefined))];
    const orgs = new Map((await store.get(workspaceId, 'orgs', orgIds)).map((o) => [o.id, o]));
    const live = people.filter((p) => !p.deleted).map((p) => p.id);
    const deals = new Map<string, SandboxDeal[]>();
    if (live.length > 0) {
      for (const d of await store.findBy(workspaceId, 'deals', 'personId', live)) deals.set(d.personId, [...(deals.get(d.personId) ?? []), d]);
    }
    return people.map((p) => personToContact(p, p.orgId ? orgs.get(p.orgId) : undefined, deals.get(p.id) ?? []));
  }

  /** Organization ids for company names, creating the organizations that do not exist yet. */
  async function resolveOrgs(workspaceId: string, names: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const keys = [...new Set(names.map(orgNameKey))].filter((k) => k !== '');
    if (keys.length === 0) return out;
    for (const org of await store.findBy(workspaceId, 'orgs', 'nameKey', keys)) out.set(org.nameKey, org.id);
    const missing: SandboxOrg[] = [];
    for (const name of names) {
      const key = orgNameKey(name);
      if (key === '' || out.has(key)) continue;
      const id = orgIdFor(name);
      out.set(key, id);
      missing.push({ id, name: name.trim(), nameKey: key, updatedAt: now() });
    }
    if (missing.length > 0) await store.put(workspaceId, 'orgs', missing);
    return out;
  }

  /** Re-stamps people so the change feed reports them again (their deals or organization changed). */
  async function touchPeople(workspaceId: string, ids: readonly string[]): Promise<void> {
    const people = (await store.get(workspaceId, 'people', ids)).filter((p) => !p.deleted);
    if (people.length === 0) return;
    const stamp = now();
    await store.put(workspaceId, 'people', people.map(({ seq: _seq, ...p }) => ({ ...p, updatedAt: stamp })));
  }

  /** Applies contact writes (the connector's `upsertBatch` body, after idempotency). */
  async function applyWrites(workspaceId: string, planned: PlannedWrite[], catalog: FieldCatalog): Promise<WriteResult[]> {
    const stamp = now();
    const existing = new Map((await store.get(workspaceId, 'people', planned.map((p) => p.id))).map((p) => [p.id, p]));
    const contacts = new Map((await toContacts(workspaceId, [...existing.values()].filter((p) => !p.deleted))).map((c) => [c.id, c]));
    const { results, changed, refsById } = applyToPeople(planned, existing, contacts, catalog, stamp);
    const orgs = await resolveOrgs(workspaceId, [...changed.values()].map((c) => c.contact.company ?? ''));
    const toPut = [...changed.values()].map(({ contact, base }) =>
      contactToPerson(contact, base, contact.company ? orgs.get(orgNameKey(contact.company)) : undefined, stamp),
    );
    const stored = toPut.length > 0 ? await store.put(workspaceId, 'people', toPut) : [];
    for (const c of await toContacts(workspaceId, stored)) contacts.set(c.id, c);

    for (const [id, ps] of refsById) {
      for (const p of ps) results[p.index] = { ref: p.write.ref, ok: true, id, created: p.create, record: contacts.get(id)! };
    }
    return results;
  }

  async function getContacts(workspaceId: string, ids: readonly string[]): Promise<Contact[]> {
    return toContacts(workspaceId, (await store.get(workspaceId, 'people', ids)).filter((p) => !p.deleted));
  }

  async function savePerson(workspaceId: string, person: SandboxPerson): Promise<Stored<'people'>> {
    const [stored] = await store.put(workspaceId, 'people', [withPersonKeys(person)]);
    return stored!;
  }

  async function saveDeal(workspaceId: string, deal: SandboxDeal): Promise<Stored<'deals'>> {
    const [stored] = await store.put(workspaceId, 'deals', [deal]);
    await touchPeople(workspaceId, [deal.personId]);
    return stored!;
  }

  return { toContacts, resolveOrgs, touchPeople, applyWrites, getContacts, savePerson, saveDeal };
}

export type CrmService = ReturnType<typeof createCrmService>;

/**
 * Applies a batch's writes, in order, to the people they target (`existing`, as contacts in
 * `contacts`): refused writes get their result, the people to store are in `changed`, and
 * `contacts` is updated in place for those left as they were. Pure apart from those two maps.
 * (A plain function rather than part of `applyWrites`: see the engine's prepare-page.ts.)
 */
function applyToPeople(
  planned: readonly PlannedWrite[],
  existing: ReadonlyMap<string, SandboxPerson>,
  contacts: Map<string, Contact>,
  catalog: FieldCatalog,
  stamp: string,
): {
  results: WriteResult[];
  changed: Map<string, { contact: Contact; base: SandboxPerson; created: boolean }>;
  refsById: Map<string, PlannedWrite[]>;
} {
  const results: WriteResult[] = new Array(planned.length);
  const changed = new Map<string, { contact: Contact; base: SandboxPerson; created: boolean }>();
  const refsById = new Map<string, PlannedWrite[]>();
  for (const p of planned) {
    const base = existing.get(p.id);
    if ((!base || base.deleted) && !p.create) {
      results[p.index] = { ref: p.write.ref, ok: false, code: 'E_NOT_FOUND', message: `Sandbox CRM has no person "${p.id}".` };
      continue;
    }
    const prior = changed.get(p.id);
    const person: SandboxPerson = prior?.base ?? base ?? { id: p.id, labels: [], custom: {}, phoneKeys: [], updatedAt: stamp };
    const current = prior?.contact ?? contacts.get(p.id) ?? personToContact(person, undefined, []);
    // A new person is stored anyway: no need to compare. (One an earlier write of the batch
    // changed is compared with that write's result, as it may have been undone.)
    const outcome = applyPlanned(p, current, catalog, base !== undefined);
    if ('failed' in outcome) {
      results[p.index] = outcome.failed;
      continue;
    }
    refsById.set(p.id, [...(refsById.get(p.id) ?? []), p]);
    if (outcome.changed || !base) changed.set(p.id, { contact: outcome.contact, base: person, created: !base });
    else contacts.set(p.id, outcome.contact);
  }
  return { results, changed, refsById };
}
