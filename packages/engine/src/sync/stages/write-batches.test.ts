import { firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { ContactWrite } from '../../ports/connector.port';
import { MemoryConnector } from '../../testing';
import { InFlightWork } from '../in-flight-work';
import { INTENT_CHARS, cutBatches, sendBatches } from './write-batches';

describe('cutBatches and sendBatches', () => {
  it('sends creates and updates in separate batches of at most the limit, with an intent for create batches only', async () => {
    const b = new MemoryConnector({ id: 'b', batchLimit: 3, records: Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, email: `b${i}@x.io` })) });
    // Interleaved: 5 creates, 4 updates.
    const writes: ContactWrite[] = [];
    for (let i = 0; i < 5; i++) {
      writes.push({ ref: `new${i}`, fields: { email: `new${i}@x.io` } });
      if (i < 4) writes.push({ ref: `a${i}`, id: `b${i}`, fields: { firstName: `F${i}` } });
    }
    const pending = Object.fromEntries(writes.filter((w) => !w.id).map((w) => [w.ref, { sourceHash: 'h', values: {} }]));
    const planned = cutBatches(writes, { side: 'b', direction: 'aToB', batchLimit: b.app.batchLimit, keyPrefix: 'p0', runId: 'run1', now: 0, pending });
    expect(planned.intents.map((i) => [i.idempotencyKey, i.writes.length, Object.keys(i.pending).length])).toEqual([
      ['p0:b:0', 3, 3],
      ['p0:b:1', 2, 2],
    ]);
    const out = await firstValueFrom(sendBatches(b, planned, new InFlightWork()));
    expect(b.calls.map((c) => c.writes.map((w) => w.ref))).toEqual([['new0', 'new1', 'new2'], ['new3', 'new4'], ['a0', 'a1', 'a2'], ['a3']]);
    expect(out.intentKeys).toEqual(['p0:b:0', 'p0:b:1']);
    expect([...out.results.values()].every((r) => r.ok)).toBe(true);
    expect(out.results.size).toBe(9);
  });

  it('ends a create batch before its intent would pass the size a database document can hold', () => {
    // 40 creates of ~300,000 characters each (ten long custom fields): 12 million characters in all.
    const notes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`custom.note${i}`, 'n'.repeat(30_000)]));
    const writes: ContactWrite[] = Array.from({ length: 40 }, (_, i) => ({ ref: `new${i}`, fields: { email: `new${i}@x.io`, ...notes } }));
    const pending = Object.fromEntries(writes.map((w) => [w.ref, { sourceHash: 'h', values: w.fields }]));
    const planned = cutBatches(writes, { side: 'b', direction: 'aToB', batchLimit: 5000, keyPrefix: 'p0', runId: 'run1', now: 0, pending });
    expect(planned.chunks.flatMap((c) => c.writes.map((w) => w.ref))).toEqual(writes.map((w) => w.ref));
    for (const intent of planned.intents) expect(JSON.stringify({ writes: intent.writes, pending: intent.pending }).length).toBeLessThanOrEqual(INTENT_CHARS);
    expect(planned.intents.map((i) => i.writes.length)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1]);
    // Small records still fill the app's batch.
    const small = Array.from({ length: 5000 }, (_, i) => ({ ref: `s${i}`, fields: { email: `s${i}@x.io` } }));
    expect(cutBatches(small, { side: 'b', direction: 'aToB', batchLimit: 5000, keyPrefix: 'p1', runId: 'run1', now: 0, pending: {} }).chunks.map((c) => c.writes.length)).toEqual([5000]);
  });

  it('plans nothing, and answers nothing, for no writes', async () => {
    const b = new MemoryConnector({ id: 'b' });
    const planned = cutBatches([], { side: 'b', direction: 'aToB', batchLimit: 10, keyPrefix: 'p0', runId: 'run1', now: 0, pending: {} });
    expect(planned).toEqual({ side: 'b', chunks: [], intents: [] });
    const out = await firstValueFrom(sendBatches(b, planned, new InFlightWork()));
    expect(out.results.size).toBe(0);
    expect(b.calls).toEqual([]);
  });
});
