import { describe, expect, it } from 'vitest';
import { parseConnectionConfig } from '../config/parse-connection-config';
import type { ContactWrite } from '../ports/connector.port';
import { emptyRunCounts } from '../ports/runs.port';
import type { WriteIntent } from '../ports/write-intents.port';
import { ManualClock, MemoryConnector, createMemoryStores } from '../testing';
import type { SyncContext } from './sync-context';
import { planBatches, sendBatches } from './write-batches';

function context(b: MemoryConnector, onIntent: (i: WriteIntent) => void): SyncContext {
  const stores = createMemoryStores();
  const add = stores.intents.add.bind(stores.intents);
  stores.intents.add = async (scope, intent) => {
    onIntent(intent);
    await add(scope, intent);
  };
  const a = new MemoryConnector({ id: 'a' });
  return {
    scope: { workspaceId: 'w', connectionId: 'c' },
    config: parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A → B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, mode: 'a-to-b' }),
    connectors: { a, b },
    catalogs: { a: a.app.fields, b: b.app.fields },
    stores,
    clock: new ManualClock(),
    pairs: [],
    deciders: {},
    salt: 's',
    runId: 'run1',
    counts: emptyRunCounts(),
    errors: [],
    pageSize: 100,
  };
}

describe('planBatches and sendBatches', () => {
  it('sends creates and updates in separate batches of at most the limit, with an intent for create batches only', async () => {
    const b = new MemoryConnector({ id: 'b', batchLimit: 3, records: Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, email: `b${i}@x.io` })) });
    const intents: WriteIntent[] = [];
    const ctx = context(b, (i) => intents.push(i));
    // Interleaved: 5 creates, 4 updates.
    const writes: ContactWrite[] = [];
    for (let i = 0; i < 5; i++) {
      writes.push({ ref: `new${i}`, fields: { email: `new${i}@x.io` } });
      if (i < 4) writes.push({ ref: `a${i}`, id: `b${i}`, fields: { firstName: `F${i}` } });
    }
    const pending = Object.fromEntries(writes.filter((w) => !w.id).map((w) => [w.ref, { sourceHash: 'h', values: {} }]));
    const out = await sendBatches(ctx, planBatches(ctx, 'b', 'aToB', writes, pending, 'p0'));
    expect(b.calls.map((c) => c.writes.map((w) => w.ref))).toEqual([['new0', 'new1', 'new2'], ['new3', 'new4'], ['a0', 'a1', 'a2'], ['a3']]);
    expect(intents.map((i) => [i.idempotencyKey, i.writes.length, Object.keys(i.pending).length])).toEqual([
      ['p0:b:0', 3, 3],
      ['p0:b:1', 2, 2],
    ]);
    expect(out.intentKeys).toEqual(['p0:b:0', 'p0:b:1']);
    expect([...out.results.values()].every((r) => r.ok)).toBe(true);
    expect(out.results.size).toBe(9);
  });
});
