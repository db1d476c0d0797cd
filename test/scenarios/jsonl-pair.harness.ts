import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonlConnectorFactory } from '@sluice/connectors';
import { parseConnectionConfig, runSummary, runSync, type Connector, type ConnectionConfigInput, type RunSummary, type SyncStores } from '@sluice/engine';
import { createMemoryStores } from '@sluice/engine/testing';
import type { Contact } from '@sluice/graph';

export const scope = { workspaceId: 'ws', connectionId: 'conn' };

export type Line = Partial<Contact> & { id: string };

/** Two jsonl apps in a temp folder and a connection between them, synced with the real engine. */
export interface JsonlPair {
  dir: string;
  stores: ReturnType<typeof createMemoryStores>;
  write(side: 'a' | 'b', lines: Line[]): Promise<void>;
  read(side: 'a' | 'b'): Promise<Contact[]>;
  raw(side: 'a' | 'b'): Promise<string>;
  /** Edits one record in place, as a user editing the file would (bumps updatedAt). */
  edit(side: 'a' | 'b', id: string, patch: Partial<Contact>): Promise<void>;
  remove(side: 'a' | 'b', id: string): Promise<void>;
  sync(options?: { wrap?: (side: 'a' | 'b', c: Connector) => Connector; stores?: SyncStores; pageSize?: number }): Promise<RunSummary>;
  close(): Promise<void>;
}

export async function jsonlPair(config: Partial<ConnectionConfigInput> = {}): Promise<JsonlPair> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-scenario-'));
  const path = (side: 'a' | 'b') => join(dir, `${side}.jsonl`);
  const stores = createMemoryStores();
  const parsed = parseConnectionConfig({
    format: 'sluice.connection/v1',
    name: 'A ↔ B',
    apps: { a: { connector: 'jsonl', config: { path: path('a') } }, b: { connector: 'jsonl', config: { path: path('b') } } },
    ...config,
  });
  let tick = Date.parse('2026-03-01T00:00:00Z');
  const stamp = () => new Date((tick += 1000)).toISOString();
  const serialise = (lines: Line[]) => lines.map((l) => JSON.stringify({ tags: [], lists: [], custom: {}, updatedAt: stamp(), ...l })).join('\n') + '\n';
  const read = async (side: 'a' | 'b'): Promise<Contact[]> =>
    (await readFile(path(side), 'utf8'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Contact);
  const pair: JsonlPair = {
    dir,
    stores,
    write: (side, lines) => writeFile(path(side), serialise(lines)),
    read,
    raw: (side) => readFile(path(side), 'utf8'),
    async edit(side, id, patch) {
      const all = await read(side);
      await writeFile(path(side), serialise(all.map((r) => (r.id === id ? { ...r, ...patch, updatedAt: stamp() } : r))));
    },
    async remove(side, id) {
      await writeFile(path(side), serialise((await read(side)).filter((r) => r.id !== id)));
    },
    async sync(options = {}) {
      const make = (side: 'a' | 'b') => {
        const c = jsonlConnectorFactory.create({ config: { path: path(side) } });
        return options.wrap ? options.wrap(side, c) : c;
      };
      const run = await runSync({
        scope,
        config: parsed,
        connectors: { a: make('a'), b: make('b') },
        stores: options.stores ?? stores,
        pageSize: options.pageSize ?? 50,
      });
      return runSummary(run.counts);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
  for (const side of ['a', 'b'] as const) await pair.write(side, []);
  return pair;
}

/** The record with this email (trimmed, lower-cased). */
export function byEmail(records: Contact[], email: string): Contact | undefined {
  return records.find((r) => r.email?.trim().toLowerCase() === email);
}
