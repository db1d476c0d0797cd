import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePage, Connector } from '@sluice/engine';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createMailchimpConnector, type McDeps } from '../../packages/connectors/src/mailchimp/mailchimp.connector';
import { MailchimpFake, hashOf } from '../fakes/mailchimp.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';
import { collect, lastCursor, records } from './change-pages';

// Mailchimp Marketing API 3.0 through Prism: every request the connector sends and every answer the
// fake gives is checked against the description in shared/specs/mailchimp.
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };

const fake = new MailchimpFake();
let prism: PrismHarness;
let list: string;
const clock = createVirtualClock();

function connector(config: Record<string, unknown> = {}, credential: Record<string, string> = { apiKey: 'mc-key-us6' }, deps: McDeps = {}): Connector {
  return createMailchimpConnector({ config: { baseUrl: prism.url, listId: list, ...config }, credential }, { ...local, clock, random: () => 0.5, ...deps });
}


/** A fetch that sends what the connector addresses to Mailchimp's us6 data centre to Prism instead. */
const us6ToPrism: typeof fetch = (input, init) => fetch(String(input instanceof Request ? input.url : input).replace('https://us6.api.mailchimp.com/3.0', prism.url), init);

beforeAll(async () => {
  await fake.server.start();
  prism = new PrismHarness(`${specsDir}/mailchimp/marketing-v3.lists-members-batches.openapi.json`, fake.server.url);
  await prism.start();
});
afterAll(async () => {
  await prism?.stop();
  await fake.server.stop();
});
beforeEach(() => {
  fake.reset();
  list = fake.addList('Newsletter');
});
afterEach(() => {
  expect(prism.violations, 'requests or responses at odds with the Mailchimp description').toEqual([]);
});

describe('Mailchimp access', () => {
  it('sends the API key as the password of HTTP Basic to the data centre its ending names', async () => {
    await connector({ baseUrl: undefined }, { apiKey: 'mc-key-us6' }, { fetch: us6ToPrism }).checkAuth();
    const [sent] = fake.server.requests('GET', '/lists/');
    expect(Buffer.from(String(sent!.headers.authorization).replace('Basic ', ''), 'base64').toString()).toMatch(/:mc-key-us6$/);
  });

  it('reads an OAuth token’s data centre from Mailchimp’s metadata and sends the token as Bearer', async () => {
    const c = connector({ baseUrl: undefined }, { accessToken: 'mc-oauth' }, { fetch: us6ToPrism, oauthMetadataUrl: `${fake.server.url}/oauth2/metadata` });
    await c.checkAuth();
    await c.checkAuth();
    expect(fake.server.requests('GET', '/oauth2/metadata')).toHaveLength(1);
    expect(fake.server.requests('GET', '/lists/').map((r) => r.headers.authorization)).toEqual(['Bearer mc-oauth', 'Bearer mc-oauth']);
  });

  it('refuses a revoked key with E_AUTH_REJECTED and says where to create a new one', async () => {
    fake.apiKeys.delete('mc-key-us6');
    const err = await connector().checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toMatch(/Mailchimp rejected Sluice's credentials \(HTTP 401\)\. Create a new key in Mailchimp \(profile → Extras → API keys\)/);
  });

  it('reads a network failure as Mailchimp out of reach, not as a refused key', async () => {
    const err = await connector({ baseUrl: 'http://127.0.0.1:9' }, undefined, { retry: { retries: 1, baseDelayMs: 1 } }).checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'OperationalError', code: 'E_NETWORK' });
    expect((err as Error).message).toMatch(/^Could not reach Mailchimp \(network\)/);
  });

  it('says a key without its data-centre ending is incomplete, before sending anything', () => {
    expect(() => createMailchimpConnector({ config: { listId: list }, credential: { apiKey: '0123456789abcdef' } })).toThrow(/no data-centre ending \(such as "-us6"\)/);
  });

  it('lists the key’s audiences to choose from, and checks the chosen one exists', async () => {
    fake.seed(list, { email: 'a@x.io' });
    const other = fake.addList('Customers');
    const choices = await connector({ listId: undefined }).settingChoices!('listId');
    expect(choices).toEqual([
      { value: list, label: 'Newsletter', help: '1 subscribed contact' },
      { value: other, label: 'Customers', help: '0 subscribed contacts' },
    ]);
    await connector({ listId: other }).checkAuth();
    await expect(connector({ listId: 'gone' }).checkAuth()).rejects.toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/no audience "gone"/) });
  });
});

