import { randomUUID } from 'node:crypto';
import { UserError, normalizeEmail } from '@sluice/core';
import { MongoServerError, type Collection, type Db } from 'mongodb';
import { COLLECTIONS } from '../collection-names';

/** A user account as the application sees it (no password hash). */
export interface User {
  id: string;
  /** Trimmed and lower-cased; unique. */
  email: string;
  name: string;
  createdAt: number;
}

interface UserDoc {
  _id: string;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: number;
}

function toUser(doc: UserDoc): User {
  return { id: doc._id, email: doc.email, name: doc.name, createdAt: doc.createdAt };
}

/**
 * An account's email as stored and looked up: the one email rule of `@sluice/core` (trimmed,
 * lower-cased, NFC; the API accepts only ASCII addresses, so NFC changes no stored account). Pure.
 */
export function normalizeUserEmail(email: string): string {
  return normalizeEmail(email) ?? '';
}

/**
 * Accounts (`users`). Users are not inside a workspace (one person may belong to several), so these
 * methods are keyed by user id or email; workspace access goes through `members`.
 */
export class UsersRepo {
  private readonly coll: Collection<UserDoc>;

  constructor(db: Db) {
    this.coll = db.collection<UserDoc>(COLLECTIONS.users);
  }

  /** Creates an account; `UserError('E_EMAIL_TAKEN')` when the email is already registered. */
  async create(input: { email: string; name: string; passwordHash: string; now?: number }): Promise<User> {
    const doc: UserDoc = { _id: randomUUID(), email: normalizeUserEmail(input.email), name: input.name.trim(), passwordHash: input.passwordHash, createdAt: input.now ?? Date.now() };
    try {
      await this.coll.insertOne(doc);
    } catch (e) {
      if (e instanceof MongoServerError && e.code === 11000) {
        throw new UserError('E_EMAIL_TAKEN', `An account for ${doc.email} already exists.`);
      }
      throw e;
    }
    return toUser(doc);
  }

  async get(id: string): Promise<User | null> {
    const doc = await this.coll.findOne({ _id: id });
    return doc ? toUser(doc) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const doc = await this.coll.findOne({ email: normalizeUserEmail(email) });
    return doc ? toUser(doc) : null;
  }

  /** The user and the stored password hash, for signing in only. */
  async findForSignIn(email: string): Promise<{ user: User; passwordHash: string } | null> {
    const doc = await this.coll.findOne({ email: normalizeUserEmail(email) });
    return doc ? { user: toUser(doc), passwordHash: doc.passwordHash } : null;
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<boolean> {
    return (await this.coll.updateOne({ _id: id }, { $set: { passwordHash } })).matchedCount === 1;
  }

  async rename(id: string, name: string): Promise<boolean> {
    return (await this.coll.updateOne({ _id: id }, { $set: { name: name.trim() } })).matchedCount === 1;
  }

  /** How many accounts exist (0 on a fresh install: offer "create your account"). */
  async count(): Promise<number> {
    return this.coll.countDocuments({});
  }
}
