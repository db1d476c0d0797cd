import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionScope } from '@sluice/engine';
import type { Contact } from '@sluice/graph';
import { openStore, type ConnectionSettings, type Store } from '@sluice/store';
import { DbProcess, SECRET_KEY, WorkerProcess, type WorkerOptions } from './processes.harness';

export const WORKSPACE = 'rel-ws';

/**
 * A whole Sluice back end as separate processes: the embedded database, N sync workers, and this
 * test process as the API would be (it creates connections and reads results through the store).
 * File apps live in the workspace's folder `<data>/files/<workspace>`, shared by every worker, as on one machine.
 */
export class Cluster {
  readonly workers: WorkerProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly db: DbProcess,
    readonly store: Store,
  ) {}

  static async start(name: string): Promise<Cluster> {
    const dir = mkdtempSync(join(tmpdir(), `sluice-rel-${name}-`));
    mkdirSync(join(dir, 'data', 'files', WORKSPACE), { recursive: true });
    const db = await DbProcess.start(join(dir, 'db'));
    const store = await openStore({ uri: db.uri, dataDir: join(dir, 'data'), secretKey: SECRET_KEY });
    return new Cluster(dir, db, store);
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  file(name: string): string {
    return join(this.dataDir, 'files', WORKSPACE, name);
  }

  worker(options: Omit<WorkerOptions, 'uri' | 'dataDir'> = {}): WorkerProcess {
    const w = WorkerProcess.spawn({ uri: this.db.uri, dataDir: this.dataDir, ...options });
    this.workers.push(w);
    return w;
  }

  /** A started two-file connection (`a.jsonl` ↔ `b.jsonl` under a prefix), as the API's start would leave it. */
  async jsonlConnection(prefix: string, mode: ConnectionSettings['mode'] = 'two-way'): Promise<ConnectionScope> {
    for (const side of ['a', 'b']) {
      const path = this.file(`${prefix}-${side}.jsonl`);
      try {
        readFileSync(path);
      } catch {
        writeFileSync(path, '');
      }
    }
    const settings = {
      format: 'sluice.connection/v1',
      name: prefix,
      apps: { a: { connector: 'jsonl', config: { path: `${prefix}-a.jsonl` } }, b: { connector: 'jsonl', config: { path: `${prefix}-b.jsonl` } } },
      mode,
    } as unknown as ConnectionSettings; // the schema's defaults fill the rest when a worker loads it
    const record = await this.store.connections.create(WORKSPACE, { settings, status: 'active' });
    return { workspaceId: WORKSPACE, connectionId: record.id };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.sigkill()));
    await this.store.close().catch(() => undefined);
    await this.db.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A contact line of a jsonl app file. */
export function contactLine(id: string, email: string, extra: Partial<Contact> = {}): string {
  return JSON.stringify({ id, email, firstName: id, tags: [], lists: [], custom: {}, updatedAt: '2026-02-01T00:00:00.000Z', ...extra });
}

/**
 * Two sides of a two-way initial sync: A holds `n` contacts, B about half as many, a third of
 * which share an email with A (they must be matched, not duplicated). Returns every email expected
 * on each side afterwards.
 */
export function twoWayFiles(aPath: string, bPath: string, n: number): Set<string> {
  const a: string[] = [];
  const b: string[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < n; i++) {
    a.push(contactLine(`a${i}`, `p${i}@rel.test`));
    emails.add(`p${i}@rel.test`);
  }
  for (let i = 0; i < Math.floor(n / 2); i++) {
    // Every third B record is someone A also has (case differs: matching normalises it).
    const email = i % 3 === 0 ? `P${i * 2}@rel.test` : `q${i}@rel.test`;
    b.push(contactLine(`b${i}`, email));
    emails.add(email.toLowerCase());
  }
  writeFileSync(aPath, a.join('\n') + '\n');
  writeFileSync(bPath, b.join('\n') + '\n');
  return emails;
}

export function readContacts(path: string): Contact[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Contact);
}

/** What an "each record exactly once" check found: emails missing, and emails present more than once. */
export interface OnceReport {
  records: number;
  missing: string[];
  duplicated: string[];
  unexpected: string[];
}

/** Compares a side's records with the emails it must hold, each once (case-insensitive). Pure. */
export function exactlyOnce(records: Contact[], expected: Set<string>): OnceReport {
  const seen = new Map<string, number>();
  for (const r of records) {
    const e = String(r.email ?? '').trim().toLowerCase();
    seen.set(e, (seen.get(e) ?? 0) + 1);
  }
  return {
    records: records.length,
    missing: [...expected].filter((e) => !seen.has(e)).slice(0, 20),
    duplicated: [...seen].filter(([, n]) => n > 1).map(([e]) => e).slice(0, 20),
    unexpected: [...seen.keys()].filter((e) => !expected.has(e)).slice(0, 20),
  };
}
