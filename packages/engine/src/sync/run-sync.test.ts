import { describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '../config/parse-connection-config';
import type { ConnectionConfigInput } from '../config/connection-config.schema';
import { runSummary } from '../history/run-summary';
import { ManualClock, MemoryConnector, createMemoryStores, rateLimited } from '../testing';
import { runSync } from './run-sync';
import { type Contact } from '@sluice/graph';
import { OperationalError } from '@sluice/core';

const scope = { workspaceId: 'w1', connectionId: 'c1' };

function setup(overrides: Partial<ConnectionConfigInput> = {}, aRecords: Array<Partial<Contact> & { id: string }> = []) {
  const clock = new ManualClock();
  const a = new MemoryConnector({ id: 'a', clock, batchLimit: 7, records: aRecords });
  const b = new MemoryConnector({ id: 'b', clock, batchLimit: 5 });
  const stores = createMemoryStores();
  const config = parseConnectionConfig({
    format: 'sluice.connection/v1',
    name: 'A ↔ B',
    apps: { a: { connector: 'memory' }, b: { connector: 'memory' } },
    ...overrides,
  });
  let n = 0;
  const sync = async (pageSize = 4) => {
    clock.advance(1000);
    const run = await runSync({ scope, config, connectors: { a, b }, stores, clock, pageSize, newId: () => `run${++n}` });
    clock.advance(1000);
    return runSummary(run.counts);
  };
  return { a, b, stores, clock, sync };
}

describe('runSync', () => {
  it('creates on both sides in a two-way initial sync, then a second run writes nothing', async () => {
    const { a, b, sync } = setup();
    for (let i = 0; i < 10; i++) a.add({ email: `a${i}@x.io`, firstName: `A${i}` });
    for (let i = 0; i < 6; i++) b.add({ email: `b${i}@x.io`, lastName: `B${i}` });
    const first = await sync();
    expect(first.created).toEqual({ a: 6, b: 10 });
    expect(a.all()).toHaveLength(16);
    expect(b.all()).toHaveLength(16);
    const callsA = a.calls.length;
    const callsB = b.calls.length;
    const second = await sync();
    expect(second).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, conflicts: 0, failed: 0 });
    expect(a.calls.length).toBe(callsA);
    expect(b.calls.length).toBe(callsB);
  });

  it('screens the other side too: a phone there that is not a phone number never reaches this side', async () => {
    const { a, b, sync, stores } = setup({ mode: 'two-way', conflict: { winner: 'b' } });
    a.add({ id: 'a1', email: 'ada@x.io', firstName: 'Ada' });
    a.add({ id: 'a2', email: 'bob@x.io', firstName: 'Bob', phone: '+32 2 555 01 01' });
    b.add({ id: 'b1', email: 'ADA@x.io', firstName: 'Ada', phone: 'call me' });
    b.add({ id: 'b2', email: 'bob@x.io', firstName: 'Bob', phone: 'ask the desk' });
    const first = await sync();
    expect(first.failed).toBe(0);
    // Ada had no phone, and B's words are not one: A stays without. Bob's real number replaces B's words.
    expect(a.all().find((c) => c.id === 'a1')?.phone).toBeUndefined();
    expect(a.all().find((c) => c.id === 'a2')?.phone).toBe('+32 2 555 01 01');
    expect(b.all().find((c) => c.id === 'b2')?.phone).toBe('+32 2 555 01 01');
    const events = await stores.events.query(scope, { limit: 100 });
    expect(events.find((e) => e.sourceId === 'a1')?.message).toMatch(/^in Memory b: phone "call me" is not a phone number/);
    const second = await sync();
    expect(second).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, failed: 0 });
  });

  it('holds the pass back when history is slow to store: writes run at most two pages ahead of it', async () => {
    const { a, stores, sync } = setup({ mode: 'a-to-b' });
    for (let i = 0; i < 60; i++) a.add({ email: `p${i}@x.io`, firstName: `P${i}` });
    let linkPages = 0;
    let historyPages = 0;
    let maxAhead = 0;
    const upsertLinks = stores.links.upsertMany.bind(stores.links);
    stores.links.upsertMany = async (s, links) => {
      await upsertLinks(s, links);
      linkPages++;
      maxAhead = Math.max(maxAhead, linkPages - historyPages);
    };
    const insertEvents = stores.events.insertMany.bind(stores.events);
    stores.events.insertMany = async (s, events) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await insertEvents(s, events);
      historyPages++;
    };
    const run = await sync(4);
    expect(run.created.b).toBe(60);
    expect(historyPages).toBe(15);
    expect(maxAhead).toBeGreaterThan(0);
    expect(maxAhead).toBeLessThanOrEqual(3);
  });

  it('carries an edit made in A during the B → A pass: the echo sweep writes it under keys of its own', async () => {
    const { a, b, sync } = setup({ mode: 'two-way' });
    a.add({ id: 'a1', email: 'ada@x.io', firstName: 'Ada' });
    b.add({ id: 'b1', email: 'bob@x.io', firstName: 'Bob' });
    // While the run reads B (after A → B wrote page 0 under `<run>:aToB:0`), a user edits Ada in A.
    const readB = b.changes.bind(b);
    let edited = false;
    b.changes = async function* (cursor, options) {
      if (!edited) {
        edited = true;
        a.edit('a1', { jobTitle: 'Countess' });
      }
      yield* readB(cursor, options);
    };
    await sync();
    const keys = b.calls.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(b.all().find((r) => r.email === 'ada@x.io')?.jobTitle).toBe('Countess');
  });

  it('matches by trimmed, lower-cased email and updates only differing fields', async () => {
    const { a, b, sync } = setup();
    a.add({ id: 'a1', email: '  Ada@Example.COM ', company: 'Analytical' });
    b.add({ id: 'b1', email: 'ada@example.com' });
    const s = await sync();
    expect(s.created).toEqual({ a: 0, b: 0 });
    expect(b.get('b1')?.company).toBe('Analytical');
    const write = b.calls.flatMap((c) => c.writes).find((w) => w.id === 'b1');
    expect(Object.keys(write!.fields)).toEqual(['company']);
  });

  it('resolves a first-sync conflict by the winner and keeps the losing value in history', async () => {
    for (const winner of ['a', 'b'] as const) {
      const { a, b, stores, sync } = setup({ conflict: { winner, fields: {} } });
      a.add({ id: 'a1', email: 'x@x.io', phone: '+3225550101' });
      b.add({ id: 'b1', email: 'x@x.io', phone: '+3225550199' });
      const s = await sync();
      expect(s.conflicts).toBe(1);
      const expected = winner === 'a' ? '+3225550101' : '+3225550199';
      expect(a.get('a1')?.phone).toBe(expected);
      expect(b.get('b1')?.phone).toBe(expected);
      const [event] = await stores.events.query(scope, { outcome: 'conflict' });
      expect(event?.conflicts?.[0]).toMatchObject({ path: 'phone', winner, losingValue: winner === 'a' ? '+3225550199' : '+3225550101' });
    }
  });

  it('never blanks a filled value and fills the blank side', async () => {
    const { a, b, sync } = setup({ conflict: { winner: 'a', fields: {} } });
    a.add({ id: 'a1', email: 'x@x.io' });
    b.add({ id: 'b1', email: 'x@x.io', jobTitle: 'CTO' });
    await sync();
    expect(b.get('b1')?.jobTitle).toBe('CTO');
    expect(a.get('a1')?.jobTitle).toBe('CTO');
    a.edit('a1', { jobTitle: undefined });
    await sync();
    expect(b.get('b1')?.jobTitle).toBe('CTO');
  });

  it('applies per-field overrides: b wins phone, tags merge, newest wins company', async () => {
    const { a, b, clock, sync } = setup({ conflict: { winner: 'a', fields: { phone: 'b', tags: 'merge', company: 'newest' } } });
    a.add({ id: 'a1', email: 'x@x.io', phone: '+3225550101', tags: ['red'], company: 'Old' });
    clock.advance(5000);
    b.add({ id: 'b1', email: 'x@x.io', phone: '+3225550199', tags: ['blue'], company: 'New', jobTitle: 'Boss' });
    await sync();
    expect(a.get('a1')).toMatchObject({ phone: '+3225550199', company: 'New', jobTitle: 'Boss' });
    expect(new Set(a.get('a1')?.tags)).toEqual(new Set(['red', 'blue']));
    expect(new Set(b.get('b1')?.tags)).toEqual(new Set(['red', 'blue']));
  });

  it('carries a later change one way and leaves the other side alone', async () => {
    const { a, b, sync } = setup();
    a.add({ id: 'a1', email: 'x@x.io', company: 'One' });
    await sync();
    const bId = b.all()[0]!.id;
    b.edit(bId, { company: 'Two' });
    const s = await sync();
    expect(s.updated).toEqual({ a: 1, b: 0 });
    expect(a.get('a1')?.company).toBe('Two');
    expect((await sync()).updated).toEqual({ a: 0, b: 0 });
  });

  it('in a-to-b mode never writes to A', async () => {
    const { a, b, sync } = setup({ mode: 'a-to-b' });
    a.add({ id: 'a1', email: 'x@x.io', company: 'One' });
    b.add({ id: 'b1', email: 'y@x.io' });
    await sync();
    expect(a.calls).toHaveLength(0);
    expect(b.all()).toHaveLength(2);
    b.edit(b.all().find((r) => r.email === 'x@x.io')!.id, { company: 'Two' });
    await sync();
    expect(a.get('a1')?.company).toBe('One');
  });

  it('keeps a link when the email changes', async () => {
    const { a, b, sync } = setup();
    a.add({ id: 'a1', email: 'old@x.io' });
    await sync();
    a.edit('a1', { email: 'new@x.io' });
    await sync();
    expect(b.all()).toHaveLength(1);
    expect(b.all()[0]?.email).toBe('new@x.io');
  });

  it('tags the other side on deletion and carries unsubscribes', async () => {
    const { a, b, stores, sync } = setup();
    a.add({ id: 'a1', email: 'x@x.io' });
    a.add({ id: 'a2', email: 'y@x.io' });
    await sync();
    const [x, y] = ['x@x.io', 'y@x.io'].map((e) => b.all().find((r) => r.email === e)!);
    a.remove('a1');
    b.edit(y!.id, { unsubscribed: true });
    const s = await sync();
    expect(b.get(x!.id)?.tags).toContain('Sluice Trash');
    expect(a.get('a2')?.unsubscribed).toBe(true);
    expect(s.failed).toBe(0);
    expect((await stores.runs.list(scope))[0]?.counts.trashed).toBe(1);
  });

  it('skips a record without the first match key when avoiding duplicates', async () => {
    const { a, b, stores, sync } = setup();
    a.add({ id: 'a1', firstName: 'No email' });
    const s = await sync();
    expect(b.all()).toHaveLength(0);
    expect(s.skipped).toBe(1);
    expect((await stores.health.counts(scope)).duplicates.byReason).toEqual({ E_NO_MATCH_KEY: 1 });
  });

  it('maps custom fields and rejects incompatible mappings with the reason', async () => {
    const { a, b, sync } = setup({ mappings: [{ a: 'custom.industry', b: 'custom.sector', direction: 'both' }] });
    a.add({ id: 'a1', email: 'x@x.io', custom: { industry: 'Retail' } });
    await sync();
    expect(b.all()[0]?.custom).toEqual({ sector: 'Retail' });
    const bad = setup({ mappings: [{ a: 'tags', b: 'deals.count', direction: 'aToB' }] });
    await expect(bad.sync()).rejects.toThrow(/deals.count/);
  });

  it('finishes a batch whose answer was lost without creating twice', async () => {
    const { a, b, stores, sync } = setup();
    for (let i = 0; i < 12; i++) a.add({ email: `p${i}@x.io` });
    b.failWrites(new OperationalError('E_NETWORK', 'socket hang up'), 1, true);
    await expect(sync()).rejects.toThrow('socket hang up');
    expect((await stores.runs.list(scope))[0]?.status).toBe('failed');
    const s = await sync();
    expect(b.all()).toHaveLength(12);
    expect(new Set(b.all().map((r) => r.email)).size).toBe(12);
    expect(s.failed).toBe(0);
    expect((await stores.runs.list(scope))[0]?.resumedFrom).toBe('run1');
    expect(await stores.intents.pending(scope)).toEqual([]);
  });

  it('rejects with the failure that stopped the run when storing the failed run fails as well (a database outage)', async () => {
    const { a, b, stores, sync } = setup();
    for (let i = 0; i < 9; i++) a.add({ email: `p${i}@x.io` });
    const outage = new OperationalError('E_DB_UNAVAILABLE', 'The database is unreachable');
    b.failWrites(outage, 1);
    stores.runs.finish = async () => {
      throw outage;
    };
    await expect(sync()).rejects.toBe(outage);
  });

  it('lets a 429 escape to the caller (the machine retries) and resumes cleanly', async () => {
    const { a, b, sync } = setup();
    for (let i = 0; i < 9; i++) a.add({ email: `p${i}@x.io` });
    b.failWrites(rateLimited(2000), 1);
    await expect(sync()).rejects.toMatchObject({ code: 'E_RATE_LIMITED', retryAfterMs: 2000 });
    await sync();
    expect(b.all()).toHaveLength(9);
  });

  it('syncs every record once when all share one updatedAt', async () => {
    const stamp = '2026-01-01T00:00:00.000Z';
    const records = Array.from({ length: 2000 }, (_, i) => ({ id: `a${i}`, email: `p${i}@x.io`, updatedAt: stamp }));
    const { b, sync } = setup({}, records);
    await sync(250);
    expect(b.all()).toHaveLength(2000);
    expect(new Set(b.all().map((r) => r.email)).size).toBe(2000);
  });
});
