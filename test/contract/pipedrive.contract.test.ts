import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePage, Connector } from '@sluice/engine';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createPipedriveConnector } from '../../packages/connectors/src/pipedrive/pipedrive.connector';
import { PipedriveFake } from '../fakes/pipedrive.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';

// Pipedrive API v2 through Prism: every request the connector sends and every answer the fake gives
// is checked against Pipedrive's own OpenAPI description (shared/specs/pipedrive).
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };

const fake = new PipedriveFake();
let prism: PrismHarness;
const clock = createVirtualClock();

function connector(credential: Record<string, string> = { apiToken: 'pd-token' }, baseUrl = prism.url): Connector {
  return createPipedriveConnector({ config: { baseUrl }, credential }, { ...local, clock, random: () => 0.5 });
}

async function collect(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

beforeAll(async () => {
  await fake.server.start();
  prism = new PrismHarness(`${specsDir}/pipedrive/openapi-v2.persons-deals.yaml`, fake.server.url);
  await prism.start();
});
afterAll(async () => {
  await prism?.stop();
  await fake.server.stop();
});
beforeEach(() => {
  fake.reset();
  fake.server.clear();
});
afterEach(() => {
  expect(prism.violations, 'requests or responses at odds with the Pipedrive description').toEqual([]);
});

describe('Pipedrive connector against the v2 description', () => {
  it('rejects a wrong API token with E_AUTH_REJECTED and says where to get a new one', async () => {
    const err = await connector({ apiToken: 'nope' }).checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toMatch(/Personal preferences → API/);
  });

  it('accepts an API token in x-api-token and an OAuth access token as Bearer', async () => {
    await connector().checkAuth();
    await connector({ accessToken: 'pd-oauth' }).checkAuth();
    await connector({ apiKey: 'pd-token' }).checkAuth(); // the UI's generic name for a pasted key
    const sent = fake.server.requests('GET', '/persons');
    expect(sent[0]!.headers['x-api-token']).toBe('pd-token');
    expect(sent[1]!.headers.authorization).toBe('Bearer pd-oauth');
    expect(sent[2]!.headers['x-api-token']).toBe('pd-token');
  });

  it('renews an expired OAuth token at the token endpoint (client credentials as HTTP Basic) and reports it', async () => {
    const reported: Record<string, string>[] = [];
    const c = createPipedriveConnector(
      {
        config: { baseUrl: prism.url, tokenUrl: `${fake.server.url}/oauth/token` },
        credential: { accessToken: 'expired', refreshToken: 'pd-refresh', clientId: 'pd-client', clientSecret: 'pd-secret' },
        onCredentialRefresh: async (cred) => void reported.push(cred),
      },
      { ...local, clock },
    );
    await Promise.all([c.checkAuth(), c.checkAuth(), c.checkAuth()]);
    expect(fake.refreshCount).toBe(1);
    expect(reported).toEqual([expect.objectContaining({ accessToken: 'pd-oauth-1', refreshToken: 'pd-refresh' })]);
  });

  it('reads the live field catalog with custom fields, types and read-only flags', async () => {
    fake.addCustomField('Industry', 'a1b2c3', 'varchar');
    fake.addCustomField('Seats', 'd4e5f6', 'int');
    const catalog = await connector().fieldCatalog();
    expect(catalog).toContainEqual({ path: 'custom.a1b2c3', label: 'Industry', type: 'string', custom: true });
    expect(catalog).toContainEqual({ path: 'custom.d4e5f6', label: 'Seats', type: 'number', custom: true });
    expect(catalog.find((f) => f.path === 'deals.count')?.readOnly).toBe(true);
  });

  it('describes choice fields with their options, and reads and writes their values by label, not option id', async () => {
    fake.addCustomField('Tier', 'f1e2d3', 'enum', [
      { id: 11, label: 'Gold' },
      { id: 12, label: 'Silver' },
    ]);
    fake.addCustomField('Regions', 'a9b8c7', 'set', [
      { id: 21, label: 'EMEA' },
      { id: 22, label: 'APAC' },
    ]);
    const catalog = await connector().fieldCatalog();
    expect(catalog).toContainEqual({ path: 'custom.f1e2d3', label: 'Tier', type: 'string', custom: true, options: ['Gold', 'Silver'] });
    expect(catalog).toContainEqual({ path: 'custom.a9b8c7', label: 'Regions', type: 'string', custom: true, options: ['EMEA', 'APAC'] });
    const ann = fake.seedPerson({ name: 'Ann Lee', email: 'ann@x.io', custom_fields: { f1e2d3: 11, a9b8c7: [21, 22] } });
    const [read] = await connector().getMany([String(ann.id)]);
    expect(read?.custom).toMatchObject({ f1e2d3: 'Gold', a9b8c7: 'EMEA, APAC' });
    const [result] = await connector().upsertBatch([{ ref: 'r1', id: String(ann.id), fields: { 'custom.f1e2d3': 'silver', 'custom.a9b8c7': 'APAC' } }], 'options-1');
    expect(result).toMatchObject({ ok: true, record: { custom: { f1e2d3: 'Silver', a9b8c7: 'APAC' } } });
    expect(fake.persons.get(ann.id)?.custom_fields).toMatchObject({ f1e2d3: 12, a9b8c7: [22] });
  });

  it('pages to the end with v2 cursors', async () => {
    for (let i = 0; i < 25; i++) fake.seedPerson({ name: `Person ${i}`, email: `p${i}@x.io` });
    const pages = await collect(connector().changes(null, { pageSize: 10 }));
    expect(pages.map((p) => [p.records.length, p.hasMore])).toEqual([
      [10, true],
      [10, true],
      [5, false],
    ]);
    expect(new Set(pages.flatMap((p) => p.records.map((r) => r.email))).size).toBe(25);
    expect(fake.server.requests('GET', '/persons').filter((r) => r.url.includes('cursor=')).length).toBe(2);
  });

  it('answers an empty account with one empty last page', async () => {
    const pages = await collect(connector().changes(null));
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ records: [], hasMore: false });
  });

  it('reads only what changed after the cursor (updated_since), and nothing when nothing changed', async () => {
    const a = fake.seedPerson({ name: 'Ann Lee', email: 'ann@x.io' });
    fake.seedPerson({ name: 'Bob Ray', email: 'bob@x.io' });
    const c = connector();
    const first = await collect(c.changes(null));
    const cursor = first.at(-1)!.cursor;
    expect((await collect(c.changes(cursor))).flatMap((p) => p.records)).toEqual([]);
    fake.touch(a.id, { job_title: 'CTO' });
    const second = await collect(c.changes(cursor));
    expect(second.flatMap((p) => p.records).map((r) => [r.id, r.jobTitle])).toEqual([[String(a.id), 'CTO']]);
    expect(fake.server.requests('GET', '/persons').at(-1)!.url).toMatch(/updated_since=/);
  });

  it('carries organization (company), labels (tags), owner and deal counts', async () => {
    const org = fake.seedOrg('Acme');
    const p = fake.seedPerson({ name: 'Ann Lee', email: 'ann@x.io', org_id: org.id, label_ids: [1] });
    const lonely = fake.seedPerson({ name: 'No Deals', email: 'nd@x.io' });
    fake.seedDeal(p.id, 100, 'open');
    fake.seedDeal(p.id, 250, 'won');
    fake.seedDeal(p.id, 999, 'lost');
    const [ann, nd] = await connector().getMany([String(p.id), String(lonely.id)]);
    expect(ann).toMatchObject({ company: 'Acme', tags: ['Customer'], owner: '1', deals: { count: 3, open: 1, won: 1, value: 350 } });
    expect(nd!.deals).toEqual({ count: 0, open: 0, won: 0, value: 0 });
  });

  it('leaves deleted persons out of reads and getMany', async () => {
    const a = fake.seedPerson({ name: 'Gone Soon', email: 'g@x.io' });
    const b = fake.seedPerson({ name: 'Stays', email: 's@x.io' });
    const c = connector();
    await fetch(`${prism.url}/persons/${a.id}`, { method: 'DELETE', headers: { 'x-api-token': 'pd-token' } });
    expect((await c.getMany([String(a.id), String(b.id)])).map((r) => r.id)).toEqual([String(b.id)]);
    expect((await collect(c.changes(null))).flatMap((p) => p.records.map((r) => r.id))).toEqual([String(b.id)]);
  });

  it('creates and updates persons, with organization and labels, idempotently per batch key', async () => {
    const existing = fake.seedPerson({ name: 'Old Name', email: 'old@x.io', phones: [{ value: '+3211', primary: true, label: 'work' }] });
    const c = connector();
    const writes = [
      { ref: 'a', fields: { email: 'new@x.io', firstName: 'New', lastName: 'One', company: 'Globex', tags: ['Customer', 'New'] } },
      { ref: 'b', id: String(existing.id), fields: { firstName: 'Renamed', mobile: '+3299' } },
    ];
    const results = await c.upsertBatch(writes, 'batch-1');
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(results[0]).toMatchObject({ created: true, record: { email: 'new@x.io', company: 'Globex', tags: ['Customer', 'New'] } });
    const updated = fake.persons.get(existing.id)!;
    expect(updated.name).toBe('Renamed Name');
    expect(updated.phones.map((p) => p.value)).toEqual(['+3211', '+3299']);
    const count = fake.persons.size;
    await c.upsertBatch(writes, 'batch-1'); // the same batch again (its answer was lost)
    expect(fake.persons.size).toBe(count);
  });

  it('refuses a batch above the limit before writing anything', async () => {
    const c = connector();
    const writes = Array.from({ length: c.app.batchLimit + 1 }, (_, i) => ({ ref: String(i), fields: { email: `b${i}@x.io` } }));
    await expect(c.upsertBatch(writes, 'too-big')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE' });
    expect(fake.persons.size).toBe(0);
  });

  it('finds persons by email, trimmed and case-insensitive', async () => {
    const p = fake.seedPerson({ name: 'Ann Lee', email: 'ann@x.io' });
    const found = await connector().findByKey('email', [' ANN@x.io ', 'nobody@x.io']);
    expect(found.get(' ANN@x.io ')!.map((r) => r.id)).toEqual([String(p.id)]);
    expect(found.get('nobody@x.io')).toEqual([]);
  });

  it('waits as told by 429 Retry-After, then succeeds', async () => {
    fake.seedPerson({ name: 'Ann Lee', email: 'ann@x.io' });
    fake.server.inject({ kind: 'rateLimit', retryAfterSeconds: 7, body: { success: false, error: 'Rate limit', errorCode: 429 } });
    const before = clock.totalSleptMs();
    const pages = await collect(connector().changes(null));
    expect(pages[0]!.records).toHaveLength(1);
    expect(clock.totalSleptMs() - before).toBeGreaterThanOrEqual(7000);
  });

  it('retries a burst of 5xx answers on reads', async () => {
    fake.seedPerson({ name: 'Ann Lee', email: 'ann@x.io' });
    fake.server.inject({ kind: 'status', status: 503, body: { success: false, error: 'unavailable', errorCode: 503 } }, 2);
    const pages = await collect(connector().changes(null));
    expect(pages[0]!.records).toHaveLength(1);
    expect(fake.server.log.filter((r) => r.status === 503)).toHaveLength(2);
  });

  it('slows down before the rate limit instead of running into 429s', async () => {
    fake.rateLimit = { limit: 6, windowMs: 1000 };
    try {
      const c = createPipedriveConnector({ config: { baseUrl: prism.url }, credential: { apiToken: 'pd-token-2' } }, local);
      for (let i = 0; i < 14; i++) await c.checkAuth();
      expect(fake.server.log.filter((r) => r.status === 429)).toEqual([]);
    } finally {
      fake.rateLimit = { limit: 10_000, windowMs: 2_000 };
    }
  });
});

describe('Pipedrive connector facing a malformed answer (straight to the fake: Prism would refuse it first)', () => {
  it('rejects the page with a clear error and hands over no record', async () => {
    fake.seedPerson({ name: 'Ann Lee', email: 'ann@x.io' });
    fake.server.inject({ kind: 'malformed', raw: '{"success":true,"data":[{"id":"seven","update_time":1}]}' });
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector(undefined, fake.server.url).changes(null)) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE' });
    expect((err as Error).message).toMatch(/Pipedrive answered GET \/persons with data Sluice does not understand: data\.0\.id/);
    expect(got).toEqual([]);
  });

  it('fails a write whose answer is not JSON without writing anything else', async () => {
    fake.server.inject({ kind: 'malformed', raw: '<html>oops</html>' }, 1, (r) => r.method === 'POST');
    const err = await connector(undefined, fake.server.url)
      .upsertBatch([{ ref: 'a', fields: { email: 'a@x.io', firstName: 'A' } }, { ref: 'b', fields: { email: 'b@x.io', firstName: 'B' } }], 'k')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE' });
    expect(fake.persons.size).toBe(0);
  });
});
