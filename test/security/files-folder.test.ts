import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Response, type SecurityEnv, dataOf, leaksInternals, openSecurityEnv } from './security.harness';

// Issue #18, findings 1 (one files folder for every workspace), 10 (paths that answered 500) and
// 11 (links followed out of the folder, file contents quoted in errors), over HTTP.

const line = (id: string, email: string, custom: Record<string, string> = {}) =>
  JSON.stringify({ id, email, tags: [], lists: [], custom, updatedAt: '2026-01-01T00:00:00Z' });
const SECRET = 'owner-only-custom-value-5e1b';

let s: SecurityEnv;
let owner: { cookie: string; workspaceId: string; folder: string };
let intruder: { cookie: string; workspaceId: string; folder: string };

async function account(email: string) {
  const cookie = await s.signUp(email);
  const me = dataOf<{ user: { workspaceId: string } }>(await s.call('auth.me', undefined, { cookie, method: 'GET' })).user;
  return { cookie, workspaceId: me.workspaceId, folder: join(s.server.env.filesRoot, me.workspaceId) };
}

const draft = (a: unknown, b: unknown = 'b.jsonl') => ({ draft: { apps: { a: { connector: 'jsonl', config: { path: a } }, b: { connector: 'jsonl', config: { path: b } } } } });
const preview = (cookie: string, a: unknown, b?: unknown) => s.call('preview.run', draft(a, b), { cookie, method: 'GET' });
const messageOf = (res: Response) => (JSON.parse(res.body) as { error: { message: string } }).error.message;

beforeAll(async () => {
  s = await openSecurityEnv();
  owner = await account('files-owner@example.com');
  intruder = await account('files-intruder@example.com');
  await mkdir(owner.folder, { recursive: true });
  await writeFile(join(owner.folder, 'a.jsonl'), `${line('a1', 'ann@example.com', { plan: SECRET })}\n`);
});
afterAll(async () => s?.close());

