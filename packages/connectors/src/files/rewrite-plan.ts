import { type Contact } from '@sluice/graph';
import { isUserError } from '@sluice/core';
import type { AppDescription, ContactWrite, WriteResult } from '@sluice/engine';
import { applyWrite } from '../sdk/apply-write';
import { contactFingerprint } from '../sdk/contact-fingerprint';
import { createdRecordId } from '../sdk/created-id';

export interface Planned {
  w: ContactWrite;
  i: number;
  id: string;
  create: boolean;
}

/** One write batch planned against a file: the writes per id, and their results as they are applied. */
export interface WritePlan {
  plan: Planned[];
  byId: Map<string, Planned[]>;
  results: WriteResult[];
  /** Every field path the batch writes. */
  paths: string[];
  /** Applies the writes for one id to `start` and fills their results; returns the new record, or undefined when nothing changed. */
  applyAll(start: Contact, entries: Planned[], createdNow: boolean): Contact | undefined;
  /**
   * After the file's records were met: updates of ids the file does not hold fail with E_NOT_FOUND,
   * and creates are applied. Returns the records to add at the end of the file.
   */
  createRest(met: (id: string) => boolean): Contact[];
}

/**
 * Plans a batch: created records get ids derived from the idempotency key (a retried batch creates
 * nothing twice); `stamp` becomes the `updatedAt` of every record that changes.
 */
export function planWrites(app: AppDescription, writes: readonly ContactWrite[], idempotencyKey: string, stamp: string, path: string): WritePlan {
  const plan = writes.map((w, i) => ({ w, i, id: w.id ?? createdRecordId(idempotencyKey, w.ref, i), create: w.id === undefined }));
  const byId = new Map<string, Planned[]>();
  for (const p of plan) {
    const entries = byId.get(p.id);
    if (entries) entries.push(p);
    else byId.set(p.id, [p]);
  }
  const results: WriteResult[] = new Array(writes.length);
  const paths = [...new Set(writes.flatMap((w) => Object.keys(w.fields)))];

  const applyAll = (start: Contact, entries: Planned[], createdNow: boolean): Contact | undefined => {
    let current = start;
    const applied: Planned[] = [];
    for (const p of entries) {
      try {
        current = applyWrite(current, p.w.fields, app.fields, { allowAnyCustom: true });
        applied.push(p);
      } catch (e) {
        if (!isUserError(e)) throw e;
        results[p.i] = { ref: p.w.ref, ok: false, code: e.code, message: e.message };
      }
    }
    if (applied.length === 0) return undefined;
    const changed = createdNow || contactFingerprint({ ...current, updatedAt: '' }) !== contactFingerprint({ ...start, updatedAt: '' });
    if (changed) current = { ...current, updatedAt: stamp };
    for (const p of applied) results[p.i] = { ref: p.w.ref, ok: true, id: p.id, created: p.create, record: current };
    return changed ? current : undefined;
  };

  const createRest = (met: (id: string) => boolean): Contact[] => {
    const created: Contact[] = [];
    for (const [id, entries] of byId) {
      if (met(id)) continue;
      const creates = entries.filter((p) => p.create);
      for (const p of entries) {
        if (!p.create) results[p.i] = { ref: p.w.ref, ok: false, code: 'E_NOT_FOUND', message: `No record with id "${id}" in ${path}.` };
      }
      if (creates.length === 0) continue;
      const next = applyAll({ id, tags: [], lists: [], custom: {}, updatedAt: stamp }, creates, true);
      if (next) created.push(next);
    }
    return created;
  };

  return { plan, byId, results, paths, applyAll, createRest };
}
