import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { type Contact, isUserError } from '@sluice/graph';
import type { AppDescription, ContactWrite, WriteResult } from '@sluice/engine';
import { applyWrite } from '../sdk/apply-write';
import { contactFingerprint } from '../sdk/contact-fingerprint';
import { createdRecordId } from '../sdk/created-id';
import type { FileFormat } from './file-format';
import { FileIndex, MAX_INDEXED_RECORDS, fileStamp } from './file-index';
import { fileIndexes } from './file-state';

interface Planned {
  w: ContactWrite;
  i: number;
  id: string;
  create: boolean;
}

/**
 * The write side of a file app: applies a batch to the file and replaces it atomically (temp file +
 * rename). Created records get ids derived from the idempotency key, so a retried batch creates
 * nothing twice. The caller holds the file's lock.
 */
export function createFileRewriter(app: AppDescription, format: FileFormat, path: string, now: () => string) {
  async function rewrite(writes: readonly ContactWrite[], idempotencyKey: string): Promise<WriteResult[]> {
    const stamp = now();
    const plan = writes.map((w, i) => ({ w, i, id: w.id ?? createdRecordId(idempotencyKey, w.ref, i), create: w.id === undefined }));
    const byId = new Map<string, Planned[]>();
    for (const p of plan) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
    const results: WriteResult[] = new Array(writes.length);
    const paths = [...new Set(writes.flatMap((w) => Object.keys(w.fields)))];

    /** Applies the writes for one id to `start`; fills their results; returns the new record or undefined. */
    const applyAll = (start: Contact, entries: Planned[], createdNow: boolean): Contact | undefined => {
      let current = start;
      const okIdx: Planned[] = [];
      for (const p of entries) {
        try {
          current = applyWrite(current, p.w.fields, app.fields, { allowAnyCustom: true });
          okIdx.push(p);
        } catch (e) {
          if (!isUserError(e)) throw e;
          results[p.i] = { ref: p.w.ref, ok: false, code: e.code, message: e.message };
        }
      }
      if (okIdx.length === 0) return undefined;
      const changed = createdNow || contactFingerprint({ ...current, updatedAt: '' }) !== contactFingerprint({ ...start, updatedAt: '' });
      if (changed) current = { ...current, updatedAt: stamp };
      for (const p of okIdx) results[p.i] = { ref: p.w.ref, ok: true, id: p.id, created: p.create, record: current };
      return changed ? current : undefined;
    };

    await mkdir(dirname(path), { recursive: true });
    const tmp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
    const appended = await appendCreates(plan, paths, tmp, applyAll);
    if (appended) return results;
    const reader = await format.open(path);
    const writer = format.writer(reader.columns, paths);
    const fh = await open(tmp, 'w');
    let dirty = false;
    // The rewrite sees every record: it rebuilds the lookup index of the new file on the way.
    const wasIndexed = fileIndexes.get(path) instanceof FileIndex;
    let index: FileIndex | undefined = wasIndexed ? new FileIndex() : undefined;
    const track = (c: Contact) => {
      index?.add(c);
      if (index && index.size > MAX_INDEXED_RECORDS) index = undefined;
    };
    try {
      let buffer = writer.header();
      const emit = (line: string) => {
        buffer += line + '\n';
      };
      const drain = async () => {
        if (buffer.length < 1 << 16) return;
        await fh.write(buffer);
        buffer = '';
      };
      const handled = new Set<string>();
      for await (const batch of reader.records) {
        for (const record of batch) {
          const id = record.contact.id;
          const entries = handled.has(id) ? undefined : byId.get(id);
          if (!entries) {
            if (!record.explicitId) dirty = true; // the derived id gets written down
            emit(writer.copy(record));
            track(record.contact);
            continue;
          }
          handled.add(id);
          const next = applyAll(record.contact, entries, false);
          if (next) {
            dirty = true;
            emit(writer.write(next, record));
          } else {
            emit(writer.copy(record));
          }
          track(next ?? record.contact);
        }
        await drain();
      }
      for (const [id, entries] of byId) {
        if (handled.has(id)) continue;
        const creates = entries.filter((p) => p.create);
        for (const p of entries) {
          if (!p.create) results[p.i] = { ref: p.w.ref, ok: false, code: 'E_NOT_FOUND', message: `No record with id "${id}" in ${path}.` };
        }
        if (creates.length === 0) continue;
        const next = applyAll({ id, tags: [], lists: [], custom: {}, updatedAt: stamp }, creates, true);
        if (next) {
          dirty = true;
          emit(writer.write(next));
          track(next);
        }
      }
      if (buffer) await fh.write(buffer);
      await fh.sync();
    } catch (e) {
      await fh.close();
      await rm(tmp, { force: true });
      throw e;
    }
    await fh.close();
    if (dirty) {
      await rename(tmp, path);
      if (index) {
        index.stamp = await fileStamp(path);
        fileIndexes.set(path, index);
      } else {
        fileIndexes.delete(path);
      }
    } else {
      await rm(tmp, { force: true });
    }
    return results;
  }

  /**
   * The fast path of an initial sync: a batch of creates only, onto a file whose lookup index proves
   * the new ids absent (or no file yet). The file's bytes are copied without parsing and the new
   * records appended to the copy, which then replaces the file: as atomic as a full rewrite.
   * Returns false (nothing done) when the batch does not qualify.
   */
  async function appendCreates(
    plan: Planned[],
    paths: string[],
    tmp: string,
    applyAll: (start: Contact, entries: Planned[], createdNow: boolean) => Contact | undefined,
  ): Promise<boolean> {
    if (!plan.every((p) => p.create)) return false;
    const stamp = await fileStamp(path);
    const cached = fileIndexes.get(path);
    const index = cached instanceof FileIndex && cached.stamp === stamp ? cached : undefined;
    if (stamp !== '' && (!index || plan.some((p) => index.has(p.id)))) return false;
    const reader = await format.open(path);
    await reader.close();
    if (!format.canAppend(reader.columns, paths)) return false;
    const writer = format.writer(reader.columns, paths);
    const size = stamp === '' ? 0 : (await stat(path)).size;
    let text = size === 0 ? writer.header() : '';
    if (size > 0) {
      await copyFile(path, tmp);
      const last = Buffer.alloc(1);
      const fh = await open(path, 'r');
      await fh.read(last, 0, 1, size - 1).finally(() => fh.close());
      if (last[0] !== 10) text += '\n';
    }
    const created: Contact[] = [];
    for (const p of plan) {
      const next = applyAll({ id: p.id, tags: [], lists: [], custom: {}, updatedAt: '' }, [p], true);
      if (!next) continue;
      created.push(next);
      text += writer.write(next) + '\n';
    }
    if (created.length === 0) {
      await rm(tmp, { force: true });
      return true;
    }
    const fh = await open(tmp, 'a');
    try {
      await fh.write(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    const nextIndex = index ?? new FileIndex();
    for (const c of created) nextIndex.add(c);
    nextIndex.stamp = await fileStamp(path);
    fileIndexes.set(path, nextIndex);
    return true;
  }

  return rewrite;
}
