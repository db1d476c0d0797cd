import { createHash } from 'node:crypto';
import { type Contact, type FieldCatalog } from '@sluice/graph';
import { UserError, isUserError } from '@sluice/core';
import type { ChangePage, ContactWrite, WriteResult } from '@sluice/engine';
import { applyWrite } from '../sdk/apply-write';
import { contactFingerprint } from '../sdk/contact-fingerprint';
import { createdRecordId } from '../sdk/created-id';
import type { SandboxCollection, SandboxStore, Stored } from './sandbox-store.port';

const CURSOR = /^seq:(\d+)$/;

/**
 * Pages of a sandbox collection's change feed after `cursor` (`seq:<n>`; null or unreadable: from the
 * start), turned into contacts by `toContacts`. Each page's cursor is the seq of its last document.
 */
export async function* sandboxChanges<C extends SandboxCollection>(
  store: SandboxStore,
  workspaceId: string,
  collection: C,
  cursor: string | null,
  pageSize: number,
  toContacts: (docs: Stored<C>[]) => Promise<Contact[]>,
  signal?: AbortSignal,
): AsyncGenerator<ChangePage> {
  let after = Number(CURSOR.exec(cursor ?? '')?.[1] ?? 0);
  for (;;) {
    signal?.throwIfAborted();
    const docs = await store.changesSince(workspaceId, collection, after, pageSize);
    if (docs.length > 0) after = docs[docs.length - 1]!.seq;
    const hasMore = docs.length === pageSize;
    yield { records: await toContacts(docs), cursor: `seq:${after}`, hasMore };
    if (!hasMore) return;
  }
}

/** One write resolved to its target: an existing record (`base`) or a new one with a derived id. */
export interface PlannedWrite {
  index: number;
  write: ContactWrite;
  id: string;
  create: boolean;
}

/**
 * Runs a batch once per idempotency key: a retry with the same key and writes gets the stored answer;
 * the same key with other writes is refused. Created records get ids derived from the key
 * (`createdRecordId`), so even a batch that died before its answer was stored creates nothing twice.
 */
export async function idempotentBatch(
  store: SandboxStore,
  workspaceId: string,
  appId: string,
  writes: readonly ContactWrite[],
  idempotencyKey: string,
  now: () => string,
  run: (planned: PlannedWrite[]) => Promise<WriteResult[]>,
): Promise<WriteResult[]> {
  const key = `${appId}:${idempotencyKey}`;
  const fingerprint = createHash('sha1').update(JSON.stringify(writes)).digest('hex');
  const previous = await store.getIdempotency(workspaceId, key);
  if (previous) {
    if (previous.fingerprint === fingerprint) return previous.results as WriteResult[];
    throw new UserError('E_IDEMPOTENCY_KEY_REUSED', `The idempotency key "${idempotencyKey}" was already used for another batch.`);
  }
  const planned = writes.map((write, index) => ({
    index,
    write,
    id: write.id ?? createdRecordId(idempotencyKey, write.ref, index),
    create: write.id === undefined,
  }));
  const results = await run(planned);
  await store.putIdempotency(workspaceId, { key, fingerprint, results, createdAt: now() });
  return results;
}

/**
 * Applies one planned write to a record's contact form; returns the new contact, whether anything
 * but `updatedAt` changed, or a failed result (bad field, read-only, wrong type). With `compare`
 * false (the caller writes the record whatever changed: it is new, or changed by an earlier write
 * of the batch), `changed` is true without comparing. Pure.
 */
export function applyPlanned(
  p: PlannedWrite,
  current: Contact,
  catalog: FieldCatalog,
  compare = true,
): { changed: boolean; contact: Contact } | { failed: WriteResult } {
  try {
    const next = applyWrite(current, p.write.fields, catalog, { allowAnyCustom: true });
    // `updatedAt` does not count as a change; copies blanking it are only needed when it differs.
    const changed =
      !compare ||
      (next.updatedAt === current.updatedAt
        ? contactFingerprint(next) !== contactFingerprint(current)
        : contactFingerprint({ ...next, updatedAt: '' }) !== contactFingerprint({ ...current, updatedAt: '' }));
    return { changed, contact: next };
  } catch (e) {
    if (!isUserError(e)) throw e;
    return { failed: { ref: p.write.ref, ok: false, code: e.code, message: e.message } };
  }
}
