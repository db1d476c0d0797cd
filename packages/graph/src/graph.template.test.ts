import { describe, expect, it } from 'vitest';
import { graphSchema, type Graph } from './graph.schema';
import { toTemplate } from './graph.template';
import { singleRule } from './testing/graph.fixture';

describe('toTemplate', () => {
  const g: Graph = {
    ...singleRule({ field: 'email', op: 'isNotEmpty' }, { op: 'addTag', value: 'New' }),
    id: 'graph-123',
    version: 7,
    description: 'tag newcomers',
    source: { app: 'pipedrive', accountId: 'acct-9', connectionId: 'conn-1', config: { companyDomain: 'acme' }, credentials: { token: 's3cret' } },
    target: { app: 'woodpecker', credentials: { apiKey: 'k' } },
    layout: { c1: { x: 10, y: 20 }, gone: { x: 0, y: 0 } },
    tests: [{ name: 'tags', record: { email: 'a@b.c' }, expect: 'sync' }],
  };
  it('keeps only app types, rules, layout and tests', () => {
    const t = toTemplate(g);
    expect(t.source).toEqual({ app: 'pipedrive' });
    expect(t.target).toEqual({ app: 'woodpecker' });
    expect(t).not.toHaveProperty('id');
    expect(t).not.toHaveProperty('version');
    expect(JSON.stringify(t)).not.toMatch(/s3cret|acct-9|conn-1|acme/);
    expect(t.layout).toEqual({ c1: { x: 10, y: 20 } });
    expect(t.nodes).toEqual(g.nodes);
    expect(t.tests).toEqual(g.tests);
    expect(t.description).toBe('tag newcomers');
  });
  it('returns a valid graph and leaves the input alone', () => {
    const t = toTemplate(g);
    expect(graphSchema.safeParse(t).success).toBe(true);
    t.nodes.pop();
    expect(g.nodes).toHaveLength(4);
    expect(g.source.credentials).toEqual({ token: 's3cret' });
  });
});
