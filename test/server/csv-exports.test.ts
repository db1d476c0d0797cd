import { copyFile, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerEnv, sessionCookieOf, type ServerEnv } from '@sluice/server/testing';

// Issue 19 (CSV part): a Google Contacts export, as people download it, dropped in the workspace's
// files folder and used through the API as the wizard does: its fields, a preview, a sync to JSONL.
const host = '127.0.0.1:3000';
const sample = resolve(import.meta.dirname, '../../docs/examples/csv-exports/google-contacts.csv');

let s: ServerEnv;
let cookie: string;
let files: string;

const post = (path: string, payload: unknown) =>
  s.app.inject({ method: 'POST', url: `/trpc/${path}`, headers: { 'content-type': 'application/json', host, origin: `http://${host}`, cookie }, payload: JSON.stringify(payload) });
const get = (path: string, input: unknown) => s.app.inject({ url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, headers: { cookie, host } });
async function data<T>(res: Awaited<ReturnType<typeof get>>): Promise<T> {
  expect(res.statusCode, res.body).toBe(200);
  return (JSON.parse(res.body) as { result: { data: T } }).result.data;
}
const apps = { a: { connector: 'csv', config: { path: 'google.csv' } }, b: { connector: 'jsonl', config: { path: 'people.jsonl' } } };

beforeAll(async () => {
  s = await openServerEnv();
  const signUp = await s.app.inject({ method: 'POST', url: '/trpc/auth.signUp', headers: { 'content-type': 'application/json', host }, payload: { email: 'csv@example.com', password: 'a good password 42', name: 'C' } });
  cookie = sessionCookieOf(signUp.headers['set-cookie']);
  const me = await data<{ user: { workspaceId: string } }>(await get('auth.me', undefined));
  files = await s.env.filesOf(me.user.workspaceId);
  await copyFile(sample, join(files, 'google.csv'));
});
afterAll(async () => s?.close());

describe('a Google Contacts export in the csv app, over the API', () => {
  it("lists the export's other columns as fields with their headers as labels", async () => {
    const fields = await data<{ path: string; label: string; custom?: boolean }[]>(await get('apps.fields', { id: 'csv', config: { path: 'google.csv' } }));
    expect(fields).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'custom.organization_department', label: 'Organization Department', custom: true }),
      expect.objectContaining({ path: 'custom.nickname', label: 'Nickname', custom: true }),
      // Google labels each e-mail in its row: the field is named and labelled after that label.
      expect.objectContaining({ path: 'custom.email_home_2', label: 'E-mail (home) 2', custom: true }),
      expect.objectContaining({ path: 'email' }),
    ]));
  });

  it('previews its people as contacts, with e-mails, phones, organisation and labels', async () => {
    const preview = await data<{ items: { record?: Record<string, unknown>; action: string }[] }>(await get('preview.run', { draft: { apps }, sampleSize: 10 }));
    expect(preview.items.map((i) => i.action)).toEqual(['create', 'create']);
    expect(preview.items[0]!.record).toMatchObject({ email: 'ada@engines.example', firstName: 'Ada', company: 'Analytical Engines Ltd', mobile: '+44 7700 900123', tags: ['Customers', 'VIP'] });
  });

  it('syncs it to a JSONL file, a header mapped by the user included', async () => {
    const mappings = [{ a: 'custom.organization_department', b: 'custom.department', direction: 'aToB' }];
    const { id } = await data<{ id: string }>(await post('connections.create', { name: 'from google', mode: 'a-to-b', apps, mappings }));
    await data(await post('connections.start', { id }));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const runs = await data<{ status: string }[]>(await get('history.runs', { connectionId: id }));
      if (runs.some((r) => r.status !== 'running')) {
        expect(runs[0]!.status).toBe('succeeded');
        break;
      }
      if (Date.now() > deadline) throw new Error('the run did not finish');
      await new Promise((r) => setTimeout(r, 100));
    }
    const people = (await readFile(join(files, 'people.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(people.map((p) => p.email).sort()).toEqual(['ada@engines.example', 'grace@navy.example']);
    expect(people.find((p) => p.email === 'ada@engines.example')).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Analytical Engines Ltd',
      jobTitle: 'Chief Engineer',
      phone: '+44 20 7946 0001',
      mobile: '+44 7700 900123',
      address: { city: 'London', country: 'United Kingdom' },
      tags: ['Customers', 'VIP'],
      custom: expect.objectContaining({ department: 'R&D' }),
    });
  });
});
