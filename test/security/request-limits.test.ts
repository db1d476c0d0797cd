import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REQUEST_LIMITS } from '@sluice/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecurityEnv, dataOf, host, leaksInternals, openSecurityEnv } from './security.harness';

// Issue #18, finding 12: one GET carried 60 previews and answered 31 MB, counted as one request.
// What one request may make the server do is capped, over HTTP, with sentences.

let s: SecurityEnv;
let cookie: string;
let files: string;

const line = (id: string, notes = '') => JSON.stringify({ id, email: `${id}@example.com`, firstName: id, tags: ['lead'], lists: [], custom: notes ? { notes } : {}, updatedAt: '2026-01-01T00:00:00Z' });
const draft = (a: string, sampleSize: number) => ({ draft: { apps: { a: { connector: 'jsonl', config: { path: a } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } }, sampleSize });

/** One GET carrying `inputs.length` calls of `path`, as tRPC's batch link sends them. */
async function batch(path: string, inputs: unknown[]) {
  const query = encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))));
  const res = await s.inject({ method: 'GET', url: `/trpc/${Array(inputs.length).fill(path).join(',')}?batch=1&input=${query}`, headers: { host, cookie } });
  return { statusCode: res.statusCode, size: res.body.length, body: res.body, calls: JSON.parse(res.body) as unknown };
}

beforeAll(async () => {
  s = await openSecurityEnv();
  cookie = await s.signUp('work@example.com');
  const me = dataOf<{ user: { workspaceId: string } }>(await s.call('auth.me', undefined, { cookie, method: 'GET' })).user;
  files = await s.server.env.filesOf(me.workspaceId);
  await writeFile(join(files, 'small.jsonl'), `${Array.from({ length: 1000 }, (_, i) => line(`p${i}`)).join('\n')}\n`);
  // 300 records with 30,000-character notes: a preview of all of them is about 18 MB.
  await writeFile(join(files, 'wide.jsonl'), `${Array.from({ length: 300 }, (_, i) => line(`w${i}`, 'n'.repeat(30_000))).join('\n')}\n`);
  await writeFile(join(files, 'b.jsonl'), '');
});
afterAll(async () => s?.close());

describe('work one request can do', () => {
  it(`runs at most ${REQUEST_LIMITS.appReads} previews of a batch and refuses the others with a sentence`, async () => {
    const res = await batch('preview.run', Array.from({ length: 10 }, () => draft('small.jsonl', 20)));
    const calls = res.calls as { result?: unknown; error?: { message: string; data: { httpStatus: number } } }[];
    expect(calls.filter((c) => c.result).length).toBe(REQUEST_LIMITS.appReads);
    const refused = calls.filter((c) => c.error);
    expect(refused.length).toBe(10 - REQUEST_LIMITS.appReads);
    for (const c of refused) {
      expect(c.error!.data.httpStatus).toBe(400);
      expect(c.error!.message).toBe(`One request may read from the apps at most ${REQUEST_LIMITS.appReads} times (previews, field lists); this preview is one more. Send it in a request of its own.`);
    }
  });

  it('answers a batch of 60 full-size previews with at most 8 MB of previews, or refuses it whole', async () => {
    const res = await batch('preview.run', Array.from({ length: 60 }, () => draft('small.jsonl', 1000)));
    expect(res.size).toBeLessThan(REQUEST_LIMITS.answerChars + 100_000);
    if (res.statusCode === 400 && !Array.isArray(res.calls)) return; // the batch cap refused it before any call ran
    const calls = res.calls as { result?: unknown }[];
    expect(calls.filter((c) => c.result).length).toBeLessThanOrEqual(REQUEST_LIMITS.appReads);
  });

  it('refuses a preview whose answer would pass the cap, and answers a smaller one', async () => {
    const big = await s.call('preview.run', draft('wide.jsonl', 1000), { cookie, method: 'GET' });
    expect(big.statusCode).toBe(400);
    expect((JSON.parse(big.body) as { error: { message: string } }).error.message).toMatch(
      /^This preview would answer \d+\.\d MB, and one request may answer at most 8\.0 MB: ask for fewer records \(sampleSize\), or leave out traces\.$/,
    );
    const small = await s.call('preview.run', draft('wide.jsonl', 50), { cookie, method: 'GET' });
    expect(small.statusCode).toBe(200);
    expect(dataOf<{ items: unknown[] }>(small).items).toHaveLength(50);
  });

  it('refuses more than 1,000 records per preview with a sentence', async () => {
    const res = await s.call('preview.run', draft('small.jsonl', 1001), { cookie, method: 'GET' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('A preview reads at most 1000 records; ask for fewer.');
  });

  it('left no error and no stack trace in the log', () => {
    expect(s.logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    expect(s.logs.some(leaksInternals)).toBe(false);
  });
});
