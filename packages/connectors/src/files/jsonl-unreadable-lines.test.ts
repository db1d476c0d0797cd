import { readFile, writeFile } from 'node:fs/promises';
import type { Contact } from '@sluice/graph';
import { beforeEach, describe, expect, it } from 'vitest';
import { ids, lastCursor, line, pages, people, useContactsFile } from './jsonl.test-fixture';

const paths = useContactsFile();
const { connector } = paths;
let file: string;
beforeEach(() => {
  ({ file } = paths);
});

describe('jsonl connector: unreadable lines', () => {
  it('reports unreadable lines by file and line (or id), syncs the rest, and lookups skip them', async () => {
    await writeFile(file, [people(1)[0], '{"id": "x", ', line({ id: 'y' }), JSON.stringify({ id: 'z', tags: 'not-a-list' }), '[1, 2]'].join('\n'));
    const read = await pages(connector(), null);
    expect(ids(read)).toEqual(['p0', 'y']);
    const failures = read.flatMap((p) => p.failures ?? []);
    expect(failures.map((f) => [f.ref, f.code])).toEqual([
      ['x', 'E_FILE_FORMAT'],
      ['z', 'E_FILE_FORMAT'],
      ['contacts.jsonl line 5', 'E_FILE_FORMAT'],
    ]);
    expect(failures[0]!.message).toMatch(/contacts\.jsonl line 2 is not valid JSON/);
    expect(failures[1]!.message).toMatch(/contacts\.jsonl line 4: field "tags"/);
    const c = connector();
    expect((await c.getMany(['p0', 'x', 'z'])).map((r) => r.id)).toEqual(['p0']);
    expect((await c.findByKey('email', ['person0@example.com'])).get('person0@example.com')).toHaveLength(1);
  });

  it('never counts an unreadable line as a deletion, and reads it again once fixed', async () => {
    const good = people(3);
    await writeFile(file, good.join('\n'));
    const cursor = lastCursor(await pages(connector(), null));
    // p1's line breaks (its id still shows), p2's line goes: only p2 is deleted.
    await writeFile(file, [good[0], JSON.stringify({ id: 'p1', tags: 'oops' })].join('\n'));
    const broken = await pages(connector(), cursor);
    expect(broken.flatMap((p) => p.records).map((r) => [r.id, r.deleted ?? false])).toEqual([['p2', true]]);
    expect(broken.flatMap((p) => p.failures ?? []).map((f) => f.ref)).toEqual(['p1']);
    // A line that shows no id at all: nothing is deleted (it could be any record).
    await writeFile(file, ['garbage', JSON.stringify({ id: 'p1', tags: 'oops' })].join('\n'));
    const worse = await pages(connector(), lastCursor(broken));
    expect(ids(worse)).toEqual([]);
    expect(worse.flatMap((p) => p.failures ?? []).map((f) => f.ref)).toEqual(['contacts.jsonl line 1', 'p1']);
    // Fixed as they were: no change; fixed differently: a change.
    await writeFile(file, [good[0], good[1]!.replace('"P1"', '"Fixed"')].join('\n'));
    const fixed = await pages(connector(), lastCursor(worse));
    expect(fixed.flatMap((p) => p.records).map((r) => [r.id, r.firstName])).toEqual([['p1', 'Fixed']]);
    expect(fixed.flatMap((p) => p.failures ?? [])).toEqual([]);
  });

  it('copies unreadable lines byte for byte on every kind of rewrite', async () => {
    const bad1 = '{"id": "x", oops';
    const bad2 = '  {"id":"w","tags":"not-a-list"}  ';
    await writeFile(file, [people(1)[0], bad1, line({ id: 'p1' }), bad2, JSON.stringify({ email: 'derived@x.com' })].join('\n') + '\n');
    const c = connector();
    // No index yet: a full rewrite.
    await c.upsertBatch([{ ref: 'r', id: 'p1', fields: { firstName: 'One' } }], 'k1');
    let text = (await readFile(file, 'utf8')).split('\n');
    expect(text[1]).toBe(bad1);
    expect(text[3]).toBe(bad2);
    expect(JSON.parse(text[4]!)).toMatchObject({ id: 'derived@x.com' });
    // With a current index: only the written lines are read again; a create is appended.
    await c.findByKey('email', ['derived@x.com']);
    await c.upsertBatch(
      [
        { ref: 'r', id: 'p0', fields: { firstName: 'Zero' } },
        { ref: 'n', fields: { email: 'new@x.com' } },
      ],
      'k2',
    );
    text = (await readFile(file, 'utf8')).split('\n');
    expect(text[1]).toBe(bad1);
    expect(text[3]).toBe(bad2);
    expect(text).toHaveLength(7); // five lines, the created one, and the last line break
    expect(JSON.parse(text[0]!)).toMatchObject({ id: 'p0', firstName: 'Zero' });
    expect(JSON.parse(text[5]!)).toMatchObject({ email: 'new@x.com' });
    expect(ids(await pages(connector(), null))).toEqual(['p0', 'p1', 'derived@x.com', (JSON.parse(text[5]!) as Contact).id]);
  });
});
