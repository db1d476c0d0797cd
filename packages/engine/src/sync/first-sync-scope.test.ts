import { describe, expect, it } from 'vitest';
import type { ConnectionConfigInput } from '../config/connection-config.schema';
import { parseConnectionConfig } from '../config/parse-connection-config';
import { ManualClock, MemoryConnector, createMemoryStores } from '../testing';
import { runSync } from './run-sync';

const scope = { workspaceId: 'w1', connectionId: 'c1' };

function setup(options: NonNullable<ConnectionConfigInput['options']>) {
  const clock = new ManualClock(Date.parse('2025-01-01T00:00:00Z'));
  const a = new MemoryConnector({ id: 'a', clock });
  const b = new MemoryConnector({ id: 'b', clock });
  const stores = createMemoryStores();
  const config = parseConnectionConfig({ format: 'sluice.connection/v1', name: 'A ↔ B', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, options });
  const sync = () => runSync({ scope, config, connectors: { a, b }, stores, clock });
  const events = async (reason: string) => (await stores.events.query(scope, { reason, limit: 100 })).map((e) => e.sourceId).sort();
  return { a, b, clock, sync, events };
}

describe('first-sync scope', () => {
  it('takes up only records changed since options.scope.since; an old record joins once it changes', async () => {
    const { a, b, clock, sync, events } = setup({ scope: { since: '2026-03-01' } });
    const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now());
    at('2025-12-31T00:00:00Z');
    a.add({ id: 'old', email: 'old@x.io' });
    at('2026-02-28T23:59:59Z');
    b.add({ id: 'b-old', email: 'b-old@x.io' });
    at('2026-06-01T00:00:00Z');
    a.add({ id: 'new', email: 'new@x.io' });
    const first = await sync();
    expect(first.counts.created).toEqual({ a: 0, b: 1 });
    expect(b.all().map((r) => r.email).sort()).toEqual(['b-old@x.io', 'new@x.io']);
    expect(await events('before-scope')).toEqual(['b-old', 'old']);

    clock.advance(1000);
    a.edit('old', { firstName: 'Olga' });
    const second = await sync();
    expect(second.counts.created).toEqual({ a: 0, b: 1 });
    expect(b.all().find((r) => r.email === 'old@x.io')?.firstName).toBe('Olga');
  });

  it.each([
    ['none', { a: 0, b: 0 }],
    ['a', { a: 1, b: 0 }],
    ['b', { a: 0, b: 1 }],
    ['both', { a: 1, b: 1 }],
  ] as const)('with options.create "%s" creates only there, and still updates matches', async (create, created) => {
    const { a, b, sync, events } = setup({ create });
    a.add({ id: 'a1', email: 'both@x.io', firstName: 'Ann' });
    b.add({ id: 'b1', email: 'both@x.io' });
    a.add({ id: 'a2', email: 'only-a@x.io' });
    b.add({ id: 'b2', email: 'only-b@x.io' });
    const run = await sync();
    expect(run.counts.created).toEqual(created);
    expect(b.get('b1')?.firstName).toBe('Ann');
    const refused = [...(created.b === 0 ? ['a2'] : []), ...(created.a === 0 ? ['b2'] : [])];
    expect(await events('create-off')).toEqual(refused);
  });

  it('refuses a bad scope, create side or guard with a sentence naming the option', () => {
    const parse = (options: unknown) => () =>
      parseConnectionConfig({ format: 'sluice.connection/v1', name: 'x', apps: { a: { connector: 'memory' }, b: { connector: 'memory' } }, options });
    expect(parse({ scope: { since: '31/01/2026' } })).toThrow('connection options.scope.since: must be a date such as "2026-01-31" or "2026-01-31T09:00:00Z"');
    expect(parse({ scope: { since: '2026-02-30T25:00:00Z' } })).toThrow(/options\.scope\.since: must be a date/);
    expect(parse({ create: 'left' })).toThrow('connection options.create: must be "both", "a", "b" or "none" (the apps where new records may be created)');
    expect(parse({ guard: { maxChanges: 0 } })).toThrow('connection options.guard.maxChanges: must be a whole number of records (1 or more)');
    expect(parse({ guard: { maxShare: 1.5 } })).toThrow('connection options.guard.maxShare: must be a share between 0 and 1, such as 0.2 for 20 %');
    expect(parse({ guard: { maxChanges: 100, maxShare: 0.2 }, scope: { since: '2026-01-31' }, create: 'b' })).not.toThrow();
  });
});