describe('Mailchimp reads', () => {
  it('describes the audience’s merge fields, with dropdown choices as options', async () => {
    fake.addMergeField(list, 'PLAN', 'Plan', 'dropdown', ['Free', 'Gold']);
    fake.addMergeField(list, 'SEATS', 'Seats', 'number');
    const catalog = await connector().fieldCatalog();
    expect(catalog).toContainEqual({ path: 'custom.PLAN', label: 'Plan', type: 'string', custom: true, options: ['Free', 'Gold'] });
    expect(catalog).toContainEqual({ path: 'custom.SEATS', label: 'Seats', type: 'number', custom: true });
    expect(catalog).toContainEqual({ path: 'custom.BIRTHDAY', label: 'Birthday', type: 'string', custom: true });
    expect(catalog.find((f) => f.path === 'firstName')).toBeDefined();
  });

  it('pages to the end, starting each page at the newest change read', async () => {
    for (let i = 0; i < 25; i++) fake.seed(list, { email: `p${i}@x.io`, merge: { FNAME: `P${i}` } });
    const pages = await collect(connector().changes(null, { pageSize: 10 }));
    // Each page after the first asks again for the second the page before ended on (and drops who it read there).
    expect(pages.map((p) => p.hasMore)).toEqual([true, true, false]);
    expect(records(pages).map((r) => r.email)).toEqual(Array.from({ length: 25 }, (_, i) => `p${i}@x.io`));
    expect(fake.server.requests('GET', `/lists/${list}/members`).filter((r) => r.url.includes('since_last_changed=')).length).toBe(2);
  });

  it('answers an empty audience with one empty last page', async () => {
    const pages = await collect(connector().changes(null));
    expect(pages).toEqual([{ records: [], cursor: expect.any(String), hasMore: false }]);
  });

  it('reads only what changed after the cursor, and nothing when nothing changed', async () => {
    const a = fake.seed(list, { email: 'ann@x.io', merge: { FNAME: 'Ann' } });
    fake.seed(list, { email: 'bob@x.io' });
    const c = connector();
    const cursor = lastCursor(await collect(c.changes(null)));
    expect(records(await collect(c.changes(cursor)))).toEqual([]);
    fake.touch(list, a.id, { merge: { LNAME: 'Lee' } });
    const second = await collect(c.changes(cursor));
    expect(records(second).map((r) => [r.email, r.lastName])).toEqual([['ann@x.io', 'Lee']]);
  });

  it('misses nobody when members change while a pass pages, or when more than a page share one second', async () => {
    for (let i = 0; i < 12; i++) fake.seed(list, { email: `s${i}@x.io` });
    // Eight more members in one second (more than a page of five).
    const same = Array.from({ length: 8 }, (_, i) => fake.seed(list, { email: `same${i}@x.io` }));
    for (const m of same) fake.touch(list, m.id, { merge: { FNAME: 'Same' } }, 0);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of connector().changes(null, { pageSize: 5 })) {
      seen.push(...page.records.map((r) => r.email!));
      // After the first page, one of its members changes: it moves to the end of the order.
      if (++pages === 1) fake.touch(list, hashOf('s0@x.io'), { merge: { FNAME: 'Moved' } });
    }
    expect(new Set(seen).size).toBe(20);
    expect(seen.filter((e) => e === 's0@x.io')).toHaveLength(2);
  });

  it('carries unsubscribed and cleaned as unsubscribes, and archived members as deletions after the first pass', async () => {
    const gone = fake.seed(list, { email: 'gone@x.io' });
    fake.seed(list, { email: 'out@x.io', status: 'unsubscribed' });
    fake.seed(list, { email: 'bounced@x.io', status: 'cleaned' });
    fake.seed(list, { email: 'old@x.io', status: 'archived' });
    const c = connector();
    const first = await collect(c.changes(null));
    expect(records(first).map((r) => [r.email, r.unsubscribed])).toEqual([
      ['gone@x.io', false],
      ['out@x.io', true],
      ['bounced@x.io', true],
    ]);
    const res = await fetch(`${prism.url}/lists/${list}/members/${gone.id}`, { method: 'DELETE', headers: { authorization: `Bearer mc-key-us6` } });
    expect(res.status).toBe(204);
    const second = records(await collect(c.changes(lastCursor(first))));
    expect(second).toEqual([expect.objectContaining({ id: gone.contact_id, deleted: true })]);
    expect(await c.getMany([gone.contact_id])).toEqual([]);
  });

  it('finds members by email through the subscriber hash, trimmed and case-insensitive; nobody by phone', async () => {
    const ann = fake.seed(list, { email: 'ann@x.io', merge: { PHONE: '+3211' } });
    const c = connector();
    const found = await c.findByKey('email', [' ANN@x.io ', 'nobody@x.io']);
    expect(found.get(' ANN@x.io ')!.map((r) => r.id)).toEqual([ann.contact_id]);
    expect(found.get('nobody@x.io')).toEqual([]);
    expect((await c.findByKey('phone', ['+3211'])).get('+3211')).toEqual([]);
    expect(fake.server.requests('GET', `/lists/${list}/members/${hashOf('ann@x.io')}`)).toHaveLength(1);
  });
});

