import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, startSluiceProcess, type SluiceProcess } from './sluice-process';

// Issue #18, finding 1 on a real `sluice start`: each workspace's files folder, and the files of an
// install from before it, moved into their workspace's folder when the server starts again.

const PASSWORD = 'correct horse battery 9';
const line = (id: string) => JSON.stringify({ id, email: `${id}@example.com`, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z' });
const files = (name: string, ...path: string[]) => join(dataDir, 'files', ...path, name);
const exists = (path: string) => access(path).then(() => true, () => false);

let dataDir: string;
let sluice: SluiceProcess | undefined;
let owner: BrowserSession;
let other: BrowserSession;
let ownerWs: string;
let ownerConnection: string;

async function account(email: string): Promise<{ session: BrowserSession; workspaceId: string }> {
  const session = new BrowserSession(sluice!.url);
  await session.data('auth.signUp', { email, password: PASSWORD, name: email.split('@')[0] });
  const me = await session.data<{ user: { workspaceId: string } }>('auth.me', undefined, 'GET');
  return { session, workspaceId: me.user.workspaceId };
}
const jsonlApps = (a: string) => ({ a: { connector: 'jsonl', config: { path: a } }, b: { connector: 'jsonl', config: { path: 'out.jsonl' } } });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sluice-files-e2e-'));
  sluice = await startSluiceProcess({ SLUICE_SIGNUP: 'open', LOG_LEVEL: 'info' }, { dataDir });
  const first = await account('files-owner@example.com');
  const second = await account('files-other@example.com');
  [owner, other, ownerWs] = [first.session, second.session, first.workspaceId];
}, 120_000);
afterAll(async () => {
  await sluice?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('files folders on a real server', () => {
  it("names each workspace's own folder, and keeps one workspace's file from another", async () => {
    const apps = await owner.data<{ id: string; filesFolder?: string }[]>('apps.list', undefined, 'GET');
    expect(apps.find((a) => a.id === 'jsonl')!.filesFolder).toBe(join(dataDir, 'files', ownerWs));
    await writeFile(files('mine.jsonl', ownerWs), `${line('m1')}\n`);
    const mine = await owner.data<{ items: { id: string }[] }>('preview.run', { draft: { apps: jsonlApps('mine.jsonl') } }, 'GET');
    expect(mine.items.map((i) => i.id)).toEqual(['m1']);
    const theirs = await other.data<{ items: unknown[] }>('preview.run', { draft: { apps: jsonlApps('mine.jsonl') } }, 'GET');
    expect(theirs.items).toEqual([]);
    const climbing = await other.call('preview.run', { draft: { apps: jsonlApps(`../${ownerWs}/mine.jsonl`) } }, 'GET');
    expect(climbing.status).toBe(400);
  });

  it('moves the files of an earlier install into the folder of the workspace that uses them when it starts again', async () => {
    // Connections stored while their files did not exist yet, as an earlier version would have them.
    ownerConnection = (await owner.data<{ id: string }>('connections.create', { name: 'old', mode: 'a-to-b', apps: jsonlApps('legacy.jsonl') })).id;
    await owner.data('connections.create', { name: 'shared', apps: jsonlApps('shared.jsonl') });
    await other.data('connections.create', { name: 'shared too', apps: jsonlApps('shared.jsonl') });
    await sluice!.stop();
    sluice = undefined;
    await writeFile(files('legacy.jsonl'), `${line('l1')}\n${line('l2')}\n`);
    await writeFile(files('shared.jsonl'), `${line('s1')}\n`);

    sluice = await startSluiceProcess({ SLUICE_SIGNUP: 'open', LOG_LEVEL: 'info' }, { dataDir });
    // A new port: sign in there.
    owner = new BrowserSession(sluice.url);
    await owner.data('auth.signIn', { email: 'files-owner@example.com', password: PASSWORD });
    expect(await exists(files('legacy.jsonl'))).toBe(false);
    expect(await readFile(files('legacy.jsonl', ownerWs), 'utf8')).toBe(`${line('l1')}\n${line('l2')}\n`);
    expect(sluice.output()).toContain(`files: moved legacy.jsonl into the files folder of workspace ${ownerWs}`);
    const moved = await owner.data<{ items: { id: string }[] }>('preview.run', { connectionId: ownerConnection }, 'GET');
    expect(moved.items.map((i) => i.id).sort()).toEqual(['l1', 'l2']);

    // Used by two workspaces: left where it was, said so in the log and to the user.
    expect(await readFile(files('shared.jsonl'), 'utf8')).toBe(`${line('s1')}\n`);
    expect(sluice.output()).toContain('files: shared.jsonl is used by connections of 2 workspaces, so it stays where it is');
    const left = await owner.call('preview.run', { draft: { apps: jsonlApps('shared.jsonl') } }, 'GET');
    expect(left.status).toBe(400);
    expect(((await left.json()) as { error: { message: string } }).error.message).toContain(`Ask whoever runs this Sluice server to move it to ${files('shared.jsonl', ownerWs)}`);
  });
});
