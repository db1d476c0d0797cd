import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as preview from '../../apps/server/src/cli/preview.command';
import { fuzzRuns, fuzzSeed, reportFigures, runInProcess, showsStack } from './cli.runner';
import { minimalGraph } from './graph.arbitrary';

// Fuzzed sample-record files for `sluice preview` (CSV, JSONL, JSON): each previews or is refused in
// one line naming the file (and line), never a crash.

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-fuzz-records-'));
  await writeFile(join(dir, 'graph.json'), JSON.stringify(minimalGraph));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const cell = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '""', '"open', 'a,b', '\r\n', '\u0000', '\ud800', '🦆', 'x'.repeat(3000), '', '0', 'true', '-1e309'));
const header = fc.array(fc.oneof(fc.constantFrom('id', 'email', 'tags', 'deals.count', 'custom.x', 'address.city', 'unsubscribed', 'updatedAt', '', 'nope'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 6 });
const csv = fc
  .tuple(header, fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 6 }), fc.constantFrom('\n', '\r\n'))
  .map(([h, rows, eol]) => [h.join(','), ...rows.map((r) => r.join(','))].join(eol));
const recordish = fc.oneof(
  fc.record({ id: fc.oneof(fc.string(), fc.integer()), email: cell, tags: fc.oneof(fc.array(cell, { maxLength: 3 }), cell), deals: fc.oneof(fc.record({ count: fc.oneof(fc.nat(), cell) }), cell) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const jsonl = fc.array(fc.oneof({ weight: 5, arbitrary: recordish.map((r) => JSON.stringify(r) ?? '') }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }), { maxLength: 6 }).map((lines) => lines.join('\n'));
const json = fc.oneof(fc.array(recordish, { maxLength: 5 }).map((a) => JSON.stringify(a)), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''));

it('sample files of every kind preview or are refused in one line naming the file', async () => {
  const outcomes: Record<string, number> = {};
  await fc.assert(
    fc.asyncProperty(fc.oneof(csv.map((t) => ['csv', t] as const), jsonl.map((t) => ['jsonl', t] as const), json.map((t) => ['json', t] as const)), async ([ext, text]) => {
      const file = join(dir, `records.${ext}`);
      await writeFile(file, text);
      const r = await runInProcess(preview, [join(dir, 'graph.json'), file, '--json']);
      expect(showsStack(r.stdout + (r.error ?? ''))).toBe(false);
      if (r.error) {
        expect(r.error).toContain(`records.${ext}`);
        expect(r.error).not.toContain('\n');
      } else {
        expect(r.code).toBe(0);
        expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
      }
      outcomes[`${ext} ${r.error ? 'refused' : 'previewed'}`] = (outcomes[`${ext} ${r.error ? 'refused' : 'previewed'}`] ?? 0) + 1;
    }),
    { numRuns: fuzzRuns(300), seed: fuzzSeed },
  );
  reportFigures('records CLI preview', outcomes);
});
