import type { ChangePage, Connector } from '@sluice/engine';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemorySandboxStore } from './memory-sandbox.store';
import { createSandboxEditor } from './sandbox-editor';
import { createSandboxOutreachFactory } from './sandbox-outreach.connector';
import type { SandboxStore } from './sandbox-store.port';

let store: SandboxStore;
let outreach: Connector;
let editor: ReturnType<typeof createSandboxEditor>;
beforeEach(() => {
  store = createMemorySandboxStore();
  outreach = createSandboxOutreachFactory(store).create({ config: { workspaceId: 'ws', seed: false } });
  editor = createSandboxEditor(store);
});

async function records(cursor: string | null) {
  const pages: ChangePage[] = [];
  for await (const page of outreach.changes(cursor)) pages.push(page);
  return { records: pages.flatMap((p) => p.records), cursor: pages.at(-1)!.cursor };
}

describe('Sandbox Outreach connector', () => {
  it('reads prospects: title → jobTitle, BLACKLIST → unsubscribed, status as read-only custom field', async () => {
    const p = await editor.outreach.createProspect('ws', { email: 'a@x.com', title: 'CEO', tags: ['Trial'], status: 'BLACKLIST' });
    const [c] = await outreach.getMany([p.id]);
    expect(c).toMatchObject({ email: 'a@x.com', jobTitle: 'CEO', tags: ['Trial'], unsubscribed: true, custom: { status: 'BLACKLIST' } });
  });

  it('carries unsubscribes both ways and keeps its own statuses', async () => {
    const p = await editor.outreach.createProspect('ws', { email: 'b@x.com', status: 'REPLIED' });
    const [r1] = await outreach.upsertBatch([{ ref: 'x', id: p.id, fields: { unsubscribed: true, tags: ['Sluice Trash'] } }], 'k1');
    expect(r1).toMatchObject({ ok: true, record: { unsubscribed: true, tags: ['Sluice Trash'], custom: { status: 'BLACKLIST' } } });
    const [r2] = await outreach.upsertBatch([{ ref: 'x', id: p.id, fields: { unsubscribed: false } }], 'k2');
    expect(r2).toMatchObject({ ok: true, record: { unsubscribed: false, custom: { status: 'ACTIVE' } } });
    const [r3] = await outreach.upsertBatch([{ ref: 'x', id: p.id, fields: { 'custom.status': 'REPLIED' } }], 'k3');
    expect(r3).toMatchObject({ ok: false, code: 'E_FIELD_READ_ONLY' });
  });

  it('reports edits, creations and deletions since a cursor', async () => {
    const a = await editor.outreach.createProspect('ws', { email: 'a@x.com' });
    const b = await editor.outreach.createProspect('ws', { email: 'b@x.com' });
    const { cursor } = await records(null);
    await editor.outreach.updateProspect('ws', a.id, { tags: ['Warm'] });
    await editor.outreach.deleteProspect('ws', b.id);
    const [created] = await outreach.upsertBatch([{ ref: 'n', fields: { email: 'n@x.com', firstName: 'N' } }], 'k');
    const delta = await records(cursor);
    expect(delta.records.map((r) => [r.id, r.deleted ?? false])).toEqual([
      [a.id, false],
      [b.id, true],
      [(created as { id: string }).id, false],
    ]);
    expect((await records(delta.cursor)).records).toEqual([]);
  });

  it('finds prospects by normalised email; retried batches create nothing twice', async () => {
    const batch = [{ ref: '1', fields: { email: 'Lee@X.com' } }];
    await outreach.upsertBatch(batch, 'same');
    await outreach.upsertBatch(batch, 'same');
    expect(await store.count('ws', 'prospects')).toBe(1);
    expect((await outreach.findByKey('email', ['lee@x.com'])).get('lee@x.com')).toHaveLength(1);
  });
});
