import { canonicalCatalog, normalizeContact, type Contact, type FieldCatalog } from '@sluice/graph';
import { OperationalError } from '@sluice/core';
import { matchValue } from '../match/match-key';
import type { Clock } from '../ports/clock.port';
import type {
  AppDescription,
  ChangePage,
  ChangesOptions,
  Connector,
  ContactWrite,
  MatchKey,
  WriteResult,
} from '../ports/connector.port';

interface Row {
  record: Contact;
  rev: number;
}

export interface MemoryConnectorOptions {
  id?: string;
  records?: Array<Partial<Contact> & { id: string }>;
  batchLimit?: number;
  catalog?: FieldCatalog;
  clock?: Clock;
}

/**
 * A complete app held in memory (a real implementation of the Connector port, like the sandbox
 * apps): every change bumps a revision, `changes` pages by revision so equal `updatedAt`s never
 * hide a record, writes honour idempotency keys, deletions are reported. Faults can be scheduled.
 */
export class MemoryConnector implements Connector {
  readonly app: AppDescription;
  private readonly rows = new Map<string, Row>();
  private readonly done = new Map<string, WriteResult[]>();
  private rev = 0;
  private nextId = 1;
  private faults: Array<{ error: Error; afterWrite: boolean }> = [];
  private readonly clock: Clock;
  /** Every upsertBatch call, for assertions. */
  readonly calls: Array<{ key: string; writes: ContactWrite[] }> = [];

  constructor(options: MemoryConnectorOptions = {}) {
    this.clock = options.clock ?? { now: () => Date.now() };
    const id = options.id ?? 'memory';
    this.app = {
      id,
      name: `Memory ${id}`,
      logo: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>',
      auth: { kind: 'none' },
      fields: options.catalog ?? canonicalCatalog,
      capabilities: { incremental: true, deletions: true, deals: false, tags: true, lists: true, owner: true, unsubscribe: true, webhooks: false },
      batchLimit: options.batchLimit ?? 100,
    };
    for (const r of options.records ?? []) this.put(normalizeContact(r));
  }

  private put(record: Contact): Contact {
    this.rows.set(record.id, { record, rev: ++this.rev });
    return record;
  }

  /** Adds or replaces a record as a user of the app would (bumps `updatedAt`). */
  add(input: Partial<Contact> & { id?: string }): Contact {
    const id = input.id ?? `${this.app.id}-${this.nextId++}`;
    return this.put(normalizeContact({ ...input, id, updatedAt: new Date(this.clock.now()).toISOString() }));
  }

  /** Changes fields of a record as a user would. */
  edit(id: string, patch: Partial<Contact>): Contact {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no record ${id}`);
    return this.put({ ...row.record, ...patch, id, updatedAt: new Date(this.clock.now()).toISOString() });
  }

  /** Deletes a record; `changes` reports it once as `{ id, deleted: true }`. */
  remove(id: string): void {
    const row = this.rows.get(id);
    if (row) this.put({ ...row.record, deleted: true, updatedAt: new Date(this.clock.now()).toISOString() });
  }

  /** Live records (deleted ones left out). */
  all(): Contact[] {
    return [...this.rows.values()].map((r) => r.record).filter((r) => !r.deleted);
  }

  get(id: string): Contact | undefined {
    const r = this.rows.get(id)?.record;
    return r && !r.deleted ? r : undefined;
  }

  /** The next upsertBatch calls throw `error`; `afterWrite` applies the writes first (a lost response). */
  failWrites(error: Error, times = 1, afterWrite = false): void {
    for (let i = 0; i < times; i++) this.faults.push({ error, afterWrite });
  }

  async fieldCatalog(): Promise<FieldCatalog> {
    return this.app.fields;
  }

  async checkAuth(): Promise<void> {}

  async *changes(cursor: string | null, options: ChangesOptions = {}): AsyncIterable<ChangePage> {
    const pageSize = Math.max(1, options.pageSize ?? 100);
    const after = cursor === null ? 0 : Number(cursor);
    // One ordered snapshot per pass: later writes get higher revisions and come in the next pass.
    const rows = [...this.rows.values()].filter((r) => r.rev > after).sort((x, y) => x.rev - y.rev);
    for (let i = 0; i < rows.length; i += pageSize) {
      const page = rows.slice(i, i + pageSize);
      yield { records: page.map((r) => structuredClone(r.record)), cursor: String(page[page.length - 1]!.rev), hasMore: i + pageSize < rows.length };
    }
  }

  async getMany(ids: readonly string[]): Promise<Contact[]> {
    return ids.map((id) => this.get(id)).filter((r): r is Contact => !!r).map((r) => structuredClone(r));
  }

  async findByKey(key: MatchKey, values: readonly string[]): Promise<Map<string, Contact[]>> {
    const wanted = new Set(values);
    const out = new Map<string, Contact[]>();
    for (const r of this.all()) {
      const v = matchValue(r, key);
      if (v === undefined || !wanted.has(v)) continue;
      out.set(v, [...(out.get(v) ?? []), structuredClone(r)]);
    }
    return out;
  }

  async upsertBatch(writes: readonly ContactWrite[], idempotencyKey: string): Promise<WriteResult[]> {
    this.calls.push({ key: idempotencyKey, writes: structuredClone([...writes]) });
    if (writes.length > this.app.batchLimit) throw new Error(`batch of ${writes.length} over the limit ${this.app.batchLimit}`);
    const fault = this.faults.shift();
    if (fault && !fault.afterWrite) throw fault.error;
    const previous = this.done.get(idempotencyKey);
    const results = previous ?? writes.map((w) => this.apply(w));
    this.done.set(idempotencyKey, results);
    if (fault) throw fault.error;
    return structuredClone(results);
  }

  private apply(w: ContactWrite): WriteResult {
    const current = w.id === undefined ? undefined : this.get(w.id);
    if (w.id !== undefined && !current) return { ref: w.ref, ok: false, code: 'E_NOT_FOUND', message: `no record ${w.id}` };
    const base: Record<string, unknown> = structuredClone(current ?? { id: `${this.app.id}-${this.nextId++}`, tags: [], lists: [], custom: {} });
    for (const [path, value] of Object.entries(w.fields)) {
      const [head, tail] = path.split('.', 2) as [string, string | undefined];
      if (tail === undefined) {
        if (value === null) delete base[head];
        else base[head] = value;
        continue;
      }
      const obj = { ...((base[head] as Record<string, unknown> | undefined) ?? {}) };
      if (value === null) delete obj[tail];
      else obj[tail] = value;
      base[head] = obj;
    }
    base.updatedAt = new Date(this.clock.now()).toISOString();
    const record = this.put(normalizeContact(base as Contact));
    return { ref: w.ref, ok: true, id: record.id, created: current === undefined, record: structuredClone(record) };
  }
}

/** A rate-limit error like a connector throws on HTTP 429. */
export function rateLimited(retryAfterMs: number): OperationalError {
  return new OperationalError('E_RATE_LIMITED', 'the app asked us to slow down (429)', retryAfterMs);
}
