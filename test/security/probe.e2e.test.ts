import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUEST_LIMITS } from '@sluice/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepGraph, tagGraph } from './hostile-rules.fixture';
import { leaksInternals } from './security.harness';
import { BrowserSession, startSluiceProcess, type SluiceProcess } from './sluice-process';

// Issue #18, findings 8–12 and 17 replayed as the probe made them: on a real `sluice start` (open
// sign-up, as an operator may set it), over real HTTP, reading the process's own log afterwards.
// The same refusals are checked in more detail, in-process, by accounts, files-folder,
// request-limits and rule-limits tests; this file keeps the probe's requests passing end to end.

const PASSWORD = 'correct horse battery 9';
const line = (id: string) => JSON.stringify({ id, email: `${id}@example.com`, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z' });
const jsonlApps = (a: string) => ({ a: { connector: 'jsonl', config: { path: a } }, b: { connector: 'jsonl', config: { path: 'out.jsonl' } } });
const messageOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

let dataDir: string;
let sluice: SluiceProcess;
let owner: BrowserSession;
let folder: string;
let connectionId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sluice-probe-e2e-'));
  sluice = await startSluiceProcess({ SLUICE_SIGNUP: 'open', LOG_LEVEL: 'info' }, { dataDir });
  owner = new BrowserSession(sluice.url);
  await owner.data('auth.signUp', { email: 'probe-owner@example.com', password: PASSWORD, name: 'Owner' });
  const me = await owner.data<{ user: { workspaceId: string } }>('auth.me', undefined, 'GET');
  folder = join(dataDir, 'files', me.user.workspaceId);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'people.jsonl'), `${Array.from({ length: 1000 }, (_, i) => line(`p${i}`)).join('\n')}\n`);
  connectionId = (await owner.data<{ id: string }>('connections.create', { name: 'probe', mode: 'a-to-b', apps: jsonlApps('people.jsonl') })).id;
}, 120_000);
afterAll(async () => {
  await sluice?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the 2026 probe against a real server', () => {
  it('finding 8: refuses a common password and the email as password with a sentence', async () => {
    const visitor = new BrowserSession(sluice.url);
    for (const password of ['password', 'Password1!', 'weak-one@example.com']) {
      const res = await visitor.call('auth.signUp', { email: 'weak-one@example.com', password, name: 'W' });
      expect(res.status, password).toBe(400);
      expect(await messageOf(res), password).toMatch(/^[A-Z].*\.$/);
    }
    expect(visitor.cookie).toBe('');
  });

  it('finding 9: sign-up with a taken email does not say that an account exists', async () => {
    const res = await new BrowserSession(sluice.url).call('auth.signUp', { email: 'Probe-Owner@example.com', password: 'another good passphrase', name: 'X' });
    expect(res.status).toBe(400);
    const text = await messageOf(res);
    expect(text).toBe('No account could be created with this email address. If you already have one, sign in.');
    expect(text).not.toMatch(/exists|taken|probe-owner/i);
  });

  it('finding 10: JSONL paths ".", "" and one with a NUL byte, and a `when` nested 5,000 deep, answer 400 with a sentence', async () => {
    for (const path of ['.', '', 'a\u0000b.jsonl']) {
      const res = await owner.call('preview.run', { draft: { apps: jsonlApps(path) } }, 'GET');
      expect(res.status, JSON.stringify(path)).toBe(400);
      expect(await messageOf(res)).toMatch(/^JSON Lines file.*\.$/);
    }
    const graph = deepGraph(5_000);
    const res = await fetch(`${sluice.url}/trpc/templates.import`, {
      method: 'POST',
      headers: { origin: sluice.url, 'sec-fetch-site': 'same-origin', cookie: owner.cookie, 'content-type': 'application/json' },
      body: `{"connectionId":"${connectionId}","template":${graph}}`,
    });
    expect(res.status).toBe(400);
    expect(await messageOf(res)).toContain('This condition nests groups more than 20 levels deep; that is the most allowed.');
  });

  it('finding 11: a link to /etc/passwd in the files folder is refused without quoting the file', async () => {
    await symlink('/etc/passwd', join(folder, 'passwd.jsonl'));
    const res = await owner.call('preview.run', { draft: { apps: jsonlApps('passwd.jsonl') } }, 'GET');
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain('is a link that leads out of this workspace');
    expect(body).not.toMatch(/root:|nologin|\/bin\//);
  });

  it('finding 12: one GET of 60 previews is refused whole; one of 50 runs at most the budget and answers within the cap', async () => {
    const batch = (n: number) => {
      const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, { connectionId, sampleSize: 1000 }]));
      return fetch(`${sluice.url}/trpc/${Array(n).fill('preview.run').join(',')}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`, { headers: { cookie: owner.cookie } });
    };
    const sixty = await batch(60);
    expect(sixty.status).toBe(400);
    expect(await messageOf(sixty)).toBe('A batch may hold at most 50 calls; this one holds 60. Send them in several requests.');
    const fifty = await batch(50);
    const text = await fifty.text();
    expect(text.length).toBeLessThan(REQUEST_LIMITS.answerChars + 100_000);
    const calls = JSON.parse(text) as { result?: unknown; error?: { message: string } }[];
    expect(calls).toHaveLength(50);
    expect(calls.filter((c) => c.result).length).toBeLessThanOrEqual(REQUEST_LIMITS.appReads);
    expect(calls.filter((c) => c.error).every((c) => /^(One request may|This preview would)/.test(c.error!.message))).toBe(true);
  });

  it('finding 17: a 50,000-character tag in a rule is refused at its node', async () => {
    const res = await owner.call('graphs.save', { connectionId, direction: 'aToB', graph: tagGraph('t'.repeat(50_000)) });
    expect(res.status).toBe(400);
    expect(await messageOf(res)).toContain('This tag is 50,000 characters long; at most 255 are allowed.');
  });

  it('left no error line and no stack trace in the server log', () => {
    const log = sluice.output().split('\n');
    expect(log.some((l) => l.includes('"level":30')), 'the log is read at all').toBe(true);
    expect(log.filter((l) => l.includes('"level":50') || l.includes('"level":60'))).toEqual([]);
    expect(log.filter((l) => leaksInternals(l) && !l.includes(dataDir))).toEqual([]);
  });
});
