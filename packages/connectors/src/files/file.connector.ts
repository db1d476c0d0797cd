import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type Contact, type FieldCatalog, type FieldDef, UserError, isUserError } from '@sluice/graph';
import type { AppDescription, ChangePage, Connector, ConnectorContext, ContactWrite, MatchKey, WriteResult } from '@sluice/engine';
import { z } from 'zod';
import { applyWrite } from '../sdk/apply-write';
import { createdRecordId } from '../sdk/created-id';
import { createKeyedMutex } from '../sdk/keyed-mutex';
import { groupByKey, matchValuesOf, normalizeKeyValue } from '../sdk/match-value';
import { contactFingerprint } from '../sdk/contact-fingerprint';
import type { FileFormat } from './file-format';
import { FileIndex, MAX_INDEXED_RECORDS, fileStamp } from './file-index';
import { FileSnapshots, type KnownState, recordHash } from './file-snapshots';

const configSchema = z.object({
  path: z.string().min(1),
  /** Folder for change-tracking state; default `.<file name>.sluice/` beside the file. */
  stateDir: z.string().min(1).optional(),
  /** Relative paths are resolved against it; default the working directory. */
  baseDir: z.string().min(1).optional(),
});
export type FileConnectorConfig = z.infer<typeof configSchema>;

const CURSOR_PREFIX = 'file1.';
const DEFAULT_PAGE = 500;
/** One lock per file in this process: rewrites of one file never interleave. */
const fileLock = createKeyedMutex();
/** Lookup indexes per file, shared by every connector of that file in this process. */
const indexes = new Map<string, FileIndex | { tooBig: string }>();

/** Reads a file app's config (`{ path, stateDir?, baseDir? }`), or a `UserError('E_CONFIG')` saying what is missing. */
export function parseFileConfig(appName: string, config: Record<string, unknown>): { path: string; stateDir: string } {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    throw new UserError('E_CONFIG', `${appName} needs "path": the file to sync, e.g. { "path": "contacts.${appName === 'CSV file' ? 'csv' : 'jsonl'}" }.`);
  }
  const base = parsed.data.baseDir ?? process.cwd();
  const path = resolve(base, parsed.data.path);
  const stateDir = parsed.data.stateDir ? resolve(base, parsed.data.stateDir) : join(dirname(path), `.${basename(path)}.sluice`);
  // A shared server confines file apps to one folder, so a connection cannot read or replace any file
  // the server can reach.
  const root = process.env.SLUICE_FILE_ROOT;
  if (root) {
    const inside = (p: string) => {
      const rel = relative(resolve(root), p);
      return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    };
    if (!inside(path) || !inside(stateDir)) {
      throw new UserError('E_CONFIG', `${appName}: "${parsed.data.path}" is outside the folder this server allows for files (${root}).`);
    }
  }
  return { path, stateDir };
}

/**
 * A connector over a contacts file (the jsonl and csv apps share it; `format` reads and writes the
 * lines). Reads stream the file; `changes` compares it with what the cursor had seen (see
 * `FileSnapshots`) and reports new, changed and vanished records (`deleted: true`); writes rewrite
 * the file atomically (temp file + rename) under a per-file lock; created records get ids derived
 * from the idempotency key, so a retried batch creates nothing twice.
 */
