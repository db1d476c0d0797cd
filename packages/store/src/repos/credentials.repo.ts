import { randomUUID } from 'node:crypto';
import { isUserError } from '@sluice/core';
import type { Collection, Db, Filter } from 'mongodb';
import { COLLECTIONS } from '../collection-names';
import type { CredentialVault, SealedSecret } from '../vault/credential.vault';
import { notFound } from './not-found';

export type CredentialStatus = 'unchecked' | 'ok' | 'rejected';

/** What callers may see of a credential: everything but the secret. */
export interface CredentialInfo {
  id: string;
  workspaceId: string;
  /** Connector id (`pipedrive`, `hubspot`...). */
  app: string;
  label: string;
  status: CredentialStatus;
  /** Epoch ms of the last check against the app. */
  checkedAt?: number;
  /** Names of the secret's fields (`apiKey`, `accessToken`...), never their values. */
  fields: string[];
  keyId: string;
  createdAt: number;
  updatedAt: number;
}

interface CredentialDoc extends Omit<CredentialInfo, 'id'> {
  _id: string;
  secret: SealedSecret;
}

const INFO_PROJECTION = { secret: 0 } as const;

function toInfo(doc: Omit<CredentialDoc, 'secret'> & { secret?: SealedSecret }): CredentialInfo {
  const info: CredentialInfo = {
    id: doc._id,
    workspaceId: doc.workspaceId,
    app: doc.app,
    label: doc.label,
    status: doc.status,
    fields: doc.fields,
    keyId: doc.secret?.keyId ?? doc.keyId,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
  if (doc.checkedAt !== undefined) info.checkedAt = doc.checkedAt;
  return info;
}

/** Binds a ciphertext to its document: moved to another credential or workspace, it will not open. */
function aadOf(workspaceId: string, id: string): string {
  return `credentials/${workspaceId}/${id}`;
}

/**
 * Encrypted credentials (`credentials`). Secrets go in sealed with the vault and only
 * `revealForEngine` gives them back; every other method returns metadata.
 */
export class CredentialsRepo {
  private readonly coll: Collection<CredentialDoc>;

  constructor(
    db: Db,
    private readonly vault: CredentialVault,
  ) {
    this.coll = db.collection<CredentialDoc>(COLLECTIONS.credentials);
  }

  async create(
    workspaceId: string,
    input: { app: string; label: string; secret: Record<string, string>; status?: CredentialStatus; checkedAt?: number; now?: number },
  ): Promise<CredentialInfo> {
    const now = input.now ?? Date.now();
    const id = randomUUID();
    const secret = this.vault.seal(JSON.stringify(input.secret), aadOf(workspaceId, id));
    const doc: CredentialDoc = {
      _id: id,
      workspaceId,
      app: input.app,
      label: input.label,
      status: input.status ?? 'unchecked',
      fields: Object.keys(input.secret).sort(),
      keyId: secret.keyId,
      secret,
      createdAt: now,
      updatedAt: now,
    };
    if (input.checkedAt !== undefined) doc.checkedAt = input.checkedAt;
    await this.coll.insertOne(doc);
    return toInfo(doc);
  }

  async get(workspaceId: string, id: string): Promise<CredentialInfo | null> {
    const doc = await this.coll.findOne({ workspaceId, _id: id }, { projection: INFO_PROJECTION });
    return doc ? toInfo(doc) : null;
  }

  /** Newest first, optionally for one app. */
  async list(workspaceId: string, options: { app?: string } = {}): Promise<CredentialInfo[]> {
    const filter: Filter<CredentialDoc> = options.app === undefined ? { workspaceId } : { workspaceId, app: options.app };
    const docs = await this.coll.find(filter, { projection: INFO_PROJECTION }).sort({ createdAt: -1 }).toArray();
    return docs.map(toInfo);
  }

  /** Stores a new secret (reauthorisation, refreshed OAuth tokens); `E_NOT_FOUND` when absent. */
  async replaceSecret(workspaceId: string, id: string, secret: Record<string, string>, now = Date.now()): Promise<CredentialInfo> {
    const sealed = this.vault.seal(JSON.stringify(secret), aadOf(workspaceId, id));
    const doc = await this.coll.findOneAndUpdate(
      { workspaceId, _id: id },
      { $set: { secret: sealed, keyId: sealed.keyId, fields: Object.keys(secret).sort(), status: 'unchecked', updatedAt: now } },
      { returnDocument: 'after', projection: INFO_PROJECTION },
    );
    if (!doc) throw notFound('credential', id);
    return toInfo(doc);
  }

  /** Records the outcome of checking the credential against its app. */
  async markChecked(workspaceId: string, id: string, status: Exclude<CredentialStatus, 'unchecked'>, at = Date.now()): Promise<boolean> {
    return (await this.coll.updateOne({ workspaceId, _id: id }, { $set: { status, checkedAt: at } })).matchedCount === 1;
  }

  async rename(workspaceId: string, id: string, label: string, now = Date.now()): Promise<boolean> {
    return (await this.coll.updateOne({ workspaceId, _id: id }, { $set: { label, updatedAt: now } })).matchedCount === 1;
  }

  async remove(workspaceId: string, id: string): Promise<boolean> {
    return (await this.coll.deleteOne({ workspaceId, _id: id })).deletedCount === 1;
  }

  /**
   * THE one call that returns a plaintext secret, for the engine to build a connector. Never send its
   * answer to a client or a log. Throws `E_NOT_FOUND`, or `E_SECRET_UNREADABLE` when the secret key
   * changed (the stored ciphertext is left untouched so restoring the key brings it back).
   */
  async revealForEngine(workspaceId: string, id: string): Promise<Record<string, string>> {
    const doc = await this.coll.findOne({ workspaceId, _id: id }, { projection: { secret: 1 } });
    if (!doc) throw notFound('credential', id);
    return JSON.parse(this.vault.open(doc.secret, aadOf(workspaceId, id))) as Record<string, string>;
  }

  /**
   * Re-encrypts every secret sealed with an older key under the vault's current key (all
   * workspaces: an operator's action after adding a key). Secrets that do not open are counted and
   * left exactly as they are. Each update only applies if the secret did not change meanwhile.
   */
  async rotate(): Promise<{ rotated: number; unreadable: number; current: number }> {
    const result = { rotated: 0, unreadable: 0, current: 0 };
    const currentKeyId = this.vault.currentKeyId;
    result.current = await this.coll.countDocuments({ 'secret.keyId': currentKeyId });
    const cursor = this.coll.find({ 'secret.keyId': { $ne: currentKeyId } }, { projection: { workspaceId: 1, secret: 1 } });
    for await (const doc of cursor) {
      const aad = aadOf(doc.workspaceId, doc._id);
      let plaintext: string;
      try {
        plaintext = this.vault.open(doc.secret, aad);
      } catch (e) {
        if (!isUserError(e)) throw e;
        result.unreadable++;
        continue;
      }
      const sealed = this.vault.seal(plaintext, aad);
      const r = await this.coll.updateOne(
        { _id: doc._id, workspaceId: doc.workspaceId, 'secret.keyId': doc.secret.keyId, 'secret.iv': doc.secret.iv },
        { $set: { secret: sealed, keyId: sealed.keyId } },
      );
      if (r.modifiedCount === 1) result.rotated++;
    }
    return result;
  }
}
