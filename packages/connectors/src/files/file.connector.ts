import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Contact, FieldCatalog, FieldDef } from '@sluice/graph';
import { isUserErrorCode, UserError } from '@sluice/core';
import type { AppDescription, Connector, ConnectorContext, ContactWrite, MatchKey, WriteResult } from '@sluice/engine';
import { groupByKey, matchValuesOf, normalizeKeyValue } from '../sdk/match-value';
import { createFileChanges } from './file-changes';
import { parseFileConfig } from './file-config';
import { type FileEntry, type FileFormat, isUnreadable } from './file-format';
import { FileIndex, buildFileIndex, fileStamp } from './file-index';
import { createFileRewriter } from './file-rewrite';
import { ValuesSeen } from './values-seen';
import { FileSnapshots } from './file-snapshots';
import { fileIndexes, fileLock } from './file-state';

export { parseFileConfig, type FileConnectorConfig } from './file-config';

/** How many records `checkAuth` reads: when all are unreadable, the file is refused. */
const FIRST_RECORDS = 20;

/**
 * A connector over a contacts file (the jsonl and csv apps share it; `format` reads and writes the
 * lines). Reads stream the file; `changes` reports what changed since the cursor (`createFileChanges`);
 * lookups use an in-memory index of the file (`FileIndex`); writes rewrite the file atomically under a
 * per-file lock (`createFileRewriter`).
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
  const rewrite = createFileRewriter(app, format, path, now);

  /** Every readable record of the file once (a repeated id: the first one counts), in batches. */
  async function* scan(): AsyncGenerator<Contact[]> {
    const seen = new Set<string>();
    const reader = await format.open(path);
    for await (const batch of reader.records) {
      const out: Contact[] = [];
      for (const entry of batch) {
        if (isUnreadable(entry) || seen.has(entry.contact.id)) continue;
        seen.add(entry.contact.id);
        out.push(entry.contact);
      }
      yield out;
    }
  }

  /** Every line or row of the file, unreadable ones included, repeats left to the caller. */
  async function* entries(): AsyncGenerator<FileEntry[]> {
    const reader = await format.open(path);
    try {
      yield* reader.records;
    } finally {
      await reader.close();
    }
  }

  /**
   * The file's lookup index, rebuilt by a scan when the file changed behind our back; undefined for
   * files too big to index (lookups then scan).
   */
  async function lookupIndex(): Promise<FileIndex | undefined> {
    const stamp = await fileStamp(path);
    const cached = fileIndexes.get(path);
    if (cached instanceof FileIndex && cached.stamp === stamp) return cached;
    if (cached && !(cached instanceof FileIndex) && cached.tooBig === stamp) return undefined;
    return fileLock(path, async () => {
      const index = await buildFileIndex(format, path, stamp);
      fileIndexes.set(path, index ?? { tooBig: stamp });
      return index;
    });
  }

  const changes = createFileChanges(format, path, snapshots, now, entries);

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

  async function fieldCatalog(): Promise<FieldCatalog> {
    const custom = new Map<string, FieldDef>();
    // Every column an export's header names is a field, filled or not, labelled as in its header.
    const header = await format.open(path);
    await header.close();
    for (const field of header.fields ?? []) custom.set(field.path.slice('custom.'.length), field);
    const labelOf = (key: string) => header.labelOf?.(key) ?? key;
    const seen = new Map<string, ValuesSeen>();
    let n = 0;
    for await (const batch of scan()) {
      for (const contact of batch) {
        for (const [key, value] of Object.entries(contact.custom)) {
          if (value === null) continue;
          if (typeof value === 'string') (seen.get(key) ?? seen.set(key, new ValuesSeen()).get(key)!).add(value);
          if (custom.has(key)) continue;
          const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
          custom.set(key, { path: `custom.${key}`, type, label: labelOf(key), custom: true });
        }
      }
      n += batch.length;
      if (n >= 1000) break;
    }
    const fields: FieldDef[] = [];
    for (const [key, field] of custom) {
      const options = field.type === 'string' ? seen.get(key)?.asOptions() : undefined;
      fields.push(options ? { ...field, options } : field);
    }
    return [...app.fields, ...fields];
  }

  async function checkAuth(): Promise<void> {
    // Reading the first records checks the format at once (a csv header, the first json lines). A
    // file whose first records are all unreadable is most likely not a contacts file of this format
    // (a csv given to the jsonl app): refused. A few bad lines among good ones are not: they are
    // reported per line by `changes`.
    const reader = await format.open(path);
    try {
      const first: FileEntry[] = [];
      for await (const batch of reader.records) {
        first.push(...batch.slice(0, FIRST_RECORDS - first.length));
        if (first.length >= FIRST_RECORDS) break;
      }
      const bad = first.find(isUnreadable);
      if (bad && first.every(isUnreadable)) throw new UserError(isUserErrorCode(bad.failure.code) ? bad.failure.code : 'E_FILE_FORMAT', bad.failure.message);
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
