import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Contact } from '@sluice/graph';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonlFormat } from './jsonl.format';
import { ids, line, pages, people, useContactsFile } from './jsonl.test-fixture';

// Files of many lines: bounded memory, incremental reads, the lookup index, and rewrites and appends
// that touch only the lines they change.
const paths = useContactsFile();
const { connector, fileLines } = paths;
let dir: string;
let file: string;
beforeEach(() => {
  ({ dir, file } = paths);
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
