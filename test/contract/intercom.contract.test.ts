import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePage, Connector } from '@sluice/engine';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createIntercomConnector, type IcDeps } from '../../packages/connectors/src/intercom/intercom.connector';
import { IntercomFake } from '../fakes/intercom.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';
import { collect, lastCursor, records } from './change-pages';

// Intercom API 2.16 through Prism: every request the connector sends and every answer the fake gives
// is checked against the description in shared/specs/intercom.
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };

const fake = new IntercomFake();
let prism: PrismHarness;
const clock = createVirtualClock();

function connector(config: Record<string, unknown> = {}, credential: Record<string, string> = { accessToken: 'ic-token' }, deps: IcDeps = {}): Connector {
  return createIntercomConnector({ config: { baseUrl: prism.url, ...config }, credential }, { ...local, clock, random: () => 0.5, ...deps });
}


/** A fetch that sends what the connector addresses to Intercom's EU host to Prism instead. */
const euToPrism: typeof fetch = (input, init) => fetch(String(input instanceof Request ? input.url : input).replace('https://api.eu.intercom.io', prism.url), init);

beforeAll(async () => {
  await fake.server.start();
  prism = new PrismHarness(`${specsDir}/intercom/intercom-2.16.contacts-companies-tags.openapi.yaml`, fake.server.url);
  await prism.start();
});
afterAll(async () => {
  await prism?.stop();
  await fake.server.stop();
});
beforeEach(() => fake.reset());
afterEach(() => {
  expect(prism.violations, 'requests or responses at odds with the Intercom description').toEqual([]);
});

describe('Intercom access', () => {
  it('sends the token as Bearer with Intercom-Version 2.16 to the host of the region the credential names', async () => {
    await connector({ baseUrl: undefined }, { accessToken: 'ic-token', region: 'eu' }, { fetch: euToPrism }).checkAuth();
    const [sent] = fake.server.requests('GET', '/data_attributes');
    expect(sent!.headers).toMatchObject({ authorization: 'Bearer ic-token', 'intercom-version': '2.16' });
  });

  it('refuses an unknown region before sending anything', () => {
    expect(() => createIntercomConnector({ config: {}, credential: { accessToken: 'ic-token', region: 'mars' } })).toThrow(/not an Intercom region: choose US, EU or Australia/);
  });

  it('refuses a revoked token with E_AUTH_REJECTED and says where to find one and to check the region', async () => {
    fake.tokens.clear();
    const err = await connector().checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toMatch(/Intercom rejected Sluice's credentials \(HTTP 401\)\. In Intercom open Settings → Integrations → Developer Hub.*region/);
  });

  it('reads a network failure as Intercom out of reach, not as a refused token', async () => {
    const err = await connector({ baseUrl: 'http://127.0.0.1:9' }, undefined, { retry: { retries: 1, baseDelayMs: 1 } }).checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'OperationalError', code: 'E_NETWORK' });
    expect((err as Error).message).toMatch(/^Could not reach Intercom \(network\)/);
  });
});

