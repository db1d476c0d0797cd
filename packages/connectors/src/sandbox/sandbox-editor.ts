import { randomUUID } from 'node:crypto';
import { type Contact, addressSchema, customValueSchema } from '@sluice/graph';
import { isUserErrorCode, UserError } from '@sluice/core';
import type { WriteResult } from '@sluice/engine';
import { z } from 'zod';
import { createCrmService } from './sandbox-crm.service';
import { sandboxCrmApp } from './sandbox-crm.connector';
import { prospectToContact } from './sandbox-outreach.mapping';
import { createOutreachService } from './sandbox-outreach.service';
import { sandboxOutreachApp } from './sandbox-outreach.connector';
import { ensureSandboxSeeded } from './sandbox-seed';
import type { SandboxStore } from './sandbox-store.port';

const text = z.string().max(500);
const nullableText = text.nullable();

/** A Sandbox CRM person as the editing API takes it (`company` names the organization). */
export const sandboxPersonInput = z
  .object({
    firstName: nullableText,
    lastName: nullableText,
    email: nullableText,
    phone: nullableText,
    mobile: nullableText,
    jobTitle: nullableText,
    company: nullableText,
    owner: nullableText,
    labels: z.array(text).max(50),
    address: addressSchema.nullable(),
    custom: z.record(z.string(), customValueSchema),
  })
  .partial()
  .strict();
export type SandboxPersonInput = z.infer<typeof sandboxPersonInput>;

export const sandboxDealInput = z
  .object({
    title: z.string().min(1).max(200),
    value: z.number().nonnegative().finite(),
    status: z.enum(['open', 'won', 'lost']).default('open'),
  })
  .strict();
export type SandboxDealInput = z.input<typeof sandboxDealInput>;

/** A Sandbox Outreach prospect as the editing API takes it. */
export const sandboxProspectInput = z
  .object({
    email: nullableText,
    firstName: nullableText,
    lastName: nullableText,
    company: nullableText,
    website: nullableText,
    title: nullableText,
    phone: nullableText,
    address: addressSchema.nullable(),
    tags: z.array(text).max(50),
    status: z.enum(['ACTIVE', 'REPLIED', 'BOUNCED', 'BLACKLIST']),
    custom: z.record(z.string(), customValueSchema),
  })
  .partial()
  .strict();
