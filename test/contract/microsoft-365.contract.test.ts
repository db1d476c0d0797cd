import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePage, Connector } from '@sluice/engine';
import type { HttpDeps } from '@sluice/connectors';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createMicrosoftConnector } from '../../packages/connectors/src/microsoft/microsoft.connector';
import { MicrosoftGraphFake, graphError } from '../fakes/microsoft-graph.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';

// Microsoft Graph v1.0 through Prism: every request the connector sends and every answer the fake
// gives is checked against the description in shared/specs/microsoft-graph.
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };

const fake = new MicrosoftGraphFake();
let prism: PrismHarness;
const clock = createVirtualClock();
const tokens = () => ({ accessToken: 'ms-access-0', refreshToken: 'ms-refresh-0', clientId: fake.client.id, clientSecret: fake.client.secret });
let stored: Record<string, string>[] = [];

function connector(config: Record<string, unknown> = {}, credential: Record<string, string> = tokens(), deps: HttpDeps = {}): Connector {
  return createMicrosoftConnector(
    {
      config: { baseUrl: prism.url, tokenUrl: `${fake.server.url}/common/oauth2/v2.0/token`, ...config },
      credential,
      onCredentialRefresh: async (c) => void stored.push(c),
    },
    { ...local, clock, random: () => 0.5, ...deps },
  );
}

async function collect(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}
const records = (pages: ChangePage[]) => pages.flatMap((p) => p.records);
const lastCursor = (pages: ChangePage[]) => pages.at(-1)!.cursor;
const emails = (...list: string[]) => list.map((address) => ({ address, name: address }));
const throttled = graphError(429, 'TooManyRequests', 'Application is over its MailboxConcurrency limit.').body;

beforeAll(async () => {
  await fake.server.start();
  prism = new PrismHarness(`${specsDir}/microsoft-graph/graph-v1.0.contacts-subscriptions.openapi.yaml`, fake.server.url);
  await prism.start();
  // Graph's links name the host the client called: here, Prism.
  fake.publicUrl = prism.url;
});
afterAll(async () => {
  await prism?.stop();
  await fake.server.stop();
});
beforeEach(() => {
  fake.reset();
  fake.publicUrl = prism.url;
  stored = [];
});
afterEach(() => {
  expect(prism.violations, 'requests or responses at odds with the Microsoft Graph description').toEqual([]);
});

describe('Microsoft 365 access', () => {
  it('sends the access token as Bearer and checks the default folder can be read', async () => {
    await connector().checkAuth();
    const [sent] = fake.server.requests('GET', '/me/contacts');
    expect(sent!.headers.authorization).toBe('Bearer ms-access-0');
  });

  it('refreshes an expired token once for many concurrent calls and hands the rotated refresh token to the vault', async () => {
    fake.seed({ givenName: 'Ann', emailAddresses: emails('ann@x.io') });
    fake.expireAccessTokens();
    const c = connector();
    await Promise.all([c.checkAuth(), c.checkAuth(), c.getMany([fake.live()[0]!.id])]);
    expect(fake.refreshCount).toBe(1);
    expect(stored).toEqual([expect.objectContaining({ accessToken: 'ms-access-1', refreshToken: 'ms-refresh-1', clientId: 'ms-client', clientSecret: 'ms-secret' })]);
    // Microsoft rotates refresh tokens: the one Sluice started with is spent.
    expect(fake.refreshTokens.has('ms-refresh-0')).toBe(false);
    const form = new URLSearchParams(String(fake.server.requests('POST', '/common/oauth2/v2.0/token')[0]!.body));
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'refresh_token', refresh_token: 'ms-refresh-0', client_id: 'ms-client', client_secret: 'ms-secret' });
  });

  it('turns a revoked authorization into E_AUTH_REJECTED that says to reconnect', async () => {
    fake.expireAccessTokens();
    fake.refreshTokens.clear();
    const err = await connector().checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toBe("Microsoft refused to renew Sluice's access (HTTP 400, invalid_grant). Reconnect Outlook (Microsoft 365) in the connection settings and allow Sluice to read and write your contacts.");
  });

  it('says an account that was never connected is not connected, before sending anything', () => {
    expect(() => createMicrosoftConnector({ config: {}, credential: {} })).toThrow(/Outlook \(Microsoft 365\) is not connected yet\. Reconnect/);
  });

  it('reads a network failure as Outlook out of reach, not as a refused token', async () => {
    const err = await connector({ baseUrl: 'http://127.0.0.1:9' }, tokens(), { retry: { retries: 1, baseDelayMs: 1 } }).checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'OperationalError', code: 'E_NETWORK' });
    expect((err as Error).message).toMatch(/^Could not reach Outlook \(Microsoft 365\) \(network\)/);
  });

  it('offers the default folder and the account’s own folders, and checks the chosen one exists', async () => {
    const clients = fake.addFolder('Clients');
    const suppliers = fake.addFolder('Suppliers');
    const choices = await connector().settingChoices!('folderId');
    expect(choices).toEqual([
      { value: 'default', label: 'Contacts (the default folder)' },
      { value: clients, label: 'Clients' },
      { value: suppliers, label: 'Suppliers' },
    ]);
    await connector({ folderId: clients }).checkAuth();
    await expect(connector({ folderId: 'AAMkGone' }).checkAuth()).rejects.toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/no contacts folder "AAMkGone".*choose the folder again/) });
  });
});

