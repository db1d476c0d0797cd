import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Link } from '../../ports/links.port';
import { resolvePair } from '../resolve-pair';
import type { Matched } from './match.stage';
import { contact, passFixture } from './pass.fixture';
import type { PlannedPage } from './plan.stage';
import { recordOutcomes, writeStage } from './write.stage';
import { cutBatches, type BatchOutcome } from './write-batches';

const link = (aId: string, bId: string): Link => ({ aId, bId, values: {}, aHash: '', bHash: '', syncedAt: 0 });

describe('write stage', () => {
  it('counts what the apps answered: created, updated, in sync, refused', () => {
    const { pass, log } = passFixture({ mode: 'a-to-b' });
    const rec = (id: string, kind: Matched['kind'], target?: string): Matched => {
      const raw = contact({ id, email: `${id}@x.io`, firstName: id });
      return { record: { raw, hash: `h-${id}`, offered: raw, link: target ? link(id, target) : undefined, kind }, kind, target: target ? contact({ id: target, email: `${id}@x.io` }) : undefined, note: undefined } as Matched;
    };
    const work = [rec('a1', 'create'), rec('a2', 'update', 'b2'), rec('a3', 'update', 'b3'), rec('a4', 'update', 'b4')];
    const resolutions = work.map((m) => resolvePair({ source: m.record.offered, sourceRaw: m.record.raw, ...(m.target ? { target: m.target } : {}), pairs: pass.pairs, sourceSide: 'a', fallback: 'source' }));
    const tOut: BatchOutcome = {
      results: new Map([
        ['a1', { ref: 'a1', ok: true, id: 'b1', created: true, record: contact({ id: 'b1', email: 'a1@x.io', firstName: 'a1' }) }],
        ['a2', { ref: 'a2', ok: true, id: 'b2', created: false, record: contact({ id: 'b2', email: 'a2@x.io', firstName: 'a2' }) }],
        ['a4', { ref: 'a4', ok: false, code: 'E_WRITE_REJECTED', message: 'the app refused it' }],
      ]),
      intentKeys: [],
    };
    const l = log();
    const { links, fresh } = recordOutcomes(pass, work, resolutions, tOut, { results: new Map(), intentKeys: [] }, 5, l);
    expect(l.counts).toMatchObject({ created: { a: 0, b: 1 }, updated: { a: 0, b: 1 }, skipped: 1, failed: 1 });
    expect(l.events.map((e) => [e.sourceId, e.outcome])).toEqual([
      ['a1', 'created'],
      ['a2', 'updated'],
      ['a3', 'skipped'],
      ['a4', 'failed'],
    ]);
    expect(links.map((k) => [k.aId, k.bId, k.syncedAt])).toEqual([
      ['a1', 'b1', 5],
      ['a2', 'b2', 5],
      ['a3', 'b3', 5],
    ]);
    expect(fresh).toEqual(new Set(['a1']));
  });

  it('sends a page only once its intents are stored, and keeps none of its records', async () => {
    const { b, pass, log } = passFixture({ mode: 'a-to-b' });
    const raw = contact({ id: 'a1', email: 'a1@x.io' });
    const m: Matched = { record: { raw, hash: 'h', offered: raw, link: undefined, kind: 'create', note: undefined }, kind: 'create', target: undefined, note: undefined };
    const resolution = resolvePair({ source: raw, sourceRaw: raw, pairs: pass.pairs, sourceSide: 'a', fallback: 'source' });
    let storeIntents!: () => void;
    const intentsStored = new Promise<void>((resolve) => (storeIntents = resolve));
    const planned = cutBatches([{ ref: 'a1', fields: { email: 'a1@x.io' } }], { side: 'b', direction: 'aToB', batchLimit: 3, keyPrefix: 'k', runId: 'run1', now: 0, pending: {} });
    const page = {
      no: 0,
      cursor: '1',
      stamp: { runId: 'run1', direction: 'aToB', at: 0 },
      neverLinked: new Set(['a1']),
      work: [m],
      resolutions: [resolution],
      batches: { target: planned, source: cutBatches([], { side: 'a', direction: 'aToB', batchLimit: 3, keyPrefix: 'k', runId: 'run1', now: 0, pending: {} }) },
      intentsStored,
      logs: [log()],
    } as unknown as PlannedPage;
    const written = firstValueFrom(of(page).pipe(writeStage(pass)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(b.calls).toEqual([]);
    storeIntents();
    const out = await written;
    expect(b.calls.map((c) => c.key)).toEqual(['k:b:0']);
    expect(out.intentKeys).toEqual(['k:b:0']);
    expect(out.logs).toHaveLength(2);
    expect(Object.keys(out).sort()).toEqual(['cursor', 'fresh', 'intentKeys', 'links', 'logs', 'neverLinked', 'no', 'stamp']);
  });
});