export type SandboxProspectInput = z.infer<typeof sandboxProspectInput>;

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new UserError('E_INVALID_INPUT', `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
}

/** Editing-API fields → the contact write fields the services apply (`labels` → tags, address parts, custom.*). Pure. */
function toWriteFields(input: Record<string, unknown>, renames: Record<string, string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === 'status') continue;
    if (key === 'address') {
      for (const part of ['street', 'city', 'zip', 'state', 'country']) {
        fields[`address.${part}`] = value === null ? null : ((value as Record<string, unknown>)[part] ?? null);
      }
    } else if (key === 'custom') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) fields[`custom.${k}`] = v;
    } else {
      fields[renames[key] ?? key] = value;
    }
  }
  return fields;
}

function unwrap(result: WriteResult | undefined): Contact {
  if (!result) throw new UserError('E_NOT_FOUND', 'Nothing was written.');
  if (!result.ok) throw new UserError(isUserErrorCode(result.code) ? result.code : 'E_INVALID_VALUE', result.message);
  return result.record;
}

/**
 * Editing the sandbox apps' records, as Sluice's API exposes it, so a user can change a record and
 * watch the change sync. Every change lands in the change feed like an edit in a real app would.
 * Inputs are validated (strict) and errors are `UserError`s (`E_INVALID_INPUT`, `E_NOT_FOUND`, ...).
 */
export function createSandboxEditor(store: SandboxStore, options: { now?: () => Date } = {}) {
  const now = () => (options.now ? options.now() : new Date()).toISOString();
  const crm = createCrmService(store, now);
  const outreach = createOutreachService(store, now);

  async function writePerson(workspaceId: string, id: string, create: boolean, input: unknown): Promise<Contact> {
    const fields = toWriteFields(parse(sandboxPersonInput, input), { labels: 'tags' });
    const [result] = await crm.applyWrites(workspaceId, [{ index: 0, id, create, write: { ref: id, id: create ? undefined : id, fields } }], sandboxCrmApp.fields);
    return unwrap(result);
  }

  async function writeProspect(workspaceId: string, id: string, create: boolean, input: unknown): Promise<Contact> {
    const data = parse(sandboxProspectInput, input);
    const fields = toWriteFields(data, { title: 'jobTitle' });
    const [result] = await outreach.applyWrites(workspaceId, [{ index: 0, id, create, write: { ref: id, id: create ? undefined : id, fields } }], sandboxOutreachApp.fields);
    const contact = unwrap(result);
    if (!data.status || data.status === contact.custom.status) return contact;
    const [stored] = await store.get(workspaceId, 'prospects', [id]);
    const { seq: _seq, ...prospect } = stored!;
    return prospectToContact(await outreach.saveProspect(workspaceId, { ...prospect, status: data.status, updatedAt: now() }));
  }

  async function remove(workspaceId: string, collection: 'people' | 'prospects', id: string): Promise<void> {
    const [doc] = await store.get(workspaceId, collection, [id]);
    if (!doc || doc.deleted) throw new UserError('E_NOT_FOUND', `No record "${id}".`);
    const { seq: _seq, ...rest } = doc;
    await store.put(workspaceId, collection, [{ ...rest, deleted: true, updatedAt: now() } as never]);
  }

  return {
    /** Seeds the workspace's demo data unless it has some. */
    seed: (workspaceId: string) => ensureSandboxSeeded(store, workspaceId),
    crm: {
      async listPeople(workspaceId: string, page: { afterId?: string; limit?: number } = {}) {
        const people = await store.list(workspaceId, 'people', { afterId: page.afterId, limit: Math.min(page.limit ?? 50, 500) });
        return { items: await crm.toContacts(workspaceId, people), nextAfterId: people.at(-1)?.id };
      },
      getPerson: async (workspaceId: string, id: string) => (await crm.getContacts(workspaceId, [id]))[0],
      createPerson: (workspaceId: string, input: SandboxPersonInput) => writePerson(workspaceId, `p-${randomUUID()}`, true, input),
      updatePerson: (workspaceId: string, id: string, patch: SandboxPersonInput) => writePerson(workspaceId, id, false, patch),
      deletePerson: (workspaceId: string, id: string) => remove(workspaceId, 'people', id),
      /** Adds a deal to a person; the person's deal counts change (and sync). */
      async addDeal(workspaceId: string, personId: string, input: SandboxDealInput): Promise<Contact> {
        const deal = parse(sandboxDealInput, input);
        const [person] = await store.get(workspaceId, 'people', [personId]);
        if (!person || person.deleted) throw new UserError('E_NOT_FOUND', `Sandbox CRM has no person "${personId}".`);
        await crm.saveDeal(workspaceId, { id: `d-${randomUUID()}`, personId, ...deal, updatedAt: now() });
        return (await crm.getContacts(workspaceId, [personId]))[0]!;
      },
      /** Changes a deal's status or value (e.g. mark it won). */
      async updateDeal(workspaceId: string, dealId: string, patch: Partial<SandboxDealInput>): Promise<Contact> {
        const changes = parse(sandboxDealInput.partial(), patch);
        const [deal] = await store.get(workspaceId, 'deals', [dealId]);
        if (!deal || deal.deleted) throw new UserError('E_NOT_FOUND', `Sandbox CRM has no deal "${dealId}".`);
        const { seq: _seq, ...rest } = deal;
        await crm.saveDeal(workspaceId, { ...rest, ...changes, updatedAt: now() });
        return (await crm.getContacts(workspaceId, [deal.personId]))[0]!;
      },
      async listDeals(workspaceId: string, personId: string) {
        return (await store.findBy(workspaceId, 'deals', 'personId', [personId])).map(({ seq: _seq, ...d }) => d);
      },
    },
    outreach: {
      async listProspects(workspaceId: string, page: { afterId?: string; limit?: number } = {}) {
        const prospects = await store.list(workspaceId, 'prospects', { afterId: page.afterId, limit: Math.min(page.limit ?? 50, 500) });
        return { items: prospects.map(prospectToContact), nextAfterId: prospects.at(-1)?.id };
      },
      getProspect: async (workspaceId: string, id: string) => (await outreach.getContacts(workspaceId, [id]))[0],
      createProspect: (workspaceId: string, input: SandboxProspectInput) => writeProspect(workspaceId, `w-${randomUUID()}`, true, input),
      updateProspect: (workspaceId: string, id: string, patch: SandboxProspectInput) => writeProspect(workspaceId, id, false, patch),
      deleteProspect: (workspaceId: string, id: string) => remove(workspaceId, 'prospects', id),
    },
  };
}

export type SandboxEditor = ReturnType<typeof createSandboxEditor>;
