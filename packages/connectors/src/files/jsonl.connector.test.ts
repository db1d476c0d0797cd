import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { ChangePage, Connector } from '@sluice/engine';
import type { Contact } from '@sluice/graph';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonlConnectorFactory } from './jsonl.connector';
import { jsonlFormat } from './jsonl.format';
import { ids, lastCursor, line, pages, people, useContactsFile } from './jsonl.test-fixture';

// Unreadable lines have their own file: jsonl-unreadable-lines.test.ts.
const paths = useContactsFile();
let dir: string;
let file: string;
beforeEach(() => {
  ({ dir, file } = paths);
});

const connector = (): Connector => jsonlConnectorFactory.create({ config: { path: file } });
const fileLines = async () => (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '');

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

describe('jsonl connector: big files', () => {
  it('streams 100,000 lines with bounded memory and finds the few changed ones incrementally', async () => {
    const N = 100_000;
    const chunks: string[] = [];
    for (let i = 0; i < N; i++) chunks.push(line({ id: `id-${i}`, email: `user${i}@example.com`, firstName: `First${i}`, lastName: 'Last', tags: ['t'] }));
    await writeFile(file, chunks.join('\n'));
    const c = connector();
    // What stays alive, not what waits for collection: a full GC before each reading (the flag is
    // set at run time, so the test needs no node option).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let count = 0;
    let cursor = '';
    let peak = 0;
    const retained: number[] = [];
    for await (const page of c.changes(null, { pageSize: 1000 })) {
      count += page.records.length;
      cursor = page.cursor;
      if (count % 20_000 === 0) {
        gc();
        const mb = (process.memoryUsage().heapUsed - heapBefore) / 1_048_576;
        retained.push(Number(mb.toFixed(1)));
        peak = Math.max(peak, mb);
      }
    }
    expect(count).toBe(N);
    // Records are not retained: what stays is the id → hash state (~100 bytes a record, 10 MB here);
    // 100,000 parsed records kept would be several times that (measured: 6–13 MB at most).
    process.stdout.write(`jsonl: live heap after GC every 20,000 records, MB over the start: ${retained.join(', ')}` + '\n');
    expect(retained.length).toBeGreaterThanOrEqual(5);
    expect(peak).toBeLessThan(40);
    chunks[10] = line({ id: 'id-10', email: 'changed@example.com' });
    chunks[99_999] = line({ id: 'id-99999', email: 'changed2@example.com' });
    await writeFile(file, chunks.join('\n'));
    const delta = await pages(connector(), cursor, 1000);
    expect(ids(delta)).toEqual(['id-10', 'id-99999']);
  });
});

describe('jsonl connector: lookup index', () => {
  it('answers lookups from memory, follows its own rewrites and notices edits made behind its back', async () => {
    await writeFile(file, people(50).join('\n'));
    const c = connector();
    expect((await c.findByKey('email', ['person7@example.com'])).get('person7@example.com')!.map((r) => r.id)).toEqual(['p7']);
    const [created] = await c.upsertBatch(
      [
        { ref: 'n', fields: { email: 'fresh@example.com' } },
        { ref: 'u', id: 'p7', fields: { email: 'moved@example.com' } },
      ],
      'k',
    );
    const after = await c.findByKey('email', ['fresh@example.com', 'person7@example.com', 'moved@example.com']);
    expect(after.get('fresh@example.com')!.map((r) => r.id)).toEqual([(created as { id: string }).id]);
    expect(after.get('person7@example.com')).toEqual([]);
    expect(after.get('moved@example.com')!.map((r) => r.id)).toEqual(['p7']);
    // Another program edits the file.
    await writeFile(file, [line({ id: 'p7', email: 'edited@example.com' })].join('\n'));
    expect((await c.getMany(['p7', 'p8'])).map((r) => r.email)).toEqual(['edited@example.com']);
    expect((await c.findByKey('email', ['edited@example.com'])).get('edited@example.com')).toHaveLength(1);
  });
});

