import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '@sluice/engine';
import { openTestEnv, type TestEnv } from '../testing/test-env';
import { until } from '../testing/until';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv();
});
afterAll(async () => env.close());

const line = (i: number) =>
  JSON.stringify({ id: `r${i}`, email: `person${i}@example.com`, firstName: `P${i}`, tags: i % 2 ? ['customer'] : [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00.000Z' });

/** A started one-way connection between two JSONL files, `size` records on side A. */
async function startedConnection(name: string, size: number) {
  const { caller, user } = await env.signUp();
  const files = await env.filesOf(user.workspaceId);
  await writeFile(join(files, `${name}-a.jsonl`), Array.from({ length: size }, (_, i) => line(i)).join('\n') + '\n');
  await writeFile(join(files, `${name}-b.jsonl`), '');
  const connection = await caller.connections.create({
    name,
    apps: { a: { connector: 'jsonl', config: { path: `${name}-a.jsonl` } }, b: { connector: 'jsonl', config: { path: `${name}-b.jsonl` } } },
    mode: 'a-to-b',
  });
  await caller.connections.start({ id: connection.id });
  return { caller, scope: { workspaceId: user.workspaceId, connectionId: connection.id }, id: connection.id };
}

const runsOf = (scope: { workspaceId: string; connectionId: string }): Promise<Run[]> => env.store.runs.list(scope, { limit: 50 });

describe('configuration changes and runs', () => {
  it('applying a template to a running connection starts over with it, with no failed run', async () => {
    const { caller, scope, id } = await startedConnection('swap', 3000);
    await until('the initial run', async () => (await runsOf(scope)).some((r) => r.status === 'succeeded'), 30_000);
    const before = (await runsOf(scope)).length;
    await caller.templates.import({ connectionId: id, galleryId: 'only-customers', direction: 'aToB' });
    const version = (await caller.connections.get({ id })).version;
    await until('a run with the template', async () => (await runsOf(scope)).some((r) => r.status === 'succeeded' && (r.graphVersion ?? 0) >= version), 30_000);
    const runs = await runsOf(scope);
    expect(runs.length).toBeGreaterThan(before);
    expect(runs.filter((r) => r.status === 'failed')).toEqual([]);
  });

  it('a run stopped because the rules changed is recorded as interrupted, not failed', async () => {
    const { caller, scope, id } = await startedConnection('resave', 6000);
    await until('the initial run to start', async () => (await runsOf(scope)).some((r) => r.status === 'running'), 30_000);
    const graph = (await caller.templates.check({ connectionId: id, galleryId: 'only-customers', direction: 'aToB' })).graphs.aToB!;
    await caller.graphs.save({ connectionId: id, direction: 'aToB', graph });
    await until('the run with the new rules', async () => (await runsOf(scope)).some((r) => r.status === 'succeeded'), 30_000);
    const runs = await runsOf(scope);
    const first = runs.at(-1)!;
    expect(first.status).toBe('interrupted');
    expect(first.errors.map((e) => e.code)).not.toContain('E_STOPPED');
    expect(runs.filter((r) => r.status === 'failed')).toEqual([]);
  });
});
