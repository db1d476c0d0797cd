import type { Collection, Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** A member's role, most to least powerful; what each may do is the API's (docs/security.md, "Roles"). */
export type MemberRole = 'owner' | 'admin' | 'editor' | 'viewer';

/** Every role, least powerful first. */
export const MEMBER_ROLES: readonly MemberRole[] = ['viewer', 'editor', 'admin', 'owner'];

/** A user's place in a workspace. */
export interface Member {
  workspaceId: string;
  userId: string;
  role: MemberRole;
  joinedAt: number;
}

const PROJECTION = { _id: 0, workspaceId: 1, userId: 1, role: 1, joinedAt: 1 } as const;

/** Who belongs to which workspace (`members`), unique (workspaceId, userId). */
export class MembersRepo {
  private readonly coll: Collection<Member>;

  constructor(db: Db) {
    this.coll = db.collection<Member>(COLLECTIONS.members);
  }

  /** Adds the user, or changes the role of a user already in the workspace. */
  async add(workspaceId: string, userId: string, role: MemberRole, now = Date.now()): Promise<Member> {
    await this.coll.updateOne(
      { workspaceId, userId },
      { $set: { role }, $setOnInsert: { workspaceId, userId, joinedAt: now } },
      { upsert: true },
    );
    return (await this.get(workspaceId, userId))!;
  }

  async get(workspaceId: string, userId: string): Promise<Member | null> {
    return this.coll.findOne({ workspaceId, userId }, { projection: PROJECTION });
  }

  /** Members, oldest first. */
  async list(workspaceId: string): Promise<Member[]> {
    return this.coll.find({ workspaceId }, { projection: PROJECTION }).sort({ joinedAt: 1 }).toArray();
  }

  /** The workspace's owner (there is one). */
  async owner(workspaceId: string): Promise<Member | null> {
    return this.coll.findOne({ workspaceId, role: 'owner' }, { projection: PROJECTION });
  }

  /** Changes the role of an existing member; false when they are not in the workspace. */
  async setRole(workspaceId: string, userId: string, role: MemberRole): Promise<boolean> {
    return (await this.coll.updateOne({ workspaceId, userId }, { $set: { role } })).matchedCount === 1;
  }

  async remove(workspaceId: string, userId: string): Promise<boolean> {
    return (await this.coll.deleteOne({ workspaceId, userId })).deletedCount === 1;
  }

  /** The user's memberships across workspaces (to pick one after signing in). */
  async workspacesOf(userId: string): Promise<Member[]> {
    return this.coll.find({ userId }, { projection: PROJECTION }).sort({ joinedAt: 1 }).toArray();
  }
}
