import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePage, Connector } from '@sluice/engine';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createWoodpeckerConnector } from '../../packages/connectors/src/woodpecker/woodpecker.connector';
import { WoodpeckerFake } from '../fakes/woodpecker.fake';
import { PrismHarness, specsDir } from '../fakes/prism.harness';

// Woodpecker API v1 through Prism (shared/specs/woodpecker: a third-party description that types
// `update` as the string "true", which is what the connector sends).
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };

const fake = new WoodpeckerFake();
let prism: PrismHarness;
const clock = createVirtualClock();

function connector(apiKey = 'wp-key', baseUrl = prism.url): Connector {
  return createWoodpeckerConnector({ config: { baseUrl }, credential: { apiKey } }, { ...local, clock, random: () => 0.5 });
}

async function collect(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

beforeAll(async () => {
  await fake.server.start();
  prism = new PrismHarness(`${specsDir}/woodpecker/woodpecker-v1.powerplatform.swagger.json`, fake.server.url);
  await prism.start();
});
afterAll(async () => {
  await prism?.stop();
  await fake.server.stop();
});
beforeEach(() => fake.reset());
afterEach(() => {
  expect(prism.violations, 'requests or responses at odds with the Woodpecker description').toEqual([]);
});

describe('Woodpecker connector against the v1 description', () => {
  it('rejects a wrong API key with E_AUTH_REJECTED and says where to make a new one', async () => {
    const err = await connector('nope').checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toMatch(/API keys/);
    await connector().checkAuth();
    expect(fake.server.log.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('wp-key:').toString('base64')}`);
  });

  it('lists snippets and read-only status in its field catalog', async () => {
    const catalog = await connector().fieldCatalog();
    expect(catalog.filter((f) => f.path.startsWith('custom.snippet'))).toHaveLength(15);
    expect(catalog.find((f) => f.path === 'unsubscribed')?.readOnly).toBe(true);
  });

  it('pages to the end, newest first, with page/per_page', async () => {
    for (let i = 0; i < 23; i++) fake.seed({ email: `p${i}@x.io` });
    const pages = await collect(connector().changes(null, { pageSize: 10 }));
    expect(pages.map((p) => [p.records.length, p.hasMore])).toEqual([
      [10, true],
      [10, true],
      [3, false],
    ]);
    expect(pages[0]!.records[0]!.email).toBe('p22@x.io');
    expect(fake.server.requests('GET', '/prospects').map((r) => new URL(r.url, 'http://x').searchParams.get('sort'))).toEqual(['-updated', '-updated', '-updated']);
  });

  it('answers an empty account with one empty last page', async () => {
    expect(await collect(connector().changes(null))).toEqual([{ records: [], cursor: expect.any(String), hasMore: false }]);
  });

  it('reads only prospects updated after the cursor and stops paging at the first older one', async () => {
    const list = Array.from({ length: 30 }, (_, i) => fake.seed({ email: `p${i}@x.io` }));
    const c = connector();
    const cursor = (await collect(c.changes(null, { pageSize: 10 }))).at(-1)!.cursor;
    fake.server.clear();
    expect((await collect(c.changes(cursor, { pageSize: 10 }))).flatMap((p) => p.records)).toEqual([]);
    fake.edit(list[3]!.id, { company: 'Acme' });
    const changed = (await collect(c.changes(cursor, { pageSize: 10 }))).flatMap((p) => p.records);
    expect(changed.map((r) => [r.email, r.company])).toEqual([['p3@x.io', 'Acme']]);
    expect(fake.server.requests('GET', '/prospects')).toHaveLength(2); // one page per pass, not the whole list
  });

  it('leaves deleted prospects out (Woodpecker reports no deletions)', async () => {
    const a = fake.seed({ email: 'a@x.io' });
    const b = fake.seed({ email: 'b@x.io' });
    await fetch(`${prism.url}/prospects?id=${a.id}`, { method: 'DELETE', headers: { authorization: `Basic ${Buffer.from('wp-key:').toString('base64')}` } });
    expect((await connector().getMany([String(a.id), String(b.id)])).map((r) => r.email)).toEqual(['b@x.io']);
  });

  it('reads tags and BLACKLIST status as tags and unsubscribed, and writes tags back', async () => {
    const p = fake.seed({ email: 'a@x.io', tags: '#VIP #Trade fair', status: 'BLACKLIST', snippet1: 'Hi there' });
    const c = connector();
    const [r] = await c.getMany([String(p.id)]);
    expect(r).toMatchObject({ tags: ['VIP', 'Trade fair'], unsubscribed: true, custom: { snippet1: 'Hi there', status: 'BLACKLIST' } });
    const [w] = await c.upsertBatch([{ ref: 'x', id: String(p.id), fields: { tags: ['VIP', 'New'], 'custom.snippet2': 'PS' } }], 'k');
    expect(w).toMatchObject({ ok: true, created: false, record: { tags: ['VIP', 'New'], custom: { snippet2: 'PS' } } });
    expect(fake.prospects.get(p.id)!.tags).toBe('#VIP #New');
  });

  it('creates and updates in one add_prospects_list call, needs an email to create, and never creates twice', async () => {
    const old = fake.seed({ email: 'old@x.io', first_name: 'Old' });
    const c = connector();
    const writes = [
      { ref: 'a', fields: { email: 'new@x.io', firstName: 'New', company: 'Acme', mobile: '+3299' } },
      { ref: 'b', id: String(old.id), fields: { lastName: 'Timer' } },
      { ref: 'c', fields: { firstName: 'No email' } },
    ];
    const results = await c.upsertBatch(writes, 'k1');
    expect(results.map((r) => (r.ok ? r.created : r.code))).toEqual([true, false, 'E_EMAIL_REQUIRED']);
    expect(results[0]).toMatchObject({ record: { email: 'new@x.io', company: 'Acme', phone: '+3299' } });
    expect(fake.prospects.get(old.id)).toMatchObject({ first_name: 'Old', last_name: 'Timer' });
    expect(fake.server.requests('POST', '/add_prospects_list')).toHaveLength(1);
    await c.upsertBatch(writes, 'k1');
    expect(fake.prospects.size).toBe(2);
  });

  it('refuses more than 100 prospects per call before writing', async () => {
    const writes = Array.from({ length: 101 }, (_, i) => ({ ref: String(i), fields: { email: `x${i}@x.io` } }));
    await expect(connector().upsertBatch(writes, 'big')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE' });
    expect(fake.prospects.size).toBe(0);
  });

  it('finds prospects by email, trimmed and case-insensitive', async () => {
    const p = fake.seed({ email: 'ann@x.io' });
    const found = await connector().findByKey('email', [' Ann@X.io ']);
    expect(found.get(' Ann@X.io ')!.map((r) => r.id)).toEqual([String(p.id)]);
  });

  it('honours 429 Retry-After and retries 5xx, also for the (idempotent) upsert', async () => {
    fake.server.inject({ kind: 'rateLimit', retryAfterSeconds: 5, body: { status: { status: 'ERROR', code: 'E_TOO_MANY', msg: 'Too many requests' } } });
    fake.server.inject({ kind: 'status', status: 502, body: { status: { status: 'ERROR', code: 'E_GATEWAY', msg: 'Bad gateway' } } }, 1, (r) => r.method === 'POST');
    const before = clock.totalSleptMs();
    const [w] = await connector().upsertBatch([{ ref: 'a', fields: { email: 'a@x.io' } }], 'k');
    expect(w!.ok).toBe(true);
    expect(clock.totalSleptMs() - before).toBeGreaterThanOrEqual(5000);
    expect(fake.prospects.size).toBe(1);
  });
});

describe('Woodpecker connector facing a malformed answer (straight to the fake)', () => {
  it('rejects the page with a clear error and hands over nothing', async () => {
    fake.seed({ email: 'a@x.io' });
    fake.server.inject({ kind: 'malformed', raw: '{"prospects": "not a list"}' });
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector('wp-key', fake.server.url).changes(null)) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE' });
    expect((err as Error).message).toMatch(/Woodpecker answered GET \/prospects with data Sluice does not understand/);
    expect(got).toEqual([]);
  });
});