describe('jsonl connector: rewrites of a file Sluice knows', () => {
  it('parse only the lines written (31 of 20,000), and keep the index current without a rescan', async () => {
    const N = 20_000;
    const before = people(N);
    await writeFile(file, before.join('\n') + '\n');
    const c = connector();
    await c.findByKey('email', ['person1@example.com']); // builds the index (parses every line once)
    const parse = vi.spyOn(jsonlFormat, 'parseLine');
    const open = vi.spyOn(jsonlFormat, 'open');
    try {
      const touched = Array.from({ length: 30 }, (_, k) => k * 661);
      const writes = [
        ...touched.map((i) => ({ ref: `u${i}`, id: `p${i}`, fields: { email: `moved${i}@example.com` } })),
        ...Array.from({ length: 10 }, (_, k) => ({ ref: `n${k}`, fields: { email: `new${k}@example.com` } })),
        { ref: 'same', id: 'p5', fields: { firstName: 'P5' } }, // no change: parsed, copied as it was
      ];
      const results = await c.upsertBatch(writes, 'k');
      expect(results.every((r) => r.ok)).toBe(true);
      expect(parse).toHaveBeenCalledTimes(31);
      expect(open).not.toHaveBeenCalled();
      const after = await fileLines();
      expect(after).toHaveLength(N + 10);
      for (let i = 0; i < N; i++) {
        if (touched.includes(i)) expect(JSON.parse(after[i]!)).toMatchObject({ id: `p${i}`, email: `moved${i}@example.com` });
        else expect(after[i]).toBe(before[i]);
      }
      // The index followed the rewrite: no rescan (no parse), old keys gone, new ones found.
      parse.mockClear();
      const found = await c.findByKey('email', ['person661@example.com', 'moved661@example.com', 'new3@example.com']);
      expect(found.get('person661@example.com')).toEqual([]);
      expect(found.get('moved661@example.com')!.map((r) => r.id)).toEqual(['p661']);
      expect(found.get('new3@example.com')).toHaveLength(1);
      expect((await c.getMany(['p1322']))[0]!.email).toBe('moved1322@example.com');
      expect(parse).not.toHaveBeenCalled();
      // The next batch knows the created records' lines too.
      const created = (results.find((r) => r.ref === 'n3') as { id: string }).id;
      await c.upsertBatch([{ ref: 'c', id: created, fields: { firstName: 'Three' } }], 'k2');
      expect(parse).toHaveBeenCalledTimes(1);
      expect(JSON.parse((await fileLines())[N + 3]!)).toMatchObject({ id: created, firstName: 'Three' });
    } finally {
      parse.mockRestore();
      open.mockRestore();
    }
  });

  it('follow a last line without a line break, and rewrite a CRLF file in full once (then LF)', async () => {
    await writeFile(file, people(3).join('\n')); // no line break at the end
    const c = connector();
    await c.findByKey('email', ['person1@example.com']);
    const parse = vi.spyOn(jsonlFormat, 'parseLine');
    try {
      await c.upsertBatch([{ ref: 'n', fields: { email: 'n1@x.com' } }, { ref: 'u', id: 'p1', fields: { firstName: 'One' } }], 'k1');
      expect(parse).toHaveBeenCalledTimes(1);
      await c.upsertBatch([{ ref: 'n', fields: { email: 'n2@x.com' } }, { ref: 'u', id: 'p2', fields: { firstName: 'Two' } }], 'k2');
      expect(parse).toHaveBeenCalledTimes(2);
    } finally {
      parse.mockRestore();
    }
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').slice(0, 3).map((l) => (JSON.parse(l) as Contact).firstName)).toEqual(['P0', 'One', 'Two']);
    expect((await fileLines()).map((l) => (JSON.parse(l) as Contact).email).slice(3)).toEqual(['n1@x.com', 'n2@x.com']);

    await writeFile(file, people(3).join('\r\n') + '\r\n');
    await c.findByKey('email', ['person1@example.com']);
    await c.upsertBatch([{ ref: 'u', id: 'p0', fields: { firstName: 'Zero' } }], 'k3');
    await c.upsertBatch([{ ref: 'u', id: 'p2', fields: { firstName: 'Two' } }], 'k4');
    const lf = await readFile(file, 'utf8');
    expect(lf.includes('\r')).toBe(false);
    expect(lf.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as Contact).firstName)).toEqual(['Zero', 'P1', 'Two']);
  });

  it('falls back to a full rewrite when the file changed behind its back', async () => {
    await writeFile(file, people(3).join('\n'));
    const c = connector();
    await c.findByKey('email', ['person1@example.com']);
    await writeFile(file, [line({ id: 'p2', email: 'x@x.com' }), ...people(2)].join('\n')); // lines moved
    await c.upsertBatch([{ ref: 'u', id: 'p2', fields: { firstName: 'Two' } }], 'k');
    expect((await fileLines()).map((l) => JSON.parse(l) as Contact).map((r) => [r.id, r.firstName])).toEqual([
      ['p2', 'Two'],
      ['p0', 'P0'],
      ['p1', 'P1'],
    ]);
  });
});

describe('jsonl connector: appending creates', () => {
  it('appends batches of creates atomically, keeps lines as they were, and still creates nothing twice', async () => {
    // A blank line (a full rewrite would drop it) and no trailing newline: the bytes are copied as they are.
    await writeFile(file, line({ id: 'keep', email: 'keep@x.com' }) + '\n\n' + line({ id: 'keep2', email: 'keep2@x.com' }));
    const c = connector();
    await c.findByKey('email', ['keep@x.com']); // the index proves new ids absent
    const before = await readFile(file, 'utf8');
    const b1 = Array.from({ length: 3 }, (_, i) => ({ ref: `a${i}`, fields: { email: `a${i}@x.com` } }));
    const r1 = await c.upsertBatch(b1, 'initial-1');
    expect((await readFile(file, 'utf8')).startsWith(before + '\n')).toBe(true);
    await c.upsertBatch([{ ref: 'b', fields: { email: 'b@x.com' } }], 'initial-2');
    expect(await c.upsertBatch(b1, 'initial-1')).toEqual(r1.map((r) => ({ ...r })));
    const all = (await fileLines()).map((l) => JSON.parse(l) as Contact);
    expect(all.map((r) => r.email)).toEqual(['keep@x.com', 'keep2@x.com', 'a0@x.com', 'a1@x.com', 'a2@x.com', 'b@x.com']);
    expect((await c.findByKey('email', ['b@x.com'])).get('b@x.com')).toHaveLength(1);
    expect(ids(await pages(connector(), null))).toHaveLength(6);
  });

  it('writes the csv header for a new file and appends under an existing one', async () => {
    const { csvConnectorFactory } = await import('./csv.connector');
    const csvFile = join(dir, 'new.csv');
    const c = csvConnectorFactory.create({ config: { path: csvFile } });
    await c.upsertBatch([{ ref: '1', fields: { email: 'one@x.com' } }], 'k1');
    await c.findByKey('email', ['one@x.com']);
    await c.upsertBatch([{ ref: '2', fields: { email: 'two@x.com' } }], 'k2');
    const text = await readFile(csvFile, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('id,'))).toHaveLength(1);
    const read = [];
    for await (const page of c.changes(null)) read.push(...page.records);
    expect(read.map((r) => r.email)).toEqual(['one@x.com', 'two@x.com']);
  });
});
