import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEnv, type TestEnv } from '../testing/test-env';
import { templateGallery } from './template-gallery';

let env: TestEnv;
beforeAll(async () => {
  env = await openTestEnv();
});
afterAll(async () => env.close());

const sandboxApps = { a: { connector: 'sandbox-crm', config: {} }, b: { connector: 'sandbox-outreach', config: {} } };

describe('templates router', () => {
  it('lists the gallery, imports a gallery template after running its tests, and exports without account details', async () => {
    const { caller } = await env.signUp();
    const gallery = await caller.templates.gallery();
    expect(gallery.length).toBeGreaterThanOrEqual(5);
    const connection = await caller.connections.create({ name: 'CRM → Outreach', apps: sandboxApps, mode: 'a-to-b' });

    const imported = await caller.templates.import({ connectionId: connection.id, galleryId: 'prospects-without-deals', direction: 'aToB' });
    expect(imported).toMatchObject({ imported: ['aToB'], tests: { aToB: 2 } });
    const got = await caller.graphs.get({ connectionId: connection.id, direction: 'aToB' });
    expect(got.graph.source.app).toBe('sandbox-crm');
    expect(got.graph.target.app).toBe('sandbox-outreach');

    const exported = await caller.templates.export({ connectionId: connection.id, direction: 'aToB' });
    expect(exported).toMatchObject({ format: 'sluice.graph/v1', source: { app: 'sandbox-crm' }, target: { app: 'sandbox-outreach' } });
    const text = JSON.stringify(exported);
    expect(text).not.toContain(connection.id);
    expect(text).not.toContain('"version"');
    expect(text).not.toContain('workspace');

    const bundle = await caller.templates.export({ connectionId: connection.id });
    expect(bundle).toMatchObject({ format: 'sluice.template/v1', apps: { a: 'sandbox-crm', b: 'sandbox-outreach' } });

    // Round trip into another connection of another workspace.
    const other = await env.signUp();
    const target = await other.caller.connections.create({ name: 'copy', apps: sandboxApps, mode: 'a-to-b' });
    const again = await other.caller.templates.import({ connectionId: target.id, template: bundle });
    expect(again.imported).toEqual(['aToB']);
  });

  it('names what is missing when a template does not fit the connection, and saves nothing', async () => {
    const { caller } = await env.signUp();
    // Sandbox Outreach has no deals: a rule on deals.count cannot run with Outreach as the source.
    const connection = await caller.connections.create({ name: 'Outreach → CRM', apps: { a: sandboxApps.b, b: sandboxApps.a }, mode: 'a-to-b' });
    const template = templateGallery.find((t) => t.id === 'prospects-without-deals')!.graph;
    await expect(caller.templates.import({ connectionId: connection.id, template, direction: 'aToB' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/c1: E_UNKNOWN_FIELD.*deals\.count/),
    });
    expect((await caller.graphs.versions({ connectionId: connection.id, direction: 'aToB' })).versions).toEqual([]);

    const failing = { ...templateGallery.find((t) => t.id === 'skip-unsubscribed')!.graph };
    failing.tests = [{ name: 'wrongly expects exclusion', record: { email: 'a@example.com' }, expect: 'exclude' }];
    await expect(caller.templates.import({ connectionId: connection.id, template: failing })).rejects.toMatchObject({
      message: expect.stringContaining('test "wrongly expects exclusion" failed'),
    });
    await expect(caller.templates.import({ connectionId: connection.id, template: { format: 'other' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.templates.import({ connectionId: connection.id, galleryId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says, for a connection, which gallery templates fit its apps and why the others do not', async () => {
    const { caller } = await env.signUp();
    const outreachFirst = await caller.connections.create({ name: 'Outreach → CRM', apps: { a: sandboxApps.b, b: sandboxApps.a }, mode: 'a-to-b' });
    const gallery = await caller.templates.gallery({ connectionId: outreachFirst.id, direction: 'aToB' });
    const byId = new Map(gallery.map((t) => [t.id, t.fit]));
    expect(byId.get('skip-unsubscribed')).toEqual({ ok: true, problems: [] });
    expect(byId.get('prospects-without-deals')?.ok).toBe(false);
    expect(byId.get('prospects-without-deals')?.problems.join(' ')).toMatch(/This app has no field "deals\.count"/);
    // Checking saves nothing; without a connection the gallery says nothing about fit.
    expect((await caller.graphs.versions({ connectionId: outreachFirst.id, direction: 'aToB' })).versions).toEqual([]);
    expect((await caller.templates.gallery()).every((t) => t.fit === null)).toBe(true);
    const checked = await caller.templates.check({ connectionId: outreachFirst.id, galleryId: 'skip-unsubscribed', direction: 'aToB' });
    expect(checked.graphs.aToB?.source.app).toBe('sandbox-outreach');
  });

  it('saves, lists, reads and deletes workspace templates', async () => {
    const { caller } = await env.signUp();
    const connection = await caller.connections.create({ name: 'c', apps: sandboxApps });
    await caller.templates.import({ connectionId: connection.id, galleryId: 'only-customers' });
    const saved = await caller.templates.save({ connectionId: connection.id, name: 'Our customers rule' });
    expect((await caller.templates.list()).map((t) => t.name)).toEqual(['Our customers rule']);
    expect((await caller.templates.get({ id: saved.id })).content).toMatchObject({ format: 'sluice.template/v1' });
    await caller.templates.delete({ id: saved.id });
    expect(await caller.templates.list()).toEqual([]);
  });
});
