import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestEnv, type TestEnv } from '@sluice/api/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as preview from '../../apps/server/src/cli/preview.command';
import * as graphTest from '../../apps/server/src/cli/test.command';
import * as validate from '../../apps/server/src/cli/validate.command';
import { fuzzRuns, fuzzSeed, reportFigures, runInProcess, showsStack, spawnSluice } from './cli.runner';
import { anyGraphDocument, graphFileText, minimalGraph } from './graph.arbitrary';

// Fuzzed `sluice.graph/v1` files through the command line and the API. Each must give a typed,
// clear error or a valid result: never a crash, a stack trace, an INTERNAL_SERVER_ERROR, or a
// partial write. SLUICE_FUZZ_RUNS=10000 runs the full count (see docs/reliability.md).

let dir: string;
let env: TestEnv;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-fuzz-graph-'));
  await writeFile(join(dir, 'records.csv'), 'id,email,tags,deals.count\np1,ann@example.com,lead;vip,0\np2,,customer,3\np3,\u202ebob@example.com,,1\n');
  env = await openTestEnv({ workers: false });
});
afterAll(async () => {
  await env?.close();
  await rm(dir, { recursive: true, force: true });
});

const tally = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);

describe('fuzzed graph files through the CLI (in-process)', () => {
  it('validate, test and preview answer valid/invalid or one clear error line, never crash', async () => {
    const file = join(dir, 'graph.json');
    const records = join(dir, 'records.csv');
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(graphFileText, async (text) => {
        await writeFile(file, text);
        const v = await runInProcess(validate, [file]);
        expect([0, 1]).toContain(v.code);
        expect(showsStack(v.stdout + (v.error ?? ''))).toBe(false);
        if (v.error) expect(v.error).toMatch(/graph\.json/);
        else expect(v.stdout.trim().length).toBeGreaterThan(0);
        tally(outcomes, v.code === 0 ? 'valid' : v.error ? 'unreadable' : 'invalid');
        const t = await runInProcess(graphTest, [file]);
        const p = await runInProcess(preview, [file, records]);
        for (const r of [t, p]) {
          expect([0, 1]).toContain(r.code);
          expect(showsStack(r.stdout + (r.error ?? ''))).toBe(false);
          // A graph `validate` refuses is refused by the others too, naming the file.
          if (v.code !== 0) expect(r.error ?? '').toMatch(/graph\.json/);
        }
        if (v.code === 0) expect(p.code).toBe(0);
      }),
      { numRuns: fuzzRuns(150), seed: fuzzSeed },
    );
    reportFigures('graphs CLI', outcomes);
    expect(outcomes.valid ?? 0).toBeGreaterThan(0);
    expect(outcomes.invalid ?? 0).toBeGreaterThan(0);
  });

  it('the real binary prints one line and no stack for a sample', async () => {
    const samples = fc.sample(graphFileText, { numRuns: 2, seed: fuzzSeed });
    for (const [i, text] of samples.entries()) {
      const file = join(dir, `sample-${i}.json`);
      await writeFile(file, text);
      for (const command of ['validate', 'test']) {
        const r = await spawnSluice([command, file]);
        expect([0, 1]).toContain(r.code);
        expect(showsStack(r.stderr)).toBe(false);
        expect(r.stderr.trim().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('fuzzed graphs through the API', () => {
  it('graphs.validate answers valid/invalid or BAD_REQUEST, never an internal error', async () => {
    const { caller } = await env.signUp('graph-validate-fuzz@example.com');
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(anyGraphDocument, async (graph) => {
        const result = await caller.graphs.validate({ graph }).catch((e: unknown) => {
          const err = e as { code?: string; message?: string };
          expect(err.code).toBe('BAD_REQUEST');
          expect(showsStack(err.message ?? '')).toBe(false);
          return undefined;
        });
        tally(outcomes, result === undefined ? 'BAD_REQUEST' : result.valid ? 'valid' : 'invalid');
      }),
      { numRuns: fuzzRuns(150), seed: fuzzSeed },
    );
    reportFigures('graphs API validate', outcomes);
  });

  it('graphs.save / templates.import save or refuse with BAD_REQUEST, and a refusal writes nothing', async () => {
    const { caller, user } = await env.signUp('graph-fuzz@example.com');
    const files = await env.filesOf(user.workspaceId);
    await writeFile(join(files, 'a.jsonl'), '');
    await writeFile(join(files, 'b.jsonl'), '');
    const connection = await caller.connections.create({
      name: 'fuzz',
      apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } },
      rules: { aToB: minimalGraph as never },
    });
    const connectionId = connection.id;
    // A refused write must leave the connection as it was; versions are counted once at the end.
    const snapshot = async () => JSON.stringify(await caller.connections.get({ id: connectionId }));
    const versions = async () => (await caller.graphs.versions({ connectionId, direction: 'aToB' })).versions.length + (await caller.graphs.versions({ connectionId, direction: 'bToA' })).versions.length;
    const versionsBefore = await versions();
    let current = await snapshot();
    const outcomes: Record<string, number> = {};
    const refused = (e: unknown) => {
      const err = e as { code?: string; message?: string };
      expect(err.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(['BAD_REQUEST', 'PRECONDITION_FAILED', 'CONFLICT']).toContain(err.code);
      expect(showsStack(err.message ?? '')).toBe(false);
      tally(outcomes, err.code ?? '?');
    };
    let saves = 0;
    await fc.assert(
      fc.asyncProperty(anyGraphDocument, async (graph) => {
        for (const write of [
          () => caller.graphs.save({ connectionId, direction: 'aToB', graph: graph as never }).then(() => 1),
          () => caller.templates.import({ connectionId, template: graph }).then((r) => r.imported.length),
        ]) {
          const added = await write().catch((e: unknown) => (refused(e), undefined));
          if (added === undefined) {
            expect(await snapshot()).toBe(current);
          } else {
            saves += added;
            tally(outcomes, 'saved');
            current = await snapshot();
          }
        }
      }),
      // Writes cost ~0.4 s each on the embedded database: SLUICE_FUZZ_WRITE_RUNS sets their count apart.
      { numRuns: Number(process.env.SLUICE_FUZZ_WRITE_RUNS ?? 40), seed: fuzzSeed },
    );
    // Every version stored belongs to a write that succeeded (a saved graph equal to the last adds none).
    expect(await versions()).toBeLessThanOrEqual(versionsBefore + saves);
    reportFigures('graphs API', outcomes);
  });
});