describe('Microsoft 365 reads (delta query)', () => {
  it('follows @odata.nextLink to the end of a round, sending the query options on the first request only', async () => {
    for (let i = 0; i < 25; i++) fake.seed({ givenName: `P${i}`, emailAddresses: emails(`p${i}@x.io`) });
    const pages = await collect(connector().changes(null, { pageSize: 10 }));
    expect(pages.map((p) => [p.records.length, p.hasMore])).toEqual([[10, true], [10, true], [5, false]]);
    expect(records(pages).map((r) => r.email)).toEqual(Array.from({ length: 25 }, (_, i) => `p${i}@x.io`));
    const sent = fake.server.requests('GET', '/me/contacts/delta');
    expect(sent.map((r) => new URL(r.url, 'http://x').searchParams.has('$select'))).toEqual([true, false, false]);
    expect(sent.map((r) => r.headers.prefer)).toEqual(['odata.maxpagesize=10', 'odata.maxpagesize=10', 'odata.maxpagesize=10']);
    expect(JSON.parse(lastCursor(pages))).toMatchObject({ folder: 'default', done: true, link: expect.stringMatching(/^\/me\/contacts\/delta\?\$deltatoken=/) });
  });

  it('resumes a round that stopped after a page at the saved next link, reading nobody twice', async () => {
    for (let i = 0; i < 25; i++) fake.seed({ emailAddresses: emails(`r${i}@x.io`) });
    const c = connector();
    let firstPage: ChangePage | undefined;
    for await (const page of c.changes(null, { pageSize: 10 })) {
      firstPage = page;
      break; // the run stops here (killed, paused): only this page's cursor was saved
    }
    expect(JSON.parse(firstPage!.cursor)).toMatchObject({ done: false, link: expect.stringMatching(/^\/me\/contacts\/delta\?\$skiptoken=/) });
    const rest = await collect(c.changes(firstPage!.cursor, { pageSize: 10 }));
    const all = [...firstPage!.records, ...records(rest)].map((r) => r.email);
    expect(all).toEqual(Array.from({ length: 25 }, (_, i) => `r${i}@x.io`));
    expect(rest.at(-1)).toMatchObject({ hasMore: false });
  });

  it('answers an empty folder with one empty last page', async () => {
    const pages = await collect(connector().changes(null));
    expect(pages).toEqual([{ records: [], cursor: expect.any(String), hasMore: false }]);
  });

  it('reads only what changed after the delta link, deletions from @removed, and nothing when nothing changed', async () => {
    const ann = fake.seed({ givenName: 'Ann', emailAddresses: emails('ann@x.io') });
    const bob = fake.seed({ givenName: 'Bob', emailAddresses: emails('bob@x.io') });
    fake.seed({ givenName: 'Cy', emailAddresses: emails('cy@x.io') });
    const c = connector();
    const cursor = lastCursor(await collect(c.changes(null)));
    expect(records(await collect(c.changes(cursor)))).toEqual([]);
    fake.edit(ann.id, { surname: 'Lee' });
    fake.remove(bob.id);
    const second = await collect(c.changes(cursor));
    expect(records(second)).toEqual([
      expect.objectContaining({ id: ann.id, email: 'ann@x.io', lastName: 'Lee' }),
      expect.objectContaining({ id: bob.id, deleted: true }),
    ]);
    expect(await c.getMany([ann.id, bob.id])).toEqual([expect.objectContaining({ id: ann.id })]);
  });

  it('reads the chosen folder only, and reads it whole when the saved position is another folder’s', async () => {
    const clients = fake.addFolder('Clients');
    fake.seed({ givenName: 'Default', emailAddresses: emails('d@x.io') });
    const inFolder = fake.seed({ givenName: 'Client', emailAddresses: emails('c@x.io') }, clients);
    const defaultCursor = lastCursor(await collect(connector().changes(null)));
    const pages = await collect(connector({ folderId: clients }).changes(defaultCursor));
    expect(records(pages).map((r) => r.id)).toEqual([inFolder.id]);
    expect(fake.server.requests('GET', `/me/contactFolders/${clients}/contacts/delta`)).toHaveLength(1);
    expect(JSON.parse(lastCursor(pages)).folder).toBe(clients);
  });

  it('starts a full round when Graph forgot the delta state (410 Gone)', async () => {
    const ann = fake.seed({ givenName: 'Ann', emailAddresses: emails('ann@x.io') });
    const c = connector();
    const cursor = lastCursor(await collect(c.changes(null)));
    fake.forgetDeltaState();
    const again = await collect(c.changes(cursor));
    expect(records(again).map((r) => r.id)).toEqual([ann.id]);
    expect(fake.server.log.filter((r) => r.status === 410)).toHaveLength(1);
  });

  it('maps three e-mail addresses, business, home and mobile phones, company, job title, addresses and categories as tags', async () => {
    fake.seed({
      givenName: 'Ann',
      surname: 'Lee',
      emailAddresses: emails('ann@work.io', 'ann@home.io', 'ann@old.io'),
      businessPhones: ['+32 9 555 01 01', '+32 9 555 01 02'],
      homePhones: ['+32 9 555 02 02'],
      mobilePhone: '+32 470 00 00 01',
      companyName: 'Acme',
      jobTitle: 'CTO',
      department: 'R&D',
      businessHomePage: 'https://acme.example',
      businessAddress: { street: 'Main St 4', city: 'Ghent', postalCode: '9000', countryOrRegion: 'Belgium' },
      homeAddress: { street: 'Elm St 1', city: 'Brussels', postalCode: '1000' },
      categories: ['VIP', 'Red category'],
    });
    const [r] = records(await collect(connector().changes(null)));
    expect(r).toMatchObject({
      email: 'ann@work.io',
      firstName: 'Ann',
      lastName: 'Lee',
      phone: '+32 9 555 01 01',
      mobile: '+32 470 00 00 01',
      company: 'Acme',
      jobTitle: 'CTO',
      website: 'https://acme.example',
      address: { street: 'Main St 4', city: 'Ghent', zip: '9000', country: 'Belgium' },
      tags: ['VIP', 'Red category'],
      custom: { email2: 'ann@home.io', email3: 'ann@old.io', homePhone: '+32 9 555 02 02', department: 'R&D', homeAddress: 'Elm St 1, 1000 Brussels' },
    });
  });

  it('refuses a paging link to another host and sends nothing there', async () => {
    for (let i = 0; i < 3; i++) fake.seed({ emailAddresses: emails(`p${i}@x.io`) });
    fake.publicUrl = 'https://graph.evil.example/v1.0';
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector().changes(null, { pageSize: 2 })) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE', message: expect.stringMatching(/paging link outside/) });
    expect(got).toEqual([]);
  });

  it('finds contacts by their e-mail address, trimmed and case-insensitive; nobody by phone', async () => {
    const ann = fake.seed({ givenName: 'Ann', emailAddresses: emails('Ann@X.io'), businessPhones: ['+3211'] });
    fake.seed({ givenName: "O'Brien", emailAddresses: emails("o'brien@x.io") });
    const c = connector();
    const found = await c.findByKey('email', [' ann@x.io ', 'nobody@x.io', "O'Brien@x.io"]);
    expect(found.get(' ann@x.io ')!.map((r) => r.id)).toEqual([ann.id]);
    expect(found.get('nobody@x.io')).toEqual([]);
    expect(found.get("O'Brien@x.io")!.map((r) => r.firstName)).toEqual(["O'Brien"]);
    expect((await c.findByKey('phone', ['+3211'])).get('+3211')).toEqual([]);
  });
});

