import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedMongo } from '@sluice/embedded-mongo';
import type { RecordEvent, RunSummary } from '@sluice/engine';
import type { Contact } from '@sluice/graph';
import { openStore } from '@sluice/store';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'apps/server/src/cli/main.ts');
const SECRET = 'd4'.repeat(32);

/** The connection id the harness gives every connection file: its history is read back under it. */
const CONNECTION_ID = 'scenario';

/**
 * A folder with a connection file and its app files, synced by the real command line
 * (`sluice sync CONNECTION.json --once --json`), as a user runs it.
 */
export interface CliFolder {
  dir: string;
  file(name: string, text: string): void;
  read(name: string): string;
  /** The jsonl file's records. */
  records(name: string): Contact[];
  /** Writes the connection file (`id` set by the harness). */
  connection(config: Record<string, unknown>): void;
  /** One `sluice sync --once --json`: its exit code, summary (when it printed one) and error line. */
  sync(): { status: number | null; summary?: RunSummary; stderr: string };
  /** The record events the runs stored, newest first, read from the data folder after the command exited. */
  events(): Promise<RecordEvent[]>;
  close(): void;
}

export function cliFolder(prefix: string): CliFolder {
  const dir = mkdtempSync(join(tmpdir(), `sluice-${prefix}-`));
  const data = join(dir, 'data');
  return {
    dir,
    file: (name, text) => writeFileSync(join(dir, name), text),
    read: (name) => readFileSync(join(dir, name), 'utf8'),
    records(name) {
      return readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Contact);
    },
    connection(config) {
      writeFileSync(join(dir, 'connection.json'), JSON.stringify({ format: 'sluice.connection/v1', id: CONNECTION_ID, name: prefix, ...config }, null, 2));
    },
    sync() {
      const out = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sync', join(dir, 'connection.json'), '--once', '--data', data, '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, SLUICE_SECRET_KEY: SECRET, LOG_LEVEL: 'warn' },
      });
      const line = out.stdout.trim().split('\n').at(-1);
      return { status: out.status, stderr: out.stderr, ...(line?.startsWith('{') ? { summary: JSON.parse(line) as RunSummary } : {}) };
    },
    async events() {
      const db = await startEmbeddedMongo({ dataDir: join(data, 'db') });
      try {
        const store = await openStore({ uri: db.uri, dataDir: data, secretKey: SECRET });
        try {
          return await store.syncStores.events.query({ workspaceId: 'cli', connectionId: CONNECTION_ID }, { limit: 1000 });
        } finally {
          await store.close();
        }
      } finally {
        await db.close();
      }
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** jsonl lines for records (empty lists and custom filled in, a fixed updatedAt unless given). */
export function jsonl(records: Array<Partial<Contact> & { id: string }>, updatedAt = '2026-03-01T00:00:00.000Z'): string {
  return records.map((r) => JSON.stringify({ tags: [], lists: [], custom: {}, updatedAt, ...r })).join('\n') + '\n';
}
