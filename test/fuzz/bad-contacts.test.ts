import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestEnv, type TestEnv } from '@sluice/api/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sync from '../../apps/server/src/cli/sync.command';
import { runInProcess } from './cli.runner';

// Contacts with huge fields, odd Unicode, emails that differ only in case or spaces, phone numbers
// in many formats (full-width and Arabic-Indic digits, words, 2 digits, 1 MB) and dates in the wrong
// format, through a real sync (JSONL file → Sandbox CRM, the API's worker): each record ends synced,
// or with a clear reason in history; the run never crashes and nothing is written half-way.

const MB = 'x'.repeat(1024 * 1024);
const row = (id: string, fields: Record<string, unknown>) => ({ id, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z', ...fields });

const contacts = [
  row('huge-name', { email: 'huge@example.com', firstName: MB }),
  row('huge-company', { email: 'huge2@example.com', company: MB, custom: { notes: MB } }),
  row('nul', { email: 'nul@example.com', firstName: 'Ann\u0000Lee' }),
  row('surrogate', { email: 'surrogate@example.com', lastName: 'Bad\ud800Half' }),
  row('rtl', { email: 'rtl@example.com', lastName: '\u202egnp.exe' }),
  row('emoji', { email: 'emoji@example.com', firstName: '🦆 Duck 👩‍👩‍👧' }),
  row('combining', { email: 'combining@example.com', firstName: 'Zalgo\u0301\u0302\u0303\u0304\u0305\u0306' }),
  row('nfc', { email: 'jos\u00e9@example.com', firstName: 'Jos\u00e9' }),
  row('nfd', { email: 'jose\u0301@example.com', firstName: 'Jose\u0301' }),
  row('case-1', { email: 'Case.Person@Example.COM', firstName: 'Case' }),
  row('case-2', { email: '  case.person@example.com\t', firstName: 'Case again' }),
  row('phone-intl', { email: 'p1@example.com', phone: '+49 30 1234567' }),
  row('phone-national', { email: 'p2@example.com', phone: '(030) 123-4567' }),
  row('phone-00', { email: 'p3@example.com', phone: '0049301234567' }),
  row('phone-us', { email: 'p4@example.com', phone: '202.555.0143' }),
  row('phone-words', { email: 'p5@example.com', phone: 'call me maybe' }),
  row('phone-ext', { email: 'p6@example.com', phone: '+1 (202) 555-0143 ext. 12' }),
  row('phone-fullwidth', { email: 'p7@example.com', phone: '＋４４ ２０ ７９４６ ０９５８' }),
  row('phone-arabic', { email: 'p8@example.com', mobile: '٠٢٠\u00a0٧٩٤٦\u00a0٠٩٥٩' }),
  row('phone-2-digits', { email: 'p9@example.com', phone: '12', firstName: 'Two' }),
  row('phone-huge', { email: 'p10@example.com', phone: '5'.repeat(1024 * 1024), firstName: 'Huge phone' }),
  row('date-words', { email: 'd1@example.com', updatedAt: 'yesterday' }),
  row('date-eu', { email: 'd2@example.com', updatedAt: '31/12/2025' }),
  row('date-impossible', { email: 'd3@example.com', updatedAt: '2026-13-45T99:99:99Z' }),
  row('email-bad', { email: 'not-an-email', firstName: 'Bad' }),
  row('email-double-at', { email: 'a@b@example.com' }),
  row('no-email', { firstName: 'Nobody' }),
];

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv();
});
afterAll(async () => env?.close());