describe('Microsoft 365 writes', () => {
  it('creates contacts in the chosen folder, one request each, with e-mail addresses, phones and categories', async () => {
    const clients = fake.addFolder('Clients');
    const results = await connector({ folderId: clients }).upsertBatch(
      [
        { ref: 'a', fields: { email: 'ann@x.io', 'custom.email2': 'ann@home.io', firstName: 'Ann', lastName: 'Lee', phone: '+3291', mobile: '+32470', tags: ['VIP', 'VIP', 'Fair'], unsubscribed: true } },
        { ref: 'b', fields: { firstName: 'Bob', company: 'Acme', 'address.city': 'Ghent' } },
      ],
      'k1',
    );
    expect(results).toEqual([
      expect.objectContaining({ ok: true, created: true, record: expect.objectContaining({ email: 'ann@x.io', firstName: 'Ann', phone: '+3291', mobile: '+32470', tags: ['VIP', 'Fair'], custom: { email2: 'ann@home.io' } }) }),
      expect.objectContaining({ ok: true, created: true, record: expect.objectContaining({ firstName: 'Bob', company: 'Acme', address: { city: 'Ghent' } }) }),
    ]);
    const made = fake.live(clients).sort((x, y) => String(x.displayName).localeCompare(String(y.displayName)));
    expect(made.map((c) => [c.displayName, c.emailAddresses.map((e) => e.address), c.categories])).toEqual([
      ['Ann Lee', ['ann@x.io', 'ann@home.io'], ['VIP', 'Fair']],
      ['Bob', [], []],
    ]);
    expect(fake.server.requests('POST', `/me/contactFolders/${clients}/contacts`)).toHaveLength(2);
  });

  it('updates by PATCH, keeping what the write does not touch: other e-mail addresses, phones and address parts', async () => {
    const ann = fake.seed({
      givenName: 'Ann',
      emailAddresses: emails('ann@old.io', 'ann@home.io'),
      businessPhones: ['+3291', '+3292'],
      businessAddress: { street: 'Main St 4', city: 'Ghent', postalCode: '9000' },
      categories: ['Old', 'Keep'],
    });
    const [r] = await connector().upsertBatch([{ ref: 'a', id: ann.id, fields: { email: 'ann@new.io', phone: '+3299', 'address.city': 'Brussels', tags: ['Keep', 'New'], jobTitle: 'CTO' } }], 'k');
    expect(r).toMatchObject({ ok: true, created: false, id: ann.id, record: { email: 'ann@new.io', phone: '+3299', jobTitle: 'CTO', tags: ['Keep', 'New'], address: { street: 'Main St 4', city: 'Brussels', zip: '9000' }, custom: { email2: 'ann@home.io' } } });
    const c = fake.contacts.get(ann.id)!.contact;
    expect(c.emailAddresses.map((e) => e.address)).toEqual(['ann@new.io', 'ann@home.io']);
    expect(c.businessPhones).toEqual(['+3299', '+3292']);
    const [patch] = fake.server.requests('PATCH', `/me/contacts/${ann.id}`);
    expect(Object.keys(patch!.body as object).sort()).toEqual(['businessAddress', 'businessPhones', 'categories', 'emailAddresses', 'jobTitle']);
  });

  it('patches a name without reading the contact first', async () => {
    const ann = fake.seed({ givenName: 'Ann', emailAddresses: emails('ann@x.io') });
    const [r] = await connector().upsertBatch([{ ref: 'a', id: ann.id, fields: { lastName: 'Lee' } }], 'k');
    expect(r).toMatchObject({ ok: true, record: { firstName: 'Ann', lastName: 'Lee', email: 'ann@x.io' } });
    expect(fake.server.requests('PATCH').length).toBe(1);
    // 204 without a body (as the description says): the contact is read back once.
    expect(fake.server.requests('GET', `/me/contacts/${ann.id}`)).toHaveLength(1);
  });

  it('creates nothing twice when a batch is sent again after its answer was lost', async () => {
    const c = connector();
    const writes = [
      { ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann' } },
      { ref: 'b', fields: { email: 'bob@x.io', firstName: 'Bob' } },
    ];
    // The first sending creates Ann, then the connection drops before Bob (a 500 on a POST is not retried).
    fake.server.inject({ kind: 'status', status: 500, body: graphError(500, 'InternalServerError', 'busy').body }, 1, (r) => r.method === 'POST' && (r.body as { givenName?: string }).givenName === 'Bob');
    await expect(c.upsertBatch(writes, 'same')).rejects.toMatchObject({ code: 'E_APP_UNAVAILABLE' });
    const again = await c.upsertBatch(writes, 'same');
    expect(again.map((r) => r.ok && r.created)).toEqual([false, true]);
    expect(fake.live().map((x) => x.givenName).sort()).toEqual(['Ann', 'Bob']);
  });

  it('finds the contact a lost answer created by its e-mail when the batch comes again', async () => {
    // Outlook created Ann, but the answer never arrived (malformed): the connector did not learn her id.
    fake.server.inject({ kind: 'malformed', raw: '<html>gateway</html>' }, 1, (r) => r.method === 'POST');
    const direct = connector({ baseUrl: fake.server.url });
    await expect(direct.upsertBatch([{ ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann' } }], 'lost')).rejects.toMatchObject({ code: 'E_BAD_RESPONSE' });
    expect(fake.live()).toHaveLength(0); // the injected answer replaced Outlook's: nothing was made
    const made = fake.seed({ givenName: 'Ann', emailAddresses: emails('ann@x.io') }); // as if it had been
    const [r] = await direct.upsertBatch([{ ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann', jobTitle: 'CTO' } }], 'lost');
    expect(r).toMatchObject({ ok: true, created: false, id: made.id });
    expect(fake.live()).toHaveLength(1);
  });

  it('fails only the contact Outlook refuses, with its reason', async () => {
    fake.server.inject(
      { kind: 'status', status: 400, body: graphError(400, 'ErrorInvalidArgument', 'The value of businessHomePage is too long.').body },
      1,
      (r) => r.method === 'POST' && (r.body as { givenName?: string }).givenName === 'Bob',
    );
    const results = await connector().upsertBatch(
      [
        { ref: 'a', fields: { email: 'ann@x.io', firstName: 'Ann' } },
        { ref: 'b', fields: { email: 'bob@x.io', firstName: 'Bob' } },
      ],
      'k',
    );
    expect(results[0]!.ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, code: 'E_APP_REJECTED', message: expect.stringMatching(/Outlook \(Microsoft 365\) refused POST \/me\/contacts \(HTTP 400\).*businessHomePage is too long/) });
  });

  it('says a contact deleted in Outlook is gone instead of recreating it', async () => {
    const ann = fake.seed({ givenName: 'Ann', emailAddresses: emails('ann@x.io') });
    fake.remove(ann.id);
    const results = await connector().upsertBatch(
      [
        { ref: 'a', id: ann.id, fields: { lastName: 'Lee' } },
        { ref: 'b', id: ann.id, fields: { email: 'ann@new.io' } },
      ],
      'k',
    );
    expect(results).toEqual([expect.objectContaining({ ok: false, code: 'E_NOT_FOUND' }), expect.objectContaining({ ok: false, code: 'E_NOT_FOUND' })]);
    expect(fake.live()).toHaveLength(0);
    // The 404s were provoked on purpose; Prism checked them against the error response.
  });

  it('writes 20 contacts in one batch and refuses 21 before writing anything', async () => {
    const c = connector();
    const batch = (n: number) => Array.from({ length: n }, (_, i) => ({ ref: String(i), fields: { email: `b${i}@x.io` } }));
    await expect(c.upsertBatch(batch(21), 'too-big')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE', message: 'Outlook (Microsoft 365) takes at most 20 contacts per batch (got 21).' });
    expect(fake.live()).toHaveLength(0);
    const results = await c.upsertBatch(batch(20), 'full');
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.live()).toHaveLength(20);
  });
});

describe('Microsoft 365 faults', () => {
  it('waits as long as Retry-After says on 429, then reads on', async () => {
    fake.seed({ emailAddresses: emails('ann@x.io') });
    fake.server.inject({ kind: 'rateLimit', retryAfterSeconds: 7, body: throttled });
    const before = clock.totalSleptMs();
    expect(records(await collect(connector().changes(null)))).toHaveLength(1);
    expect(clock.totalSleptMs() - before).toBeGreaterThanOrEqual(7000);
    expect(fake.server.log.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('retries a 429 on a create (Graph did not process it) and creates once', async () => {
    fake.server.inject({ kind: 'rateLimit', retryAfterSeconds: 2, body: throttled }, 1, (r) => r.method === 'POST');
    const [r] = await connector().upsertBatch([{ ref: 'a', fields: { email: 'ann@x.io' } }], 'k');
    expect(r!.ok).toBe(true);
    expect(fake.live()).toHaveLength(1);
  });

  it('retries 5xx bursts on reads, waiting at least the Retry-After of a 503', async () => {
    fake.seed({ emailAddresses: emails('ann@x.io') });
    fake.server.inject({ kind: 'status', status: 503, body: graphError(503, 'ServiceUnavailable', 'busy').body }, 2);
    const before = clock.totalSleptMs();
    expect(records(await collect(connector().changes(null)))).toHaveLength(1);
    expect(clock.totalSleptMs() - before).toBeGreaterThan(0);
  });
});

describe('Microsoft 365 facing a malformed answer (straight to the fake: Prism would refuse it first)', () => {
  it('rejects the page with a clear error and hands over no record', async () => {
    fake.seed({ emailAddresses: emails('ann@x.io') });
    fake.server.inject({ kind: 'malformed', raw: '{"value":[{"id":7}],"@odata.deltaLink":"x"}' });
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector({ baseUrl: fake.server.url }).changes(null)) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE', message: expect.stringMatching(/^Outlook \(Microsoft 365\) answered GET \/me\/contacts\/delta with data Sluice does not understand: value\.0/) });
    expect(got).toEqual([]);
  });

  it('refuses a delta page that carries neither a next link nor a delta link', async () => {
    fake.server.inject({ kind: 'malformed', raw: '{"value":[]}' });
    const err = await collect(connector({ baseUrl: fake.server.url }).changes(null)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE', message: expect.stringMatching(/exactly one of @odata\.nextLink and @odata\.deltaLink/) });
  });

  it('takes the contact from a PATCH answered 200 with a body, as Graph itself answers', async () => {
    fake.patchAnswer = 200;
    const ann = fake.seed({ givenName: 'Ann', emailAddresses: emails('ann@x.io') });
    const [r] = await connector({ baseUrl: fake.server.url }).upsertBatch([{ ref: 'a', id: ann.id, fields: { lastName: 'Lee' } }], 'k');
    expect(r).toMatchObject({ ok: true, record: { lastName: 'Lee' } });
    expect(fake.server.requests('GET', `/me/contacts/${ann.id}`)).toHaveLength(0);
  });
});
