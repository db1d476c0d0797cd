import { describe, expect, it } from 'vitest';
import type { FieldCatalog } from './field-catalog';
import type { Graph, GraphNode } from './graph.schema';
import { validateGraph } from './graph.validator';
import { graphOf, singleRule } from './testing/graph.fixture';
import { formatIssue } from './validation-issue';

const codes = (input: unknown, catalog?: FieldCatalog) => validateGraph(input, catalog).errors.map((e) => e.code);
const ok: Graph = singleRule({ field: 'deals.count', op: 'eq', value: 0 }, { op: 'addTag', value: 'New' });

describe('validateGraph', () => {
  it('accepts a valid graph', () => {
    expect(validateGraph(ok)).toEqual({ valid: true, errors: [] });
  });
  it('E_FORMAT for non-objects and other formats', () => {
    for (const bad of [null, 1, 'x', [], { format: 'other' }, {}]) expect(codes(bad)).toEqual(['E_FORMAT']);
  });
  it('E_SCHEMA for unknown keys and wrong shapes, naming the node', () => {
    const res = validateGraph({ ...ok, nodes: [...ok.nodes, { id: 'c9', kind: 'condition', when: { field: 'a', op: 'eq', value: 1, extra: true } }] });
    expect(res.valid).toBe(false);
    expect(res.errors[0]).toMatchObject({ code: 'E_SCHEMA', nodeId: 'c9' });
    expect(codes({ ...ok, colour: 'red' })).toEqual(['E_SCHEMA']);
    expect(validateGraph({ ...ok, edges: [{ from: 'in' }] }).errors[0]).toMatchObject({ code: 'E_SCHEMA', edgeIndex: 0 });
  });
  it('E_SCHEMA for missing or misshapen values', () => {
    expect(codes(singleRule({ field: 'email', op: 'eq' }))).toEqual(['E_SCHEMA']);
    expect(codes(singleRule({ field: 'email', op: 'in', value: 'x' }))).toEqual(['E_SCHEMA']);
    expect(codes(singleRule({ field: 'email', op: 'eq', value: ['x'] }))).toEqual(['E_SCHEMA']);
    expect(codes(singleRule({ field: 'email', op: 'contains', value: null }))).toEqual(['E_SCHEMA']);
  });
  it('E_DUPLICATE_ID, E_NO_SOURCE, E_MULTIPLE_SOURCES, E_NO_SYNC', () => {
    expect(codes({ ...ok, nodes: [...ok.nodes, { id: 'c1', kind: 'sync' }] })).toContain('E_DUPLICATE_ID');
    expect(codes(graphOf([{ id: 'out', kind: 'sync' }], []))).toEqual(['E_NO_SOURCE']);
    const two = validateGraph(graphOf([{ id: 'in', kind: 'source' }, { id: 'in2', kind: 'source' }, { id: 'out', kind: 'sync' }], [{ from: 'in', to: 'out' }, { from: 'in2', to: 'out' }]));
    expect(two.errors.map((e) => [e.code, e.nodeId])).toEqual([['E_MULTIPLE_SOURCES', 'in2']]);
    expect(codes(graphOf([{ id: 'in', kind: 'source' }], []))).toEqual(['E_NO_SYNC']);
  });
  it('E_DANGLING_EDGE names the edge and the missing node', () => {
    const res = validateGraph({ ...ok, edges: [...ok.edges, { from: 'a1', to: 'ghost' }] });
    expect(res.errors).toEqual([expect.objectContaining({ code: 'E_DANGLING_EDGE', edgeIndex: 3, path: ['edges', 3, 'to'] })]);
    expect(res.errors[0]!.message).toContain('ghost');
  });
  it('E_BAD_EDGE for edges into the source, out of sync, or else from a non-condition', () => {
    expect(codes({ ...ok, edges: [...ok.edges, { from: 'a1', to: 'in' }] })).toContain('E_BAD_EDGE');
    expect(codes({ ...ok, edges: [...ok.edges, { from: 'out', to: 'a1' }] })).toContain('E_BAD_EDGE');
    expect(codes({ ...ok, edges: [{ from: 'in', to: 'c1', branch: 'else' }, ...ok.edges.slice(1)] })).toEqual(['E_BAD_EDGE']);
  });
  it('E_CYCLE names the nodes on the cycle', () => {
    const nodes: GraphNode[] = [...ok.nodes, { id: 'c2', kind: 'condition', when: { field: 'email', op: 'isEmpty' } }];
    const res = validateGraph({ ...ok, nodes, edges: [...ok.edges, { from: 'a1', to: 'c2' }, { from: 'c2', to: 'c1', branch: 'else' }] });
    const cycle = res.errors.find((e) => e.code === 'E_CYCLE')!;
    expect(cycle.nodeIds).toEqual(['c1', 'a1', 'c2']);
    expect(cycle.message).toBe('cycle: c1 → a1 → c2 → c1');
    expect(res.valid).toBe(false);
  });
  it('E_UNREACHABLE is a warning only', () => {
    const res = validateGraph({ ...ok, nodes: [...ok.nodes, { id: 'lonely', kind: 'action', do: { op: 'unsubscribe' } }] });
    expect(res.valid).toBe(true);
    expect(res.errors).toEqual([expect.objectContaining({ code: 'E_UNREACHABLE', severity: 'warning', nodeId: 'lonely' })]);
  });
  it('E_UNREACHABLE warns about a node behind a wire that syncs every record first, and what lies only behind it', () => {
    const g = graphOf(
      [
        { id: 'in', kind: 'source' },
        { id: 'out', kind: 'sync' },
        { id: 'c1', kind: 'condition', label: 'Has no deals', when: { field: 'deals.count', op: 'eq', value: 0 } },
        { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
      ],
      [{ from: 'in', to: 'out' }, { from: 'in', to: 'c1' }, { from: 'c1', to: 'a1' }, { from: 'a1', to: 'out' }],
    );
    const res = validateGraph(g);
    expect(res.valid).toBe(true);
    expect(res.errors.map((e) => [e.code, e.severity, e.nodeId])).toEqual([
      ['E_UNREACHABLE', 'warning', 'c1'],
      ['E_UNREACHABLE', 'warning', 'a1'],
    ]);
    expect(res.errors[0]!.message).toBe('node "c1" is never reached: every record syncs along in → out, which is tried first');
    expect(res.errors[0]!.sentence).toBe(
      'No record reaches this node: every record at "Every record" already syncs along the wire to "Sync the record", which is tried first. Put this node on that wire instead, or remove that wire.',
    );
    // The same wires in the other order: the condition is tried first, records it stops still sync.
    expect(validateGraph({ ...g, edges: [g.edges[1]!, g.edges[2]!, g.edges[3]!, g.edges[0]!] })).toEqual({ valid: true, errors: [] });
    // A condition whose both ways sync every record pre-empts what its parent lists after it.
    const both = graphOf(
      [{ id: 'in', kind: 'source' }, { id: 'c1', kind: 'condition', when: { field: 'email', op: 'isEmpty' } }, { id: 'a1', kind: 'action', do: { op: 'unsubscribe' } }, { id: 'out', kind: 'sync' }],
      [{ from: 'in', to: 'c1' }, { from: 'c1', to: 'out' }, { from: 'c1', to: 'out', branch: 'else' }, { from: 'in', to: 'a1' }, { from: 'a1', to: 'out' }],
    );
    expect(validateGraph(both).errors.map((e) => e.nodeId)).toEqual(['a1']);
  });
  it('gives every finding a sentence for people: an empty tag asks for a tag name', () => {
    const empty = singleRule({ field: 'email', op: 'isEmpty' }, { op: 'addTag', value: '' });
    const [issue] = validateGraph(empty).errors;
    expect(issue).toMatchObject({ code: 'E_SCHEMA', nodeId: 'a1', path: ['nodes', 3, 'do', 'value'], sentence: 'Enter a tag name.' });
    expect(validateGraph(singleRule({ field: 'dealz.count', op: 'eq', value: 0 })).errors[0]!.sentence).toBe(
      'This app has no field "dealz.count". Did you mean Number of deals (deals.count)?',
    );
    expect(validateGraph(singleRule({ field: 'deals.count', op: 'eq', value: 'many' })).errors[0]!.sentence).toBe('Number of deals (deals.count) holds numbers; "many" is not one of them.');
    expect(validateGraph(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'set', field: 'deals.count', value: 1 })).errors[0]!.sentence).toBe(
      'Number of deals (deals.count) is filled in by the app, so a rule cannot change it; choose another field.',
    );
  });
  it('E_UNKNOWN_FIELD with a suggestion, in conditions, actions and placeholders', () => {
    const res = validateGraph(singleRule({ field: 'dealz.count', op: 'eq', value: 0 }));
    expect(res.errors.map(formatIssue)).toEqual(['c1: E_UNKNOWN_FIELD field "dealz.count" is unknown (did you mean "deals.count"?)']);
    expect(codes(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'set', field: 'custom.x', value: 'Hi {{frstName}}' }))).toEqual(['E_UNKNOWN_FIELD']);
    expect(codes(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'copy', from: 'nope', to: 'company' }))).toEqual(['E_UNKNOWN_FIELD']);
  });
  it('accepts any custom.* field without a catalog, and only listed ones with a catalog', () => {
    const g = singleRule({ field: 'custom.industry', op: 'eq', value: 'it' });
    expect(codes(g)).toEqual([]);
    const catalog: FieldCatalog = [{ path: 'email', type: 'string', label: 'Email' }];
    expect(codes(g, catalog)).toEqual(['E_UNKNOWN_FIELD']);
    expect(codes(g, [...catalog, { path: 'custom.industry', type: 'string', label: 'Industry', custom: true }])).toEqual([]);
  });
  it('E_TYPE_MISMATCH for ops and values that do not fit the field type', () => {
    expect(codes(singleRule({ field: 'deals.count', op: 'contains', value: 1 }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'email', op: 'gt', value: 3 }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'deals.count', op: 'eq', value: 'many' }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'unsubscribed', op: 'eq', value: 'yes' }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'updatedAt', op: 'gt', value: 5 }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'deals.count', op: 'gt', value: '2024-01-01' }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'updatedAt', op: 'gt', value: '2024-01-01' }))).toEqual([]);
    expect(codes(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'set', field: 'tags', value: 'x' }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'format', field: 'unsubscribed', as: 'trim' }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'copy', from: 'tags', to: 'unsubscribed' }))).toEqual(['E_TYPE_MISMATCH']);
    expect(codes(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'copy', from: 'deals.count', to: 'custom.deals' }))).toEqual([]);
  });
  it('E_READ_ONLY_FIELD for actions writing computed fields', () => {
    expect(codes(singleRule({ field: 'email', op: 'isEmpty' }, { op: 'set', field: 'deals.count', value: 1 }))).toEqual(['E_READ_ONLY_FIELD']);
  });
  it('E_BAD_REGEX for patterns that do not compile', () => {
    expect(codes(singleRule({ field: 'email', op: 'matches', value: '([a-z' }))).toEqual(['E_BAD_REGEX']);
    expect(codes(singleRule({ field: 'email', op: 'matches', value: '^[a-z]+@' }))).toEqual([]);
  });
  it('E_BAD_REGEX, naming the node, for patterns only a backtracking engine can run', () => {
    for (const [pattern, construct] of [
      ['(a)\\1', 'backreference'],
      ['(?<x>a)\\k<x>', 'named backreference'],
      ['^(?!test)', 'lookahead'],
      ['(?<=@)acme', 'lookbehind'],
    ]) {
      const [issue, ...rest] = validateGraph(singleRule({ field: 'email', op: 'matches', value: pattern })).errors;
      expect(rest).toEqual([]);
      expect(issue).toMatchObject({ code: 'E_BAD_REGEX', nodeId: 'c1' });
      expect(formatIssue(issue!)).toMatch(new RegExp(`^c1: E_BAD_REGEX pattern /.+/ uses an? ${construct}.*linear time`));
    }
  });
  it('checks test fixtures: record shape and excludedBy', () => {
    const bad = { ...ok, tests: [{ name: 't', record: { emial: 'x' }, expect: 'exclude', excludedBy: 'nope' }] };
    expect(codes(bad)).toEqual(['E_SCHEMA', 'E_SCHEMA']);
  });
  it('never throws on hostile input', () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 5000; i++) cur = (cur.not = {}) as Record<string, unknown>;
    const hostile = [undefined, Symbol('x'), () => 1, { format: 'sluice.graph/v1', nodes: [{ id: 'x', kind: 'condition', when: deep }] }, Object.create(null)];
    for (const h of hostile) expect(() => validateGraph(h)).not.toThrow();
  });
});
