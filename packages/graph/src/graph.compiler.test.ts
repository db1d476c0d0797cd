import { describe, expect, it } from 'vitest';
import { compileGraph, NO_PATH_REASON } from './graph.compiler';
import type { Graph } from './graph.schema';
import { contact, graphOf, singleRule } from './testing/graph.fixture';

/** IF has no deals THEN tag New → sync; ELSE IF customer → sync; else excluded. */
const orGraph: Graph = graphOf(
  [
    { id: 'in', kind: 'source' },
    { id: 'c1', kind: 'condition', label: 'has no deals', when: { field: 'deals.count', op: 'eq', value: 0 } },
    { id: 'a1', kind: 'action', do: { op: 'addTag', value: 'New' } },
    { id: 'c2', kind: 'condition', label: 'customers', when: { field: 'tags', op: 'contains', value: 'customer' } },
    { id: 'a2', kind: 'action', do: { op: 'addTag', value: 'Customer' } },
    { id: 'out', kind: 'sync' },
  ],
  [
    { from: 'in', to: 'c1' },
    { from: 'c1', to: 'a1', branch: 'then' },
    { from: 'a1', to: 'out' },
    { from: 'c1', to: 'c2', branch: 'else' },
    { from: 'c2', to: 'a2' },
    { from: 'a2', to: 'out' },
  ],
);
const deals = (count: number) => ({ count, open: count, won: 0, value: 0 });

describe('compileGraph().decide', () => {
  const { decide } = compileGraph(orGraph);
  it('takes the then branch when a condition holds and applies its actions', () => {
    const d = decide(contact({ deals: deals(0) }));
    expect(d).toMatchObject({ id: 'r1', sync: true, path: ['in', 'c1', 'a1', 'out'] });
    expect(d.record.tags).toEqual(['New']);
  });
  it('takes the else branch when it does not', () => {
    const d = decide(contact({ deals: deals(3), tags: ['Customer'] }));
    expect(d.path).toEqual(['in', 'c1', 'c2', 'a2', 'out']);
    expect(d.sync).toBe(true);
  });
  it('excludes a record that reaches no sync node, naming the last failed condition', () => {
    const d = decide(contact({ deals: deals(2) }));
    expect(d).toMatchObject({ sync: false, excludedBy: 'c2', path: ['in', 'c1', 'c2'] });
    expect(d.reason).toBe('tags is empty, rule "customers" wants it to include "customer"');
    expect(d.record.tags).toEqual([]);
  });
  it('never mutates the input record', () => {
    const input = Object.freeze(contact({ deals: Object.freeze(deals(0)), tags: Object.freeze(['x']) as unknown as string[] }));
    expect(() => decide(input)).not.toThrow();
    expect(input.tags).toEqual(['x']);
  });
  it('is deterministic across many calls (no state leaks between records)', () => {
    const a = decide(contact({ deals: deals(2) }));
    decide(contact({ deals: deals(0) }));
    expect(decide(contact({ deals: deals(2) }))).toEqual(a);
  });
});

describe('first path to sync wins', () => {
  // Two rules from the source, tried in edge order: only the first matching rule's actions apply.
  const g = graphOf(
    [
      { id: 'in', kind: 'source' },
      { id: 'tagA', kind: 'action', do: { op: 'addTag', value: 'A' } },
      { id: 'cA', kind: 'condition', when: { field: 'company', op: 'eq', value: 'acme' } },
      { id: 'tagB', kind: 'action', do: { op: 'addTag', value: 'B' } },
      { id: 'cB', kind: 'condition', when: { field: 'email', op: 'isNotEmpty' } },
      { id: 'out', kind: 'sync' },
    ],
    [
      { from: 'in', to: 'tagA' },
      { from: 'tagA', to: 'cA' },
      { from: 'cA', to: 'out' },
      { from: 'in', to: 'tagB' },
      { from: 'tagB', to: 'cB' },
      { from: 'cB', to: 'out' },
    ],
  );
  const { decide } = compileGraph(g);
  it('a failed path leaves no trace of its actions', () => {
    const d = decide(contact({ company: 'Globex', email: 'x@y.z' }));
    expect(d.path).toEqual(['in', 'tagB', 'cB', 'out']);
    expect(d.record.tags).toEqual(['B']);
  });
  it('the first matching path wins even when a later one would match too', () => {
    const d = decide(contact({ company: 'ACME', email: 'x@y.z' }));
    expect(d.path).toEqual(['in', 'tagA', 'cA', 'out']);
    expect(d.record.tags).toEqual(['A']);
  });
  it('a condition evaluated after actions sees the changed record', () => {
    const h = graphOf(
      [
        { id: 'in', kind: 'source' },
        { id: 'a', kind: 'action', do: { op: 'addTag', value: 'vip' } },
        { id: 'c', kind: 'condition', when: { field: 'tags', op: 'contains', value: 'VIP' } },
        { id: 'out', kind: 'sync' },
      ],
      [{ from: 'in', to: 'a' }, { from: 'a', to: 'c' }, { from: 'c', to: 'out' }],
    );
    expect(compileGraph(h).decide(contact()).sync).toBe(true);
  });
});