describe('each workspace has its own files folder', () => {
  it('apps.list gives each workspace its own folder, on the file apps only', async () => {
    const listOf = async (cookie: string) => dataOf<{ id: string; filesFolder?: string }[]>(await s.call('apps.list', undefined, { cookie, method: 'GET' }));
    const mine = await listOf(owner.cookie);
    expect(mine.filter((a) => a.filesFolder).map((a) => [a.id, a.filesFolder])).toEqual([
      ['csv', owner.folder],
      ['jsonl', owner.folder],
    ]);
    expect((await listOf(intruder.cookie)).find((a) => a.id === 'jsonl')!.filesFolder).toBe(intruder.folder);
  });

  it("another workspace reads none of the owner's records, by name, by path or by link", async () => {
    const own = await preview(owner.cookie, 'a.jsonl');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain(SECRET);
    // The same name is the intruder's own (missing, so empty) file.
    const same = await preview(intruder.cookie, 'a.jsonl');
    expect(same.statusCode).toBe(200);
    expect(dataOf<{ items: unknown[] }>(same).items).toEqual([]);
    for (const path of [`../${owner.workspaceId}/a.jsonl`, join(owner.folder, 'a.jsonl')]) {
      const res = await preview(intruder.cookie, path);
      expect(res.statusCode, path).toBe(400);
      expect(res.body).not.toContain(SECRET);
    }
    await mkdir(intruder.folder, { recursive: true });
    await symlink(join(owner.folder, 'a.jsonl'), join(intruder.folder, 'theirs.jsonl'));
    const linked = await preview(intruder.cookie, 'theirs.jsonl');
    expect(linked.statusCode).toBe(400);
    expect(messageOf(linked)).toBe(`JSON Lines file: "theirs.jsonl" is a link that leads out of this workspace's files folder (or to nothing); Sluice does not follow it.`);
  });

  it("a sync writes into the workspace's own folder, never into another's file of the same name", async () => {
    await writeFile(join(intruder.folder, 'mine.jsonl'), `${line('i1', 'ivy@example.com')}\n`);
    const before = await readFile(join(owner.folder, 'a.jsonl'), 'utf8');
    const created = await s.call('connections.create', { name: 'into a.jsonl', mode: 'a-to-b', ...draft('mine.jsonl', 'a.jsonl').draft }, { cookie: intruder.cookie });
    expect(created.statusCode).toBe(200);
    const id = dataOf<{ id: string }>(created).id;
    expect((await s.call('connections.start', { id }, { cookie: intruder.cookie })).statusCode).toBe(200);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const runs = dataOf<{ status: string }[]>(await s.call('history.runs', { connectionId: id }, { cookie: intruder.cookie, method: 'GET' }));
      if (runs.some((r) => r.status === 'succeeded')) break;
      if (Date.now() > deadline) throw new Error(`no run succeeded: ${JSON.stringify(runs)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await readFile(join(intruder.folder, 'a.jsonl'), 'utf8')).toContain('ivy@example.com');
    expect(await readFile(join(owner.folder, 'a.jsonl'), 'utf8')).toBe(before);
  });
});

describe('paths that cannot name a file answer 400 with a sentence', () => {
  it.each([
    ['.', `JSON Lines file: "." names a folder; give the file's name, like "contacts.jsonl".`],
    ['', `JSON Lines file needs "path": the file inside this workspace's files folder, e.g. "contacts.jsonl".`],
    ['a\u0000b.jsonl', `JSON Lines file: "path" contains a NUL character, which no file name can hold.`],
    ['exports/', `JSON Lines file: "exports/" names a folder; give the file's name, like "contacts.jsonl".`],
    ['/etc/passwd', `JSON Lines file: give "path" relative to this workspace's files folder (like "contacts.jsonl"), not as an absolute path ("/etc/passwd").`],
    ['../x.jsonl', `JSON Lines file: "../x.jsonl" climbs out of this workspace's files folder; ".." is not allowed in "path".`],
  ])('%j, in a preview, a new connection and a field catalog', async (path, sentence) => {
    const calls = [
      await preview(owner.cookie, path),
      await s.call('connections.create', { name: 'bad path', ...draft(path).draft }, { cookie: owner.cookie }),
      await s.call('apps.fields', { id: 'jsonl', config: { path } }, { cookie: owner.cookie, method: 'GET' }),
    ];
    for (const res of calls) {
      expect(res.statusCode).toBe(400);
      expect(messageOf(res)).toBe(sentence);
    }
  });

  it('left no error and no stack trace in the log', () => {
    expect(s.logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    expect(s.logs.some(leaksInternals)).toBe(false);
  });
});

describe('links and contents of files', () => {
  it('refuses a link to /etc/passwd without quoting it, and follows a link that stays inside', async () => {
    await symlink('/etc/passwd', join(owner.folder, 'passwd.jsonl'));
    const out = await preview(owner.cookie, 'passwd.jsonl');
    expect(out.statusCode).toBe(400);
    expect(out.body).not.toMatch(/root:/);
    await symlink(join(owner.folder, 'a.jsonl'), join(owner.folder, 'alias.jsonl'));
    const inside = await preview(owner.cookie, 'alias.jsonl');
    expect(inside.statusCode).toBe(200);
    expect(dataOf<{ items: { id: string }[] }>(inside).items.map((i) => i.id)).toEqual(['a1']);
  });

  it("never quotes a file's lines in a run's history", async () => {
    await writeFile(join(owner.folder, 'odd.jsonl'), `daemon:x:1:1:private-line-7c2e\n${line('o1', 'odd@example.com')}\n{"id": "o2", "email": "private-json-9d4f" x}\n`);
    const created = await s.call('connections.create', { name: 'odd', mode: 'a-to-b', ...draft('odd.jsonl', 'odd-out.jsonl').draft }, { cookie: owner.cookie });
    const id = dataOf<{ id: string }>(created).id;
    await s.call('connections.start', { id }, { cookie: owner.cookie });
    const deadline = Date.now() + 60_000;
    let failed: { sourceId: string; message?: string }[] = [];
    while (failed.length < 2) {
      failed = dataOf<typeof failed>(await s.call('history.events', { connectionId: id, outcome: 'failed' }, { cookie: owner.cookie, method: 'GET' }));
      if (Date.now() > deadline) throw new Error(`no failures recorded: ${JSON.stringify(failed)}`);
      if (failed.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(failed.map((e) => e.message).sort()).toEqual([expect.stringMatching(/odd\.jsonl line 1 is not valid JSON\.$/), expect.stringMatching(/odd\.jsonl line 3 is not valid JSON \(it breaks at character \d+\)\.$/)]);
    expect(JSON.stringify(failed)).not.toMatch(/private-line|private-json|daemon/);
  });
});