describe('odd contacts through a real sync', () => {
  it('each record is synced or has a clear reason in history; nothing crashes, nothing is half-written', async () => {
    const { caller, user } = await env.signUp('odd-contacts@example.com');
    await writeFile(join(await env.filesOf(user.workspaceId), 'odd.jsonl'), `${contacts.map((c) => JSON.stringify(c)).join('\n')}\n`);
    const connection = await caller.connections.create({
      name: 'odd contacts',
      mode: 'a-to-b',
      apps: { a: { connector: 'jsonl', config: { path: 'odd.jsonl' } }, b: { connector: 'sandbox-crm', config: {} } },
      match: { keys: ['email', 'phone'] },
    });
    const connectionId = connection.id;
    await caller.connections.start({ id: connectionId });
    let run: Awaited<ReturnType<typeof caller.history.runs>>[number] | undefined;
    for (let i = 0; i < 300 && !run; i++) {
      run = (await caller.history.runs({ connectionId })).find((r) => r.status !== 'running');
      if (!run) await new Promise((r) => setTimeout(r, 100));
    }
    expect(run, 'the run ended').toBeDefined();
    expect(run?.status).toBe('succeeded');
    const status = await caller.connections.status({ id: connectionId });
    const events = await caller.history.events({ connectionId, limit: 500 });
    const outcomeOf = (id: string) => events.filter((e) => e.sourceId === id);
    // Every record has an outcome; every refusal says why.
    for (const c of contacts) {
      const mine = outcomeOf(c.id);
      expect([c.id, mine.length > 0]).toEqual([c.id, true]);
      for (const e of mine.filter((x) => x.outcome === 'skipped' || x.outcome === 'failed')) {
        expect([c.id, e.reason?.startsWith('E_'), (e.message ?? '').length > 10]).toEqual([c.id, true, true]);
      }
    }
    // Emails differing only in case and spaces are one person: one created, the other held back.
    expect(outcomeOf('case-2').map((e) => e.reason)).toEqual(['E_DUPLICATE_IN_SOURCE']);
    expect(outcomeOf('no-email').map((e) => e.reason)).toEqual(['E_NO_MATCH_KEY']);
    // The same address in two Unicode forms is one person too.
    expect(outcomeOf('nfd').map((e) => e.reason)).toEqual(['E_DUPLICATE_IN_SOURCE']);
    // What no app can take is refused, with the reason.
    const reasons = (id: string) => outcomeOf(id).map((e) => `${e.outcome} ${e.reason}`);
    for (const id of ['huge-name', 'huge-company']) expect([id, reasons(id)]).toEqual([id, ['failed E_FIELD_TOO_LARGE']]);
    for (const id of ['date-words', 'date-eu', 'date-impossible']) expect([id, reasons(id)]).toEqual([id, ['failed E_BAD_DATE']]);
    for (const id of ['email-bad', 'email-double-at']) expect([id, reasons(id)]).toEqual([id, ['failed E_BAD_EMAIL']]);
    // Control characters and broken halves of characters are removed, and history says so.
    expect(outcomeOf('nul')[0]).toMatchObject({ outcome: 'created', message: expect.stringContaining('normalised firstName') });
    expect(outcomeOf('surrogate')[0]).toMatchObject({ outcome: 'created', message: expect.stringContaining('normalised lastName') });
    // A phone that is not one is left out and the record syncs; odd digits arrive in ASCII; history says which.
    const created1 = (id: string) => outcomeOf(id).find((e) => e.outcome === 'created');
    expect(created1('phone-words')?.message).toBe('phone "call me maybe" is not a phone number (letters): not synced');
    expect(created1('phone-2-digits')?.message).toBe('phone "12" is not a phone number (2 digits; at least 3): not synced');
    expect(created1('phone-huge')?.message).toMatch(/^phone "5{77}…" is not a phone number \(1,048,576 characters\): not synced$/);
    expect(created1('phone-fullwidth')?.message).toBe('phone "＋４４ ２０ ７９４６ ０９５８" synced as "+44 20 7946 0958"');
    expect(created1('phone-arabic')?.message).toBe('mobile "٠٢٠\u00a0٧٩٤٦\u00a0٠٩٥٩" synced as "020 7946 0959"');
    const phonesIn = async (id: string) => {
      const p = await caller.sandbox.crm.get({ id: created1(id)!.targetId! });
      return [p.phone, p.mobile];
    };
    expect(await phonesIn('phone-fullwidth')).toEqual(['+44 20 7946 0958', undefined]);
    expect(await phonesIn('phone-arabic')).toEqual([undefined, '020 7946 0959']);
    expect(await phonesIn('phone-words')).toEqual([undefined, undefined]);
    expect(await phonesIn('phone-us')).toEqual(['202.555.0143', undefined]);
    // Nothing half-written: each created record exists in the target, linked, with its fields whole.
    const created = events.filter((e) => e.outcome === 'created');
    expect(run?.counts.created.b).toBe(created.length);
    expect(status.links).toBe(created.length);
    // As written: what screening leaves of each value (NUL and lone surrogates out, Unicode NFC).
    // eslint-disable-next-line no-control-regex -- NUL is what is removed
    const screened = (v: string) => v.replace(/\u0000/g, '').replace(/[\ud800-\udbff](?![\udc00-\udfff])/g, '\ufffd').normalize('NFC');
    for (const e of created) {
      const source = contacts.find((c) => c.id === e.sourceId)!;
      const person = await caller.sandbox.crm.get({ id: e.targetId! });
      for (const key of ['email', 'firstName', 'lastName', 'company'] as const) {
        const value = source[key as keyof typeof source];
        if (typeof value === 'string') expect([e.sourceId, key, person[key]]).toEqual([e.sourceId, key, screened(value)]);
      }
    }
  });

  it('a line of the wrong type fails alone in `sluice sync` (exit 2): the rest syncs, the line stays as it was', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-bad-line-'));
    try {
      const good = JSON.stringify(row('ok', { email: 'ok@example.com' }));
      await writeFile(join(dir, 'a.jsonl'), `${good}\n${JSON.stringify(row('date-number', { email: 'd4@example.com', updatedAt: 1767225600000 }))}\n`);
      await writeFile(join(dir, 'b.jsonl'), '');
      const file = join(dir, 'connection.json');
      await writeFile(file, JSON.stringify({ format: 'sluice.connection/v1', name: 'bad line', mode: 'a-to-b', apps: { a: { connector: 'jsonl', config: { path: 'a.jsonl' } }, b: { connector: 'jsonl', config: { path: 'b.jsonl' } } } }));
      const r = await runInProcess(sync, [file, '--once', '--json', '--data', join(dir, 'data')]);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout)).toMatchObject({ created: { b: 1 }, failed: 1 });
      expect((await readFile(join(dir, 'b.jsonl'), 'utf8')).split('\n').filter((l) => l !== '')).toHaveLength(1);
      expect((await readFile(join(dir, 'a.jsonl'), 'utf8')).split('\n')[1]).toMatch(/"date-number".*1767225600000/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