describe('exclusion reasons', () => {
  it('uses a description when the condition has no label', () => {
    const d = compileGraph(singleRule({ field: 'deals.count', op: 'eq', value: 0 })).decide(contact({ deals: deals(2) }));
    expect(d.reason).toBe('deals.count is 2, rule "Has no deals" wants 0');
  });
  it('explains a held condition whose branch leads nowhere', () => {
    const g = graphOf(
      [
        { id: 'in', kind: 'source' },
        { id: 'c1', kind: 'condition', label: 'skip unsubscribed', when: { field: 'unsubscribed', op: 'eq', value: true } },
        { id: 'out', kind: 'sync' },
      ],
      [{ from: 'in', to: 'c1' }, { from: 'c1', to: 'out', branch: 'else' }],
    );
    const d = compileGraph(g).decide(contact({ unsubscribed: true }));
    expect(d).toMatchObject({ sync: false, excludedBy: 'c1' });
    expect(d.reason).toBe('unsubscribed is true, so rule "skip unsubscribed" holds and leads to no sync');
  });
  it('names the failing part of an all, every part of an any, and a not', () => {
    const all = compileGraph(singleRule({ all: [{ field: 'email', op: 'isNotEmpty' }, { field: 'deals.won', op: 'gte', value: 1 }] }, undefined, 'won customers'));
    expect(all.decide(contact({ email: 'a@b.c', deals: deals(0) })).reason).toBe('deals.won is 0, rule "won customers" wants 1 or more');
    const any = compileGraph(singleRule({ any: [{ field: 'company', op: 'eq', value: 'acme' }, { field: 'tags', op: 'contains', value: 'vip' }] }, undefined, 'key accounts'));
    expect(any.decide(contact({ company: 'Globex' })).reason).toBe('none of rule "key accounts" holds: company is "Globex" (wants "acme"); tags is empty (wants it to include "vip")');
    const not = compileGraph(singleRule({ not: { field: 'email', op: 'endsWith', value: '@gmail.com' } }, undefined, 'no free mail'));
    expect(not.decide(contact({ email: 'x@GMAIL.com' })).reason).toBe('email is "x@GMAIL.com", rule "no free mail" wants it not to');
  });
  it('says so when no condition stopped the record', () => {
    const g = graphOf([{ id: 'in', kind: 'source' }, { id: 'out', kind: 'sync' }], []);
    expect(compileGraph(g).decide(contact())).toMatchObject({ sync: false, path: ['in'], reason: NO_PATH_REASON });
  });
});

describe('trace', () => {
  it('records every node visited with its outcome, in order', () => {
    const t = compileGraph(orGraph).trace(contact({ deals: deals(1), tags: ['customer'] }));
    expect(t.trace.map((s) => [s.nodeId, s.outcome])).toEqual([
      ['in', 'entered'],
      ['c1', 'failed'],
      ['c2', 'held'],
      ['a2', 'unchanged'],
      ['out', 'synced'],
    ]);
    expect(t.trace[1]).toMatchObject({ branch: 'else' });
  });
  it('agrees with decide', () => {
    const compiled = compileGraph(orGraph);
    for (const r of [contact({ deals: deals(0) }), contact({ deals: deals(2) }), contact({ tags: ['customer'], deals: deals(1) })]) {
      const { trace, ...rest } = compiled.trace(r);
      expect(rest).toEqual(compiled.decide(r));
      expect(trace.length).toBeGreaterThan(0);
    }
  });
  it('marks actions that change nothing as unchanged', () => {
    const t = compileGraph(orGraph).trace(contact({ deals: deals(0), tags: ['new'] }));
    expect(t.trace.find((s) => s.nodeId === 'a1')?.outcome).toBe('unchanged');
  });
});

describe('compile errors', () => {
  it('refuses graphs that cannot run, with the validation errors', () => {
    const cyclic = { ...orGraph, edges: [...orGraph.edges, { from: 'a2', to: 'c1' }] };
    expect(() => compileGraph(cyclic)).toThrowError(/E_CYCLE/);
    try {
      compileGraph(cyclic);
    } catch (e) {
      expect(e).toMatchObject({ name: 'UserError', code: 'E_INVALID_GRAPH' });
    }
  });
  it('still compiles graphs with field findings only (the editor previews while typing)', () => {
    expect(() => compileGraph(singleRule({ field: 'dealz', op: 'isEmpty' }))).not.toThrow();
  });
});

describe('tiering (closures first, generated code after a few hundred records)', () => {
  it('gives the same decisions before and after the switch, in every mode', () => {
    const records = Array.from({ length: 1200 }, (_, i) => contact({ id: `r${i}`, deals: deals(i % 3), tags: i % 4 ? [] : ['customer'] }));
    const auto = compileGraph(orGraph);
    const never = compileGraph(orGraph, { codegen: 'never' });
    const always = compileGraph(orGraph, { codegen: 'always' });
    for (const r of records) {
      const want = never.decide(r);
      expect(auto.decide(r)).toEqual(want);
      expect(always.decide(r)).toEqual(want);
      expect(auto.trace(r)).toEqual(never.trace(r));
    }
  });
});
