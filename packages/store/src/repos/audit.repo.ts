import { randomUUID } from 'node:crypto';
import type { Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** Who did it: a person (as they were named then), or Sluice itself (a worker, a migration). */
export type AuditActor = { type: 'user'; id: string; email: string; name: string } | { type: 'system'; name: string };

/** What kind of thing an entry is about. */
export const AUDIT_TARGETS = ['connection', 'credential', 'member', 'invitation', 'workspace', 'alerts', 'record'] as const;
export type AuditTargetType = (typeof AUDIT_TARGETS)[number];

export interface AuditTarget {
  type: AuditTargetType;
  id: string;
  /** Its name at the time (a connection's name, a credential's label, a person's email). */
  name?: string;
}

/** One line of the audit log, as written and as read back. */
export interface AuditEntry {
  /** Sorts in time order (the time in base 36, then a random part). */
  id: string;
  /** Epoch ms. */
  at: number;
  actor: AuditActor;
  /** `connection.updated`, `member.roleChanged`, … (docs/go-live.md lists them). */
  action: string;
  target: AuditTarget;
  /** The entry in one sentence, as the audit page shows it. */
  summary: string;
  /** Machine-readable particulars (never a secret): a version number, a role, the changes. */
  details?: Record<string, unknown>;
}

export type AuditInput = Omit<AuditEntry, 'id' | 'at'>;

interface AuditDoc extends Omit<AuditEntry, 'id'> {
  _id: string;
  workspaceId: string;
  /** `at` as a date, for the retention's TTL index. */
  date: Date;
}

const PROJECTION = { workspaceId: 0, date: 0 } as const;

function toEntry(doc: AuditDoc): AuditEntry {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

/** A time-ordered id: 9 base-36 digits of the time (good until the year 5138), then a random part. */
export function auditId(at: number): string {
  return `${Math.max(0, Math.floor(at)).toString(36).padStart(9, '0')}-${randomUUID()}`;
}

/**
 * The audit log (`audit_log`): who changed what in a workspace, and when. Append-only: this
 * repository can add entries and read them, nothing else; entries leave only through the retention's
 * TTL index (`date`). Every read filters on the workspace.
 */
export class AuditRepo {
  private readonly coll: Collection<AuditDoc>;

  constructor(db: Db) {
    this.coll = db.collection<AuditDoc>(COLLECTIONS.auditLog);
  }

  /** Adds one entry at `now` (the caller's clock). */
  async append(workspaceId: string, input: AuditInput, now: number): Promise<AuditEntry> {
    const doc: AuditDoc = { _id: auditId(now), workspaceId, at: now, date: new Date(now), ...structuredClone(input) };
    await this.coll.insertOne(doc);
    return toEntry(doc);
  }

  /** One page, newest first, with the number of entries that match. */
  async page(workspaceId: string, query: { page: number; pageSize: number; targetType?: AuditTargetType; targetId?: string; connectionId?: string }): Promise<{ entries: AuditEntry[]; total: number }> {
    const filter = this.filter(workspaceId, query);
    const [docs, total] = await Promise.all([
      this.coll
        .find(filter, { projection: PROJECTION })
        .sort({ _id: -1 })
        .skip(query.page * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      this.coll.countDocuments(filter),
    ]);
    return { entries: docs.map(toEntry), total };
  }

  /** Entries oldest first after the entry `after` (exclusive), at most `limit`: for exports, which walk the whole log. */
  async after(workspaceId: string, after: string | undefined, limit: number): Promise<AuditEntry[]> {
    const filter: Filter<AuditDoc> = after === undefined ? { workspaceId } : { workspaceId, _id: { $gt: after } };
    const docs = await this.coll.find(filter, { projection: PROJECTION }).sort({ _id: 1 }).limit(limit).toArray();
    return docs.map(toEntry);
  }

  private filter(workspaceId: string, query: { targetType?: AuditTargetType; targetId?: string; connectionId?: string }): Filter<AuditDoc> {
    const filter: Filter<AuditDoc> = { workspaceId };
    if (query.targetType !== undefined) filter['target.type'] = query.targetType;
    if (query.targetId !== undefined) filter['target.id'] = query.targetId;
    // A connection's entries: those about it, and those about one of its records (which name it in details).
    if (query.connectionId !== undefined) filter.$or = [{ 'target.type': 'connection', 'target.id': query.connectionId }, { 'details.connectionId': query.connectionId }];
    return filter;
  }
}