describe('Intercom reads', () => {
  it('describes the custom attributes, typed, with options, and the ones the API may not write as read-only', async () => {
    fake.addAttribute({ name: 'plan', label: 'Plan', data_type: 'string', options: ['Free', 'Gold'] });
    fake.addAttribute({ name: 'seats', label: 'Seats', data_type: 'integer' });
    fake.addAttribute({ name: 'score', label: 'Score', data_type: 'float', api_writable: false });
    const catalog = await connector().fieldCatalog();
    expect(catalog).toContainEqual({ path: 'custom.plan', label: 'Plan', type: 'string', custom: true, options: ['Free', 'Gold'] });
    expect(catalog).toContainEqual({ path: 'custom.seats', label: 'Seats', type: 'number', custom: true });
    expect(catalog).toContainEqual({ path: 'custom.score', label: 'Score', type: 'number', custom: true, readOnly: true });
    expect(catalog.some((f) => f.path === 'custom.name')).toBe(false);
  });

  it('reads users and leads with names split, tags and company by name, attributes and unsubscribes', async () => {
    fake.addAttribute({ name: 'plan', label: 'Plan', data_type: 'string' });
    fake.seed({ email: 'ann@x.io', name: 'Ann Marie Lee', phone: '+3291234567', tags: ['VIP', 'Fair'], companies: ['Acme'], custom: { plan: 'Gold' } });
    fake.seed({ email: 'bob@x.io', name: 'Bob', role: 'lead', unsubscribed: true });
    const [ann, bob] = records(await collect(connector().changes(null)));
    expect(ann).toMatchObject({ email: 'ann@x.io', firstName: 'Ann', lastName: 'Marie Lee', phone: '+3291234567', tags: ['VIP', 'Fair'], company: 'Acme', unsubscribed: false, custom: { role: 'user', plan: 'Gold' } });
    expect(bob).toMatchObject({ email: 'bob@x.io', firstName: 'Bob', unsubscribed: true, custom: { role: 'lead' } });
    expect(bob!.lastName).toBeUndefined();
  });

  it('reads the names of tags and companies once, not once per contact', async () => {
    for (let i = 0; i < 30; i++) fake.seed({ email: `c${i}@x.io`, tags: ['VIP'], companies: [`Company ${i % 3}`] });
    const read = records(await collect(connector().changes(null)));
    expect(read.map((r) => r.company)).toEqual(Array.from({ length: 30 }, (_, i) => `Company ${i % 3}`));
    expect(fake.server.requests('GET', '/companies/')).toHaveLength(3);
    expect(fake.server.requests('GET', '/tags')).toHaveLength(1);
  });

  it('reads every tag of a contact with more than the ten Intercom embeds', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const c = fake.seed({ email: 'ann@x.io', tags: many });
    expect(records(await collect(connector().changes(null)))[0]!.tags).toEqual(many);
    expect(fake.server.requests('GET', `/contacts/${c.id}/tags`)).toHaveLength(1);
  });

  it('pages by starting_after to the end, 150 a page at most', async () => {
    for (let i = 0; i < 25; i++) fake.seed({ email: `p${i}@x.io` });
    const pages = await collect(connector().changes(null, { pageSize: 10 }));
    expect(pages.map((p) => [p.records.length, p.hasMore])).toEqual([[10, true], [10, true], [5, false]]);
    expect(records(pages).map((r) => r.email)).toEqual(Array.from({ length: 25 }, (_, i) => `p${i}@x.io`));
    // The next pass re-reads the same day and hands over none of them again.
    expect(records(await collect(connector().changes(lastCursor(pages), { pageSize: 10 })))).toEqual([]);
    await collect(connector().changes(null, { pageSize: 1000 }));
    expect((fake.server.requests('POST', '/contacts/search').at(-1)!.body as { pagination: { per_page: number } }).pagination.per_page).toBe(150);
  });

  it('answers an empty workspace with one empty last page', async () => {
    expect(await collect(connector().changes(null))).toEqual([{ records: [], cursor: expect.any(String), hasMore: false }]);
  });

  it('re-reads the boundary day of an incremental read and hands over only what changed, once', async () => {
    const ann = fake.seed({ email: 'ann@x.io', name: 'Ann' });
    fake.seed({ email: 'bob@x.io' });
    const c = connector();
    const cursor = lastCursor(await collect(c.changes(null)));
    // Nothing changed: the search re-reads the day (Intercom matches dates by whole day), nothing is handed over.
    const quiet = await collect(c.changes(cursor));
    expect(records(quiet)).toEqual([]);
    const body = fake.server.requests('POST', '/contacts/search').at(-1)!.body as { query: { value: number } };
    expect(body.query).toMatchObject({ field: 'updated_at', operator: '>' });
    // Ann changes in the same second as the last change read: a different update time, so she is read again.
    fake.touch(ann.id, { name: 'Ann Lee' }, 0);
    fake.touch(ann.id, { name: 'Ann Lee' }, 1);
    const second = await collect(c.changes(lastCursor(quiet)));
    expect(records(second).map((r) => [r.email, r.lastName])).toEqual([['ann@x.io', 'Lee']]);
    expect(records(await collect(c.changes(lastCursor(second))))).toEqual([]);
  });

  it('misses nobody across a workspace day boundary in its time zone, whatever the zone', async () => {
    for (const tz of [-8, 0, 5.5, 13]) {
      fake.reset();
      fake.tzOffsetHours = tz;
      const c = connector();
      fake.seed({ email: 'first@x.io' });
      const cursor = lastCursor(await collect(c.changes(null)));
      // Late in the workspace's day, then just after its midnight.
      fake.tick(6 * 3600);
      const late = fake.seed({ email: 'late@x.io' });
      fake.tick(20 * 3600);
      fake.seed({ email: 'next-day@x.io' });
      const got = await collect(c.changes(cursor));
      expect(records(got).map((r) => r.email), `UTC${tz >= 0 ? '+' : ''}${tz}`).toEqual(['late@x.io', 'next-day@x.io']);
      expect(records(await collect(c.changes(lastCursor(got)))), `UTC${tz} again`).toEqual([]);
      expect(late.updated_at).toBeGreaterThan(0);
    }
  });

  it('misses nobody when contacts change while a pass pages', async () => {
    const seeded = Array.from({ length: 12 }, (_, i) => fake.seed({ email: `s${i}@x.io` }));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of connector().changes(null, { pageSize: 5 })) {
      seen.push(...page.records.map((r) => r.email!));
      // After the first page, one of its contacts changes: it moves to the end of the order.
      if (++pages === 1) fake.touch(seeded[0]!.id, { name: 'Moved' });
    }
    expect(new Set(seen).size).toBe(12);
    expect(seen.filter((e) => e === 's0@x.io')).toHaveLength(2);
  });

  it('resumes a pass from a page’s cursor without handing anyone over twice', async () => {
    for (let i = 0; i < 9; i++) fake.seed({ email: `r${i}@x.io` });
    const c = connector();
    const first = (await collect(c.changes(null, { pageSize: 4 })))[0]!;
    const rest = await collect(c.changes(first.cursor, { pageSize: 4 }));
    expect([...first.records, ...records(rest)].map((r) => r.email)).toEqual(Array.from({ length: 9 }, (_, i) => `r${i}@x.io`));
  });

  it('leaves archived contacts out of reads and of lookups by id (Intercom lists no archived contacts)', async () => {
    const gone = fake.seed({ email: 'gone@x.io' });
    const kept = fake.seed({ email: 'kept@x.io' });
    const c = connector();
    const cursor = lastCursor(await collect(c.changes(null)));
    fake.archive(gone.id);
    expect(records(await collect(c.changes(cursor)))).toEqual([]);
    expect((await c.getMany([gone.id, kept.id])).map((r) => r.email)).toEqual(['kept@x.io']);
  });

  it('finds contacts by email trimmed and case-insensitive, and by phone as written', async () => {
    const ann = fake.seed({ email: 'ann@x.io', phone: '+3291234567' });
    const c = connector();
    const found = await c.findByKey('email', [' ANN@x.io ', 'nobody@x.io']);
    expect(found.get(' ANN@x.io ')!.map((r) => r.id)).toEqual([ann.id]);
    expect(found.get('nobody@x.io')).toEqual([]);
    expect((await c.findByKey('phone', ['+3291234567'])).get('+3291234567')!.map((r) => r.id)).toEqual([ann.id]);
  });
});

