import { randomUUID } from 'node:crypto';
import type { ConnectionConfig, ConnectionScope, Direction } from '@sluice/engine';
import { UserError } from '@sluice/core';
import type { Collection, Db, UpdateFilter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { ConnectionVersionsRepo, versionDoc, type VersionAuthor } from './connection-versions.repo';
import { notFound } from './not-found';

/** A saved connection's settings: `sluice.connection/v1` without storage ids; rules usually live in `graphs`. */
export type ConnectionSettings = Omit<ConnectionConfig, 'id' | 'version' | 'rules'> & { rules?: ConnectionConfig['rules'] };

/** Which saved graph version a direction runs. */
export interface GraphPointer {
  graphId: string;
  version: number;
}

/** `draft` until first started; `active` is scheduled by the workers; `paused` is left alone. */
export type ConnectionStatus = 'draft' | 'active' | 'paused';

export interface ConnectionRecord {
  id: string;
  workspaceId: string;
  name: string;
  settings: ConnectionSettings;
  graphs: Partial<Record<Direction, GraphPointer>>;
  status: ConnectionStatus;
  /** Bumps on every change of settings or graph pointers. */
  version: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * Stored connection. `settings` is JSON text: it holds keys that are dotted field paths
 * (`conflict.fields`) and connector configs that are not ours to constrain.
 */
interface ConnectionDoc {
  _id: string;
  workspaceId: string;
  name: string;
  settings: string;
  /** Connector ids of side A and B, for listing without parsing. */
  apps: { a: string; b: string };
  credentialIds: string[];
  graphs: Partial<Record<Direction, GraphPointer>>;
  status: ConnectionStatus;
  version: number;
  createdAt: number;
  updatedAt: number;
}

function toRecord(doc: ConnectionDoc): ConnectionRecord {
  return {
    id: doc._id,
    workspaceId: doc.workspaceId,
    name: doc.name,
    settings: JSON.parse(doc.settings) as ConnectionSettings,
    graphs: doc.graphs ?? {},
    status: doc.status,
    version: doc.version,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

function derived(settings: ConnectionSettings): Pick<ConnectionDoc, 'settings' | 'apps' | 'credentialIds'> {
  const credentialIds = [settings.apps.a.credentialId, settings.apps.b.credentialId].filter((c): c is string => typeof c === 'string');
  return { settings: JSON.stringify(settings), apps: { a: settings.apps.a.connector, b: settings.apps.b.connector }, credentialIds };
}

/**
 * Connections (`connections`): settings, status, and pointers to graph versions. Every change of
 * settings or graph pointers is also kept as a version (`connection_versions`), with its author when
 * the caller names one; the state found before the first kept change is kept as its baseline.
 */
export class ConnectionsRepo {
  private readonly coll: Collection<ConnectionDoc>;
  readonly versions: ConnectionVersionsRepo;

  constructor(db: Db) {
    this.coll = db.collection<ConnectionDoc>(COLLECTIONS.connections);
    this.versions = new ConnectionVersionsRepo(db);
  }

  private async keepVersion(doc: ConnectionDoc, author: VersionAuthor, change: NonNullable<VersionAuthor['change']>): Promise<void> {
    await this.versions.keep(
      versionDoc(doc.workspaceId, {
        connectionId: doc._id,
        version: doc.version,
        at: doc.updatedAt,
        by: author.by,
        change: author.change ?? change,
        note: author.note,
        name: doc.name,
        settings: doc.settings,
        graphs: doc.graphs ?? {},
      }),
    );
  }

  /** Keeps the state before a change (once: the first time versions are kept for it), then the state after. */
  private async keepChange(before: ConnectionDoc, after: ConnectionDoc, author: VersionAuthor, change: NonNullable<VersionAuthor['change']>): Promise<void> {
    await this.keepVersion(before, {}, 'baseline');
    await this.keepVersion(after, author, change);
  }

  async create(
    workspaceId: string,
    input: { settings: ConnectionSettings; graphs?: Partial<Record<Direction, GraphPointer>>; status?: ConnectionStatus; now?: number; author?: VersionAuthor },
  ): Promise<ConnectionRecord> {
    const now = input.now ?? Date.now();
    const doc: ConnectionDoc = {
      _id: randomUUID(),
      workspaceId,
      name: input.settings.name,
      ...derived(input.settings),
      graphs: input.graphs ?? {},
      status: input.status ?? 'draft',
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.coll.insertOne(doc);
    await this.keepVersion(doc, input.author ?? {}, 'created');
    return toRecord(doc);
  }

  async get(workspaceId: string, id: string): Promise<ConnectionRecord | null> {
    const doc = await this.coll.findOne({ workspaceId, _id: id });
    return doc ? toRecord(doc) : null;
  }

  /** Every connection of the workspace, by name. */
  async list(workspaceId: string): Promise<ConnectionRecord[]> {
    const docs = await this.coll.find({ workspaceId }).sort({ name: 1 }).toArray();
    return docs.map(toRecord);
  }

  /**
   * Saves new settings and/or graph pointers and bumps `version`. With `expectedVersion`, refuses
   * (`E_VERSION_CONFLICT`) when someone saved in between.
   */
  async update(
    workspaceId: string,
    id: string,
    patch: { settings?: ConnectionSettings; graphs?: Partial<Record<Direction, GraphPointer>>; expectedVersion?: number; now?: number; author?: VersionAuthor },
  ): Promise<ConnectionRecord> {
    const set: Partial<ConnectionDoc> = { updatedAt: patch.now ?? Date.now() };
    if (patch.settings) Object.assign(set, { name: patch.settings.name, ...derived(patch.settings) });
    if (patch.graphs) set.graphs = patch.graphs;
    const filter = patch.expectedVersion === undefined ? { workspaceId, _id: id } : { workspaceId, _id: id, version: patch.expectedVersion };
    // The state before, to keep it as the baseline when no version of it was kept yet.
    const before = await this.coll.findOneAndUpdate(filter, { $set: set, $inc: { version: 1 } }, { returnDocument: 'before' });
    if (before) {
      const after: ConnectionDoc = { ...before, ...set, version: before.version + 1 };
      await this.keepChange(before, after, patch.author ?? {}, patch.settings ? 'settings' : 'rules');
      return toRecord(after);
    }
    if (patch.expectedVersion !== undefined && (await this.coll.countDocuments({ workspaceId, _id: id })) === 1) {
      throw new UserError('E_VERSION_CONFLICT', 'This connection was changed by someone else meanwhile. Reload it and apply your change again.');
    }
    throw notFound('connection', id);
  }

  /** Points one direction at a graph version (or at none: everything syncs). */
  async setGraph(workspaceId: string, id: string, direction: Direction, pointer: GraphPointer | null, now = Date.now(), author: VersionAuthor = {}): Promise<ConnectionRecord> {
    const update: UpdateFilter<ConnectionDoc> = pointer
      ? { $set: { [`graphs.${direction}`]: pointer, updatedAt: now }, $inc: { version: 1 } }
      : { $unset: { [`graphs.${direction}`]: '' as const }, $set: { updatedAt: now }, $inc: { version: 1 } };
    const before = await this.coll.findOneAndUpdate({ workspaceId, _id: id }, update, { returnDocument: 'before' });
    if (!before) throw notFound('connection', id);
    const graphs = { ...before.graphs };
    if (pointer) graphs[direction] = pointer;
    else delete graphs[direction];
    const after: ConnectionDoc = { ...before, graphs, updatedAt: now, version: before.version + 1 };
    await this.keepChange(before, after, author, 'rules');
    return toRecord(after);
  }

  /** Starts, pauses or resumes (does not bump `version`: settings did not change). */
  async setStatus(workspaceId: string, id: string, status: ConnectionStatus, now = Date.now()): Promise<boolean> {
    return (await this.coll.updateOne({ workspaceId, _id: id }, { $set: { status, updatedAt: now } })).matchedCount === 1;
  }

  /** Deletes the connection and its versions. */
  async remove(workspaceId: string, id: string): Promise<boolean> {
    const removed = (await this.coll.deleteOne({ workspaceId, _id: id })).deletedCount === 1;
    await this.versions.removeAll(workspaceId, id);
    return removed;
  }

  /** Ids of the workspace's connections that use a credential (before deleting it). */
  async usingCredential(workspaceId: string, credentialId: string): Promise<string[]> {
    const docs = await this.coll.find({ workspaceId, credentialIds: credentialId }, { projection: { _id: 1 } }).toArray();
    return docs.map((d) => d._id);
  }

  /**
   * Every connection in every workspace with a side on one of these apps. A cross-workspace read,
   * like `listActiveScopes`: only for moving files into per-workspace folders at start-up.
   */
  async listUsingApps(appIds: readonly string[]): Promise<ConnectionRecord[]> {
    const docs = await this.coll.find({ $or: [{ 'apps.a': { $in: [...appIds] } }, { 'apps.b': { $in: [...appIds] } }] }).toArray();
    return docs.map(toRecord);
  }

  /**
   * Every `active` connection in every workspace, as scopes: for the scheduler that hands
   * connections to workers (it returns ids only).
   */
  async listActiveScopes(): Promise<ConnectionScope[]> {
    const docs = await this.coll.find({ status: 'active' }, { projection: { _id: 1, workspaceId: 1 } }).toArray();
    return docs.map((d) => ({ workspaceId: d.workspaceId, connectionId: d._id }));
  }
}
