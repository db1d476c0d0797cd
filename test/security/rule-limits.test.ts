import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepGraph, tagGraph } from './hostile-rules.fixture';
import { type Response, type SecurityEnv, dataOf, host, leaksInternals, openSecurityEnv } from './security.harness';

// Issue #18, findings 10 (a template whose `when` nests 5,000 deep answered 500 with a stack in the
// log) and 17 (a 50,000-character tag failed the run with a write over 16 MiB and left the
// connection invalid), over HTTP.

let s: SecurityEnv;
let cookie: string;
let files: string;
let connectionId: string;

const post = (path: string, body: string) =>
  s.inject({ method: 'POST', url: `/trpc/${path}`, headers: { host, origin: `http://${host}`, 'content-type': 'application/json', cookie }, payload: body });
const messageOf = (res: Response) => (JSON.parse(res.body) as { error: { message: string } }).error.message;
const apps = '{"a":{"connector":"jsonl","config":{"path":"a.jsonl"}},"b":{"connector":"jsonl","config":{"path":"b.jsonl"}}}';
interface RunRow {
  status: string;
  counts: { created: { b: number }; failed: number };
}
/** A connection's runs, read until one of them has ended (the run's own outcome is the signal). */
async function runsOnceEnded(id: string): Promise<RunRow[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const runs = dataOf<RunRow[]>(await s.call('history.runs', { connectionId: id }, { cookie, method: 'GET' }));
    if (runs.some((r) => r.status !== 'running')) return runs;
    if (Date.now() > deadline) throw new Error('the run did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  s = await openSecurityEnv();
  cookie = await s.signUp('limits@example.com');
  const me = dataOf<{ user: { workspaceId: string } }>(await s.call('auth.me', undefined, { cookie, method: 'GET' })).user;
  files = await s.server.env.filesOf(me.workspaceId);
  const created = await post('connections.create', `{"name":"limits","mode":"a-to-b","apps":${apps}}`);
  expect(created.statusCode).toBe(200);
  connectionId = dataOf<{ id: string }>(created).id;
});
afterAll(async () => s?.close());

describe('a condition nested 5,000 deep', () => {
  it('is refused with 400 and a sentence by every procedure that takes a rule', async () => {
    const graph = deepGraph(5_000);
    const answers = [
      await post('connections.create', `{"name":"deep","apps":${apps},"rules":{"aToB":${graph}}}`),
      await post('connections.update', `{"id":"${connectionId}","patch":{"rules":{"aToB":${graph}}}}`),
      await post('graphs.save', `{"connectionId":"${connectionId}","direction":"aToB","graph":${graph}}`),
      await post('templates.import', `{"connectionId":"${connectionId}","template":${graph}}`),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(400);
      expect(messageOf(res)).toMatch(/nodes\.1\.when: This condition nests groups more than 20 levels deep; that is the most allowed\./);
    }
  });

  it('is named by its node where the rule is validated', async () => {
    const res = await s.call('graphs.validate', { connectionId, direction: 'aToB', graph: JSON.parse(deepGraph(21)) as unknown }, { cookie, method: 'GET' });
    expect(res.statusCode).toBe(200);
    const errors = dataOf<{ errors: { nodeId?: string; code: string; sentence?: string }[] }>(res).errors;
    expect(errors).toEqual([expect.objectContaining({ nodeId: 'c1', code: 'E_SCHEMA', sentence: 'This condition nests groups more than 20 levels deep; that is the most allowed.' })]);
  });

  it('left no error and no stack trace in the log', () => {
    expect(s.logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    expect(s.logs.some(leaksInternals)).toBe(false);
  });
});

describe('a 50,000-character tag', () => {
  it('in a rule is refused at its node', async () => {
    const res = await s.call('graphs.save', { connectionId, direction: 'aToB', graph: tagGraph('t'.repeat(50_000)) }, { cookie });
    expect(res.statusCode).toBe(400);
    expect(messageOf(res)).toContain('This tag is 50,000 characters long; at most 255 are allowed.');
  });

  it('in a synced record fails that record alone: the run succeeds and the connection stays valid', async () => {
    const line = (id: string, tags: string[]) => JSON.stringify({ id, email: `${id}@example.com`, tags, lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z' });
    const records = [line('big', ['t'.repeat(50_000)]), ...Array.from({ length: 300 }, (_, i) => line(`p${i}`, ['ok']))];
    await writeFile(join(files, 'a.jsonl'), `${records.join('\n')}\n`);
    expect((await s.call('graphs.save', { connectionId, direction: 'aToB', graph: tagGraph('Imported') }, { cookie })).statusCode).toBe(200);
    expect((await s.call('connections.start', { id: connectionId }, { cookie })).statusCode).toBe(200);
    const runs = await runsOnceEnded(connectionId);
    expect(runs[0]).toMatchObject({ status: 'succeeded', counts: { created: { b: 300 }, failed: 1 } });
    const failed = dataOf<{ sourceId: string; reason?: string; message?: string }[]>(await s.call('history.events', { connectionId, outcome: 'failed' }, { cookie, method: 'GET' }));
    expect(failed).toEqual([expect.objectContaining({ sourceId: 'big', reason: 'E_FIELD_TOO_LARGE', message: expect.stringContaining('tags holds a name of 50,000 characters') })]);
    const status = dataOf<{ state: string }>(await s.call('connections.status', { id: connectionId }, { cookie, method: 'GET' }));
    expect(status.state).not.toBe('invalid');
  });

  it('records of 300,000 characters each sync in batches the database takes (no write over 16 MiB)', async () => {
    // 32 records that each pass screening: ten fields of 30,000 characters. One batch of all their
    // creates (fields and link values) would be an outbox entry of 19 million characters.
    const long = (c: string) => c.repeat(30_000);
    const fields = { firstName: long('f'), lastName: long('l'), company: long('c'), jobTitle: long('j'), website: long('w'), owner: long('o') };
    const address = { street: long('s'), city: long('t'), zip: long('z'), country: long('y') };
    const records = Array.from({ length: 32 }, (_, i) => JSON.stringify({ id: `w${i}`, email: `w${i}@example.com`, ...fields, address, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z' }));
    await writeFile(join(files, 'wide.jsonl'), `${records.join('\n')}\n`);
    const created = await post('connections.create', `{"name":"wide","mode":"a-to-b","apps":{"a":{"connector":"jsonl","config":{"path":"wide.jsonl"}},"b":{"connector":"jsonl","config":{"path":"wide-out.jsonl"}}}}`);
    const id = dataOf<{ id: string }>(created).id;
    await s.call('connections.start', { id }, { cookie });
    const runs = await runsOnceEnded(id);
    expect(runs[0]).toMatchObject({ status: 'succeeded', counts: { created: { b: 32 }, failed: 0 } });
    expect(dataOf<{ state: string }>(await s.call('connections.status', { id }, { cookie, method: 'GET' })).state).not.toBe('invalid');
  });
});