describe('Intercom writes', () => {
  it('creates new contacts as leads by default, with name, tags, company and attributes', async () => {
    fake.addAttribute({ name: 'plan', label: 'Plan', data_type: 'string' });
    const [r] = await connector().upsertBatch([{ ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann', lastName: 'Lee', tags: ['VIP'], company: 'Acme', 'custom.plan': 'Gold', unsubscribed: true } }], 'k1');
    expect(r).toMatchObject({ ok: true, created: true, record: { email: 'ann@x.io', firstName: 'Ann', lastName: 'Lee', tags: ['VIP'], company: 'Acme', unsubscribed: true, custom: { role: 'lead', plan: 'Gold' } } });
    const [stored] = fake.byEmail('ann@x.io');
    expect(stored).toMatchObject({ role: 'lead', name: 'Ann Lee', unsubscribed_from_emails: true, custom_attributes: { plan: 'Gold' } });
    expect(fake.tagNamesOf(stored!)).toEqual(['VIP']);
    expect(fake.companyNamesOf(stored!)).toEqual(['Acme']);
  });

  it('creates users when the connection says so, and refuses a user without an email alone', async () => {
    const results = await connector({ roleIfNew: 'user' }).upsertBatch(
      [
        { ref: 'a', fields: { email: 'ann@x.io' } },
        { ref: 'b', fields: { firstName: 'No email' } },
      ],
      'k',
    );
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(results[1]).toMatchObject({ code: 'E_EMAIL_REQUIRED' });
    expect(fake.byEmail('ann@x.io')[0]!.role).toBe('user');
  });

  it('creates nothing twice when a batch is sent again: a contact whose email Intercom holds is updated', async () => {
    const c = connector();
    const writes = [
      { ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann', tags: ['VIP'] } },
      { ref: 'b', fields: { email: 'bob@x.io', firstName: 'Bob' } },
    ];
    const first = await c.upsertBatch(writes, 'same');
    const again = await c.upsertBatch(writes, 'same');
    expect([...fake.contacts.values()]).toHaveLength(2);
    expect(again.map((r) => (r.ok ? r.id : r.code))).toEqual(first.map((r) => (r.ok ? r.id : r.code)));
    expect(fake.server.requests('POST', '/contacts').filter((r) => r.url === '/contacts')).toHaveLength(2);
    expect(fake.tagNamesOf(fake.byEmail('ann@x.io')[0]!)).toEqual(['VIP']);
  });

  it('adds a contact once when a batch holds two new contacts with one email: the second updates the first', async () => {
    const results = await connector().upsertBatch(
      [
        { ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann', tags: ['One'] } },
        { ref: 'b', fields: { email: 'ANN@x.io ', lastName: 'Lee', tags: ['Two'] } },
      ],
      'k',
    );
    expect(results.map((r) => r.ok && r.id)).toEqual([fake.byEmail('ann@x.io')[0]!.id, fake.byEmail('ann@x.io')[0]!.id]);
    expect(fake.contacts.size).toBe(1);
    expect(fake.byEmail('ann@x.io')[0]!.name).toBe('Ann Lee');
    expect(fake.tagNamesOf(fake.byEmail('ann@x.io')[0]!)).toEqual(['Two']);
  });

  it('updates by PUT: a last name alone keeps the first, tags attached and detached, the company moved', async () => {
    const ann = fake.seed({ email: 'ann@x.io', name: 'Ann Smith', tags: ['Old', 'Keep'], companies: ['Acme'] });
    const [r] = await connector().upsertBatch([{ ref: 'a', id: ann.id, fields: { lastName: 'Lee', tags: ['Keep', 'New'], company: 'Globex' } }], 'k');
    expect(r).toMatchObject({ ok: true, created: false, id: ann.id, record: { firstName: 'Ann', lastName: 'Lee', tags: ['Keep', 'New'], company: 'Globex' } });
    expect(fake.contacts.get(ann.id)!.name).toBe('Ann Lee');
    expect(fake.tagNamesOf(fake.contacts.get(ann.id)!)).toEqual(['Keep', 'New']);
    expect(fake.companyNamesOf(fake.contacts.get(ann.id)!)).toEqual(['Globex']);
    expect(fake.server.requests('PUT', '/contacts/')).toHaveLength(1);
    expect(fake.server.requests('DELETE', `/contacts/${ann.id}/tags/`)).toHaveLength(1);
    // Read again, the contact is as the write answered.
    expect((await connector().getMany([ann.id]))[0]).toMatchObject({ firstName: 'Ann', lastName: 'Lee', tags: ['Keep', 'New'], company: 'Globex' });
  });

  it('carries an unsubscribe, and never re-subscribes anyone who unsubscribed', async () => {
    const sub = fake.seed({ email: 'sub@x.io' });
    const out = fake.seed({ email: 'out@x.io', unsubscribed: true });
    const results = await connector().upsertBatch(
      [
        { ref: 'a', id: sub.id, fields: { unsubscribed: true } },
        { ref: 'b', id: out.id, fields: { unsubscribed: false, firstName: 'Out' } },
      ],
      'k',
    );
    expect(results.map((r) => r.ok && r.record.unsubscribed)).toEqual([true, true]);
    expect([sub, out].map((c) => fake.contacts.get(c.id)!.unsubscribed_from_emails)).toEqual([true, true]);
    expect(fake.contacts.get(out.id)!.name).toBe('Out');
  });

  it('fails only the contact Intercom refuses, with its reason; an archived contact is not found', async () => {
    fake.addAttribute({ name: 'seats', label: 'Seats', data_type: 'integer' });
    const gone = fake.seed({ email: 'gone@x.io' });
    fake.archive(gone.id);
    const results = await connector().upsertBatch(
      [
        { ref: 'a', fields: { email: 'ann@x.io' } },
        { ref: 'b', fields: { email: 'bob@x.io', 'custom.seats': 'many' } },
        { ref: 'c', id: gone.id, fields: { firstName: 'Gone' } },
      ],
      'k',
    );
    expect(results[0]!.ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, code: 'E_APP_REJECTED', message: expect.stringMatching(/Custom attribute 'seats' must be a integer/) });
    expect(results[2]).toMatchObject({ ok: false, code: 'E_NOT_FOUND' });
  });

  it('writes 50 contacts in one batch and refuses 51 before writing anything', async () => {
    const c = connector();
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ ref: String(i), fields: { email: `b${i}@x.io` } }));
    await expect(c.upsertBatch(batch(51), 'too-big')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE' });
    expect(fake.contacts.size).toBe(0);
    expect((await c.upsertBatch(batch(50), 'full')).every((r) => r.ok)).toBe(true);
    expect(fake.contacts.size).toBe(50);
  });
});

describe('Intercom faults', () => {
  it('slows down when X-RateLimit-Remaining runs out, until X-RateLimit-Reset', async () => {
    fake.seed({ email: 'ann@x.io' });
    fake.rateRemaining = 1;
    const before = clock.totalSleptMs();
    await connector().checkAuth();
    expect(records(await collect(connector().changes(null)))).toHaveLength(1);
    expect(clock.totalSleptMs() - before).toBeGreaterThan(0);
  });

  it('backs off after a 429, then succeeds', async () => {
    fake.seed({ email: 'ann@x.io' });
    fake.server.inject({ kind: 'status', status: 429, body: { type: 'error.list', request_id: null, errors: [{ code: 'rate_limit_exceeded', message: 'Exceeded rate limit of 1666 in 10_seconds' }] } });
    const before = clock.totalSleptMs();
    expect(records(await collect(connector().changes(null)))).toHaveLength(1);
    expect(clock.totalSleptMs() - before).toBeGreaterThan(0);
    expect(fake.server.log.filter((r) => r.status === 429)).toHaveLength(1);
    prism.clear(); // the 429 is not in Intercom's description of search; it is what Intercom sends
  });

  it('retries 5xx bursts on reads and on writes that are safe to repeat', async () => {
    fake.seed({ email: 'ann@x.io' });
    const error = { type: 'error.list', request_id: null, errors: [{ code: 'server_error', message: 'busy' }] };
    fake.server.inject({ kind: 'status', status: 503, body: error }, 2);
    expect(records(await collect(connector().changes(null)))).toHaveLength(1);
    fake.server.inject({ kind: 'status', status: 500, body: error }, 1, (r) => r.method === 'PUT');
    const ann = fake.byEmail('ann@x.io')[0]!;
    const [r] = await connector().upsertBatch([{ ref: 'a', id: ann.id, fields: { firstName: 'Ann' } }], 'k');
    expect(r!.ok).toBe(true);
    prism.clear();
  });
});

describe('Intercom facing a malformed answer (straight to the fake: Prism would refuse it first)', () => {
  it('rejects the page with a clear error and hands over no record', async () => {
    fake.seed({ email: 'ann@x.io' });
    fake.server.inject({ kind: 'malformed', raw: '{"type":"list","data":[{"id":7,"updated_at":"yesterday"}]}' }, 1, (r) => r.path === '/contacts/search');
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector({ baseUrl: fake.server.url }).changes(null)) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE' });
    expect((err as Error).message).toMatch(/Intercom answered POST \/contacts\/search with data Sluice does not understand: data\.0\.id/);
    expect(got).toEqual([]);
  });

  it('fails a write whose answer is not JSON', async () => {
    fake.server.inject({ kind: 'malformed', raw: '<html>oops</html>' }, 1, (r) => r.method === 'POST' && r.path === '/contacts');
    const err = await connector({ baseUrl: fake.server.url }).upsertBatch([{ ref: 'a', fields: { email: 'a@x.io' } }], 'k').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE' });
  });
});
