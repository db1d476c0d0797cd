import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangePage, Connector } from '@sluice/engine';
import type { Contact } from '@sluice/graph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileConnector } from './file.connector';
import type { FileFormat } from './file-format';
import { jsonlApp } from './jsonl.connector';
import { lineHash } from './file-snapshots';
import { jsonlFormat } from './jsonl.format';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-file-changes-'));
  file = join(dir, 'contacts.jsonl');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The jsonl format, counting the lines it parses. */
function countingJsonl(): { format: FileFormat; parsed: () => number } {
  let parsed = 0;
  const format: FileFormat = {
    ...jsonlFormat,
    parseLine(text, n, path) {
      parsed++;
      return jsonlFormat.parseLine!(text, n, path);
    },
  };
  return { format, parsed: () => parsed };
}

const line = (c: Partial<Contact> & { id: string }) => JSON.stringify({ tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00.000Z', ...c });
const people = (n: number) => Array.from({ length: n }, (_, i) => line({ id: `p${i}`, email: `person${i}@example.com`, firstName: `P${i}` }));

async function drain(c: Connector, cursor: string | null): Promise<{ records: Contact[]; cursor: string }> {
  const pages: ChangePage[] = [];
  for await (const page of c.changes(cursor, { pageSize: 100 })) pages.push(page);
  return { records: pages.flatMap((p) => p.records), cursor: pages.at(-1)!.cursor };
}

describe('file changes: line by line', () => {
  it('parses only the lines that changed since the cursor, and still sees new, changed and vanished records', async () => {
    const lines = people(1000);
    await writeFile(file, lines.join('\n') + '\n');
    const { format, parsed } = countingJsonl();
    const c = createFileConnector(jsonlApp, format, { config: { path: file } });
    const first = await drain(c, null);
    expect(first.records).toHaveLength(1000);
    expect(parsed()).toBe(1000);

    lines[10] = line({ id: 'p10', email: 'changed@example.com' });
    lines[500] = line({ id: 'p500', email: 'person500@example.com', firstName: 'Renamed' });
    lines.splice(700, 1); // p700 vanishes
    lines.push(line({ id: 'new1', email: 'new1@example.com' }));
    lines.push(lines[3]!); // a repeated line: the first one counts
    await writeFile(file, lines.join('\n') + '\n');
    const second = await drain(c, first.cursor);
    // Three changed or new lines and the repeat are parsed; the 996 unchanged ones are not.
    expect(parsed() - 1000).toBe(4);
    expect(second.records.map((r) => [r.id, r.deleted ?? false])).toEqual([
      ['p10', false],
      ['p500', false],
      ['new1', false],
      ['p700', true],
    ]);
    expect(second.records[1]!.firstName).toBe('Renamed');

    // The next pass starts from the second one's state: nothing left to report.
    await writeFile(file, lines.join('\n') + '\n\n');
    const third = await drain(c, second.cursor);
    expect(third.records).toEqual([]);
    expect(parsed() - 1004).toBe(1); // only the repeated line, whose id was already seen
  });

  it('does not take a line for a known record because its 30-bit hash is that record\'s', async () => {
    // Two different records whose lines collide on lineHash (found by brute force: ~2^15 tries).
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const text = line({ id: `x${i}`, email: `x${i}@example.com` });
      const h = lineHash(text);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, text];
      else seen.set(h, text);
    }
    const [known, newcomer] = pair;
    await writeFile(file, known + '\n');
    const { format, parsed } = countingJsonl();
    const c = createFileConnector(jsonlApp, format, { config: { path: file } });
    const first = await drain(c, null);
    await writeFile(file, newcomer + '\n');
    const second = await drain(c, first.cursor);
    expect(parsed()).toBe(2);
    const newId = (JSON.parse(newcomer) as Contact).id;
    const oldId = (JSON.parse(known) as Contact).id;
    expect(second.records.map((r) => [r.id, r.deleted ?? false])).toEqual([
      [newId, false],
      [oldId, true],
    ]);
  });
});
