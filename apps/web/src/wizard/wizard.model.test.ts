import { describe, expect, it } from 'vitest';
import { accessReady, canAdvance, filterApps, initialWizard, toDraft, type AppInfo } from './wizard.model';
import { mappingRows, setRowDirection } from '../settings/settings.model';

const apps: AppInfo[] = [
  { id: 'pipedrive', name: 'Pipedrive', logo: '', auth: { kind: 'apiKey' } },
  { id: 'sandbox-crm', name: 'Sandbox CRM', logo: '', auth: { kind: 'none' } },
  { id: 'jsonl', name: 'JSON Lines file', logo: '', auth: { kind: 'none' } },
];

describe('wizard model', () => {
  it('filters apps by name or id, ignoring case', () => {
    expect(filterApps(apps, ' SANDBOX').map((a) => a.id)).toEqual(['sandbox-crm']);
    expect(filterApps(apps, '')).toHaveLength(3);
  });

  it('moves on only with both apps picked and access granted', () => {
    const picked = { ...initialWizard, apps: { a: 'pipedrive', b: 'sandbox-crm' } };
    expect(canAdvance(initialWizard, apps)).toBe(false);
    expect(canAdvance(picked, apps)).toBe(true);
    expect(canAdvance({ ...picked, step: 2 }, apps)).toBe(false);
    expect(canAdvance({ ...picked, step: 2, access: { a: { credentialId: 'k1', config: {} } } }, apps)).toBe(true);
    expect(accessReady(apps[2], { config: {} })).toBe(false);
    expect(accessReady(apps[2], { config: { path: 'a.jsonl' } })).toBe(true);
  });

  it('turns the choices into a connections.create input', () => {
    const state = { ...initialWizard, apps: { a: 'pipedrive', b: 'sandbox-crm' }, access: { a: { credentialId: 'k1', config: {} } } };
    expect(toDraft(state, { a: 'Pipedrive', b: 'Sandbox CRM' })).toEqual({
      name: 'Pipedrive ↔ Sandbox CRM',
      apps: { a: { connector: 'pipedrive', config: {}, credentialId: 'k1' }, b: { connector: 'sandbox-crm', config: {} } },
      mode: 'two-way',
      conflict: { winner: 'a', fields: {} },
      mappings: [],
    });
  });

  it('keeps a default mapping row switched to one direction as a custom mapping of the pair', () => {
    const defaults = [{ a: 'email', b: 'email', direction: 'both' as const }];
    const custom = [{ a: 'custom.x', b: 'custom.y', direction: 'both' as const }];
    const switched = setRowDirection(defaults, custom, { a: 'email', b: 'email' }, 'bToA');
    expect(mappingRows(defaults, switched)).toEqual([
      { a: 'email', b: 'email', direction: 'bToA', kind: 'default', defaultDirection: 'both' },
      { a: 'custom.x', b: 'custom.y', direction: 'both', kind: 'custom' },
    ]);
    expect(setRowDirection(defaults, switched, { a: 'email', b: 'email' }, 'both')).toEqual(custom);
  });
});
