import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangePage, Connector } from '@sluice/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvConnectorFactory } from './csv.connector';
import { parseCsvRows } from './csv-rows';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-csv-'));
  file = join(dir, 'contacts.csv');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const connector = (): Connector => csvConnectorFactory.create({ config: { path: file } });
async function pages(c: Connector, cursor: string | null): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of c.changes(cursor)) out.push(page);
  return out;
}
async function table(): Promise<string[][]> {
  async function* text() {
    yield await readFile(file, 'utf8');
  }
  const out: string[][] = [];
  for await (const batch of parseCsvRows(text())) for (const r of batch) out.push(r.cells);
  return out;
}

describe('csv connector', () => {
  it('reads dotted headers, ;-separated lists, booleans, numbers and quoted cells', async () => {
    await writeFile(
      file,
      [
        'id,email,firstName,address.city,tags,unsubscribed,deals.count,custom.seats,custom.sector,notes',
        '1,ann@x.com,Ann,"Ghent, BE",vip; lead ,yes,2,12,Tea,"free text, kept"',
        '2,bob@x.com,Bob,,,false,,,,',
      ].join('\n'),
    );
    const [a, b] = (await pages(connector(), null)).flatMap((p) => p.records);
    expect(a).toMatchObject({
      id: '1',
      email: 'ann@x.com',
      address: { city: 'Ghent, BE' },
      tags: ['vip', 'lead'],
      unsubscribed: true,
      deals: { count: 2, open: 0, won: 0, value: 0 },
      custom: { seats: 12, sector: 'Tea' },
    });
    expect(b).toMatchObject({ id: '2', tags: [], unsubscribed: false, custom: {} });
    expect(b!.address).toBeUndefined();
  });

  it('reports a row with a bad value by its id or row, syncs the others, and copies it verbatim on rewrites', async () => {
    const bad = '2,"b@x.com",maybe,"kept ""as is"""';
    const badNoId = ',c@x.com,perhaps,';
    await writeFile(file, ['id,email,unsubscribed,notes', '1,a@x.com,yes,', bad, badNoId, '4,d@x.com,no,'].join('\n') + '\n');
    const read = await pages(connector(), null);
    expect(read.flatMap((p) => p.records).map((r) => r.id)).toEqual(['1', '4']);
    const failures = read.flatMap((p) => p.failures ?? []);
    expect(failures.map((f) => f.ref)).toEqual(['2', 'contacts.csv row 4']);
    expect(failures[0]).toMatchObject({ code: 'E_FILE_FORMAT', message: expect.stringMatching(/contacts\.csv row 3: column "unsubscribed"/) });
    // Errors say where, never what the file holds.
    expect(failures.map((f) => f.message).join(' ')).not.toMatch(/maybe|perhaps/);
    const c = connector();
    await expect(c.checkAuth()).resolves.toBeUndefined();
    expect((await c.getMany(['1', '2'])).map((r) => r.id)).toEqual(['1']);
    // A rewrite that adds a column: good rows get the new cell, bad rows stay byte for byte.
    await c.upsertBatch([{ ref: 'r', id: '4', fields: { 'custom.sector': 'Tea' } }], 'k');
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[0]).toBe('id,email,unsubscribed,notes,custom.sector,updatedAt');
    expect(lines[2]).toBe(bad);
    expect(lines[3]).toBe(badNoId);
    expect(lines[4]).toMatch(/^4,d@x.com,false,,Tea,/);
    // A file whose first rows are all unreadable is refused by the connection check.
    await writeFile(file, 'id,unsubscribed\n1,maybe\n');
    await expect(connector().checkAuth()).rejects.toMatchObject({ code: 'E_FILE_FORMAT', message: expect.stringMatching(/row 2.*unsubscribed/) });
    await writeFile(file, 'id,email,email\n1,a,b\n');
    await expect(pages(connector(), null)).rejects.toMatchObject({ code: 'E_FILE_FORMAT', message: expect.stringContaining('columns 2 and 3 of the header have the same name') });
  });

  it('creates a file with a header, updates rows in place, adds columns, keeps unknown columns', async () => {
    const c = connector();
    const [created] = await c.upsertBatch([{ ref: 'r1', fields: { email: 'new@x.com', tags: ['a', 'b'], 'address.city': 'Lyon' } }], 'k1');
    let rows = await table();
    expect(rows[0]).toContain('address.city');
    expect(rows[0]![0]).toBe('id');
    expect(rows).toHaveLength(2);
    const col = (name: string) => rows[0]!.indexOf(name);
    expect(rows[1]![col('tags')]).toBe('a;b');
    expect(rows[1]![col('id')]).toBe((created as { id: string }).id);

    await writeFile(file, 'email,notes,firstName\nann@x.com,"keep, this",Ann\n');
    await c.upsertBatch([{ ref: 'r2', id: 'ann@x.com', fields: { firstName: 'Anne', 'custom.sector': 'Tea' } }], 'k2');
    rows = await table();
    expect(rows[0]).toEqual(['email', 'notes', 'firstName', 'id', 'custom.sector', 'updatedAt']);
    expect(rows[1]!.slice(0, 5)).toEqual(['ann@x.com', 'keep, this', 'Anne', 'ann@x.com', 'Tea']);
    const [again] = (await pages(connector(), null)).flatMap((p) => p.records);
    expect(again).toMatchObject({ id: 'ann@x.com', firstName: 'Anne', custom: { sector: 'Tea' } });
  });

  it('reports changed, new and deleted rows since a cursor; rewriting by Sluice alone is no change', async () => {
    await writeFile(file, 'id,email,firstName\n1,a@x.com,A\n2,b@x.com,B\n3,c@x.com,C\n');
    const cursor = (await pages(connector(), null)).at(-1)!.cursor;
    await writeFile(file, 'id,email,firstName\n1,a@x.com,A2\n3,c@x.com,C\n4,d@x.com,D\n');
    const records = (await pages(connector(), cursor)).flatMap((p) => p.records);
    expect(records.map((r) => [r.id, r.deleted ?? false])).toEqual([
      ['1', false],
      ['4', false],
      ['2', true],
    ]);
  });

  it('creates nothing twice on a retried batch and finds by key', async () => {
    const c = connector();
    const batch = [{ ref: 's1', fields: { email: 'Kim@X.com', phone: '+33 1 23 45 67 89' } }];
    await c.upsertBatch(batch, 'same');
    await c.upsertBatch(batch, 'same');
    expect(await table()).toHaveLength(2);
    const found = await c.findByKey('email', ['kim@x.com']);
    expect(found.get('kim@x.com')).toHaveLength(1);
    expect((await c.findByKey('phone', ['+33123456789'])).get('+33123456789')).toHaveLength(1);
  });
});
