import { emptyRunCounts, type RecordEvent, type Run, type WriteIntent } from '@sluice/engine';
import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';

const scope = { workspaceId: 'w1', connectionId: 'c1' };
/** Event times far in the future: their TTL expiry must not come due while the test runs. */
const T0 = 2_000_000_000_000;
const ago = (e: { at: number }) => e.at - T0;

const event = (i: number, extra: Partial<RecordEvent> = {}): RecordEvent => ({
  runId: i < 5 ? 'r1' : 'r2',
  direction: i % 2 ? 'bToA' : 'aToB',
  sourceId: `s${i}`,
  targetId: `t${i}`,
  outcome: i % 3 === 0 ? 'created' : 'updated',
  changes: [{ path: 'address.city', before: null, after: `City ${i}` }],
  at: T0 + i,
  ...extra,
});

describeStore('checkpoints, runs, record events, health, write intents, machine snapshots', (ctx) => {
  it('checkpoints: one cursor per direction, replaced, cleared together', async () => {
    const cp = ctx.store.checkpoints;
    expect(await cp.get(scope, 'aToB')).toBeNull();
    await cp.set(scope, { direction: 'aToB', cursor: 'c-1', runId: 'r1', updatedAt: 1 });
    await cp.set(scope, { direction: 'aToB', cursor: 'c-2', runId: 'r2', updatedAt: 2 });
    await cp.set(scope, { direction: 'bToA', cursor: 'x', runId: 'r2', updatedAt: 2 });
    expect(await cp.get(scope, 'aToB')).toEqual({ direction: 'aToB', cursor: 'c-2', runId: 'r2', updatedAt: 2 });
    await cp.clear(scope);
    expect(await cp.get(scope, 'bToA')).toBeNull();
  });

  it('runs: start, progress, finish, get, list newest first with limit and before', async () => {
    // Times in the future: the retention's TTL index removes runs that ended over 90 days ago.
    const runs = ctx.store.runs;
    const base: Run = { id: 'r1', kind: 'initial', status: 'running', startedAt: T0 + 100, counts: emptyRunCounts(), errors: [] };
    await runs.start(scope, base);
    await runs.start(scope, { ...base, id: 'r2', kind: 'incremental', startedAt: T0 + 200, resumedFrom: 'r1' });
    await runs.start(scope, { ...base, id: 'r3', startedAt: T0 + 300, finishedAt: undefined });
    // An undefined optional member is not stored as null.
    expect(await runs.get(scope, 'r3')).not.toHaveProperty('finishedAt');
    const counts = { ...emptyRunCounts(), created: { a: 2, b: 3 } };
    await runs.progress(scope, 'r1', counts);
    expect((await runs.get(scope, 'r1'))!.counts.created).toEqual({ a: 2, b: 3 });
    await runs.finish(scope, 'r1', { status: 'succeeded', counts, finishedAt: T0 + 150, durationMs: 50, errors: [{ code: 'E_X', message: 'x' }] });
    expect(await runs.get(scope, 'r1')).toEqual({ ...base, status: 'succeeded', counts, finishedAt: T0 + 150, durationMs: 50, errors: [{ code: 'E_X', message: 'x' }] });
    expect((await runs.list(scope)).map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect((await runs.list(scope, { limit: 1, before: T0 + 300 })).map((r) => r.id)).toEqual(['r2']);
    expect(await runs.interruptRunning(scope, T0 + 400)).toBe(2);
    expect((await runs.get(scope, 'r2'))!.status).toBe('interrupted');
    expect(await runs.get(scope, 'nope')).toBeNull();
  });

  it('record events: newest first, filtered by run, record, outcome, direction and time', async () => {
    const events = ctx.store.events;
    await events.insertMany(scope, Array.from({ length: 10 }, (_, i) => event(i, i === 0 ? { message: undefined } : {})));
    await events.insertMany(scope, [event(10, { sourceId: 'zz', targetId: 's3', outcome: 'conflict', conflicts: [{ path: 'phone', winner: 'a', rule: 'a', winningValue: '+1', losingValue: '+2' }] })]);
    const all = await events.query(scope, {});
    expect(all.map(ago)).toEqual(Array.from({ length: 11 }, (_, i) => 10 - i));
    expect(all[0]).toEqual(event(10, { sourceId: 'zz', targetId: 's3', outcome: 'conflict', conflicts: [{ path: 'phone', winner: 'a', rule: 'a', winningValue: '+1', losingValue: '+2' }] }));
    expect((await events.query(scope, { runId: 'r1' })).map((e) => e.sourceId)).toEqual(['s4', 's3', 's2', 's1', 's0']);
    expect((await events.query(scope, { recordId: 's3' })).map(ago)).toEqual([10, 3]);
    expect((await events.query(scope, { outcome: 'created', limit: 2 })).map(ago)).toEqual([9, 6]);
    expect((await events.query(scope, { outcome: ['conflict', 'created'], direction: 'aToB' })).map(ago)).toEqual([10, 6, 0]);
    expect((await events.query(scope, { from: T0 + 2, to: T0 + 4 })).map(ago)).toEqual([3, 2]);
  });

  it('record events: pages newest first, a page of a run sharing one time split across pages, and filtered by reason prefix', async () => {
    const events = ctx.store.events;
    const paged = { workspaceId: 'w1', connectionId: 'paged' };
    // Seven events at one time (a page of a run), then three later ones.
    await events.insertMany(paged, Array.from({ length: 7 }, (_, i) => event(i, { at: T0 + 100, sourceId: `p${i}`, reason: i % 2 ? 'excludedBy:c1' : 'no-change' })));
    await events.insertMany(paged, Array.from({ length: 3 }, (_, i) => event(i, { at: T0 + 200 + i, sourceId: `q${i}`, reason: 'E_WRITE_REJECTED' })));
    const seen: string[] = [];
    let before: { at: number; skip: number } | undefined;
    for (;;) {
      const page = await events.query(paged, { limit: 4, ...(before ? { before } : {}) });
      seen.push(...page.map((e) => e.sourceId));
      if (page.length < 4) break;
      const last = page.at(-1)!;
      const tied = page.filter((e) => e.at === last.at).length;
      before = { at: last.at, skip: tied + (before && before.at === last.at ? before.skip : 0) };
    }
    expect(seen).toEqual(['q2', 'q1', 'q0', 'p6', 'p5', 'p4', 'p3', 'p2', 'p1', 'p0']);
    expect((await events.query(paged, { reason: 'excludedBy:' })).map((e) => e.sourceId)).toEqual(['p5', 'p3', 'p1']);
    expect((await events.query(paged, { reason: 'no-change', before: { at: T0 + 100, skip: 1 } })).map((e) => e.sourceId)).toEqual(['p4', 'p2', 'p0']);
    // A reason with regular-expression characters matches itself only.
    expect(await events.query(paged, { reason: 'E_WRITE.*' })).toEqual([]);
  });

  it('record events keep their field diff and conflicts exactly, and read events stored by earlier versions too', async () => {
    const s = { ...scope, connectionId: 'diff' };
    const changes = [
      { path: 'tags', before: ['a'], after: ['a', 'b'] },
      { path: 'custom.score', before: 1.5, after: null, side: 'a' as const },
    ];
    const conflicts = [{ path: 'phone', winner: 'b' as const, rule: 'b' as const, winningValue: '+1', losingValue: '+2' }];
    await ctx.store.events.insertMany(s, [event(1, { changes, conflicts })]);
    expect(await ctx.store.events.query(s, {})).toEqual([event(1, { changes, conflicts })]);
    // Before session 4 the diff was stored as BSON objects.
    const { changes: _c, ...plain } = event(2);
    await ctx.store.db.collection('record_events').insertOne({ ...plain, ...s, changes, conflicts, expiresAt: new Date(T0 + 1e10) });
    expect((await ctx.store.events.query(s, { recordId: 's2' }))[0]).toEqual({ ...plain, changes, conflicts });
  });

  it('record events carry their time as a date for the retention index (90 days by default)', async () => {
    const s = { ...scope, connectionId: 'ttl' };
    await ctx.store.events.insertMany(s, [event(1, { at: Date.UTC(2040, 0, 1) })]);
    const raw = await ctx.store.db.collection('record_events').findOne({ connectionId: 'ttl' });
    expect(raw!.date).toEqual(new Date(Date.UTC(2040, 0, 1)));
    expect(raw!.expiresAt).toBeUndefined();
    const indexes = await ctx.store.db.collection('record_events').listIndexes().toArray();
    expect(indexes.find((i) => i.name === 'date_ttl')).toMatchObject({ key: { date: 1 }, expireAfterSeconds: 90 * 24 * 3600 });
  });

  it('the TTL index removes events older than the retention, and events stored with their own expiry by earlier versions at that expiry', async () => {
    const s = { ...scope, connectionId: 'expire' };
    const days = 24 * 3600_000;
    // One 100 days old (past the 90-day retention), one fresh.
    await ctx.store.events.insertMany(s, [event(1, { at: Date.now() - 100 * days }), event(2, { at: Date.now() })]);
    const { changes: _c, ...legacy } = event(3);
    await ctx.store.db.collection('record_events').insertMany([
      { ...legacy, ...s, sourceId: 'old-expired', expiresAt: new Date(Date.now() - days) },
      { ...legacy, ...s, sourceId: 'old-kept', expiresAt: new Date(Date.now() + days) },
    ]);
    await expect.poll(async () => (await ctx.store.events.query(s, {})).map((e) => e.sourceId).sort(), { timeout: 20_000, interval: 200 }).toEqual(['old-kept', 's2']);
  }, 30_000);

  it('health: latest status per record, counts by status and reason, lists newest first', async () => {
    const health = ctx.store.health;
    await health.setMany(scope, [
      { side: 'a', recordId: '1', status: 'failed', reason: 'E_WRITE_REJECTED', at: 1 },
      { side: 'a', recordId: '1', status: 'inSync', at: 2 },
      { side: 'b', recordId: '1', status: 'excluded', reason: 'excludedBy:c1', at: 3 },
      { side: 'a', recordId: '2', status: 'excluded', reason: 'excludedBy:c1', at: 4 },
      { side: 'a', recordId: '3', status: 'duplicate', reason: 'E_NO_MATCH_KEY', at: 5 },
    ]);
    await health.setMany(scope, [{ side: 'a', recordId: '4', status: 'failed', reason: 'E_WRITE_REJECTED', at: 6 }, { side: 'a', recordId: '5', status: 'failed', at: 7 }]);
    expect(await health.counts(scope)).toEqual({
      inSync: 1,
      excluded: { total: 2, byReason: { 'excludedBy:c1': 2 }, bySide: { 'excludedBy:c1': { a: 1, b: 1 } } },
      duplicates: { total: 1, byReason: { E_NO_MATCH_KEY: 1 }, bySide: { E_NO_MATCH_KEY: { a: 1 } } },
      failed: { total: 2, byReason: { E_WRITE_REJECTED: 1, unknown: 1 }, bySide: { E_WRITE_REJECTED: { a: 1 }, unknown: { a: 1 } } },
    });
    expect(await health.list(scope, { status: 'excluded' })).toEqual([
      { side: 'a', recordId: '2', status: 'excluded', reason: 'excludedBy:c1', at: 4 },
      { side: 'b', recordId: '1', status: 'excluded', reason: 'excludedBy:c1', at: 3 },
    ]);
    expect((await health.list(scope, { reason: 'E_WRITE_REJECTED' })).map((h) => h.recordId)).toEqual(['4']);
    expect(await health.list(scope, { limit: 1 })).toHaveLength(1);
  });

  it('health: a `fresh` hint is only a hint — right or wrong, the latest status per record wins', async () => {
    const health = ctx.store.health;
    const s = { ...scope, connectionId: 'health-hints' };
    await health.setMany(s, [{ side: 'a', recordId: 'x', status: 'excluded', reason: 'excludedBy:c1', at: 1 }]);
    // 'x' is stored already (a wrong hint), 'y' is new (a right one), 'z' is new and not hinted.
    await health.setMany(
      s,
      [
        { side: 'a', recordId: 'x', status: 'inSync', at: 2 },
        { side: 'a', recordId: 'y', status: 'failed', reason: 'E_BAD_EMAIL', at: 3 },
        { side: 'a', recordId: 'y', status: 'inSync', at: 4 },
        { side: 'b', recordId: 'z', status: 'duplicate', reason: 'E_DUPLICATE_MATCH', at: 5 },
      ],
      { fresh: new Set(['a:x', 'a:y']) },
    );
    expect((await health.list(s, {})).map((h) => [h.side, h.recordId, h.status, h.at]).sort()).toEqual([
      ['a', 'x', 'inSync', 2],
      ['a', 'y', 'inSync', 4],
      ['b', 'z', 'duplicate', 5],
    ]);
    expect(await health.counts(s)).toMatchObject({ inSync: 2, duplicates: { total: 1 } });
  });

  it('write intents: add keeps the first version of a key, pending oldest first, complete removes', async () => {
    const intents = ctx.store.intents;
    const intent = (key: string, createdAt: number, direction: 'aToB' | 'bToA' = 'aToB'): WriteIntent => ({
      idempotencyKey: key,
      direction,
      side: 'b',
      runId: 'r1',
      writes: [{ ref: 'p.1', fields: { 'address.city': 'Gent', 'custom.$weird': 1, tags: ['x'] } }, { ref: 'p2', id: 't2', fields: { email: null } }],
      // Pending values as the engine keys them: shared ones are stored once, and come back under both keys.
      pending: { 'p.1': { sourceHash: 'h', values: { 'a:address.city': 'Gent', 'b:address.city': 'Gent', 'a:tags': ['x'], 'b:tags': ['x', 'y'] } } },
      createdAt,
    });
    await intents.add(scope, intent('k2', 20));
    await intents.add(scope, intent('k1', 10, 'bToA'));
    await intents.add(scope, { ...intent('k2', 20), runId: 'other' });
    expect(await intents.pending(scope)).toEqual([intent('k1', 10, 'bToA'), intent('k2', 20)]);
    expect((await intents.pending(scope, 'aToB')).map((i) => i.idempotencyKey)).toEqual(['k2']);
    await intents.complete(scope, 'k1');
    expect((await intents.pending(scope)).map((i) => i.idempotencyKey)).toEqual(['k2']);
  });

  it('machine snapshots: save replaces, load returns it, remove forgets', async () => {
    const snaps = ctx.store.snapshots;
    expect(await snaps.load(scope)).toBeNull();
    const snapshot = { value: { live: 'idle' }, context: { 'odd.key': 1, $also: true }, status: 'active' };
    await snaps.save(scope, { snapshot: { old: true }, state: 'setup', savedAt: 1 });
    await snaps.save(scope, { snapshot, state: 'live.idle', savedAt: 2 });
    expect(await snaps.load(scope)).toEqual({ snapshot, state: 'live.idle', savedAt: 2 });
    expect(await snaps.listStates('w1')).toEqual([{ connectionId: 'c1', state: 'live.idle', savedAt: 2 }]);
    await snaps.remove(scope);
    expect(await snaps.load(scope)).toBeNull();
  });
});
