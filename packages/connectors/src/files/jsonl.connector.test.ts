import { readFile, readdir, writeFile } from 'node:fs/promises';
import type { ChangePage } from '@sluice/engine';
import type { Contact } from '@sluice/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonlConnectorFactory } from './jsonl.connector';
import { ids, lastCursor, line, pages, people, useContactsFile } from './jsonl.test-fixture';

// Unreadable lines and large files have their own files: jsonl-unreadable-lines.test.ts, jsonl-large-files.test.ts.
const paths = useContactsFile();
const { connector, fileLines } = paths;
let dir: string;
let file: string;
beforeEach(() => {
  ({ dir, file } = paths);
});

describe('jsonl connector: changes', () => {
  it('reads everything in pages from a null cursor, then nothing when the file has not changed', async () => {
    await writeFile(file, people(7).join('\n') + '\n');
    const first = await pages(connector(), null, 3);
    expect(first.map((p) => p.records.length)).toEqual([3, 3, 1]);
    expect(first.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(ids(first)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    const again = await pages(connector(), lastCursor(first));
    expect(ids(again)).toEqual([]);
    expect(again).toHaveLength(1);
    expect(again[0]!.hasMore).toBe(false);
    expect(again[0]!.cursor).toBe(lastCursor(first)); // unchanged file: answered without a scan
    // An edit of the same size is still seen.
    await writeFile(file, people(7).join('\n').replace('"P3"', '"Q3"') + '\n');
    expect(ids(await pages(connector(), lastCursor(again)))).toEqual(['p3']);
  });

  it('reports only changed, new and vanished lines since the cursor, in a new process too', async () => {
    const lines = people(5);
    await writeFile(file, lines.join('\n'));
    const cursor = lastCursor(await pages(connector(), null));
    lines[1] = line({ id: 'p1', email: 'person1@example.com', firstName: 'Changed' });
    lines.splice(3, 1); // p3 disappears
    lines.push(line({ id: 'p9', email: 'new@example.com' }));
    await writeFile(file, lines.join('\n'));
    const delta = await pages(connector(), cursor); // a fresh connector: state lives in files
    const records = delta.flatMap((p) => p.records);
    expect(records.map((r) => [r.id, r.deleted ?? false])).toEqual([
      ['p1', false],
      ['p9', false],
      ['p3', true],
    ]);
    expect(records[0]!.firstName).toBe('Changed');
    // Reordering lines or reformatting JSON is not a change.
    await writeFile(file, [...lines].reverse().map((l) => JSON.stringify(JSON.parse(l), null, 0)).join('\n'));
    expect(ids(await pages(connector(), lastCursor(delta)))).toEqual([]);
  });

  it('resumes a pass from a page cursor with exactly what was not delivered yet', async () => {
    await writeFile(file, people(10).join('\n'));
    const c = connector();
    const iterator = c.changes(null, { pageSize: 4 })[Symbol.asyncIterator]();
    const page1 = (await iterator.next()).value as ChangePage;
    await iterator.return?.(); // the run died after committing page 1
    expect(page1.records.map((r) => r.id)).toEqual(['p0', 'p1', 'p2', 'p3']);
    const rest = await pages(connector(), page1.cursor, 4);
    expect(ids(rest)).toEqual(['p4', 'p5', 'p6', 'p7', 'p8', 'p9']);
    expect(ids(await pages(connector(), lastCursor(rest)))).toEqual([]);
  });

  it('treats an unknown cursor as a full read and reads a missing file as empty', async () => {
    expect(ids(await pages(connector(), null))).toEqual([]);
    await writeFile(file, people(2).join('\n'));
    expect(ids(await pages(connector(), 'file1.f-00000000-0000-0000-0000-000000000000'))).toEqual(['p0', 'p1']);
  });

  it('counts the first of two lines with one id, and keeps both lines on a rewrite', async () => {
    await writeFile(file, [line({ id: 'd', email: 'first@x.com' }), line({ id: 'e' }), line({ id: 'd', email: 'second@x.com' })].join('\n'));
    const read = (await pages(connector(), null)).flatMap((p) => p.records);
    expect(read.map((r) => [r.id, r.email])).toEqual([
      ['d', 'first@x.com'],
      ['e', undefined],
    ]);
    await connector().upsertBatch([{ ref: 'r', id: 'e', fields: { firstName: 'E' } }], 'k');
    expect(await fileLines()).toHaveLength(3);
  });

  it('gives records without an id a derived one and writes it down on the next rewrite, keeping unknown keys', async () => {
    await writeFile(file, [JSON.stringify({ email: 'Ann@Example.com', note: 'keep me' }), JSON.stringify({ firstName: 'NoEmail' })].join('\n'));
    const read = (await pages(connector(), null)).flatMap((p) => p.records);
    expect(read[0]!.id).toBe('ann@example.com');
    expect(read[1]!.id).toMatch(/^h-[0-9a-f]{16}$/);
    const c = connector();
    await c.upsertBatch([{ ref: 'r', id: 'ann@example.com', fields: { firstName: 'Ann' } }], 'k1');
    const written = (await fileLines()).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(written[0]).toMatchObject({ id: 'ann@example.com', firstName: 'Ann', note: 'keep me' });
    expect(written[1]!.id).toBe(read[1]!.id);
  });
});

describe('jsonl connector: writes', () => {
  it('creates records with new ids, updates only the listed fields, clears with null', async () => {
    await writeFile(file, line({ id: 'a', email: 'a@x.com', phone: '+32 2 555 01 01', address: { city: 'Ghent', zip: '9000' }, tags: ['old'] }) + '\n');
    const c = connector();
    const results = await c.upsertBatch(
      [
        { ref: 'src-1', fields: { email: 'new@x.com', firstName: 'New', tags: ['a', 'b'], 'custom.industry': 'Tea' } },
        { ref: 'src-2', id: 'a', fields: { 'address.city': null, phone: null, tags: ['vip'] } },
      ],
      'batch-1',
    );
    expect(results[0]).toMatchObject({ ok: true, created: true, ref: 'src-1' });
    const newId = (results[0] as { id: string }).id;
    expect(newId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(results[1]).toMatchObject({ ok: true, created: false, id: 'a', record: { address: { zip: '9000' }, tags: ['vip'] } });
    const [a, created] = (await fileLines()).map((l) => JSON.parse(l) as Contact);
    expect(a).toMatchObject({ id: 'a', email: 'a@x.com', address: { zip: '9000' }, tags: ['vip'] });
    expect(a!.phone).toBeUndefined();
    expect(a!.updatedAt).not.toBe('2026-01-01T00:00:00.000Z');
    expect(created).toMatchObject({ id: newId, email: 'new@x.com', tags: ['a', 'b'], custom: { industry: 'Tea' } });
    // No temp files left behind.
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('creates nothing twice when a batch is retried with its idempotency key', async () => {
    const c = connector();
    const batch = [
      { ref: 'x', fields: { email: 'x@x.com' } },
      { ref: 'y', fields: { email: 'y@x.com' } },
    ];
    const first = await c.upsertBatch(batch, 'run-7/batch-3');
    const retried = await connector().upsertBatch(batch, 'run-7/batch-3'); // answer lost, retried by a new process
    expect(retried.map((r) => (r.ok ? [r.id, r.created] : r.code))).toEqual(first.map((r) => (r.ok ? [r.id, r.created] : r.code)));
    expect(await fileLines()).toHaveLength(2);
    await c.upsertBatch(batch, 'run-8/batch-1'); // another batch creates new records
    expect(await fileLines()).toHaveLength(4);
  });

  it('leaves the file alone when a write changes nothing, and reports per-record failures', async () => {
    await writeFile(file, line({ id: 'a', email: 'a@x.com' }) + '\n');
    const before = await readFile(file, 'utf8');
    const results = await connector().upsertBatch(
      [
        { ref: '1', id: 'a', fields: { email: 'a@x.com' } },
        { ref: '2', id: 'a', fields: { 'deals.count': 3 } },
        { ref: '3', id: 'missing', fields: { email: 'm@x.com' } },
        { ref: '4', fields: { unsubscribed: 'yes' } },
      ],
      'k',
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'E_FIELD_READ_ONLY', 'E_NOT_FOUND', 'E_INVALID_VALUE']);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('serialises concurrent batches on one file: nothing is lost', async () => {
    const c = connector();
    await Promise.all(Array.from({ length: 5 }, (_, i) => c.upsertBatch([{ ref: `r${i}`, fields: { email: `c${i}@x.com` } }], `k${i}`)));
    expect(await fileLines()).toHaveLength(5);
  });

  it('rejects batches over the batch limit', async () => {
    const writes = Array.from({ length: jsonlConnectorFactory.app.batchLimit + 1 }, (_, i) => ({ ref: String(i), fields: {} }));
    await expect(connector().upsertBatch(writes, 'k')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE' });
  });
});

describe('jsonl connector: lookups', () => {
  it('finds records by normalised email and by phone as E.164, and by id', async () => {
    await writeFile(
      file,
      [
        line({ id: 'a', email: ' Ann@Example.COM ', phone: '+32 2 555 01 01' }),
        line({ id: 'b', email: 'bob@example.com', mobile: '+1 (415) 555-2671' }),
        line({ id: 'c', email: 'ann@example.com' }),
      ].join('\n'),
    );
    const c = connector();
    const byEmail = await c.findByKey('email', ['ann@example.com', 'nobody@example.com']);
    expect(byEmail.get('ann@example.com')!.map((r) => r.id)).toEqual(['a', 'c']);
    expect(byEmail.get('nobody@example.com')).toEqual([]);
    const byPhone = await c.findByKey('phone', ['+3225550101', '+14155552671']);
    expect(byPhone.get('+3225550101')!.map((r) => r.id)).toEqual(['a']);
    expect(byPhone.get('+14155552671')!.map((r) => r.id)).toEqual(['b']);
    expect((await c.getMany(['c', 'zzz', 'a'])).map((r) => r.id).sort()).toEqual(['a', 'c']);
  });

  it('describes itself and lists custom fields found in the file', async () => {
    await writeFile(file, line({ id: 'a', custom: { industry: 'Tea', seats: 4 } }));
    const c = connector();
    await expect(c.checkAuth()).resolves.toBeUndefined();
    const catalog = await c.fieldCatalog();
    expect(catalog.find((f) => f.path === 'custom.seats')).toMatchObject({ type: 'number', custom: true });
    expect(catalog.find((f) => f.path === 'deals.count')?.readOnly).toBe(true);
    expect(() => jsonlConnectorFactory.create({ config: {} })).toThrow(/needs "path"/);
    await writeFile(file, 'not json');
    await expect(connector().checkAuth()).rejects.toMatchObject({ code: 'E_FILE_FORMAT' });
    // One bad line among good ones is reported by changes, not refused here.
    await writeFile(file, ['not json', line({ id: 'a' })].join('\n'));
    await expect(connector().checkAuth()).resolves.toBeUndefined();
  });

  it('offers the values seen in a column whose values repeat as its options, most frequent first; free text gets none', async () => {
    const statuses = ['Lead', 'Customer', 'Lead', 'lost', 'Lead', 'Customer'];
    await writeFile(file, statuses.map((status, i) => line({ id: `p${i}`, custom: { status, note: `call ${i}` } })).join('\n'));
    const catalog = await connector().fieldCatalog();
    expect(catalog.find((f) => f.path === 'custom.status')).toEqual({ path: 'custom.status', type: 'string', label: 'status', custom: true, options: ['Lead', 'Customer', 'lost'] });
    expect(catalog.find((f) => f.path === 'custom.note')).not.toHaveProperty('options');
  });

  it('refuses a path that names a folder or holds a NUL with a sentence, before touching the disk', () => {
    for (const path of ['.', '..', `${dir}/`, `${dir}/.`]) {
      expect(() => jsonlConnectorFactory.create({ config: { path } }), path).toThrow(/names a folder; give the file's name/);
    }
    expect(() => jsonlConnectorFactory.create({ config: { path: 'a\u0000b.jsonl' } })).toThrow(/"path" contains a NUL character/);
    expect(() => jsonlConnectorFactory.create({ config: { path: file, stateDir: 'x\u0000' } })).toThrow(/"stateDir" contains a NUL character/);
  });

  it('refuses a folder given as the file with a sentence on first read', async () => {
    await expect(jsonlConnectorFactory.create({ config: { path: dir } }).checkAuth()).rejects.toThrow(`${dir} is a folder; give a contacts file.`);
  });

  it('says where a line breaks without quoting what the file holds', async () => {
    await writeFile(file, 'root:x:0:0:root:/root:/bin/bash\n{"id": "a", "email": "secret@example.com" "x"}\n');
    const failures = (await pages(connector(), null)).flatMap((p) => p.failures ?? []);
    expect(failures.map((f) => f.message)).toEqual([`${file} line 1 is not valid JSON.`, `${file} line 2 is not valid JSON (it breaks at character 43).`]);
    await expect(connector().checkAuth()).rejects.toThrow(`${file} line 1 is not valid JSON.`);
  });
});
