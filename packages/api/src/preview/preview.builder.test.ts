import { CONNECTION_FORMAT, connectionConfigSchema, type Link } from '@sluice/engine';
import { canonicalCatalog, normalizeContact, type Contact, type Graph } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { buildPreview, type PreviewMatch } from './preview.builder';

const rule: Graph = {
  format: 'sluice.graph/v1',
  name: 'VIPs',
  source: { app: 'a' },
  target: { app: 'b' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', label: 'is a VIP', when: { field: 'tags', op: 'contains', value: 'vip' } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'out' },
  ],
};

const config = (extra: Record<string, unknown> = {}) =>
  connectionConfigSchema.parse({
    format: CONNECTION_FORMAT,
    name: 'p',
    apps: { a: { connector: 'a' }, b: { connector: 'b' } },
    rules: { aToB: rule },
    ...extra,
  });

const c = (fields: Partial<Contact> & { id: string }): Contact => normalizeContact({ updatedAt: '2026-01-02T00:00:00.000Z', ...fields });

describe('buildPreview', () => {
  const samples = [
    c({ id: 'a1', email: 'ann@example.com', firstName: 'Ann', phone: '+3225550101', tags: ['VIP'] }),
    c({ id: 'a2', email: 'bob@example.com', tags: [] }),
    c({ id: 'a3', firstName: 'No email', tags: ['vip'] }),
    c({ id: 'a4', email: 'new@example.com', firstName: 'New', tags: ['vip'] }),
  ];
  const matches = new Map<string, PreviewMatch>([['a1', { id: 'b1', by: 'email', record: c({ id: 'b1', email: 'ann@example.com', firstName: 'Annie', phone: '+3225550199', updatedAt: '2026-01-03T00:00:00.000Z' }) }]]);
  const input = { direction: 'aToB' as const, samples, catalogs: { a: canonicalCatalog, b: canonicalCatalog }, matches, links: new Map<string, Link>() };

  it('says per record: sync or not, why, what is written, and the conflict outcome', () => {
    const result = buildPreview({ ...input, config: config({ conflict: { winner: 'b', fields: { phone: 'a' } } }) });
    expect(result.summary).toEqual({ total: 4, syncing: 3, excluded: 1, create: 1, update: 1, unchanged: 0, skipped: 1 });
    const [ann, bob, noEmail, fresh] = result.items;
    expect(bob).toMatchObject({ sync: false, excludedBy: 'c1', action: 'excluded', path: ['in', 'c1'] });
    expect(bob!.reason).toContain('is a VIP');
    expect(noEmail).toMatchObject({ sync: true, action: 'skipped', skipReason: 'E_NO_MATCH_KEY' });
    expect(fresh).toMatchObject({ action: 'create', mapped: { email: 'new@example.com', firstName: 'New' }, diff: [] });
    expect(ann!.action).toBe('update');
    // First sync, both hold different names and phones: B wins names, A wins phones (per-field override).
    const first = ann!.diff.find((d) => d.path === 'firstName')!;
    expect(first).toMatchObject({ side: 'source', before: 'Ann', after: 'Annie', conflict: { winner: 'b', losingValue: 'Ann' } });
    const phone = ann!.diff.find((d) => d.path === 'phone')!;
    expect(phone).toMatchObject({ side: 'target', before: '+3225550199', after: '+3225550101', conflict: { winner: 'a' } });
  });

  it('reports the impact of a draft against the saved graph', () => {
    const result = buildPreview({ ...input, config: config({ rules: {} }), saved: rule });
    expect(result.impact).toEqual({ start: ['a2'], stop: [] });
    const back = buildPreview({ ...input, config: config(), saved: null });
    expect(back.impact).toEqual({ start: [], stop: ['a2'] });
  });

  it('adds the node-by-node trace only when asked', () => {
    expect(buildPreview({ ...input, config: config() }).items[0]!.trace).toBeUndefined();
    const traced = buildPreview({ ...input, config: config(), includeTrace: true }).items[0]!;
    expect(traced.trace?.map((t) => t.nodeId)).toEqual(['in', 'c1', 'out']);
  });
});
