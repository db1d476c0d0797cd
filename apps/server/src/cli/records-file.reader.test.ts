import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecordsFile } from './records-file.reader';

const dir = mkdtempSync(join(tmpdir(), 'sluice-records-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('readRecordsFile', () => {
  it('reads CSV with dotted headers, lists split on ; and typed canonical fields', async () => {
    const p = file('a.csv', 'id,email,tags,address.city,deals.count,unsubscribed,custom.tier\n1,a@b.c,lead; vip ;,Oslo,2,yes,gold\n2,,,,,,\n');
    const [a, b] = await readRecordsFile(p);
    expect(a).toMatchObject({ id: '1', email: 'a@b.c', tags: ['lead', 'vip'], address: { city: 'Oslo' }, deals: { count: 2, open: 0, won: 0, value: 0 }, unsubscribed: true, custom: { tier: 'gold' } });
    expect(b).toEqual({ id: '2', tags: [], lists: [], custom: {}, updatedAt: '1970-01-01T00:00:00.000Z' });
  });
  it('gives records without an id one from their position', async () => {
    expect((await readRecordsFile(file('b.csv', 'email\na@b.c\n'))).map((r) => r.id)).toEqual(['line-2']);
    expect((await readRecordsFile(file('b.jsonl', '\n{"email":"a@b.c"}\n'))).map((r) => r.id)).toEqual(['#2']);
    expect((await readRecordsFile(file('b.json', '[{"email":"a@b.c"}]'))).map((r) => r.id)).toEqual(['#1']);
  });
  it('reads a JSON array or { records: [...] }', async () => {
    expect(await readRecordsFile(file('c.json', '{"records":[{"id":"x"}]}'))).toHaveLength(1);
  });
  it('names file and line for bad values, unknown fields and unknown columns', async () => {
    await expect(readRecordsFile(file('d.csv', 'id,deals.count\n1,many\n'))).rejects.toThrowError('d.csv:2: column "deals.count": "many" is not a number');
    await expect(readRecordsFile(file('d2.csv', 'id,colour\n1,red\n'))).rejects.toThrowError(/d2\.csv:1: unknown column "colour"/);
    await expect(readRecordsFile(file('d.json', '[\n{"id":"1"},\n{"id":"2","emial":"x"}\n]'))).rejects.toThrowError('d.json:3: unknown field "emial"');
    await expect(readRecordsFile(file('d.jsonl', '{"id":"1"}\n[1]\n'))).rejects.toThrowError('d.jsonl:2: a record must be a JSON object');
    await expect(readRecordsFile(file('d.txt', ''))).rejects.toThrowError(/unsupported records file/);
    await expect(readRecordsFile(join(dir, 'missing.csv'))).rejects.toThrowError(/missing\.csv: no such file/);
  });
  it('keeps the error on one line when a name holds a newline or NUL (found by test/fuzz/records)', async () => {
    await expect(readRecordsFile(file('e.csv', '"a\nb"\n1\n'))).rejects.toThrowError('e.csv:1: unknown column "a\\nb" (use canonical');
    await expect(readRecordsFile(file('e.jsonl', '{"id":"1","x\\u0000\\ny":1}\n'))).rejects.toThrowError('e.jsonl:1: unknown field "x\\u0000\\ny"');
  });
});
