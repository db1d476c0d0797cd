import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePage, Connector } from '@sluice/engine';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createGoogleContactsConnector } from '../../packages/connectors/src/google/google.connector';
import { GooglePeopleFake } from '../fakes/google-people.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';

// Google People API v1 through Prism (shared/specs/google/people-v1.prism.json). The OAuth token
// endpoint is not part of the People description, so the connector reaches it on the fake directly.
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };

const fake = new GooglePeopleFake();
const server = fake.server;
let prism: PrismHarness;
const clock = createVirtualClock();
let upstream = '';

function connector(over: { credential?: Record<string, string>; baseUrl?: string; onRefresh?: (c: Record<string, string>) => Promise<void> } = {}): Connector {
  return createGoogleContactsConnector(
    {
      config: { baseUrl: over.baseUrl ?? prism.url, tokenUrl: `${fake.server.url}/token` },
      credential: over.credential ?? { accessToken: 'access-0', refreshToken: 'refresh-1', clientId: 'client-1', clientSecret: 'secret-1' },
      onCredentialRefresh: over.onRefresh,
    },
    { ...local, clock, random: () => 0.5 },
  );
}

async function collect(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

beforeAll(async () => {
  upstream = await server.start();
  prism = new PrismHarness(`${specsDir}/google/people-v1.prism.json`, upstream);
  await prism.start();
});
afterAll(async () => {
  await prism?.stop();
  await server.stop();
});
beforeEach(() => fake.reset());
afterEach(() => {
  expect(prism.violations, 'requests or responses at odds with the People API description').toEqual([]);
});

describe('Google Contacts connector against the People API description', () => {
  it('turns a revoked authorization into E_AUTH_REJECTED that says to reconnect', async () => {
    fake.refreshTokens.clear();
    const err = await connector({ credential: { accessToken: 'stale', refreshToken: 'revoked', clientId: 'client-1', clientSecret: 'secret-1' } })
      .checkAuth()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toMatch(/Reconnect Google Contacts/);
  });

  it('refreshes an expired token once for many concurrent calls and reports the new tokens', async () => {
    const p = fake.seed({ names: [{ givenName: 'Ann' }], emailAddresses: [{ value: 'ann@x.io' }] });
    fake.expireAccessTokens();
    const reported: Record<string, string>[] = [];
    const c = connector({ onRefresh: async (cred) => void reported.push(cred) });
    const all = await Promise.all(Array.from({ length: 6 }, () => c.getMany([p.resourceName])));
    expect(all.every((r) => r[0]?.email === 'ann@x.io')).toBe(true);
    expect(fake.refreshCount).toBe(1);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
  });

  it('pages to the end with nextPageToken and ends with a sync token', async () => {
    for (let i = 0; i < 12; i++) fake.seed({ names: [{ givenName: `P${i}` }], emailAddresses: [{ value: `p${i}@x.io` }] });
    const pages = await collect(connector().changes(null, { pageSize: 5 }));
    expect(pages.map((p) => [p.records.length, p.hasMore])).toEqual([
      [5, true],
      [5, true],
      [2, false],
    ]);
    expect(JSON.parse(pages.at(-1)!.cursor)).toHaveProperty('syncToken');
  });

  it('answers an empty account with one empty last page', async () => {
    const pages = await collect(connector().changes(null));
    expect(pages).toEqual([{ records: [], cursor: expect.stringContaining('syncToken'), hasMore: false }]);
  });

  it('reads changes and deletions after the sync token, and nothing when nothing changed', async () => {
    const a = fake.seed({ names: [{ givenName: 'Ann' }], emailAddresses: [{ value: 'ann@x.io' }] });
    const b = fake.seed({ names: [{ givenName: 'Bob' }], emailAddresses: [{ value: 'bob@x.io' }] });
    const c = connector();
    const cursor = (await collect(c.changes(null))).at(-1)!.cursor;
    expect((await collect(c.changes(cursor))).flatMap((p) => p.records)).toEqual([]);
    fake.edit(a.resourceName, { organizations: [{ name: 'Acme', title: 'CEO' }] });
    fake.remove(b.resourceName);
    const changed = (await collect(c.changes(cursor))).flatMap((p) => p.records);
    expect(changed).toEqual([
      expect.objectContaining({ id: a.resourceName, company: 'Acme', jobTitle: 'CEO' }),
      expect.objectContaining({ id: b.resourceName, deleted: true }),
    ]);
  });

  it('falls back to a full read when Google says the sync token expired (410)', async () => {
    fake.seed({ names: [{ givenName: 'Ann' }] });
    const c = connector();
    const cursor = (await collect(c.changes(null))).at(-1)!.cursor;
    fake.expireSyncTokens();
    const again = await collect(c.changes(cursor));
    expect(again.flatMap((p) => p.records)).toHaveLength(1);
    expect(server.log.some((r) => r.status === 410)).toBe(true);
  });

  it('maps contact groups to tags, and writes tags as group memberships (creating groups)', async () => {
    const vip = fake.seedGroup('VIP');
    const p = fake.seed({ names: [{ givenName: 'Ann', familyName: 'Lee' }], memberships: [{ contactGroupMembership: { contactGroupResourceName: vip.resourceName } }, { contactGroupMembership: { contactGroupResourceName: 'contactGroups/myContacts' } }] });
    const c = connector();
    expect((await c.getMany([p.resourceName]))[0]!.tags).toEqual(['VIP']);
    const [res] = await c.upsertBatch([{ ref: 'r', id: p.resourceName, fields: { tags: ['VIP', 'New'], lastName: 'Lee-Smith' } }], 'k1');
    expect(res).toMatchObject({ ok: true, created: false, record: { tags: ['VIP', 'New'], firstName: 'Ann', lastName: 'Lee-Smith' } });
    const groups = fake.people.get(p.resourceName)!.person.memberships!.map((m) => m.contactGroupMembership.contactGroupResourceName);
    expect(groups).toContain('contactGroups/myContacts');
    expect([...fake.groups.values()].map((g) => g.name)).toContain('New');
  });

  it('creates in one batch call, updates with etags, and does not create twice on a retried batch', async () => {
    const old = fake.seed({ names: [{ givenName: 'Old' }], emailAddresses: [{ value: 'old@x.io' }], phoneNumbers: [{ value: '+3211', type: 'work' }] });
    const c = connector();
    const writes = [
      { ref: 'a', fields: { email: 'a@x.io', firstName: 'A', company: 'Acme', 'custom.Source': 'fair' } },
      { ref: 'b', fields: { email: 'b@x.io', firstName: 'B' } },
      { ref: 'c', id: old.resourceName, fields: { mobile: '+3299' } },
    ];
    const results = await c.upsertBatch(writes, 'batch-1');
    expect(results.map((r) => r.ok && r.created)).toEqual([true, true, false]);
    expect(results[0]).toMatchObject({ record: { email: 'a@x.io', company: 'Acme', custom: { Source: 'fair' } } });
    expect(fake.people.get(old.resourceName)!.person.phoneNumbers).toEqual([{ value: '+3211', type: 'work' }, { value: '+3299', type: 'mobile' }]);
    expect(server.requests('POST', '/v1/people:batchCreateContacts')).toHaveLength(1);
    const size = fake.people.size;
    await c.upsertBatch(writes, 'batch-1'); // the same batch again (its answer was lost)
    expect(fake.people.size).toBe(size);
  });

  it('refuses more than 200 records per batch before writing', async () => {
    const writes = Array.from({ length: 201 }, (_, i) => ({ ref: String(i), fields: { email: `x${i}@x.io` } }));
    await expect(connector().upsertBatch(writes, 'big')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE' });
    expect(fake.people.size).toBe(0);
  });

  it('finds contacts by email, exact and case-insensitive, after a warm-up search', async () => {
    const p = fake.seed({ emailAddresses: [{ value: 'ann@x.io' }] });
    fake.seed({ emailAddresses: [{ value: 'ann@x.iox' }] });
    const found = await connector().findByKey('email', ['ANN@x.io']);
    expect(found.get('ANN@x.io')!.map((r) => r.id)).toEqual([p.resourceName]);
    expect(server.requests('GET', '/v1/people:searchContacts')[0]!.url).toMatch(/query=&/);
  });

  it('waits out 429 RESOURCE_EXHAUSTED (Retry-After) and retries 5xx', async () => {
    fake.seed({ names: [{ givenName: 'Ann' }] });
    server.inject({ kind: 'rateLimit', retryAfterSeconds: 30, body: { error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } } });
    server.inject({ kind: 'status', status: 503, body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } } }, 2);
    const before = clock.totalSleptMs();
    const pages = await collect(connector().changes(null));
    expect(pages[0]!.records).toHaveLength(1);
    expect(clock.totalSleptMs() - before).toBeGreaterThanOrEqual(30_000);
    expect(server.log.map((r) => r.status)).toEqual([429, 503, 503, 200, 200]);
  });
});

describe('Google Contacts connector facing a malformed answer (straight to the fake)', () => {
  it('rejects the page with a clear error and writes nothing', async () => {
    fake.seed({ names: [{ givenName: 'Ann' }] });
    server.inject({ kind: 'malformed', raw: '{"connections":[{"names":[{"givenName":"no resourceName"}]}]}' });
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector({ baseUrl: upstream }).changes(null)) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE' });
    expect((err as Error).message).toMatch(/Google Contacts answered GET \/v1\/people\/me\/connections with data Sluice does not understand: connections\.0\.resourceName/);
    expect(got).toEqual([]);
  });
});