export function createFileConnector(
  app: AppDescription,
  format: FileFormat,
  context: ConnectorContext,
  options: { now?: () => Date } = {},
): Connector {
  const { path, stateDir } = parseFileConfig(app.name, context.config);
  const snapshots = new FileSnapshots(stateDir, createHash('sha1').update(path).digest('hex').slice(0, 16));
  const now = () => (options.now ? options.now() : new Date()).toISOString();

  /**
   * Every record of the file once (a repeated id: the first one counts), in batches. `dedupe: false`
   * leaves repeats to the caller (who may track ids anyway, and saves a set of every id).
   */
  async function* scan(dedupe = true): AsyncGenerator<Contact[]> {
    const seen = dedupe ? new Set<string>() : undefined;
    const reader = await format.open(path);
    for await (const batch of reader.records) {
      if (!seen) {
        yield batch.map((r) => r.contact);
        continue;
      }
      const out: Contact[] = [];
      for (const { contact } of batch) {
        if (seen.has(contact.id)) continue;
        seen.add(contact.id);
        out.push(contact);
      }
      yield out;
    }
  }

  async function* changes(cursor: string | null, opts: { signal?: AbortSignal; pageSize?: number } = {}): AsyncGenerator<ChangePage> {
    const pageSize = Math.max(1, Math.min(opts.pageSize ?? DEFAULT_PAGE, 5000));
    let parent: string | null = null;
    let known: KnownState = new Map();
    // Taken before the file is opened: if the file changes during the pass, the next pass sees another stamp.
    const stamp = await fileStamp(path);
    if (cursor !== null && cursor.startsWith(CURSOR_PREFIX) && stamp !== '') {
      // Nothing changed since a completed pass: answer without reading the file.
      if ((await snapshots.fileStampOf(cursor.slice(CURSOR_PREFIX.length))) === stamp) {
        yield { records: [], cursor, hasMore: false };
        return;
      }
    }
    if (cursor !== null && cursor.startsWith(CURSOR_PREFIX)) {
      const loaded = await snapshots.load(cursor.slice(CURSOR_PREFIX.length));
      if (loaded) {
        known = loaded;
        parent = cursor.slice(CURSOR_PREFIX.length);
      }
    }
    // `known` doubles as the "seen" set: a record read in this pass is marked with SEEN.
    const SEEN = -1;
    const full = await snapshots.startFull(stamp);
    let page: Contact[] = [];
    let delta: [string, number | null][] = [];
    const flush = async (): Promise<ChangePage> => {
      parent = await snapshots.writeDelta(parent, delta);
      const out = { records: page, cursor: CURSOR_PREFIX + parent, hasMore: true };
      page = [];
      delta = [];
      return out;
    };
    let committed = false;
    try {
      for await (const batch of scan(false)) {
        opts.signal?.throwIfAborted();
        for (const contact of batch) {
          const before = known.get(contact.id);
          if (before === SEEN) continue; // a repeated id: the first line counts
          const hash = recordHash(contact);
          full.add(contact.id, hash);
          known.set(contact.id, SEEN);
          if (before === hash) continue;
          page.push(contact);
          delta.push([contact.id, hash]);
          if (page.length >= pageSize) yield await flush();
        }
        await full.drain();
      }
      const deletedAt = now();
      for (const [id, hash] of known) {
        if (hash === SEEN) continue;
        page.push({ id, deleted: true, tags: [], lists: [], custom: {}, updatedAt: deletedAt });
        delta.push([id, null]);
        if (page.length >= pageSize) yield await flush();
      }
      known.clear();
      const name = await full.commit();
      committed = true;
      yield { records: page, cursor: CURSOR_PREFIX + name, hasMore: false };
    } finally {
      if (!committed) await full.abort();
    }
  }

  /**
   * The file's lookup index, rebuilt by a scan when the file changed behind our back; undefined for
   * files too big to index (lookups then scan).
   */
  async function lookupIndex(): Promise<FileIndex | undefined> {
    const stamp = await fileStamp(path);
    const cached = indexes.get(path);
    if (cached instanceof FileIndex && cached.stamp === stamp) return cached;
    if (cached && !(cached instanceof FileIndex) && cached.tooBig === stamp) return undefined;
    return fileLock(path, async () => {
      const index = new FileIndex();
      for await (const batch of scan()) {
        for (const contact of batch) index.add(contact);
        if (index.size > MAX_INDEXED_RECORDS) {
          indexes.set(path, { tooBig: stamp });
          return undefined;
        }
      }
      index.stamp = stamp;
      indexes.set(path, index);
      return index;
    });
  }

  async function getMany(ids: readonly string[]): Promise<Contact[]> {
    const wanted = new Set(ids);
    const found: Contact[] = [];
    if (wanted.size === 0) return found;
    const index = await lookupIndex();
    if (index) return [...wanted].map((id) => index.get(id)).filter((c): c is Contact => c !== undefined);
    for await (const batch of scan()) {
      for (const contact of batch) if (wanted.has(contact.id)) found.push(contact);
    }
    return found;
  }

  async function findByKey(key: MatchKey, values: readonly string[]): Promise<Map<string, Contact[]>> {
    const wanted = new Set(values.map((v) => normalizeKeyValue(key, v)).filter((v) => v !== undefined));
    let hits: Contact[] = [];
    const index = wanted.size > 0 ? await lookupIndex() : undefined;
    if (index) hits = index.find(key, wanted);
    else if (wanted.size > 0) {
      for await (const batch of scan()) {
        for (const contact of batch) if (matchValuesOf(contact, key).some((v) => wanted.has(v))) hits.push(contact);
      }
    }
    return groupByKey(key, values, hits);
  }

  async function upsertBatch(writes: readonly ContactWrite[], idempotencyKey: string): Promise<WriteResult[]> {
    if (writes.length > app.batchLimit) {
      throw new UserError('E_BATCH_TOO_LARGE', `${app.name} takes at most ${app.batchLimit} records per batch, got ${writes.length}.`);
    }
    return fileLock(path, () => rewrite(writes, idempotencyKey));
  }

  async function rewrite(writes: readonly ContactWrite[], idempotencyKey: string): Promise<WriteResult[]> {
    const stamp = now();
    const plan = writes.map((w, i) => ({ w, i, id: w.id ?? createdRecordId(idempotencyKey, w.ref, i), create: w.id === undefined }));
    const byId = new Map<string, typeof plan>();
    for (const p of plan) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
    const results: WriteResult[] = new Array(writes.length);
    const paths = [...new Set(writes.flatMap((w) => Object.keys(w.fields)))];

    /** Applies the writes for one id to `start`; fills their results; returns the new record or undefined. */
    const applyAll = (start: Contact, entries: typeof plan, createdNow: boolean): Contact | undefined => {
      let current = start;
      const okIdx: typeof plan = [];
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
    const wasIndexed = indexes.get(path) instanceof FileIndex;
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
        indexes.set(path, index);
      } else {
        indexes.delete(path);
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
    plan: { w: ContactWrite; i: number; id: string; create: boolean }[],
    paths: string[],
    tmp: string,
    applyAll: (start: Contact, entries: typeof plan, createdNow: boolean) => Contact | undefined,
  ): Promise<boolean> {
    if (!plan.every((p) => p.create)) return false;
    const stamp = await fileStamp(path);
    const cached = indexes.get(path);
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
    indexes.set(path, nextIndex);
    return true;
  }

  async function fieldCatalog(): Promise<FieldCatalog> {
    const custom = new Map<string, FieldDef>();
    let n = 0;
    for await (const batch of scan()) {
      for (const contact of batch) {
        for (const [key, value] of Object.entries(contact.custom)) {
          if (custom.has(key) || value === null) continue;
          const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
          custom.set(key, { path: `custom.${key}`, type, label: key, custom: true });
        }
      }
      n += batch.length;
      if (n >= 1000) break;
    }
    return [...app.fields, ...custom.values()];
  }

  async function checkAuth(): Promise<void> {
    // Reading the first records checks the format at once (a csv header, the first json lines).
    const reader = await format.open(path);
    try {
      for await (const _ of reader.records) break;
    } finally {
      await reader.close();
    }
    const folder = dirname(path);
    const exists = await access(folder).then(
      () => true,
      () => false,
    );
    if (!exists) return; // created on the first write
    await access(folder, constants.R_OK | constants.W_OK).catch(() => {
      throw new UserError('E_CONFIG', `Sluice cannot read and write in ${folder}; check its permissions.`);
    });
  }

  return { app, fieldCatalog, checkAuth, changes, getMany, findByKey, upsertBatch };
}
