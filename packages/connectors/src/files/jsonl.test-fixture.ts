/** Shared by the jsonl connector's test files: a contacts file per test, and helpers to read pages. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangePage, Connector } from '@sluice/engine';
import type { Contact } from '@sluice/graph';
import { afterEach, beforeEach } from 'vitest';
import { jsonlConnectorFactory } from './jsonl.connector';

/** The test's contacts file: where it is (read inside tests), a connector on it, and its non-empty lines. */
export interface ContactsFile {
  readonly dir: string;
  readonly file: string;
  connector(): Connector;
  fileLines(): Promise<string[]>;
}

/** A fresh folder for each test, with the path of a `contacts.jsonl` in it; removed after. */
export function useContactsFile(): ContactsFile {
  const paths = {
    dir: '',
    file: '',
    connector: (): Connector => jsonlConnectorFactory.create({ config: { path: paths.file } }),
    fileLines: async () => (await readFile(paths.file, 'utf8')).split('\n').filter((l) => l !== ''),
  };
  beforeEach(async () => {
    paths.dir = await mkdtemp(join(tmpdir(), 'sluice-jsonl-'));
    paths.file = join(paths.dir, 'contacts.jsonl');
  });
  afterEach(async () => {
    await rm(paths.dir, { recursive: true, force: true });
  });
  return paths;
}

/** One JSONL line of a contact, with the list and custom members a file usually has. */
export const line = (c: Partial<Contact> & { id: string }) => JSON.stringify({ tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00.000Z', ...c });

/** `n` lines of people `p0…`, `person0@example.com…`. */
export const people = (n: number) => Array.from({ length: n }, (_, i) => line({ id: `p${i}`, email: `person${i}@example.com`, firstName: `P${i}` }));

/** Every page a connector gives from `cursor`. */
export async function pages(c: Connector, cursor: string | null, pageSize = 500): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of c.changes(cursor, { pageSize })) out.push(page);
  return out;
}

export const ids = (ps: ChangePage[]) => ps.flatMap((p) => p.records.map((r) => r.id));
export const lastCursor = (ps: ChangePage[]) => ps.at(-1)!.cursor;
