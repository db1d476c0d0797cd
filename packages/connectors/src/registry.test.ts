import type { ConnectorFactory } from '@sluice/engine';
import { canonicalCatalog } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { createConnectorRegistry, getConnectorFactory, listApps } from './registry';
import { createMemorySandboxStore } from './sandbox/memory-sandbox.store';

describe('connector registry', () => {
  it('lists the built-in apps with logo, auth help, typed catalogs and capabilities', () => {
    const apps = listApps();
    expect(apps.map((a) => a.id).sort()).toEqual(['csv', 'google-contacts', 'hubspot', 'intercom', 'jsonl', 'mailchimp', 'microsoft-365', 'pipedrive', 'sandbox-crm', 'sandbox-outreach', 'woodpecker']);
    for (const app of apps) {
      expect(app.logo).toMatch(/^<svg [^>]*viewBox="0 0 64 64"/);
      expect(app.auth.help).toBeTruthy();
      expect(app.batchLimit).toBeGreaterThan(0);
      expect(new Set(app.fields.map((f) => f.path)).size).toBe(app.fields.length);
      for (const f of app.fields.filter((f) => !f.custom)) {
        expect(canonicalCatalog.find((c) => c.path === f.path)?.type).toBe(f.type);
      }
      expect(app.fields.find((f) => f.path === 'updatedAt')?.readOnly).toBe(true);
    }
    expect(apps.find((a) => a.id === 'sandbox-crm')!.capabilities.deals).toBe(true);
    expect(apps.find((a) => a.id === 'sandbox-outreach')!.capabilities.unsubscribe).toBe(true);
  });

  it('names the known apps when asked for an unknown one', () => {
    expect(() => getConnectorFactory('pipdrive')).toThrow(/no app "pipdrive".*jsonl/);
  });

  it('takes more apps and a sandbox store of its own', async () => {
    const store = createMemorySandboxStore();
    const extra: ConnectorFactory = { ...getConnectorFactory('jsonl'), app: { ...getConnectorFactory('jsonl').app, id: 'acme', name: 'Acme' } };
    const registry = createConnectorRegistry({ sandboxStore: store, factories: [extra] });
    expect(registry.has('acme')).toBe(true);
    expect(registry.listApps()[0]!.name).toBe('Acme');
    const crm = registry.getConnectorFactory('sandbox-crm').create({ config: { workspaceId: 'w', seed: false } });
    await crm.upsertBatch([{ ref: 'r', fields: { email: 'a@b.c' } }], 'k');
    expect(await store.count('w', 'people')).toBe(1);
  });
});
