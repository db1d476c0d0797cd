import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openTestEnv, type TestEnv } from '@sluice/api/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCsv } from '../../apps/server/src/cli/csv.parser';

// CSV files as the source and the target of a sync, as a user runs one: `sluice sync` on a connection
// file, and a connection made and started through the API on the workspace's files folder. The
// target file is read back and checked row by row, then an edit in the source arrives on a re-run.
const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'apps/server/src/cli/main.ts');

const SOURCE = [
  'id,email,firstName,lastName,address.city,tags,notes',
  'c1,ann@example.com,Ann,Lee,"Ghent, BE",vip;lead,"met at FOSDEM, call back"',
  'c2,bob@example.com,Bob,,,,',
  'c3,"cé@example.com",Cé,"O""Neil",,customer,',
].join('\n');

/** The target's rows as objects keyed by header, by email. */
function rowsByEmail(text: string): Map<string, Record<string, string>> {
  const [header, ...rows] = parseCsv(text, 'target.csv').map((r) => r.cells);
  const out = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const record = Object.fromEntries(header!.map((h, i) => [h, row[i] ?? '']));
    out.set(record.email!, record);
  }
  return out;
}

function expectSynced(target: string): Map<string, Record<string, string>> {
  const rows = rowsByEmail(target);
  expect([...rows.keys()].sort()).toEqual(['ann@example.com', 'bob@example.com', 'cé@example.com']);
  expect(rows.get('ann@example.com')).toMatchObject({ firstName: 'Ann', lastName: 'Lee', 'address.city': 'Ghent, BE', tags: 'vip;lead' });
  expect(rows.get('bob@example.com')).toMatchObject({ firstName: 'Bob' });
  expect(rows.get('cé@example.com')).toMatchObject({ firstName: 'Cé', lastName: 'O"Neil', tags: 'customer' });
  return rows;
}

describe('CSV through `sluice sync`', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-csv-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sync = () =>
    spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'sync', join(dir, 'connection.json'), '--once', '--data', join(dir, 'data'), '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, SLUICE_SECRET_KEY: 'c3'.repeat(32), LOG_LEVEL: 'warn' },
    });

  it('copies a CSV source into a CSV target, then carries an edit of the source', () => {
    writeFileSync(join(dir, 'a.csv'), `${SOURCE}\n`);
    writeFileSync(join(dir, 'b.csv'), 'id,email,firstName,lastName\n');
    writeFileSync(
      join(dir, 'connection.json'),
      JSON.stringify({
        format: 'sluice.connection/v1',
        name: 'csv to csv',
        apps: { a: { connector: 'csv', config: { path: 'a.csv' } }, b: { connector: 'csv', config: { path: 'b.csv' } } },
        mode: 'a-to-b',
      }),
    );
    const first = sync();
    expect(first.status, first.stderr).toBe(0);
    expectSynced(readFileSync(join(dir, 'b.csv'), 'utf8'));

    writeFileSync(join(dir, 'a.csv'), `${SOURCE.replace('c2,bob@example.com,Bob,', 'c2,bob@example.com,Robert,')}\n`);
    const second = sync();
    expect(second.status, second.stderr).toBe(0);
    const rows = rowsByEmail(readFileSync(join(dir, 'b.csv'), 'utf8'));
    expect(rows.get('bob@example.com')?.firstName).toBe('Robert');
    expect(rows.size).toBe(3);
  });
});

describe('CSV through the API', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await openTestEnv();
  });
  afterAll(async () => env?.close());

  it('a connection from a CSV file to another, started through the API, writes every contact into the target', async () => {
    const { caller, user } = await env.signUp();
    const files = await env.filesOf(user.workspaceId);
    await writeFile(join(files, 'people.csv'), `${SOURCE}\n`);
    await writeFile(join(files, 'copy.csv'), 'id,email,firstName,lastName\n');
    const connection = await caller.connections.create({
      name: 'CSV copy',
      apps: { a: { connector: 'csv', config: { path: 'people.csv' } }, b: { connector: 'csv', config: { path: 'copy.csv' } } },
      mode: 'a-to-b',
    });
    await caller.connections.start({ id: connection.id });
    const run = await vi.waitFor(
      async () => {
        const found = (await caller.history.runs({ connectionId: connection.id })).find((r) => r.status !== 'running');
        if (!found) throw new Error('no finished run yet');
        return found;
      },
      { timeout: 60_000, interval: 100 },
    );
    expect(run).toMatchObject({ status: 'succeeded', kind: 'initial' });
    expect(run.counts.created.b).toBe(3);
    expectSynced(await readFile(join(files, 'copy.csv'), 'utf8'));
    expect((await caller.connections.status({ id: connection.id })).links).toBe(3);
  });
});
