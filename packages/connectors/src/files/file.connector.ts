import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Contact, FieldCatalog, FieldDef } from '@sluice/graph';
import { UserError } from '@sluice/graph';
import type { AppDescription, Connector, ConnectorContext, ContactWrite, MatchKey, WriteResult } from '@sluice/engine';
import { groupByKey, matchValuesOf, normalizeKeyValue } from '../sdk/match-value';
import { createFileChanges } from './file-changes';
import { parseFileConfig } from './file-config';
import type { FileFormat } from './file-format';
import { FileIndex, MAX_INDEXED_RECORDS, fileStamp } from './file-index';
import { createFileRewriter } from './file-rewrite';
import { FileSnapshots } from './file-snapshots';
import { fileIndexes, fileLock } from './file-state';

export { parseFileConfig, type FileConnectorConfig } from './file-config';

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
      const index = new FileIndex();
      for await (const batch of scan()) {
        for (const contact of batch) index.add(contact);
        if (index.size > MAX_INDEXED_RECORDS) {
          fileIndexes.set(path, { tooBig: stamp });
          return undefined;
        }
      }
      index.stamp = stamp;
      fileIndexes.set(path, index);
      return index;
    });
  }

  const changes = createFileChanges(format, path, snapshots, now, () => scan(false));

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
