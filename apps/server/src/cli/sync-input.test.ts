import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConnection } from './sync.command';

// `sluice sync` reads its connection file with the same care as the graph commands: one line naming
// the file (and line:column for broken JSON), a BOM tolerated.
const dir = mkdtempSync(join(tmpdir(), 'sluice-sync-input-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const valid = { format: 'sluice.connection/v1', name: 'x', apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } };

describe('readConnection', () => {
  it('reads a valid file, with or without a BOM', async () => {
    expect((await readConnection(file('ok.json', JSON.stringify(valid)))).name).toBe('x');
    expect((await readConnection(file('bom.json', `\ufeff${JSON.stringify(valid)}`))).mode).toBe('two-way');
  });

  it.each([
    ['missing', join(dir, 'nope.json'), /nope\.json: no such file/],
    ['a folder', dir, /is a folder, not a file/],
    ['broken JSON', file('broken.json', '{\n  "format": "sluice.connection/v1",\n  "name": \n}'), /broken\.json:4:1: invalid JSON/],
    ['a schema problem', file('mode.json', JSON.stringify({ ...valid, mode: 'sideways' })), /mode\.json: connection mode: /],
    ['a NUL and newline in a key', file('nul.json', JSON.stringify({ ...valid, 'bad\u0000\nkey': 1 })), /nul\.json: /],
  ])('refuses %s in one line', async (_what, path, message) => {
    const error = await readConnection(path).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error?.name).toBe('UserError');
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain('\n');
    expect(error?.message).not.toContain(String.fromCharCode(0));
  });
});
