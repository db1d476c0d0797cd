import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChangePage, Connector } from '@sluice/engine';
import { createVirtualClock } from '../../packages/connectors/src/http/clock';
import { createHubSpotConnector } from '../../packages/connectors/src/hubspot/hubspot.connector';
import { std } from '../fakes/hubspot.records';
import { HubSpotFake, SEARCH_CAP } from '../fakes/hubspot.fake';

// HubSpot CRM v3. HubSpot's OpenAPI files may not be copied here, so the fake checks every request
// and answer against the shapes HubSpot documents (test/fakes/hubspot.shapes.ts) instead of Prism.
// The fakes listen on loopback, which connectors call only when the operator allows private URLs.
const local = { allowPrivateUrls: true };

const fake = new HubSpotFake();
const clock = createVirtualClock();

function connector(config: Record<string, unknown> = {}, credential: Record<string, string> = { accessToken: 'hs-private-app' }): Connector {
  return createHubSpotConnector({ config: { baseUrl: fake.server.url, searchLagMs: 0, ...config }, credential }, { ...local, clock, random: () => 0.5 });
}

async function collect(pages: AsyncIterable<ChangePage>): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}
const records = (pages: ChangePage[]) => pages.flatMap((p) => p.records);

beforeAll(async () => {
  await fake.server.start();
});
afterAll(async () => {
  await fake.server.stop();
});
beforeEach(() => fake.reset());
afterEach(() => {
  expect(fake.violations, 'requests or answers at odds with HubSpot’s documented shapes').toEqual([]);
});