describe('Mailchimp writes', () => {
  it('adds new members in one batch subscribe with the status chosen for new contacts, and their tags', async () => {
    const results = await connector({ statusIfNew: 'transactional' }).upsertBatch(
      [
        { ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann', lastName: 'Lee', tags: ['VIP', 'Fair'] } },
        { ref: 'b', fields: { email: 'bob@x.io', firstName: 'Bob', unsubscribed: true } },
        { ref: 'c', fields: { firstName: 'No email' } },
      ],
      'k1',
    );
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[0]).toMatchObject({ created: true, record: { email: 'ann@x.io', firstName: 'Ann', lastName: 'Lee', tags: ['VIP', 'Fair'], unsubscribed: false } });
    expect(results[2]).toMatchObject({ code: 'E_EMAIL_REQUIRED' });
    expect(fake.member(list, 'ann@x.io')).toMatchObject({ status: 'transactional', tags: [{ name: 'VIP' }, { name: 'Fair' }] });
    expect(fake.member(list, 'bob@x.io')!.status).toBe('unsubscribed');
    expect(fake.server.requests('POST', `/lists/${list}`).filter((r) => !r.url.includes('/members'))).toHaveLength(1);
  });

  it('adds new members as subscribed by default, without a confirmation e-mail (not pending)', async () => {
    await connector().upsertBatch([{ ref: 'a', fields: { email: 'ann@x.io' } }], 'k');
    expect(fake.member(list, 'ann@x.io')!.status).toBe('subscribed');
  });

  it('creates nothing twice when a batch is sent again, and upserts members that exist by subscriber hash', async () => {
    const c = connector();
    const writes = [
      { ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann', tags: ['VIP'] } },
      { ref: 'b', fields: { email: 'bob@x.io', firstName: 'Bob' } },
    ];
    const first = await c.upsertBatch(writes, 'same');
    const again = await c.upsertBatch(writes, 'same'); // the answer of the first was lost
    expect(fake.live(list)).toHaveLength(2);
    expect(again.map((r) => (r.ok ? r.id : r.code))).toEqual(first.map((r) => (r.ok ? r.id : r.code)));
    expect(fake.server.requests('PUT', `/lists/${list}/members/${hashOf('ann@x.io')}`)).toHaveLength(1);
    expect(fake.member(list, 'ann@x.io')!.tags.map((t) => t.name)).toEqual(['VIP']);
  });

  it('updates members by PATCH: merge fields, part of the address, tags added and removed', async () => {
    fake.addMergeField(list, 'PLAN', 'Plan', 'dropdown', ['Free', 'Gold']);
    const ann = fake.seed(list, { email: 'ann@x.io', merge: { FNAME: 'Ann', ADDRESS: { addr1: 'Main St 4', city: 'Ghent', state: '', zip: '9000', country: 'BE' } }, tags: ['Old', 'Keep'] });
    const [r] = await connector().upsertBatch([{ ref: 'a', id: ann.contact_id, fields: { lastName: 'Lee', 'address.city': 'Brussels', 'custom.PLAN': 'Gold', tags: ['Keep', 'New'] } }], 'k');
    expect(r).toMatchObject({ ok: true, created: false, id: ann.contact_id, record: { lastName: 'Lee', address: { street: 'Main St 4', city: 'Brussels', zip: '9000', country: 'BE' }, tags: ['Keep', 'New'], custom: { PLAN: 'Gold' } } });
    const m = fake.member(list, 'ann@x.io')!;
    expect(m.merge_fields).toMatchObject({ FNAME: 'Ann', LNAME: 'Lee', PLAN: 'Gold', ADDRESS: { addr1: 'Main St 4', city: 'Brussels', zip: '9000' } });
    expect(m.tags.map((t) => t.name)).toEqual(['Keep', 'New']);
    expect(fake.server.requests('PATCH', `/lists/${list}/members/`)).toHaveLength(1);
  });

  it('changes a member’s email and keeps its id (the contact id)', async () => {
    const ann = fake.seed(list, { email: 'ann@x.io' });
    const [r] = await connector().upsertBatch([{ ref: 'a', id: ann.contact_id, fields: { email: 'ann@new.io' } }], 'k');
    expect(r).toMatchObject({ ok: true, id: ann.contact_id, record: { email: 'ann@new.io' } });
    expect(fake.member(list, 'ann@new.io')).toBeDefined();
  });

  it('carries an unsubscribe, and never re-subscribes anyone who unsubscribed or was cleaned', async () => {
    const sub = fake.seed(list, { email: 'sub@x.io' });
    const out = fake.seed(list, { email: 'out@x.io', status: 'unsubscribed' });
    const bounced = fake.seed(list, { email: 'bounced@x.io', status: 'cleaned' });
    const results = await connector().upsertBatch(
      [
        { ref: 'a', id: sub.contact_id, fields: { unsubscribed: true } },
        { ref: 'b', id: out.contact_id, fields: { unsubscribed: false, firstName: 'Out' } },
        { ref: 'c', id: bounced.contact_id, fields: { unsubscribed: true } },
      ],
      'k',
    );
    expect(results.map((r) => r.ok && r.record.unsubscribed)).toEqual([true, true, true]);
    expect([sub, out, bounced].map((m) => fake.member(list, m.email_address)!.status)).toEqual(['unsubscribed', 'unsubscribed', 'cleaned']);
    expect(fake.member(list, 'out@x.io')!.merge_fields.FNAME).toBe('Out');
    expect(fake.server.log.filter((r) => r.status >= 400)).toEqual([]);
  });

  it('fails only the member Mailchimp refuses in a batch, with its reason', async () => {
    fake.addMergeField(list, 'PLAN', 'Plan', 'dropdown', ['Free', 'Gold']);
    const results = await connector().upsertBatch(
      [
        { ref: 'a', fields: { email: 'ann@x.io' } },
        { ref: 'b', fields: { email: 'bob@x.io', 'custom.PLAN': 'Platinum' } },
      ],
      'k',
    );
    expect(results[0]!.ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, code: 'E_APP_REJECTED', message: expect.stringMatching(/Mailchimp did not add bob@x.io: PLAN must be one of Free, Gold/) });
  });

  it('writes 500 new members in one call and refuses 501 before writing anything', async () => {
    const c = connector();
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ ref: String(i), fields: { email: `b${i}@x.io` } }));
    await expect(c.upsertBatch(batch(501), 'too-big')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE' });
    expect(fake.live(list)).toHaveLength(0);
    const results = await c.upsertBatch(batch(500), 'full');
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.live(list)).toHaveLength(500);
    expect(fake.server.requests('POST').filter((r) => r.url.split('?')[0] === `/lists/${list}`)).toHaveLength(1);
  });
});

