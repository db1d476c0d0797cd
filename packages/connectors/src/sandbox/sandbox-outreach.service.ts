import type { Contact, FieldCatalog } from '@sluice/graph';
import type { WriteResult } from '@sluice/engine';
import { type PlannedWrite, applyPlanned } from './sandbox-batch';
import { withPersonKeys } from './sandbox-crm.mapping';
import { contactToProspect, prospectToContact } from './sandbox-outreach.mapping';
import type { SandboxProspect, SandboxStore, Stored } from './sandbox-store.port';

/** Sandbox Outreach logic shared by its connector and its editing API. */
export function createOutreachService(store: SandboxStore, now: () => string) {
  async function applyWrites(workspaceId: string, planned: PlannedWrite[], catalog: FieldCatalog): Promise<WriteResult[]> {
    const stamp = now();
    const existing = new Map((await store.get(workspaceId, 'prospects', planned.map((p) => p.id))).map((p) => [p.id, p]));
    const { results, current, okById } = applyToProspects(planned, existing, catalog, stamp);
    const dirty = [...current.values()].filter((c) => c.dirty).map((c) => contactToProspect(c.contact, c.base, stamp));
    const stored = new Map((dirty.length > 0 ? await store.put(workspaceId, 'prospects', dirty) : []).map((p) => [p.id, p]));
    for (const [id, ps] of okById) {
      const record = stored.get(id) ?? existing.get(id)!;
      for (const p of ps) results[p.index] = { ref: p.write.ref, ok: true, id, created: p.create, record: prospectToContact(record) };
    }
    return results;
  }

  async function getContacts(workspaceId: string, ids: readonly string[]): Promise<Contact[]> {
    return (await store.get(workspaceId, 'prospects', ids)).filter((p) => !p.deleted).map(prospectToContact);
  }

  async function saveProspect(workspaceId: string, prospect: SandboxProspect): Promise<Stored<'prospects'>> {
    const [stored] = await store.put(workspaceId, 'prospects', [withPersonKeys(prospect)]);
    return stored!;
  }

  return { applyWrites, getContacts, saveProspect };
}

export type OutreachService = ReturnType<typeof createOutreachService>;

/**
 * Applies a batch's writes, in order, to the prospects they target: refused writes get their
 * result, and `current` holds each prospect's contact after the batch (`dirty` when it must be
 * stored). Pure. (A plain function rather than part of `applyWrites`: see the engine's prepare-page.ts.)
 */
function applyToProspects(
  planned: readonly PlannedWrite[],
  existing: ReadonlyMap<string, SandboxProspect>,
  catalog: FieldCatalog,
  stamp: string,
): {
  results: WriteResult[];
  current: Map<string, { contact: Contact; base: SandboxProspect; dirty: boolean }>;
  okById: Map<string, PlannedWrite[]>;
} {
  const results: WriteResult[] = new Array(planned.length);
  const current = new Map<string, { contact: Contact; base: SandboxProspect; dirty: boolean }>();
  const okById = new Map<string, PlannedWrite[]>();
  for (const p of planned) {
    const base = existing.get(p.id);
    if ((!base || base.deleted) && !p.create) {
      results[p.index] = { ref: p.write.ref, ok: false, code: 'E_NOT_FOUND', message: `Sandbox Outreach has no prospect "${p.id}".` };
      continue;
    }
    const seen = current.get(p.id);
    const prospect: SandboxProspect = seen?.base ?? base ?? { id: p.id, tags: [], custom: {}, status: 'ACTIVE', phoneKeys: [], updatedAt: stamp };
    // A new prospect, or one an earlier write of the batch changed, is stored anyway: no need to compare.
    const dirty = seen?.dirty ?? !base;
    const outcome = applyPlanned(p, seen?.contact ?? prospectToContact(prospect), catalog, !dirty);
    if ('failed' in outcome) {
      results[p.index] = outcome.failed;
      continue;
    }
    okById.set(p.id, [...(okById.get(p.id) ?? []), p]);
    current.set(p.id, { contact: outcome.contact, base: prospect, dirty: dirty || outcome.changed });
  }
  return { results, current, okById };
}
