import { open, stat } from 'node:fs/promises';
import type { Contact } from '@sluice/graph';
import type { AppDescription, ContactWrite, WriteResult } from '@sluice/engine';
import { AtomicFile } from './atomic-file';
import { type FileFormat, isUnreadable } from './file-format';
import { FileIndex, MAX_INDEXED_RECORDS, fileStamp } from './file-index';
import { fileIndexes } from './file-state';
import { rewriteKnownLines } from './rewrite-lines';
import { type WritePlan, planWrites } from './rewrite-plan';

/**
 * The write side of a file app: applies a batch to the file and replaces it atomically (temp file +
 * fsync + rename, see `AtomicFile`). Created records get ids derived from the idempotency key, so a
 * retried batch creates nothing twice. Three ways, cheapest first:
 * - creates only, onto a file whose index proves them absent: the bytes are copied and the records appended;
 * - a line format whose index is current: only the written lines are parsed (`rewriteKnownLines`);
 * - else every record is read and written again (a file changed behind Sluice's back, csv, too big to index).
 * Unreadable lines are copied as they are in every case. The caller holds the file's lock.
 */
export function createFileRewriter(app: AppDescription, format: FileFormat, path: string, now: () => string) {
  async function rewrite(writes: readonly ContactWrite[], idempotencyKey: string): Promise<WriteResult[]> {
    const stamp = now();
    const plan = () => planWrites(app, writes, idempotencyKey, stamp, path);
    const index = await currentIndex();
    const first = plan();
    if (await appendCreates(first, index)) return first.results;
    if (index?.lineEnds && format.parseLine) {
      const done = await rewriteLines(first, index);
      if (done) return first.results;
    }
    const again = index?.lineEnds ? plan() : first;
    await rewriteAll(again);
    return again.results;
  }

  /** The cached index of the file, when the file has not changed since (same stamp). */
  async function currentIndex(): Promise<FileIndex | undefined> {
    const cached = fileIndexes.get(path);
    return cached instanceof FileIndex && cached.stamp === (await fileStamp(path)) ? cached : undefined;
  }

  async function rewriteLines(plan: WritePlan, index: FileIndex): Promise<boolean> {
    const writer = format.writer(undefined, plan.paths);
    const out = await AtomicFile.start(path);
    let done;
    try {
      done = await rewriteKnownLines(format, path, index, plan, writer, out);
    } catch (e) {
      await out.discard();
      throw e;
    }
    if (!done || !done.dirty) {
      await out.discard();
      return done !== undefined;
    }
    await out.commit();
    for (const c of done.updated) index.replace(c);
    const first = done.lineEnds.length - done.created.length;
    done.created.forEach((c, k) => index.add(c, first + k));
    index.derivedLines.clear();
    index.lineEnds = done.lineEnds;
    index.openEnd = done.openEnd;
    index.stamp = await fileStamp(path);
    if (index.size > MAX_INDEXED_RECORDS) fileIndexes.delete(path);
    return true;
  }

  /** Reads and writes every record; rebuilds the lookup index of the new file on the way. */
  async function rewriteAll({ byId, applyAll, createRest, paths }: WritePlan): Promise<void> {
    const reader = await format.open(path);
    const writer = format.writer(reader.columns, paths);
    const out = await AtomicFile.start(path);
    const lineFormat = format.lines !== undefined;
    let dirty = false;
    let index: FileIndex | undefined = fileIndexes.get(path) instanceof FileIndex ? new FileIndex() : undefined;
    const ends = [0];
    const emit = async (text: string, contact?: Contact) => {
      if (lineFormat) ends.push(ends.at(-1)! + Buffer.byteLength(text) + 1);
      if (index && contact) index.add(contact, lineFormat ? ends.length - 1 : undefined);
      if (index && index.size > MAX_INDEXED_RECORDS) index = undefined;
      await out.write(text + '\n');
    };
    try {
      const header = writer.header();
      if (header) await out.write(header);
      const met = new Set<string>();
      for await (const batch of reader.records) {
        for (const entry of batch) {
          if (isUnreadable(entry)) {
            await emit(entry.text);
            continue;
          }
          const id = entry.contact.id;
          const entries = met.has(id) ? undefined : byId.get(id);
          if (!entry.explicitId) dirty = true; // the derived id gets written down
          if (!entries) {
            await emit(writer.copy(entry), entry.contact);
            continue;
          }
          met.add(id);
          const next = applyAll(entry.contact, entries, false);
          if (next) dirty = true;
          await emit(next ? writer.write(next, entry) : writer.copy(entry), next ?? entry.contact);
        }
      }
      for (const c of createRest((id) => met.has(id))) {
        dirty = true;
        await emit(writer.write(c), c);
      }
    } catch (e) {
      await out.discard();
      throw e;
    } finally {
      await reader.close();
    }
    if (!dirty) return out.discard();
    await out.commit();
    if (index) {
      if (lineFormat) index.lineEnds = ends;
      index.stamp = await fileStamp(path);
      fileIndexes.set(path, index);
    } else {
      fileIndexes.delete(path);
    }
  }

  /**
   * The fast path of an initial sync: a batch of creates only, onto a file whose lookup index proves
   * the new ids absent (or no file yet). The file's bytes are copied without parsing and the new
   * records appended to the copy, which then replaces the file: as atomic as a full rewrite.
   * Returns false (nothing done) when the batch does not qualify.
   */
  async function appendCreates(plan: WritePlan, index: FileIndex | undefined): Promise<boolean> {
    if (!plan.plan.every((p) => p.create)) return false;
    const stamp = await fileStamp(path);
    if (stamp !== '' && (!index || plan.plan.some((p) => index.has(p.id)))) return false;
    const reader = await format.open(path);
    await reader.close();
    if (!format.canAppend(reader.columns, plan.paths)) return false;
    const writer = format.writer(reader.columns, plan.paths);
    const size = stamp === '' ? 0 : (await stat(path)).size;
    let text = size === 0 ? writer.header() : '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      const fh = await open(path, 'r');
      await fh.read(last, 0, 1, size - 1).finally(() => fh.close());
      if (last[0] !== 10) text += '\n';
    }
    const created = plan.createRest(() => false);
    if (created.length === 0) return true;
    const next = stamp !== '' && index ? index : new FileIndex();
    if (stamp === '' && format.lines) next.lineEnds = [0];
    const ends = next.lineEnds;
    const closesLast = text === '\n'; // the last line had no line break: it gets one
    const added: string[] = [];
    for (const c of created) {
      const line = writer.write(c) + '\n';
      text += line;
      added.push(line);
    }
    const out = await AtomicFile.start(path, size > 0);
    await out.write(text);
    await out.commit();
    if (ends && closesLast) ends[ends.length - 1]! += 1;
    created.forEach((c, k) => {
      if (ends) ends.push(ends.at(-1)! + Buffer.byteLength(added[k]!));
      next.add(c, ends ? ends.length - 1 : undefined);
    });
    next.openEnd = false;
    next.stamp = await fileStamp(path);
    fileIndexes.set(path, next);
    return true;
  }

  return rewrite;
}
