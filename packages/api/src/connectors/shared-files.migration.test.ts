import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionSettings } from '@sluice/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, type TestEnv } from '../testing/test-env';
import { moveSharedFiles } from '@sluice/runtime';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv({ workers: false });
});
afterAll(async () => env.close());

const lines: { level: 'info' | 'warn'; msg: string }[] = [];
const log = { info: (_: object, msg: string) => void lines.push({ level: 'info', msg }), warn: (_: object, msg: string) => void lines.push({ level: 'warn', msg }) };

/** Stores a connection as an earlier version would have: paths into the shared folder. */
async function connection(workspaceId: string, a: Record<string, unknown>, b: Record<string, unknown> = { path: 'out.jsonl' }) {
  const settings = { format: 'sluice.connection/v1', name: 'old', apps: { a: { connector: 'jsonl', config: a }, b: { connector: 'csv', config: b } }, mode: 'a-to-b' } as unknown as ConnectionSettings;
  return env.store.connections.create(workspaceId, { settings });
}

describe('moving files from the shared folder into workspace folders at start', () => {
  it('moves what one workspace uses (with its state), leaves what several share, and rewrites absolute paths', async () => {
    const one = await env.signUp();
    const two = await env.signUp();
    const root = env.filesRoot;
    await mkdir(join(root, 'exports', '.march.jsonl.sluice'), { recursive: true });
    await writeFile(join(root, 'exports', 'march.jsonl'), '{"id":"m1"}\n');
    await writeFile(join(root, 'exports', '.march.jsonl.sluice', 'f-state'), 'state');
    await writeFile(join(root, 'shared.jsonl'), '{"id":"s1"}\n');
    await writeFile(join(root, 'abs.jsonl'), '{"id":"x1"}\n');
    await writeFile(join(root, 'unused.jsonl'), '');
    await connection(one.user.workspaceId, { path: 'exports/march.jsonl' });
    await connection(one.user.workspaceId, { path: 'shared.jsonl' });
    await connection(two.user.workspaceId, { path: 'shared.jsonl' });
    const absolute = await connection(two.user.workspaceId, { path: join(root, 'abs.jsonl') }, { path: 'out.csv' });

    const report = await moveSharedFiles(env.store, root, log);
    const oneFolder = join(root, one.user.workspaceId);
    const twoFolder = join(root, two.user.workspaceId);
    expect(await readFile(join(oneFolder, 'exports', 'march.jsonl'), 'utf8')).toBe('{"id":"m1"}\n');
    expect(await readFile(join(oneFolder, 'exports', '.march.jsonl.sluice', 'f-state'), 'utf8')).toBe('state');
    expect(await readFile(join(twoFolder, 'abs.jsonl'), 'utf8')).toBe('{"id":"x1"}\n');
    expect(report.moved.map((m) => m.from).sort()).toEqual(['abs.jsonl', 'exports/.march.jsonl.sluice', 'exports/march.jsonl']);
    // Shared by two workspaces: left, and said so; a file nobody uses is the operator's.
    expect(await readFile(join(root, 'shared.jsonl'), 'utf8')).toBe('{"id":"s1"}\n');
    expect(await readFile(join(root, 'unused.jsonl'), 'utf8')).toBe('');
    expect(report.left).toEqual([{ file: 'shared.jsonl', reason: 'used by 2 workspaces' }]);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([expect.stringContaining('shared.jsonl is used by connections of 2 workspaces')]);
    expect(report.rewritten).toEqual([absolute.id]);
    expect((await env.store.connections.get(two.user.workspaceId, absolute.id))!.settings.apps.a.config).toEqual({ path: 'abs.jsonl' });

    // The file left behind stops that workspace's use with a sentence, not an empty read.
    await expect(
      one.caller.preview.run({ draft: { apps: { a: { connector: 'jsonl', config: { path: 'shared.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(`"shared.jsonl" is not in this workspace's files folder yet`) });
    // The moved one reads where it now is.
    const preview = await one.caller.preview.run({ draft: { apps: { a: { connector: 'jsonl', config: { path: 'exports/march.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } } });
    expect(preview.items.map((i) => i.id)).toEqual(['m1']);

    // A second start finds nothing more to do.
    expect(await moveSharedFiles(env.store, root, log)).toEqual({ moved: [], left: [{ file: 'shared.jsonl', reason: 'used by 2 workspaces' }], rewritten: [] });
  });
});
