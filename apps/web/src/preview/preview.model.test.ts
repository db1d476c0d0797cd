import { describe, expect, it } from 'vitest';
import { normalizeContact, type Graph } from '@sluice/graph';
import { exampleGraph } from '../playground/example-graph';
import { filterDecisions, impactOf, nodeStats, pathText, runPreview } from './preview.model';

const records = [
  normalizeContact({ id: 'r1', email: 'A@x.io', deals: { count: 0, open: 0, won: 0, value: 0 } }),
  normalizeContact({ id: 'r2', email: 'b@x.io', deals: { count: 2, open: 1, won: 1, value: 10 }, tags: ['customer'] }),
  normalizeContact({ id: 'r3', email: 'c@x.io', deals: { count: 1, open: 1, won: 0, value: 0 } }),
  normalizeContact({ id: 'r4', email: 'd@x.io', unsubscribed: true }),
];

describe('preview model', () => {
  it('traces every record and explains exclusions', () => {
    const run = runPreview(exampleGraph, records);
    expect(run.error).toBeUndefined();
    expect(run.decisions.map((d) => [d.id, d.sync])).toEqual([
      ['r1', true],
      ['r2', true],
      ['r3', false],
      ['r4', false],
    ]);
    expect(run.decisions[0]!.record.tags).toContain('New');
    expect(run.decisions[2]!.excludedBy).toBe('c3');
    expect(run.decisions[3]!.excludedBy).toBe('c1');
    expect(run.decisions[2]!.reason).toBeTruthy();
  });

  it('reports a graph that cannot run instead of throwing', () => {
    const broken: Graph = { ...exampleGraph, edges: [...exampleGraph.edges, { from: 'a1', to: 'c1' }] };
    const run = runPreview(broken, records);
    expect(run.decisions).toEqual([]);
    expect(run.error).toMatch(/^These wires go round in a circle \(Is subscribed → Has no deals → Tag as New → Is subscribed\)/);
  });

  it('counts passed and stopped records per node', () => {
    const stats = nodeStats(runPreview(exampleGraph, records).decisions);
    expect(stats.get('in')).toEqual({ passed: 4, stopped: 0 });
    expect(stats.get('c1')).toEqual({ passed: 3, stopped: 1 });
    expect(stats.get('c2')?.passed).toBe(1);
    expect(stats.get('c3')).toEqual({ passed: 1, stopped: 1 });
    expect(stats.get('out')?.passed).toBe(2);
  });

  it('filters by node passed or stopped, by status and by text', () => {
    const { decisions } = runPreview(exampleGraph, records);
    expect(filterDecisions(decisions, { status: 'all', nodeId: 'c3', nodeMode: 'passed' }).map((d) => d.id)).toEqual(['r2']);
    expect(filterDecisions(decisions, { status: 'all', nodeId: 'c3', nodeMode: 'stopped' }).map((d) => d.id)).toEqual(['r3']);
    expect(filterDecisions(decisions, { status: 'excluded' }).map((d) => d.id)).toEqual(['r3', 'r4']);
    expect(filterDecisions(decisions, { status: 'all', text: 'B@X' }).map((d) => d.id)).toEqual(['r2']);
  });

  it('measures the impact of edits against the saved version', () => {
    const saved = runPreview(exampleGraph, records).decisions;
    const edited: Graph = { ...exampleGraph, edges: exampleGraph.edges.filter((e) => e.from !== 'a2') };
    const now = runPreview(edited, records).decisions;
    expect(impactOf(now, saved)).toEqual({ start: [], stop: ['r2'], written: [] });
    expect(filterDecisions(now, { status: 'changed' }, impactOf(now, saved)).map((d) => d.id)).toEqual(['r2']);
  });

  it('counts records that sync either way but would be written with other values', () => {
    const saved = runPreview(exampleGraph, records).decisions;
    const retagged: Graph = { ...exampleGraph, nodes: exampleGraph.nodes.map((n) => (n.id === 'a1' ? { ...n, do: { op: 'addTag', value: 'Fresh' } } : n)) };
    const now = runPreview(retagged, records).decisions;
    expect(impactOf(now, saved)).toEqual({ start: [], stop: [], written: ['r1'] });
  });

  it('reads a path with node names', () => {
    expect(pathText(exampleGraph, ['in', 'c1', 'c2', 'a1', 'out'])).toBe('Pipedrive person → Is subscribed → Has no deals → Tag as New → Sync to Woodpecker');
  });
});
