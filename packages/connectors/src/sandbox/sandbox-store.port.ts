import type { Address, CustomValue } from '@sluice/graph';

/**
 * Storage of the two sandbox apps (Sandbox CRM, Sandbox Outreach), kept in Sluice's own database.
 * Implemented in memory here (`memory-sandbox.store.ts`) and on MongoDB in packages/store.
 *
 * Everything is scoped by `workspaceId`. Every stored document carries `seq`: a number from one
 * counter per workspace, strictly increasing with every write of any document of that workspace.
 * `changesSince(seq)` is therefore an exact change feed: no two writes share a seq, so there are
 * no ties to split across pages. A store must never let a reader see seq n+1 while seq n of the same
 * workspace can still appear (allocate the seq and write under one per-workspace lock, or in one
 * transaction), else a reader's cursor could skip n.
 *
 * Documents are never removed: a deletion is a write with `deleted: true` (and a new seq), so the
 * feed reports it.
 */
export interface SandboxStore {
  /**
   * Inserts or replaces documents by `id`; each gets the next seq of the workspace, in array order.
   * Returns the documents as stored (with their seq).
   */
  put<C extends SandboxCollection>(workspaceId: string, collection: C, docs: readonly SandboxDocs[C][]): Promise<Stored<C>[]>;
  /** Documents by id, deleted ones included; unknown ids are left out. Any order. */
  get<C extends SandboxCollection>(workspaceId: string, collection: C, ids: readonly string[]): Promise<Stored<C>[]>;
  /** Documents with `seq > afterSeq`, ascending by seq, at most `limit`; deleted ones included. */
  changesSince<C extends SandboxCollection>(workspaceId: string, collection: C, afterSeq: number, limit: number): Promise<Stored<C>[]>;
  /**
   * Live (not deleted) documents whose indexed `field` equals one of `values`; for an array field
   * (`phoneKeys`), any element may match. Fields: see `sandboxIndexes`.
   */
  findBy<C extends SandboxCollection>(
    workspaceId: string,
    collection: C,
    field: (typeof sandboxIndexes)[C][number],
    values: readonly string[],
  ): Promise<Stored<C>[]>;
  /** Live documents of a collection, ordered by id, after `afterId`, at most `limit` (for listing screens). */
  list<C extends SandboxCollection>(workspaceId: string, collection: C, options: { afterId?: string; limit: number }): Promise<Stored<C>[]>;
  /** How many live documents a collection holds. */
  count(workspaceId: string, collection: SandboxCollection): Promise<number>;
  /** The answer stored for a batch, by its idempotency key (scoped by app: `sandbox-crm:<key>`). */
  getIdempotency(workspaceId: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores a batch's answer. May expire after a day or more (a MongoDB TTL index on `createdAt`). */
  putIdempotency(workspaceId: string, record: IdempotencyRecord): Promise<void>;
}

/** Fields every implementation indexes per collection (MongoDB: `{ workspaceId: 1, <field>: 1 }`, plus `{ workspaceId: 1, seq: 1 }`). */
export const sandboxIndexes = {
  people: ['emailKey', 'phoneKeys', 'orgId'],
  orgs: ['nameKey'],
  deals: ['personId'],
  prospects: ['emailKey', 'phoneKeys'],
} as const;

interface SandboxDocBase {
  id: string;
  /** ISO 8601. */
  updatedAt: string;
  deleted?: boolean;
}

/** Match keys kept on documents so `findBy` can use an index: email trimmed+lower-cased, phones as E.164. */
interface Keyed {
  emailKey?: string;
  phoneKeys: string[];
}

/** A Sandbox CRM person (Pipedrive-like). */
export interface SandboxPerson extends SandboxDocBase, Keyed {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  jobTitle?: string;
  orgId?: string;
  /** The sales rep who owns the person. */
  owner?: string;
  labels: string[];
  address?: Address;
  custom: Record<string, CustomValue>;
}

/** A Sandbox CRM organization; a person's `company` is its name. */
export interface SandboxOrg extends SandboxDocBase {
  name: string;
  /** `name` trimmed and lower-cased, to find an organization by name. */
  nameKey: string;
  website?: string;
}

export type DealStatus = 'open' | 'won' | 'lost';

/** A Sandbox CRM deal of one person; a person's `deals` counts are computed from them. */
export interface SandboxDeal extends SandboxDocBase {
  personId: string;
  title: string;
  value: number;
  status: DealStatus;
}

/** The Sandbox CRM's industries: the demo data's, and the choices its Industry field offers (here, not in the data module, so the field catalog loads no Faker). */
export const SANDBOX_INDUSTRIES = ['Software', 'Retail', 'Logistics', 'Healthcare', 'Finance', 'Education', 'Manufacturing'];

/** A prospect's statuses, in the order the demo app lists them. */
export const PROSPECT_STATUSES = ['ACTIVE', 'REPLIED', 'BOUNCED', 'BLACKLIST'] as const;
export type ProspectStatus = (typeof PROSPECT_STATUSES)[number];

/** A Sandbox Outreach prospect (Woodpecker-like); `BLACKLIST` means unsubscribed. */
export interface SandboxProspect extends SandboxDocBase, Keyed {
  email?: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  website?: string;
  title?: string;
  phone?: string;
  address?: Address;
  tags: string[];
  status: ProspectStatus;
  custom: Record<string, CustomValue>;
}

export interface SandboxDocs {
  people: SandboxPerson;
  orgs: SandboxOrg;
  deals: SandboxDeal;
  prospects: SandboxProspect;
}
export type SandboxCollection = keyof SandboxDocs;
export type Stored<C extends SandboxCollection> = SandboxDocs[C] & { seq: number };

export interface IdempotencyRecord {
  key: string;
  /** Hash of the batch's writes: the same key with other writes is not a retry. */
  fingerprint: string;
  results: unknown;
  /** ISO 8601. */
  createdAt: string;
}
