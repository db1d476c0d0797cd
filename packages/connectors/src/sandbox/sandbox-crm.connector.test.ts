import type { ChangePage, Connector } from '@sluice/engine';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemorySandboxStore } from './memory-sandbox.store';
import { createSandboxCrmFactory } from './sandbox-crm.connector';
import { createSandboxEditor } from './sandbox-editor';
import type { SandboxStore } from './sandbox-store.port';

let store: SandboxStore;
let crm: Connector;
let editor: ReturnType<typeof createSandboxEditor>;
beforeEach(() => {
  store = createMemorySandboxStore();
  crm = createSandboxCrmFactory(store).create({ config: { workspaceId: 'ws', seed: false } });
  editor = createSandboxEditor(store);
});

async function drain(cursor: string | null, pageSize = 500): Promise<ChangePage[]> {
  const out: ChangePage[] = [];
  for await (const page of crm.changes(cursor, { pageSize })) out.push(page);
  return out;
}

describe('Sandbox CRM connector', () => {
  it('reads people as contacts: organization → company, labels → tags, deals → counts', async () => {
    const ann = await editor.crm.createPerson('ws', { firstName: 'Ann', email: 'Ann@Acme.io', company: 'Acme', labels: ['VIP'], owner: 'Maya' });
    await editor.crm.addDeal('ws', ann.id, { title: 'Big', value: 1000 });
    await editor.crm.addDeal('ws', ann.id, { title: 'Won', value: 500, status: 'won' });
    await editor.crm.addDeal('ws', ann.id, { title: 'Lost', value: 9999, status: 'lost' });
    const [contact] = await crm.getMany([ann.id]);
    expect(contact).toMatchObject({
      id: ann.id,
      email: 'Ann@Acme.io',
      company: 'Acme',
      tags: ['VIP'],
      owner: 'Maya',
      deals: { count: 3, open: 1, won: 1, value: 1500 },
    });
  });

  it('pages the change feed; a new deal or an edit shows the person again; a deletion comes as deleted', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await editor.crm.createPerson('ws', { email: `p${i}@x.com` })).id);
    const first = await drain(null, 2);
    expect(first.map((p) => p.records.length)).toEqual([2, 2, 1]);
    expect(first.at(-1)!.hasMore).toBe(false);
    const cursor = first.at(-1)!.cursor;
    expect((await drain(cursor)).flatMap((p) => p.records)).toEqual([]);

    await editor.crm.addDeal('ws', ids[1]!, { title: 'Deal', value: 10 });
    await editor.crm.updatePerson('ws', ids[3]!, { jobTitle: 'CTO' });
    await editor.crm.deletePerson('ws', ids[4]!);
    const delta = (await drain(cursor)).flatMap((p) => p.records);
    expect(delta.map((r) => [r.id, r.deals?.count, r.jobTitle, r.deleted])).toEqual([
      [ids[1], 1, undefined, undefined],
      [ids[3], 0, 'CTO', undefined],
      [ids[4], 0, undefined, true],
    ]);
    expect(await crm.getMany([ids[4]!])).toEqual([]);
  });

  it('writes: creates with organization, updates only listed fields, refuses read-only fields', async () => {
    const results = await crm.upsertBatch(
      [
        { ref: 'a', fields: { email: 'new@x.com', firstName: 'New', company: 'Globex', tags: ['Lead'] } },
        { ref: 'b', fields: { email: 'other@x.com', company: 'globex ' } },
        { ref: 'c', fields: { 'deals.count': 4 } },
        { ref: 'd', id: 'nope', fields: { email: 'z@x.com' } },
      ],
      'batch-1',
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', 'E_FIELD_READ_ONLY', 'E_NOT_FOUND']);
    expect(await store.count('ws', 'orgs')).toBe(1); // "Globex" and "globex " are one organization
    const id = (results[0] as { id: string }).id;
    const [updated] = await crm.upsertBatch([{ ref: 'a', id, fields: { 'address.city': 'Paris', firstName: null } }], 'batch-2');
    expect(updated).toMatchObject({ ok: true, created: false, record: { email: 'new@x.com', company: 'Globex', address: { city: 'Paris' } } });
    expect((updated as { record: { firstName?: string } }).record.firstName).toBeUndefined();
  });

  it('creates nothing twice: a retried batch returns the stored answer; a lost answer before it was stored too', async () => {
    const batch = [{ ref: 's1', fields: { email: 'dup@x.com' } }];
    const first = await crm.upsertBatch(batch, 'k1');
    expect(await crm.upsertBatch(batch, 'k1')).toEqual(first);
    await expect(crm.upsertBatch([{ ref: 's2', fields: {} }], 'k1')).rejects.toMatchObject({ code: 'E_IDEMPOTENCY_KEY_REUSED' });
    // The answer of a batch was lost before it could be stored (no idempotency record): the derived ids still match.
    const other = createMemorySandboxStore();
    const c1 = createSandboxCrmFactory(other).create({ config: { workspaceId: 'ws', seed: false } });
    const r1 = await c1.upsertBatch(batch, 'k2');
    await other.putIdempotency('ws', { key: 'sandbox-crm:k2', fingerprint: 'different', results: [], createdAt: '' });
    const wiped = createSandboxCrmFactory({ ...other, getIdempotency: async () => undefined }).create({ config: { workspaceId: 'ws', seed: false } });
    const r2 = await wiped.upsertBatch(batch, 'k2');
    expect((r2[0] as { id: string }).id).toBe((r1[0] as { id: string }).id);
    expect(await other.count('ws', 'people')).toBe(1);
  });

  it('finds people by email and phone, normalised', async () => {
    await editor.crm.createPerson('ws', { email: ' Kim@X.com', phone: '+44 20 7946 0958' });
    const byEmail = await crm.findByKey('email', ['kim@x.com']);
    expect(byEmail.get('kim@x.com')).toHaveLength(1);
    const byPhone = await crm.findByKey('phone', ['+442079460958', '+10000000000']);
    expect(byPhone.get('+442079460958')).toHaveLength(1);
    expect(byPhone.get('+10000000000')).toEqual([]);
  });

  it('seeds the demo data on first use', async () => {
    const seeded = createSandboxCrmFactory(store).create({ config: { workspaceId: 'demo' } });
    await seeded.checkAuth();
    const all = (await (async () => {
      const out: ChangePage[] = [];
      for await (const p of seeded.changes(null, { pageSize: 1000 })) out.push(p);
      return out;
    })()).flatMap((p) => p.records);
    expect(all).toHaveLength(350);
    expect(all.filter((c) => (c.deals?.count ?? 0) > 0).length).toBeGreaterThan(100);
    expect(() => createSandboxCrmFactory(store).create({ config: { workspace: 'typo' } })).toThrow(/E_CONFIG|workspace/);
  });
});
