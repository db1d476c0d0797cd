import { type Graph } from '@sluice/graph';
import { OperationalError } from '@sluice/core';
import type { Connector } from '@sluice/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { byEmail, jsonlPair, scope, type JsonlPair } from './jsonl-pair.harness';

// DESIGN.md "Sync semantics", rule by rule, on two jsonl apps with the real engine.

let pair: JsonlPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

const noDealsGetNew: Graph = {
  format: 'sluice.graph/v1',
  name: 'Prospects without deals',
  source: { app: 'jsonl' },
  target: { app: 'jsonl' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', when: { field: 'deals.count', op: 'eq', value: 0 } },
    { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'a1' },
    { from: 'a1', to: 'out' },
  ],
};

describe('sync semantics on jsonl', () => {
  it('one-way with IF/THEN: only records passing the rules reach B, with the action applied', async () => {
    pair = await jsonlPair({ mode: 'a-to-b', rules: { aToB: noDealsGetNew } });
    await pair.write('a', [
      { id: 'p1', email: 'new@x.io', deals: { count: 0, open: 0, won: 0, value: 0 } },
      { id: 'p2', email: 'customer@x.io', deals: { count: 2, open: 1, won: 1, value: 900 } },
    ]);
    await pair.write('b', [{ id: 'b1', email: 'only-in-b@x.io' }]);
    const s = await pair.sync();
    const b = await pair.read('b');
    expect(s.created).toEqual({ a: 0, b: 1 });
    expect(byEmail(b, 'new@x.io')?.tags).toEqual(['New']);
    expect(byEmail(b, 'customer@x.io')).toBeUndefined();
    expect(await pair.read('a')).toHaveLength(2);
    const [excluded] = await pair.stores.events.query(scope, { outcome: 'excluded' });
    expect(excluded).toMatchObject({ sourceId: 'p2', reason: 'excludedBy:c1' });
    expect((await pair.stores.health.counts(scope)).excluded.byReason).toEqual({ 'excludedBy:c1': 1 });
  });

  it('two-way: records missing on either side are created there', async () => {
    pair = await jsonlPair();
    await pair.write('a', [{ id: 'a1', email: 'ann@x.io', firstName: 'Ann' }]);
    await pair.write('b', [{ id: 'b1', email: 'ben@x.io', firstName: 'Ben' }]);
    expect((await pair.sync()).created).toEqual({ a: 1, b: 1 });
    expect(byEmail(await pair.read('a'), 'ben@x.io')?.firstName).toBe('Ben');
    expect(byEmail(await pair.read('b'), 'ann@x.io')?.firstName).toBe('Ann');
  });

  it('matches by email trimmed and lower-cased instead of creating a duplicate', async () => {
    pair = await jsonlPair();
    await pair.write('a', [{ id: 'a1', email: ' Ann@X.io ', company: 'Acme' }]);
    await pair.write('b', [{ id: 'b1', email: 'ann@x.io', jobTitle: 'CEO' }]);
    const s = await pair.sync();
    expect(s.created).toEqual({ a: 0, b: 0 });
    expect(await pair.read('b')).toHaveLength(1);
    expect((await pair.read('b'))[0]).toMatchObject({ company: 'Acme', jobTitle: 'CEO' });
    expect((await pair.read('a'))[0]).toMatchObject({ company: 'Acme', jobTitle: 'CEO' });
    expect(await pair.stores.links.count(scope)).toBe(1);
  });

  for (const winner of ['a', 'b'] as const) {
    it(`conflict: when both changed a field, ${winner.toUpperCase()} wins and the losing value is in history`, async () => {
      pair = await jsonlPair({ conflict: { winner, fields: {} } });
      await pair.write('a', [{ id: 'a1', email: 'c@x.io', company: 'Start' }]);
      await pair.sync();
      const bId = (await pair.read('b'))[0]!.id;
      await pair.edit('a', 'a1', { company: 'From A' });
      await pair.edit('b', bId, { company: 'From B' });
      const s = await pair.sync();
      expect(s.conflicts).toBe(1);
      const expected = winner === 'a' ? 'From A' : 'From B';
      expect((await pair.read('a'))[0]!.company).toBe(expected);
      expect((await pair.read('b'))[0]!.company).toBe(expected);
      const [event] = await pair.stores.events.query(scope, { outcome: 'conflict' });
      expect(event!.conflicts).toEqual([
        expect.objectContaining({ path: 'company', winner, losingValue: winner === 'a' ? 'From B' : 'From A' }),
      ]);
    });
  }

  it('never-blank: an emptied field does not blank the other side', async () => {
    pair = await jsonlPair({ conflict: { winner: 'a', fields: {} } });
    await pair.write('a', [{ id: 'a1', email: 'n@x.io', phone: '+3225550101' }]);
    await pair.write('b', [{ id: 'b1', email: 'n@x.io', jobTitle: 'CTO' }]);
    await pair.sync();
    expect((await pair.read('a'))[0]!.jobTitle).toBe('CTO');
    await pair.edit('a', 'a1', { phone: undefined });
    await pair.sync();
    expect((await pair.read('b'))[0]!.phone).toBe('+3225550101');
  });

  it('per-field override: phone from B, tags merged, while A wins the rest', async () => {
    pair = await jsonlPair({ conflict: { winner: 'a', fields: { phone: 'b', tags: 'merge' } } });
    await pair.write('a', [{ id: 'a1', email: 'o@x.io', phone: '+3225550101', company: 'A Co', tags: ['lead'] }]);
    await pair.write('b', [{ id: 'b1', email: 'o@x.io', phone: '+3225550199', company: 'B Co', tags: ['webinar'] }]);
    const s = await pair.sync();
    expect(s.conflicts).toBe(1);
    for (const side of ['a', 'b'] as const) {
      const r = (await pair.read(side))[0]!;
      expect(r.phone).toBe('+3225550199');
      expect(r.company).toBe('A Co');
      expect([...r.tags].sort()).toEqual(['lead', 'webinar']);
    }
  });

  it('a second run after a run with no changes writes nothing', async () => {
    pair = await jsonlPair();
    await pair.write('a', Array.from({ length: 120 }, (_, i) => ({ id: `a${i}`, email: `p${i}@x.io`, firstName: `P${i}` })));
    await pair.write('b', Array.from({ length: 80 }, (_, i) => ({ id: `b${i}`, email: `q${i}@x.io` })));
    await pair.sync();
    const before = [await pair.raw('a'), await pair.raw('b')];
    const s = await pair.sync();
    expect(s).toMatchObject({ created: { a: 0, b: 0 }, updated: { a: 0, b: 0 }, conflicts: 0, failed: 0 });
    expect([await pair.raw('a'), await pair.raw('b')]).toEqual(before);
  });

  it('a change flows one way only: the side that changed is not written back', async () => {
    pair = await jsonlPair();
    await pair.write('a', [{ id: 'a1', email: 'f@x.io', company: 'One' }]);
    await pair.sync();
    const aBefore = await pair.raw('a');
    const bId = (await pair.read('b'))[0]!.id;
    await pair.edit('a', 'a1', { company: 'Two' });
    const s = await pair.sync();
    expect(s.updated).toEqual({ a: 0, b: 1 });
    expect((await pair.read('b')).find((r) => r.id === bId)?.company).toBe('Two');
    expect(await pair.raw('a')).not.toBe(aBefore); // our own edit
    const aAfterEdit = await pair.raw('a');
    expect((await pair.sync()).updated).toEqual({ a: 0, b: 0 });
    expect(await pair.raw('a')).toBe(aAfterEdit);
  });

  it('a link survives an email change', async () => {
    pair = await jsonlPair();
    await pair.write('a', [{ id: 'a1', email: 'old@x.io', firstName: 'Lin' }]);
    await pair.sync();
    await pair.edit('a', 'a1', { email: 'new@x.io' });
    await pair.sync();
    const b = await pair.read('b');
    expect(b).toHaveLength(1);
    expect(b[0]!.email).toBe('new@x.io');
  });

  it('a deletion tags the other side "Sluice Trash" and deletes nothing', async () => {
    pair = await jsonlPair();
    await pair.write('a', [
      { id: 'a1', email: 'gone@x.io' },
      { id: 'a2', email: 'stays@x.io' },
    ]);
    await pair.sync();
    await pair.remove('a', 'a1');
    await pair.sync();
    const b = await pair.read('b');
    expect(b).toHaveLength(2);
    expect(byEmail(b, 'gone@x.io')?.tags).toContain('Sluice Trash');
    expect(byEmail(b, 'stays@x.io')?.tags).not.toContain('Sluice Trash');
    expect(await pair.read('a')).toHaveLength(1);
  });

  it('an unsubscribe is carried over (and not without syncUnsubscribes)', async () => {
    for (const syncUnsubscribes of [true, false]) {
      pair = await jsonlPair({ options: { syncUnsubscribes } });
      await pair.write('a', [{ id: 'a1', email: 'u@x.io' }]);
      await pair.sync();
      await pair.edit('a', 'a1', { unsubscribed: true });
      await pair.sync();
      expect(Boolean((await pair.read('b'))[0]!.unsubscribed)).toBe(syncUnsubscribes);
      await pair.close();
    }
    pair = undefined;
  });

  it('a custom mapping carries a custom field under another name', async () => {
    pair = await jsonlPair({ mappings: [{ a: 'custom.industry', b: 'custom.sector', direction: 'both' }] });
    await pair.write('a', [{ id: 'a1', email: 'm@x.io', custom: { industry: 'Retail' } }]);
    await pair.sync();
    expect((await pair.read('b'))[0]!.custom).toEqual({ sector: 'Retail' });
    const bId = (await pair.read('b'))[0]!.id;
    await pair.edit('b', bId, { custom: { sector: 'Energy' } });
    await pair.sync();
    expect((await pair.read('a'))[0]!.custom).toEqual({ industry: 'Energy' });
  });

  it('avoid duplicates: a record without an email is skipped with that reason', async () => {
    pair = await jsonlPair({ options: { avoidDuplicates: true } });
    await pair.write('a', [{ id: 'a1', firstName: 'Nomail' }, { id: 'a2', email: 'has@x.io' }]);
    const s = await pair.sync();
    expect(await pair.read('b')).toHaveLength(1);
    expect(s.skipped).toBeGreaterThanOrEqual(1);
    const [event] = await pair.stores.events.query(scope, { recordId: 'a1' });
    expect(event).toMatchObject({ outcome: 'skipped', reason: 'E_NO_MATCH_KEY' });
  });

  it('a write whose response was lost is finished on the next run without a duplicate', async () => {
    pair = await jsonlPair({ mode: 'a-to-b' });
    await pair.write('a', Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, email: `l${i}@x.io` })));
    let lose = 1;
    const wrap = (side: 'a' | 'b', c: Connector): Connector =>
      side === 'a'
        ? c
        : Object.assign(Object.create(c) as Connector, {
            async upsertBatch(...args: Parameters<Connector['upsertBatch']>) {
              const results = await c.upsertBatch(...args);
              if (lose-- > 0) throw new OperationalError('E_NETWORK', 'connection reset after the write');
              return results;
            },
          });
    await expect(pair.sync({ wrap })).rejects.toThrow('connection reset');
    await pair.sync({ wrap });
    const b = await pair.read('b');
    expect(b).toHaveLength(30);
    expect(new Set(b.map((r) => r.email)).size).toBe(30);
  });

  it('25,000 records sharing one updatedAt are all synced, once', async () => {
    pair = await jsonlPair({ mode: 'a-to-b' });
    const { writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const lines = Array.from({ length: 25_000 }, (_, i) =>
      JSON.stringify({ id: `a${i}`, email: `s${i}@x.io`, tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00.000Z' }),
    );
    await writeFile(join(pair.dir, 'a.jsonl'), lines.join('\n') + '\n');
    const s = await pair.sync({ pageSize: 5000 });
    expect(s.created.b).toBe(25_000);
    const b = await pair.read('b');
    expect(new Set(b.map((r) => r.email)).size).toBe(25_000);
    expect((await pair.sync({ pageSize: 5000 })).created.b).toBe(0);
  });
});
