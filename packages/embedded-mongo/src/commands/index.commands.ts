/**
 * createIndexes, listIndexes, dropIndexes. Building an index over existing documents enforces
 * `unique` on them (E11000 and nothing built when they collide).
 */
import { serialize } from 'bson';
import { normalizeIndexSpec, sameIndex, type IndexSpec } from '../storage/index-spec';
import { type CommandHandler, type Doc } from './command.context';
import { commandError } from './mongo-command.error';

const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.createIndexes);
  const specs = ((cmd.indexes ?? []) as unknown[]).map(normalizeIndexSpec);
  if (specs.length === 0) throw commandError('BadValue', 'Must specify at least one index to create');
  return ctx.store.transaction(() => {
    const { handle, created } = ctx.store.ensureCollection(ctx.db, name);
    const before = handle.indexSpecs().length;
    for (const spec of specs) {
      if (spec.name === '_id_') continue;
      const existing = handle.indexSpecs();
      const sameName = existing.find((s) => s.name === spec.name);
      if (sameName) {
        if (sameIndex(sameName, spec)) continue;
        throw commandError('IndexKeySpecsConflict', `An existing index has the same name as the requested index: ${spec.name}`);
      }
      const sameKey = existing.find((s) => JSON.stringify(s.key) === JSON.stringify(spec.key) && s.name !== '_id_');
      if (sameKey) {
        throw commandError('IndexOptionsConflict', `Index already exists with a different name: ${sameKey.name}`);
      }
      ctx.store.addIndex(handle, spec);
    }
    const after = handle.indexSpecs().length;
    const reply: Doc = { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: after, ok: 1 };
    if (before === after) reply.note = 'all indexes already exist';
    return reply;
  });
};

const listIndexes: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.listIndexes);
  const handle = ctx.store.collection(ctx.db, name);
  if (!handle) throw commandError('NamespaceNotFound', `ns does not exist: ${ctx.db}.${name}`);
  const cursor = (cmd.cursor ?? {}) as { batchSize?: number };
  const docs = handle.indexSpecs().map((s) => serialize(s));
  return ctx.cursors.openReply(`${ctx.db}.${name}`, docs, cursor.batchSize);
};

function matchesTarget(spec: IndexSpec, target: unknown): boolean {
  if (typeof target === 'string') return spec.name === target;
  return JSON.stringify(spec.key) === JSON.stringify(target);
}

const dropIndexes: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.dropIndexes ?? cmd.deleteIndexes);
  const handle = ctx.store.collection(ctx.db, name);
  if (!handle) throw commandError('NamespaceNotFound', `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = handle.indexSpecs().length;
  const target = cmd.index;
  ctx.store.transaction(() => {
    const secondary = handle.indexSpecs().filter((s) => s.name !== '_id_');
    if (target === '*') {
      for (const s of secondary) ctx.store.dropIndex(handle, s.name);
      return;
    }
    const targets = Array.isArray(target) ? target : [target];
    for (const t of targets) {
      if (t === '_id_') throw commandError('InvalidNamespace', 'cannot drop _id index');
      const spec = secondary.find((s) => matchesTarget(s, t));
      if (!spec) throw commandError('IndexNotFound', `index not found with name [${typeof t === 'string' ? t : JSON.stringify(t)}]`);
      ctx.store.dropIndex(handle, spec.name);
    }
  });
  return { nIndexesWas, ok: 1 };
};

export const indexCommands: Record<string, CommandHandler> = { createIndexes, listIndexes, dropIndexes, deleteIndexes: dropIndexes };