describe('Mailchimp faults', () => {
  it('backs off after a 429 (Mailchimp sends no Retry-After), then succeeds', async () => {
    fake.seed(list, { email: 'ann@x.io' });
    fake.server.inject({ kind: 'status', status: 429, body: { type: 'https://mailchimp.com/developer/marketing/docs/errors/', title: 'Too Many Requests', status: 429, detail: 'You have exceeded the limit of 10 simultaneous connections.', instance: 'x' } });
    const before = clock.totalSleptMs();
    expect(records(await collect(connector().changes(null)))).toHaveLength(1);
    expect(clock.totalSleptMs() - before).toBeGreaterThan(0);
    expect(fake.server.log.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('waits as told when a 429 carries Retry-After', async () => {
    fake.server.inject({ kind: 'rateLimit', retryAfterSeconds: 7, body: { type: 'x', title: 'Too Many Requests', status: 429, detail: 'slow down', instance: 'x' } });
    const before = clock.totalSleptMs();
    await connector().checkAuth();
    expect(clock.totalSleptMs() - before).toBeGreaterThanOrEqual(7000);
  });

  it('retries 5xx bursts on reads and on batch subscribe', async () => {
    fake.seed(list, { email: 'ann@x.io' });
    const error = { type: 'x', title: 'Internal Server Error', status: 503, detail: 'busy', instance: 'x' };
    fake.server.inject({ kind: 'status', status: 503, body: error }, 2);
    expect(records(await collect(connector().changes(null)))).toHaveLength(1);
    fake.server.inject({ kind: 'status', status: 500, body: { ...error, status: 500 } }, 1, (r) => r.method === 'POST');
    const [r] = await connector().upsertBatch([{ ref: 'a', fields: { email: 'bob@x.io' } }], 'k');
    expect(r!.ok).toBe(true);
    expect(fake.live(list)).toHaveLength(2);
  });
});

describe('Mailchimp facing a malformed answer (straight to the fake: Prism would refuse it first)', () => {
  it('rejects the page with a clear error and hands over no record', async () => {
    fake.seed(list, { email: 'ann@x.io' });
    fake.server.inject({ kind: 'malformed', raw: '{"members":[{"id":7,"email_address":null}]}' });
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector({ baseUrl: fake.server.url }).changes(null)) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE' });
    expect((err as Error).message).toMatch(/Mailchimp answered GET \/lists\/\w+\/members with data Sluice does not understand: members\.0\.id/);
    expect(got).toEqual([]);
  });

  it('fails a batch whose answer is not JSON', async () => {
    fake.server.inject({ kind: 'malformed', raw: '<html>oops</html>' }, 1, (r) => r.method === 'POST');
    const err = await connector({ baseUrl: fake.server.url }).upsertBatch([{ ref: 'a', fields: { email: 'a@x.io' } }], 'k').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE' });
  });
});
