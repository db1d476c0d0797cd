import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import { hashToken, newToken } from './token-hash';

/** A signed-in browser. The token is only returned once, by `create`; the database keeps its hash. */
export interface Session {
  userId: string;
  /** The workspace the session is working in. */
  workspaceId?: string;
  createdAt: number;
  expiresAt: number;
}

interface SessionDoc {
  _id: string;
  userId: string;
  workspaceId?: string;
  createdAt: number;
  /** Date for the TTL index. */
  expiresAt: Date;
}

function toSession(doc: SessionDoc): Session {
  const s: Session = { userId: doc.userId, createdAt: doc.createdAt, expiresAt: doc.expiresAt.getTime() };
  if (doc.workspaceId !== undefined) s.workspaceId = doc.workspaceId;
  return s;
}

/** Sessions (`sessions`), keyed by SHA-256 of the token; a TTL index removes expired ones. */
export class SessionsRepo {
  private readonly coll: Collection<SessionDoc>;

  constructor(db: Db) {
    this.coll = db.collection<SessionDoc>(COLLECTIONS.sessions);
  }

  async create(input: { userId: string; workspaceId?: string; ttlMs: number; now?: number }): Promise<{ token: string; session: Session }> {
    const now = input.now ?? Date.now();
    const { token, hash } = newToken();
    const doc: SessionDoc = { _id: hash, userId: input.userId, createdAt: now, expiresAt: new Date(now + input.ttlMs) };
    if (input.workspaceId !== undefined) doc.workspaceId = input.workspaceId;
    await this.coll.insertOne(doc);
    return { token, session: toSession(doc) };
  }

  /** The live session for this token; null when unknown or expired (the TTL sweep may lag). */
  async find(token: string, now = Date.now()): Promise<Session | null> {
    const doc = await this.coll.findOne({ _id: hashToken(token), expiresAt: { $gt: new Date(now) } });
    return doc ? toSession(doc) : null;
  }

  /** Pushes the expiry out (sliding sessions); false when the session is gone. */
  async extend(token: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    const r = await this.coll.updateOne({ _id: hashToken(token), expiresAt: { $gt: new Date(now) } }, { $set: { expiresAt: new Date(now + ttlMs) } });
    return r.matchedCount === 1;
  }

  async setWorkspace(token: string, workspaceId: string): Promise<boolean> {
    return (await this.coll.updateOne({ _id: hashToken(token) }, { $set: { workspaceId } })).matchedCount === 1;
  }

  /** Signs out this session. */
  async remove(token: string): Promise<void> {
    await this.coll.deleteOne({ _id: hashToken(token) });
  }

  /** Signs the user out everywhere (after a password change). */
  async removeForUser(userId: string): Promise<number> {
    return (await this.coll.deleteMany({ userId })).deletedCount;
  }
}
