import { describe, expect, it } from 'vitest';
import type { Contact } from '@sluice/graph';
import { parseConnectionConfig } from '../config/parse-connection-config';
import type { ChangePage } from '../ports/connector.port';
import { ManualClock, MemoryConnector, createMemoryStores } from '../testing';
import { runSync } from './run-sync';

const scope = { workspaceId: 'w1', connectionId: 'c1' };

/**
 * A one-way A → B run in pages of 2 whose links take `linkDelayMs` to store, so that a page's
 * links are still being stored while the next pages are prepared and written. Counts how many of
 * B's batches were sent while some page's links were still on their way.
 */
async function run(a: MemoryConnector, linkDelayMs: number) {
  const clock = new ManualClock();
  const b = new MemoryConnector({ id: 'b', clock });
  const stores = createMemoryStores();
  let linksInFlight = 0;
  let writesBesideLinks = 0;
  const upsertLinks = stores.links.upsertMany.bind(stores.links);
  stores.links.upsertMany = async (s, links) => {
    linksInFlight++;
    try {
      await new Promise((resolve) => setTimeout(resolve, linkDelayMs));
      await upsertLinks(s, links);
    } finally {
      linksInFlight--;
    }
  };
  const upsertB = b.upsertBatch.bind(b);
  b.upsertBatch = async (writes, key) => {
    if (linksInFlight > 0) writesBesideLinks++;
    return upsertB(writes, key);
  };
  const config = parseConnectionConfig({
    format: 'sluice.connection/v1',
    name: 'A → B',
    apps: { a: { connector: 'memory' }, b: { connector: 'memory' } },
    mode: 'a-to-b',
  });
  const result = await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 2, newId: () => 'run1' });
  const events = await stores.events.query(scope, { runId: 'run1', limit: 1000 });
  const links = await stores.links.findByA(scope, a.all().map((r) => r.id));
  return { b, result, events, links, writesBesideLinks };
}

/** Replaces a connector's change feed with fixed pages (an app reporting a record twice in one pass). */
function feed(a: MemoryConnector, pages: Contact[][]): void {
  a.changes = async function* (): AsyncIterable<ChangePage> {
    for (let i = 0; i < pages.length; i++) yield { records: structuredClone(pages[i]!), cursor: String(i + 1), hasMore: i + 1 < pages.length };
  };
}

describe('runDirection with links still being stored', () => {
  it.each([0, 30])('updates a record read again while its first links are being stored (links take %i ms)', async (delay) => {
    const a = new MemoryConnector({ id: 'a', records: [0, 1, 2, 3].map((i) => ({ id: `a${i}`, email: `p${i}@x.io`, firstName: `P${i}` })) });
    const [a0, a1, a2, a3] = a.all() as [Contact, Contact, Contact, Contact];
    // a0 changes while the pass runs, and the app reports it again two pages later.
    feed(a, [[a0, a1], [a2, a3], [{ ...a0, jobTitle: 'Edited' }]]);
    const { b, result, links, writesBesideLinks } = await run(a, delay);
    expect(b.all()).toHaveLength(4);
    expect(b.all().filter((r) => r.email === 'p0@x.io').map((r) => r.jobTitle)).toEqual(['Edited']);
    expect(result.counts.created.b).toBe(4);
    expect(result.counts.updated.b).toBe(1);
    expect(links).toHaveLength(4);
    if (delay > 0) expect(writesBesideLinks).toBeGreaterThan(0);
  });

  it.each([0, 30])('holds back a duplicate of a record whose links are still being stored (links take %i ms)', async (delay) => {
    const a = new MemoryConnector({
      id: 'a',
      records: [
        { id: 'a0', email: 'same@x.io', firstName: 'First' },
        { id: 'a1', email: 'p1@x.io' },
        { id: 'a2', email: 'p2@x.io' },
        { id: 'a3', email: 'p3@x.io' },
        // Two pages later: a0's links, and a2's, may both still be on their way.
        { id: 'a4', email: 'SAME@x.io', firstName: 'Second' },
        { id: 'a5', email: 'p5@x.io' },
      ],
    });
    const { b, events, writesBesideLinks } = await run(a, delay);
    expect(b.all().filter((r) => r.email === 'same@x.io').map((r) => r.firstName)).toEqual(['First']);
    expect(b.all()).toHaveLength(5);
    expect(events.find((e) => e.sourceId === 'a4')).toMatchObject({ outcome: 'skipped', reason: 'E_ALREADY_LINKED' });
    if (delay > 0) expect(writesBesideLinks).toBeGreaterThan(0);
  });
});

