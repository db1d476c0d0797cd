import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestEnv, type TestEnv } from '@sluice/api/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sync from '../../apps/server/src/cli/sync.command';
import { fuzzRuns, fuzzSeed, reportFigures, runInProcess, showsStack, spawnSluice } from './cli.runner';
import { asDraft, connectionDocument } from './connection.arbitrary';

// Fuzzed `sluice.connection/v1` files through `sluice sync` and fuzzed drafts through the API
// (connections.create / update): a typed, clear error or a valid result, never a crash, a stack
// trace, an INTERNAL_SERVER_ERROR or a partial write. SLUICE_FUZZ_RUNS=10000 runs the full count.

const contact = (id: string, email: string) => JSON.stringify({ id, email, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z' });
async function seedFiles(root: string): Promise<void> {
  await writeFile(join(root, 'a.jsonl'), `${contact('a1', 'ann@example.com')}\n${contact('a2', 'bob@example.com')}\n`);
  await writeFile(join(root, 'b.jsonl'), `${contact('b1', 'ANN@example.com ')}\n`);
  await writeFile(join(root, 'a.csv'), 'id,email,firstName\nc1,cat@example.com,Cat\n');
  await mkdir(join(root, 'dir'), { recursive: true });
}

let dir: string;
let env: TestEnv;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-fuzz-connection-'));
  await seedFiles(dir);
  env = await openTestEnv({ workers: false });
});
afterAll(async () => {
  await env?.close();
  await rm(dir, { recursive: true, force: true });
});

const tally = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);
const isFileApp = (side: unknown) => ['jsonl', 'csv'].includes((side as { connector?: string } | undefined)?.connector ?? '');

describe('fuzzed connection files through `sluice sync`', () => {
  it('are read into a valid connection or refused in one line naming the file', async () => {
    const file = join(dir, 'connection.json');
    const outcomes: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(connectionDocument, async (doc) => {
        await writeFile(file, JSON.stringify(doc));
        const result = await sync.readConnection(file).then(
          () => 'valid',
          (e: unknown) => {
            const err = e as { name?: string; message?: string };
            expect(err.name).toBe('UserError');
            expect(err.message).toContain('connection.json');
            expect(err.message).not.toContain('\n');
            return 'refused';
          },
        );
        tally(outcomes, result);
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed },
    );
    reportFigures('connections CLI read', outcomes);
    expect(outcomes.valid ?? 0).toBeGreaterThan(0);
  });

  it('that are valid run one pass (exit 0 or 2) or stop with one clear error, never a crash', async () => {
    const valid = fc
      .sample(connectionDocument, { numRuns: 4000, seed: fuzzSeed })
      .filter((d) => {
        const apps = (d as { apps?: { a?: unknown; b?: unknown } }).apps;
        return isFileApp(apps?.a) && isFileApp(apps?.b);
      });
    const outcomes: Record<string, number> = {};
    let runs = 0;
    for (const [i, doc] of valid.entries()) {
      if (runs >= Number(process.env.SLUICE_FUZZ_SYNC_RUNS ?? 3)) break;
      const file = join(dir, `run-${i}.json`);
      await writeFile(file, JSON.stringify(doc));
      if (!(await sync.readConnection(file).then(() => true, () => false))) continue;
      runs++;
      await seedFiles(dir);
      const r = await runInProcess(sync, [file, '--once', '--json', '--data', join(dir, `data-${i}`)]);
      expect(showsStack(r.stdout + (r.error ?? ''))).toBe(false);
      if (r.error) tally(outcomes, 'error');
      else {
        expect([0, 2]).toContain(r.code);
        expect(JSON.parse(r.stdout)).toMatchObject({ created: { a: expect.any(Number), b: expect.any(Number) }, failed: expect.any(Number) });
        tally(outcomes, `exit ${r.code}`);
      }
    }
    reportFigures('connections CLI sync', outcomes);
    expect(runs).toBeGreaterThan(0);
  });

  it('the real binary refuses a broken one in one line, without a stack', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, JSON.stringify({ format: 'sluice.connection/v1', name: 'x', apps: { a: { connector: 'jsonl' } }, mode: 'sideways' }));
    const r = await spawnSluice(['sync', file, '--once']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('broken.json');
    expect(showsStack(r.stderr)).toBe(false);
  });
});

describe('fuzzed connection drafts through the API', () => {
  it('connections.create / update save or refuse with BAD_REQUEST, and a refusal writes nothing', async () => {
    const { caller, user } = await env.signUp('connection-fuzz@example.com');
    await seedFiles(await env.filesOf(user.workspaceId));
    const base = await caller.connections.create({ name: 'base', apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } });
    let created = 1;
    let current = JSON.stringify(await caller.connections.get({ id: base.id }));
    const outcomes: Record<string, number> = {};
    const refused = (e: unknown) => {
      const err = e as { code?: string; message?: string };
      expect(err.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(['BAD_REQUEST', 'NOT_FOUND', 'PRECONDITION_FAILED', 'CONFLICT']).toContain(err.code);
      expect(showsStack(err.message ?? '')).toBe(false);
      tally(outcomes, err.code ?? '?');
      return undefined;
    };
    await fc.assert(
      fc.asyncProperty(connectionDocument, async (doc) => {
        const draft = asDraft(doc);
        const made = await caller.connections.create(draft as never).catch(refused);
        if (made) {
          created++;
          tally(outcomes, 'created');
        }
        const updated = await caller.connections.update({ id: base.id, patch: draft as never }).catch(refused);
        const after = JSON.stringify(await caller.connections.get({ id: base.id }));
        if (updated) {
          tally(outcomes, 'updated');
          current = after;
        } else expect(after).toBe(current);
      }),
      { numRuns: fuzzRuns(60), seed: fuzzSeed },
    );
    expect((await caller.connections.list()).length).toBe(created);
    reportFigures('connections API', outcomes);
  });
});