describe('HubSpot connector against the documented CRM v3 shapes', () => {
  it('rejects a bad token with E_AUTH_REJECTED and says where to make a new one', async () => {
    const err = await connector({}, { accessToken: 'nope' }).checkAuth().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'UserError', code: 'E_AUTH_REJECTED' });
    expect((err as Error).message).toMatch(/Private apps/);
    await connector({}, { accessToken: 'hs-oauth' }).checkAuth();
    expect(fake.server.log.at(-1)!.headers.authorization).toBe('Bearer hs-oauth');
  });

  it('builds the field catalog from the properties API, custom ones with types and read-only flags', async () => {
    fake.addCustomProperty('industry_segment', 'Industry segment', 'enumeration');
    fake.addCustomProperty('seats', 'Seats', 'number');
    const catalog = await connector().fieldCatalog();
    expect(catalog).toContainEqual({ path: 'custom.industry_segment', label: 'Industry segment', type: 'string', custom: true });
    expect(catalog).toContainEqual({ path: 'custom.seats', label: 'Seats', type: 'number', custom: true });
    expect(catalog.find((f) => f.path === 'unsubscribed')?.readOnly).toBe(true);
  });

  it('describes enumeration properties with their visible options, lifecycle stage and lead status included, and reads and writes their values', async () => {
    const choice = (value: string, label: string, displayOrder: number, hidden = false) => ({ value, label, displayOrder, hidden });
    fake.properties.push({ ...std('lifecyclestage', 'Lifecycle Stage', 'enumeration'), options: [choice('lead', 'Lead', 0), choice('customer', 'Customer', 1), choice('legacy', 'Legacy', 2, true)] });
    fake.addCustomProperty('tier', 'Tier', 'enumeration');
    fake.properties.at(-1)!.options = [choice('gold', 'Gold', 0), choice('silver', 'Silver', 1)];
    const catalog = await connector().fieldCatalog();
    expect(catalog).toContainEqual({ path: 'custom.lifecyclestage', label: 'Lifecycle Stage', type: 'string', custom: true, options: ['lead', 'customer'] });
    expect(catalog).toContainEqual({ path: 'custom.tier', label: 'Tier', type: 'string', custom: true, options: ['gold', 'silver'] });
    const ann = fake.seed({ email: 'ann@x.io', lifecyclestage: 'lead', tier: 'gold' });
    const c = connector();
    expect((await c.getMany([ann.id]))[0]?.custom).toMatchObject({ lifecyclestage: 'lead', tier: 'gold' });
    const [r] = await c.upsertBatch([{ ref: 'r', id: ann.id, fields: { 'custom.lifecyclestage': 'customer' } }], 'stage-1');
    expect(r).toMatchObject({ ok: true, record: { custom: { lifecyclestage: 'customer' } } });
    expect(fake.contacts.get(ann.id)?.properties.lifecyclestage).toBe('customer');
  });

  it('pages to the end through search sorted by lastmodifieddate, ending with the archived listing', async () => {
    for (let i = 0; i < 450; i++) fake.seed({ email: `p${i}@x.io`, firstname: `P${i}` });
    const pages = await collect(connector().changes(null));
    expect(records(pages)).toHaveLength(450);
    expect(pages.at(-1)!.hasMore).toBe(false);
    const searches = fake.server.requests('POST', '/crm/v3/objects/contacts/search');
    expect(searches).toHaveLength(3);
    expect(searches.map((r) => (r.body as { after?: string }).after)).toEqual([undefined, '200', '400']);
  });

  it('answers an empty portal with empty pages and a last page', async () => {
    const pages = await collect(connector().changes(null));
    expect(records(pages)).toEqual([]);
    expect(pages.at(-1)!.hasMore).toBe(false);
  });

  it('reads only what changed since the cursor, and deletions (archived) since then', async () => {
    const a = fake.seed({ email: 'a@x.io' });
    const b = fake.seed({ email: 'b@x.io' });
    fake.archive(fake.seed({ email: 'old-gone@x.io' }).id); // archived before the first pass: not reported
    const c = connector();
    const first = await collect(c.changes(null));
    expect(records(first).map((r) => r.email)).toEqual(['a@x.io', 'b@x.io']);
    const cursor = first.at(-1)!.cursor;
    expect(records(await collect(c.changes(cursor)))).toEqual([]);
    fake.edit(a.id, { jobtitle: 'CTO' });
    fake.archive(b.id);
    const second = records(await collect(c.changes(cursor)));
    expect(second.map((r) => [r.id, r.jobTitle ?? null, r.deleted ?? false])).toEqual([
      [a.id, 'CTO', false],
      [b.id, null, true],
    ]);
  });

  it('gets past the 10,000-result search window without skipping contacts that share a timestamp', async () => {
    const same = '2025-06-01T00:00:00.000Z';
    for (let i = 0; i < 120; i++) fake.seed({ email: `early${i}@x.io` });
    for (let i = 0; i < SEARCH_CAP + 80; i++) fake.seed({ email: `bulk${i}@x.io` }, same); // one bulk import, one instant
    for (let i = 0; i < 30; i++) fake.seed({ email: `late${i}@x.io` });
    const pages = await collect(connector().changes(null));
    const ids = new Set(records(pages).map((r) => r.id));
    expect(ids.size).toBe(120 + SEARCH_CAP + 80 + 30);
    expect(fake.server.log.filter((r) => r.status === 400)).toEqual([]);
  }, 120_000);

  it('counts associated deals (open, won, value) for "has no deals" rules', async () => {
    const a = fake.seed({ email: 'a@x.io' });
    const b = fake.seed({ email: 'b@x.io' });
    fake.addDeal([a.id], 100, 'open');
    fake.addDeal([a.id], 250, 'won');
    fake.addDeal([a.id, b.id], 999, 'lost');
    const got = await connector().getMany([a.id, b.id]);
    expect(got.map((r) => r.deals)).toEqual([
      { count: 3, open: 1, won: 1, value: 350 },
      { count: 1, open: 0, won: 0, value: 0 },
    ]);
    const lonely = fake.seed({ email: 'c@x.io' });
    expect((await connector().getMany([lonely.id]))[0]!.deals).toEqual({ count: 0, open: 0, won: 0, value: 0 });
  });

  it('reads list memberships as lists when asked to', async () => {
    const a = fake.seed({ email: 'a@x.io' });
    fake.addList('Newsletter', [a.id]);
    fake.addList('Trade fair 2025', [a.id], 'DYNAMIC');
    const [r] = await connector({ readLists: true }).getMany([a.id]);
    expect(r!.lists.sort()).toEqual(['Newsletter', 'Trade fair 2025']);
  });

  it('writes list membership to MANUAL lists (creating them) and leaves DYNAMIC lists alone', async () => {
    const a = fake.seed({ email: 'a@x.io' });
    const oldList = fake.addList('Old', [a.id]);
    const smart = fake.addList('Smart', [a.id], 'DYNAMIC');
    const c = connector({ readLists: true });
    expect((await c.fieldCatalog()).find((f) => f.path === 'lists')?.readOnly).toBe(false);
    const [r] = await c.upsertBatch([{ ref: 'x', id: a.id, fields: { lists: ['New leads', 'Smart'] } }], 'k');
    expect(r).toMatchObject({ ok: true });
    expect((r as { record: { lists: string[] } }).record.lists.sort()).toEqual(['New leads', 'Smart']);
    expect(fake.lists.get(oldList)!.members.has(a.id)).toBe(false);
    expect(fake.lists.get(smart)!.members.has(a.id)).toBe(true);
    expect([...fake.lists.values()].find((l) => l.name === 'New leads')).toMatchObject({ processingType: 'MANUAL' });
  });

  it('upserts by email, updates by id, creates without email, and never creates twice', async () => {
    fake.addCustomProperty('seats', 'Seats', 'number');
    const old = fake.seed({ email: 'old@x.io', firstname: 'Old' });
    const c = connector();
    const writes = [
      { ref: 'a', fields: { email: 'New@x.io', firstName: 'New', 'custom.seats': 12, 'address.city': 'Ghent' } },
      { ref: 'b', id: old.id, fields: { lastName: 'Timer', phone: null } },
      { ref: 'c', fields: { firstName: 'No email' } },
    ];
    const results = await c.upsertBatch(writes, 'k1');
    expect(results.map((r) => r.ok && r.created)).toEqual([true, false, true]);
    expect(results[0]).toMatchObject({ record: { email: 'new@x.io', custom: { seats: 12 }, address: { city: 'Ghent' } } });
    expect(fake.contacts.get(old.id)!.properties).toMatchObject({ firstname: 'Old', lastname: 'Timer', phone: '' });
    const size = fake.contacts.size;
    await c.upsertBatch(writes, 'k1');
    await connector().upsertBatch([writes[0]!], 'k1-other-process'); // email upsert: idempotent even without memory
    expect(fake.contacts.size).toBe(size);
  });

  it('refuses more than 100 contacts per batch before writing', async () => {
    const writes = Array.from({ length: 101 }, (_, i) => ({ ref: String(i), fields: { email: `x${i}@x.io` } }));
    await expect(connector().upsertBatch(writes, 'big')).rejects.toMatchObject({ code: 'E_BATCH_TOO_LARGE' });
    expect(fake.contacts.size).toBe(0);
  });

  it('finds contacts by email with one IN search, case-insensitive', async () => {
    const a = fake.seed({ email: 'ann@x.io' });
    const found = await connector().findByKey('email', [' ANN@x.io', 'nobody@x.io']);
    expect(found.get(' ANN@x.io')!.map((r) => r.id)).toEqual([a.id]);
    expect(found.get('nobody@x.io')).toEqual([]);
    expect(fake.server.requests('POST', '/crm/v3/objects/contacts/search')).toHaveLength(1);
  });

  it('honours 429 with Retry-After and retries 5xx on reads', async () => {
    fake.seed({ email: 'a@x.io' });
    fake.server.inject({ kind: 'rateLimit', retryAfterSeconds: 10, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: 'x', policyName: 'SECONDLY', category: 'RATE_LIMITS' } });
    fake.server.inject({ kind: 'status', status: 502, body: { status: 'error', message: 'Bad gateway', correlationId: 'y', category: 'INTERNAL_ERROR' } });
    const before = clock.totalSleptMs();
    const [r] = await connector().getMany([[...fake.contacts.keys()][0]!]);
    expect(r!.email).toBe('a@x.io');
    expect(clock.totalSleptMs() - before).toBeGreaterThanOrEqual(10_000);
  });

  it('slows down as X-HubSpot-RateLimit-Remaining runs low instead of running into 429s', async () => {
    fake.rateLimit = { max: 8, intervalMs: 1000 };
    try {
      // Real time and its own token: the budget of an account is shared process-wide.
      const c = createHubSpotConnector({ config: { baseUrl: fake.server.url }, credential: { accessToken: 'hs-private-app-2' } }, local);
      for (let i = 0; i < 20; i++) await c.checkAuth();
      expect(fake.server.log.filter((r) => r.status === 429)).toEqual([]);
    } finally {
      fake.rateLimit = { max: 10_000, intervalMs: 10_000 };
    }
  });

  it('rejects a malformed search answer with a clear error and hands over nothing', async () => {
    fake.seed({ email: 'a@x.io' });
    fake.server.inject({ kind: 'malformed', raw: '{"total":1,"results":[{"properties":{}}]}' }, 1, (r) => r.path.endsWith('/search'));
    const got: ChangePage[] = [];
    const err = await (async () => {
      for await (const p of connector().changes(null)) got.push(p);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_BAD_RESPONSE_SHAPE' });
    expect((err as Error).message).toMatch(/HubSpot answered POST \/crm\/v3\/objects\/contacts\/search with data Sluice does not understand: results\.0\.id/);
    expect(got).toEqual([]);
  });
});
