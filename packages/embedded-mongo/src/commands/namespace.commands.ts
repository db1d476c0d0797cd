/**
 * Databases and collections: listDatabases, listCollections, create, drop, renameCollection,
 * dropDatabase, dbStats.
 */
import { serialize } from 'bson';
import { compileMatcher } from '../query/filter.matcher';
import { type CommandHandler, type Doc } from './command.context';
import { commandError } from './mongo-command.error';

const listDatabases: CommandHandler = (cmd, ctx) => {
  const filter = (cmd.filter ?? {}) as Doc;
  const query = compileMatcher(filter);
  const size = ctx.store.sizeOnDisk();
  const databases = ctx.store
    .databaseNames()
    .map((name) => ({ name, sizeOnDisk: Math.max(1, Math.round(size / Math.max(1, ctx.store.databaseNames().length))), empty: false }))
    .filter((d) => query(d));
  if (cmd.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  return { databases, totalSize: size, totalSizeMb: Math.round(size / 1048576), ok: 1 };
};

const listCollections: CommandHandler = (cmd, ctx) => {
  const filter = (cmd.filter ?? {}) as Doc;
  const query = compileMatcher(filter);
  const infos = ctx.store.collectionNames(ctx.db).sort().map((name) => {
    const handle = ctx.store.collection(ctx.db, name)!;
    return {
      name,
      type: 'collection',
      options: ctx.store.collectionOptions(handle),
      info: { readOnly: false },
      idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
    };
  });
  const docs = infos.filter((i) => query(i)).map((i) => (cmd.nameOnly === true ? { name: i.name, type: i.type } : i));
  const cursor = (cmd.cursor ?? {}) as { batchSize?: number };
  return ctx.cursors.openReply(`${ctx.db}.$cmd.listCollections`, docs.map((d) => serialize(d)), cursor.batchSize);
};

const create: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.create);
  if (ctx.store.collection(ctx.db, name)) throw commandError('NamespaceExists', `Collection ${ctx.db}.${name} already exists.`);
  const { create: _c, $db: _d, lsid: _l, $clusterTime: _t, writeConcern: _w, ...options } = cmd;
  ctx.store.transaction(() => ctx.store.ensureCollection(ctx.db, name, options));
  return { ok: 1 };
};

const drop: CommandHandler = (cmd, ctx) => {
  const name = String(cmd.drop);
  const handle = ctx.store.collection(ctx.db, name);
  const nIndexesWas = handle ? handle.indexSpecs().length : 0;
  ctx.store.transaction(() => ctx.store.dropCollection(ctx.db, name));
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
};

/** `db.name` split at its first dot, as MongoDB names namespaces. */
function namespace(value: unknown, what: string): { db: string; name: string } {
  const ns = typeof value === 'string' ? value : '';
  const dot = ns.indexOf('.');
  if (dot <= 0 || dot === ns.length - 1) throw commandError('InvalidNamespace', `Invalid ${what} namespace: ${ns}`);
  return { db: ns.slice(0, dot), name: ns.slice(dot + 1) };
}

/** renameCollection (manual: https://www.mongodb.com/docs/manual/reference/command/renameCollection/), with `dropTarget`. */
const renameCollection: CommandHandler = (cmd, ctx) => {
  const from = namespace(cmd.renameCollection, 'source');
  const to = namespace(cmd.to, 'target');
  ctx.store.transaction(() => ctx.store.renameCollection(from, to, cmd.dropTarget === true));
  return { ok: 1 };
};

const dropDatabase: CommandHandler = (_cmd, ctx) => {
  ctx.store.transaction(() => ctx.store.dropDatabase(ctx.db));
  return { dropped: ctx.db, ok: 1 };
};

const dbStats: CommandHandler = (_cmd, ctx) => {
  const handles = ctx.store.collectionNames(ctx.db).map((n) => ctx.store.collection(ctx.db, n)!);
  const objects = handles.reduce((s, h) => s + h.count(), 0);
  const indexes = handles.reduce((s, h) => s + h.indexSpecs().length, 0);
  return { db: ctx.db, collections: handles.length, views: 0, objects, indexes, dataSize: 0, storageSize: 0, ok: 1 };
};

export const namespaceCommands: Record<string, CommandHandler> = {
  listDatabases,
  listCollections,
  create,
  drop,
  renameCollection,
  dropDatabase,
  dbStats,
};