describe('runDirection storing history', () => {
  it("keeps a record's latest status when an earlier page holding it stores its history last", async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({ id: 'a', clock, records: [0, 1, 2, 3].map((i) => ({ id: `a${i}`, email: `p${i}@x.io` })) });
    const [a0, a1, a2, a3] = a.all() as [Contact, Contact, Contact, Contact];
    // a0 syncs in the first page, then comes back in the next one with an email that is not one.
    feed(a, [[a0, a1], [{ ...a0, email: 'not an email' }, a2], [a3]]);
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const setHealth = stores.health.setMany.bind(stores.health);
    let calls = 0;
    stores.health.setMany = async (s, entries) => {
      // The first page's statuses take longest to store.
      await new Promise((resolve) => setTimeout(resolve, ++calls === 1 ? 60 : 0));
      await setHealth(s, entries);
    };
    const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A → B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, mode: 'a-to-b' });
    await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 2, newId: () => 'run1' });
    const failed = await stores.health.list(scope, { status: 'failed' });
    expect(failed.map((h) => [h.recordId, h.reason])).toEqual([['a0', 'E_BAD_EMAIL']]);
  });
});

describe('runDirection stopping on a failure', () => {
  it('reports a page whose history could not be stored only once no other page is still storing its own', async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({ id: 'a', clock, records: Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, email: `p${i}@x.io` })) });
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const insertEvents = stores.events.insertMany.bind(stores.events);
    let calls = 0;
    let storing = 0;
    stores.events.insertMany = async (s, events) => {
      const call = ++calls;
      storing++;
      try {
        // The first page's history fails a little later; the second page's takes longer still.
        await new Promise((resolve) => setTimeout(resolve, call === 1 ? 20 : 80));
        if (call === 1) throw new Error('history store down');
        await insertEvents(s, events);
      } finally {
        storing--;
      }
    };
    const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A → B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, mode: 'a-to-b' });
    await expect(runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 2, newId: () => 'run1' })).rejects.toThrow('history store down');
    expect(calls).toBeGreaterThan(1);
    expect(storing).toBe(0);
  });
});

describe('runDirection looking up links', () => {
  it('reads whole links only for records changed since their last sync', async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({ id: 'a', clock, records: Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, email: `p${i}@x.io`, firstName: `P${i}` })) });
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A ↔ B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, mode: 'two-way' });
    await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 4, newId: () => 'run1' });
    // Count the ids whose whole link (values included) is read from now on.
    const wholeLinks: string[] = [];
    const findByA = stores.links.findByA.bind(stores.links);
    const findByB = stores.links.findByB.bind(stores.links);
    stores.links.findByA = async (s, ids) => (wholeLinks.push(...ids), findByA(s, ids));
    stores.links.findByB = async (s, ids) => (wholeLinks.push(...ids), findByB(s, ids));
    clock.advance(1000);
    a.edit('a2', { firstName: 'Changed' });
    a.edit('a4', { firstName: 'Changed too' });
    const second = await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 4, newId: () => 'run2' });
    expect(second.counts.updated.b).toBe(2);
    expect(wholeLinks.sort()).toEqual(['a2', 'a4']);
    expect(b.all().filter((r) => r.firstName?.startsWith('Changed')).length).toBe(2);
  });
});

describe('runDirection skipping unchanged records', () => {
  it('skips a record screening cleans, unchanged since it synced, without writing it again', async () => {
    const clock = new ManualClock();
    const a = new MemoryConnector({
      id: 'a',
      clock,
      records: [
        { id: 'a1', email: 'p1@x.io', firstName: 'Ann\u0007' },
        { id: 'a2', email: 'p2@x.io', firstName: 'Bo' },
      ],
    });
    const b = new MemoryConnector({ id: 'b', clock });
    const stores = createMemoryStores();
    const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A ↔ B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, mode: 'two-way' });
    const first = await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 10, newId: () => 'run1' });
    expect(first.counts.created.b).toBe(2);
    expect(b.all().map((r) => r.firstName).sort()).toEqual(['Ann', 'Bo']);
    // Both records are read again (A reports them as changed), neither changed since.
    feed(a, [a.all()]);
    const second = await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize: 10, newId: () => 'run2' });
    expect(second.counts.read.a).toBe(2);
    expect(second.counts.skipped).toBe(2);
    expect(second.counts.updated).toEqual({ a: 0, b: 0 });
    expect(await stores.events.query(scope, { runId: 'run2' })).toEqual([]);
  });
});
