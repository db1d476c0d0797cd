import { describe, expect, it } from 'vitest';
import { createMemorySandboxStore } from './memory-sandbox.store';
import { createSandboxEditor } from './sandbox-editor';

describe('sandbox editor', () => {
  it('creates, updates, lists and deletes people; deals change the counts', async () => {
    const editor = createSandboxEditor(createMemorySandboxStore());
    const p = await editor.crm.createPerson('w', { firstName: 'Ann', company: 'Acme', address: { city: 'Oslo' }, custom: { industry: 'Tea' } });
    expect(p).toMatchObject({ firstName: 'Ann', company: 'Acme', address: { city: 'Oslo' }, custom: { industry: 'Tea' }, deals: { count: 0 } });
    const updated = await editor.crm.updatePerson('w', p.id, { company: 'Initech', address: null, labels: ['VIP'] });
    expect(updated).toMatchObject({ company: 'Initech', tags: ['VIP'] });
    expect(updated.address).toBeUndefined();
    const withDeal = await editor.crm.addDeal('w', p.id, { title: 'Deal', value: 100 });
    expect(withDeal.deals).toEqual({ count: 1, open: 1, won: 0, value: 100 });
    const [deal] = await editor.crm.listDeals('w', p.id);
    expect((await editor.crm.updateDeal('w', deal!.id, { status: 'won' })).deals).toEqual({ count: 1, open: 0, won: 1, value: 100 });
    expect((await editor.crm.listPeople('w')).items.map((c) => c.id)).toEqual([p.id]);
    await editor.crm.deletePerson('w', p.id);
    expect((await editor.crm.listPeople('w')).items).toEqual([]);
    await expect(editor.crm.deletePerson('w', p.id)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('validates input strictly', async () => {
    const editor = createSandboxEditor(createMemorySandboxStore());
    await expect(editor.crm.createPerson('w', { nickname: 'x' } as never)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
    await expect(editor.crm.addDeal('w', 'missing', { title: 'x', value: 1 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(editor.outreach.updateProspect('w', 'missing', { tags: [] })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(editor.outreach.createProspect('w', { status: 'LOST' } as never)).rejects.toMatchObject({ code: 'E_INVALID_INPUT' });
  });

  it('edits prospects, statuses included, and seeds on demand', async () => {
    const editor = createSandboxEditor(createMemorySandboxStore());
    const p = await editor.outreach.createProspect('w', { email: 'x@y.com', tags: ['A'] });
    expect(p).toMatchObject({ unsubscribed: false, custom: { status: 'ACTIVE' } });
    expect(await editor.outreach.updateProspect('w', p.id, { status: 'BOUNCED' })).toMatchObject({ custom: { status: 'BOUNCED' } });
    expect(await editor.outreach.updateProspect('w', p.id, { status: 'BLACKLIST' })).toMatchObject({ unsubscribed: true });
    await editor.outreach.deleteProspect('w', p.id);
    expect(await editor.outreach.getProspect('w', p.id)).toBeUndefined();
    expect(await editor.seed('fresh')).toMatchObject({ people: 350 });
    expect((await editor.outreach.listProspects('fresh', { limit: 10 })).items).toHaveLength(10);
  });
});
