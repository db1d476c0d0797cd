import { describe, expect, it } from 'vitest';
import { createdRecordId } from './created-id';
import { createKeyedMutex } from './keyed-mutex';

describe('createdRecordId', () => {
  it('is a UUID, stable for a batch retry, different across batches, refs and positions', () => {
    const id = createdRecordId('run-1/batch-2', 'src-9', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createdRecordId('run-1/batch-2', 'src-9', 0)).toBe(id);
    expect(new Set([id, createdRecordId('run-1/batch-3', 'src-9', 0), createdRecordId('run-1/batch-2', 'src-8', 0), createdRecordId('run-1/batch-2', 'src-9', 1)]).size).toBe(4);
  });

  it("sorts a batch's records together, in write order, whichever batches are interleaved", () => {
    const batches = ['run-1/batch-1', 'run-1/batch-2', 'run-2/batch-1'];
    const made = Array.from({ length: 300 }, (_, i) => ({ batch: batches[i % 3]!, index: Math.floor(i / 3) }));
    const ids = made.map((m) => ({ ...m, id: createdRecordId(m.batch, `src-${m.index}`, m.index) }));
    const sorted = [...ids].sort((x, y) => (x.id < y.id ? -1 : 1));
    // Three runs of 100, one per batch, each in write order.
    const runs = [sorted.slice(0, 100), sorted.slice(100, 200), sorted.slice(200)];
    for (const run of runs) {
      expect(new Set(run.map((r) => r.batch)).size).toBe(1);
      expect(run.map((r) => r.index)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    }
    expect(new Set(ids.map((r) => r.id)).size).toBe(300);
    for (const { id } of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('createKeyedMutex', () => {
  it('runs tasks of one key one at a time in order, other keys freely, and survives failures', async () => {
    const lock = createKeyedMutex();
    const log: string[] = [];
    const task = (key: string, name: string, ms: number, fail = false) =>
      lock(key, async () => {
        log.push(`start ${name}`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('f', 'a', 30, true), task('f', 'b', 1), task('g', 'c', 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end a')).toBeLessThan(log.indexOf('start b'));
    expect(log.indexOf('start c')).toBeLessThan(log.indexOf('end a'));
  });
});
