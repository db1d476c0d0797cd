import { randomUUID } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import type { MemberRole } from './members.repo';
import { hashToken, newToken } from './token-hash';
import { normalizeUserEmail } from './users.repo';

/** An open invitation to join a workspace (the token itself is only ever returned by `create`). */
export interface Invitation {
  id: string;
  workspaceId: string;
  email: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: number;
  expiresAt: number;
}

interface InvitationDoc {
  _id: string;
  workspaceId: string;
  tokenHash: string;
  email: string;
  role: MemberRole;
  invitedBy: string;
  createdAt: number;
  /** Date for the TTL index. */
  expiresAt: Date;
}

function toInvitation(doc: InvitationDoc): Invitation {
  return { id: doc._id, workspaceId: doc.workspaceId, email: doc.email, role: doc.role, invitedBy: doc.invitedBy, createdAt: doc.createdAt, expiresAt: doc.expiresAt.getTime() };
}

/** Invitations (`invitations`): stored by token hash, removed by a TTL index once expired. */
export class InvitationsRepo {
  private readonly coll: Collection<InvitationDoc>;

  constructor(db: Db) {
    this.coll = db.collection<InvitationDoc>(COLLECTIONS.invitations);
  }

  /** Stores an invitation; the returned `token` goes in the invitation link and is not kept. */
  async create(
    workspaceId: string,
    input: { email: string; role: MemberRole; invitedBy: string; ttlMs?: number; now?: number },
  ): Promise<{ token: string; invitation: Invitation }> {
    const now = input.now ?? Date.now();
    const { token, hash } = newToken();
    const doc: InvitationDoc = {
      _id: randomUUID(),
      workspaceId,
      tokenHash: hash,
      email: normalizeUserEmail(input.email),
      role: input.role,
      invitedBy: input.invitedBy,
      createdAt: now,
      expiresAt: new Date(now + (input.ttlMs ?? 7 * 24 * 3600_000)),
    };
    await this.coll.insertOne(doc);
    return { token, invitation: toInvitation(doc) };
  }

  /** Open invitations of the workspace, newest first. */
  async list(workspaceId: string, now = Date.now()): Promise<Invitation[]> {
    const docs = await this.coll.find({ workspaceId, expiresAt: { $gt: new Date(now) } }).sort({ createdAt: -1 }).toArray();
    return docs.map(toInvitation);
  }

  async revoke(workspaceId: string, id: string): Promise<boolean> {
    return (await this.coll.deleteOne({ workspaceId, _id: id })).deletedCount === 1;
  }

  /** What the token invites to, without using it up; null when unknown or expired. */
  async peek(token: string, now = Date.now()): Promise<Invitation | null> {
    const doc = await this.coll.findOne({ tokenHash: hashToken(token), expiresAt: { $gt: new Date(now) } });
    return doc ? toInvitation(doc) : null;
  }

  /** Uses the invitation up (atomically: a token works once); null when unknown or expired. */
  async accept(token: string, now = Date.now()): Promise<Invitation | null> {
    const doc = await this.coll.findOneAndDelete({ tokenHash: hashToken(token), expiresAt: { $gt: new Date(now) } });
    return doc ? toInvitation(doc) : null;
  }
}
