import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeContact, type Contact } from './contact.schema';
import { compileGraph } from './graph.compiler';
import { conditionOps, type ActionDo, type ConditionOp, type Graph, type GraphEdge, type GraphNode, type When } from './graph.schema';
import { validateGraph } from './graph.validator';

// ---------------------------------------------------------------------------------------------
// A deliberately naive reference interpreter of DESIGN.md's semantics, sharing no code with the
// compiler: deep-clone-and-mutate actions, recursive tree walks, string splitting on every read.
// ---------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;
const read = (r: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, k) ? (o as Rec)[k] : undefined), r);
const lower = (v: unknown): string | undefined => (['string', 'number', 'boolean'].includes(typeof v) ? String(v).toLowerCase() : undefined);
const numeric = (s: string) => /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(s);
const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function sameScalar(a: unknown, v: unknown): boolean {
  if (v === null || v === undefined) return a === null || a === undefined;
  if (typeof v === 'number') return a === v || (typeof a === 'string' && numeric(a) && Number(a) === v);
  if (typeof v === 'boolean') return a === v || (typeof a === 'string' && a.toLowerCase() === String(v));
  return lower(a) !== undefined && lower(a) === String(v).toLowerCase();
}
const someOf = (a: unknown, f: (x: unknown) => boolean) => (Array.isArray(a) ? a.some(f) : f(a));

function orderKey(v: unknown): { kind: 'n' | 'd'; at: number } | undefined {
  if (typeof v === 'number') return { kind: 'n', at: v };
  if (typeof v === 'string' && numeric(v)) return { kind: 'n', at: Number(v) };
  if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return { kind: 'd', at: Date.parse(v) };
  return undefined;
}
function compare(a: unknown, v: unknown): number | undefined {
  const k = orderKey(v);
  if (!k) return undefined;
  let x: number;
  if (k.kind === 'n') x = typeof a === 'number' ? a : typeof a === 'string' && numeric(a) ? Number(a) : NaN;
  else x = typeof a === 'string' ? Date.parse(a) : typeof a === 'number' ? a : NaN;
  return Number.isNaN(x) ? undefined : x - k.at;
}

function leafHolds(a: unknown, op: ConditionOp, v: unknown): boolean {
  const text = lower(v) ?? '';
  switch (op) {
    case 'eq': return someOf(a, (x) => sameScalar(x, v));
    case 'ne': return !someOf(a, (x) => sameScalar(x, v));
    case 'in': return someOf(a, (x) => (v as unknown[]).some((y) => sameScalar(x, y)));
    case 'notIn': return !someOf(a, (x) => (v as unknown[]).some((y) => sameScalar(x, y)));
    case 'contains': return Array.isArray(a) ? a.some((x) => sameScalar(x, v)) : (lower(a) ?? '\u0000none').includes(text) && lower(a) !== undefined;
    case 'notContains': return !leafHolds(a, 'contains', v);
    case 'startsWith': return someOf(a, (x) => lower(x) !== undefined && (lower(x) as string).startsWith(text));
    case 'endsWith': return someOf(a, (x) => lower(x) !== undefined && (lower(x) as string).endsWith(text));
    case 'isEmpty': return empty(a);
    case 'isNotEmpty': return !empty(a);
    case 'gt': { const c = compare(a, v); return c !== undefined && c > 0; }
    case 'gte': { const c = compare(a, v); return c !== undefined && c >= 0; }
    case 'lt': { const c = compare(a, v); return c !== undefined && c < 0; }
    case 'lte': { const c = compare(a, v); return c !== undefined && c <= 0; }
    case 'matches': return someOf(a, (x) => lower(x) !== undefined && new RegExp(String(v), 'i').test(String(x)));
  }
}
function holds(w: When, r: unknown): boolean {
  if ('op' in w) return leafHolds(read(r, w.field), w.op, w.value);
  if ('all' in w) return w.all.every((x) => holds(x, r));
  if ('any' in w) return w.any.some((x) => holds(x, r));
  return !holds(w.not, r);
}

function writeField(r: Rec, path: string, value: unknown): void {
  if (value === undefined && read(r, path) === undefined) return;
  const keys = path.split('.');
  let o = r;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Rec;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete o[last];
  else o[last] = value;
}
function render(text: string, r: Rec): unknown {
  const whole = /^\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}$/.exec(text);
  if (whole) return read(r, whole[1] as string) ?? '';
  const show = (v: unknown): string => (v == null ? '' : Array.isArray(v) ? v.map(show).join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return text.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_m, p: string) => show(read(r, p)));
}
function act(d: ActionDo, input: Contact): Contact {
  const r = structuredClone(input) as unknown as Rec;
  const listAdd = (k: string, v: string) => {
    const l = (r[k] as string[]) ?? [];
    if (!l.some((x) => x.toLowerCase() === v.toLowerCase())) r[k] = [...l, v];
  };
  const listDel = (k: string, v: string) => (r[k] = ((r[k] as string[]) ?? []).filter((x) => x.toLowerCase() !== v.toLowerCase()));
  switch (d.op) {
    case 'addTag': listAdd('tags', d.value); break;
    case 'removeTag': listDel('tags', d.value); break;
    case 'addToList': listAdd('lists', d.value); break;
    case 'removeFromList': listDel('lists', d.value); break;
    case 'set': writeField(r, d.field, typeof d.value === 'string' ? render(d.value, structuredClone(r)) : d.value); break;
    case 'clear': writeField(r, d.field, d.field === 'tags' || d.field === 'lists' ? [] : d.field === 'custom' ? {} : undefined); break;
    case 'copy': { const v = read(r, d.from); if (v !== undefined && v !== null && v !== '') writeField(r, d.to, structuredClone(v)); break; }
    case 'format': {
      const f = (s: string) => (d.as === 'lowercase' ? s.toLowerCase() : d.as === 'uppercase' ? s.toUpperCase() : d.as === 'trim' ? s.trim().split(/\s+/).join(' ') : s);
      const v = read(r, d.field);
      if (typeof v === 'string') writeField(r, d.field, f(v));
      else if (Array.isArray(v)) writeField(r, d.field, v.map((x) => (typeof x === 'string' ? f(x) : x)));
      break;
    }
    case 'setOwner': r.owner = render(d.value, structuredClone(r)); break;
    case 'unsubscribe': r.unsubscribed = true; break;
    case 'resubscribe': r.unsubscribed = false; break;
  }
  return r as unknown as Contact;
}

interface Outcome { sync: boolean; path: string[]; excludedBy?: string; record: Contact }
function interpret(g: Graph, record: Contact): Outcome {
  let last: { id: string; path: string[] } | undefined;
  const visit = (id: string, r: Contact, path: string[]): Outcome | undefined => {
    const node = g.nodes.find((n) => n.id === id) as GraphNode;
    const here = [...path, id];
    if (node.kind === 'sync') return { sync: true, path: here, record: r };
    let branch: 'then' | 'else' = 'then';
    if (node.kind === 'condition') {
      branch = holds(node.when, r) ? 'then' : 'else';
      last = { id, path: here };
    }
    const next = node.kind === 'action' ? act(node.do, r) : r;
    for (const e of g.edges.filter((x) => x.from === id && (x.branch ?? 'then') === branch)) {
      const found = visit(e.to, next, here);
      if (found) return found;
    }
    return undefined;
  };
  const src = g.nodes.find((n) => n.kind === 'source') as GraphNode;
  const found = visit(src.id, record, []);
  if (found) return found;
  return last ? { sync: false, path: last.path, excludedBy: last.id, record } : { sync: false, path: [src.id], record };
}

// ---------------------------------------------------------------------------------------------
// Generators: records over small value pools (so conditions hit both ways), and random valid DAGs.
// ---------------------------------------------------------------------------------------------

const FIELDS = ['email', 'company', 'tags', 'lists', 'deals.count', 'deals.value', 'unsubscribed', 'updatedAt', 'custom.score', 'custom.flag', 'address.city', 'phone'];
const TEXTS = ['a@x.com', 'B@Y.org', 'acme', 'ACME', 'Lead', 'vip', 'customer', 'Oslo', '', '42', '7', 'true'];
const DATES = ['2023-01-01', '2024-06-01T00:00:00Z', '2025-01-01'];
const REGEXES = ['^a', 'x\\.com$', 'c.m', '^\\d+$', 'vip|lead'];

const recordArb: fc.Arbitrary<Contact> = fc
  .record(
    {
      id: fc.constantFrom('r1', 'r2', 'r3'),
      email: fc.constantFrom('a@x.com', 'B@Y.org', '', 'ACME@x.com'),
      company: fc.constantFrom('acme', 'ACME', 'Globex', ''),
      tags: fc.subarray(['vip', 'Lead', 'customer', 'NEW']),
      lists: fc.subarray(['news', 'Customers']),
      deals: fc.record({ count: fc.integer({ min: 0, max: 3 }), open: fc.constant(0), won: fc.constant(0), value: fc.constantFrom(0, 7, 42, 1000) }),
      unsubscribed: fc.boolean(),
      updatedAt: fc.constantFrom(...DATES, '2024-01-15T12:00:00Z'),
      custom: fc.record({ score: fc.constantFrom('42', '7', 'n/a', 12), flag: fc.constantFrom(true, false, 'true', null) }, { requiredKeys: [] }),
      address: fc.record({ city: fc.constantFrom('Oslo', 'oslo', 'Bergen') }, { requiredKeys: [] }),
      phone: fc.constantFrom('+47 123', '555'),
    },
    { requiredKeys: ['id', 'tags', 'lists'] },
  )
  .map((r) => normalizeContact(r as Partial<Contact> & { id: string }));

const scalarArb = fc.oneof(fc.constantFrom(...TEXTS), fc.integer({ min: 0, max: 50 }), fc.boolean(), fc.constant(null));
const leafArb: fc.Arbitrary<When> = fc.constantFrom(...conditionOps).chain((op): fc.Arbitrary<When> => {
  const field = fc.constantFrom(...FIELDS);
  switch (op) {
    case 'isEmpty':
    case 'isNotEmpty':
      return field.map((f) => ({ field: f, op }));
    case 'in':
    case 'notIn':
      return fc.record({ field, op: fc.constant(op), value: fc.array(fc.oneof(fc.constantFrom(...TEXTS), fc.integer({ min: 0, max: 50 })), { maxLength: 3 }) });
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return fc.record({ field, op: fc.constant(op), value: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constantFrom(...DATES, '10')) });
    case 'matches':
      return fc.record({ field, op: fc.constant(op), value: fc.constantFrom(...REGEXES) });
    case 'contains':
    case 'notContains':
    case 'startsWith':
    case 'endsWith':
      return fc.record({ field, op: fc.constant(op), value: fc.oneof(fc.constantFrom(...TEXTS), fc.integer({ min: 0, max: 50 })) });
    default:
      return fc.record({ field, op: fc.constant(op), value: scalarArb });
  }
});
const whenArb: fc.Arbitrary<When> = fc.letrec<{ w: When }>((tie) => ({
  w: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('w'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('w'), { maxLength: 3 }).map((any) => ({ any })),
    tie('w').map((not) => ({ not })),
  ),
})).w;
const writable = ['email', 'company', 'phone', 'address.city', 'custom.score', 'custom.note', 'owner', 'tags', 'lists', 'custom'];
const actionArb: fc.Arbitrary<ActionDo> = fc.oneof(
  fc.record({ op: fc.constantFrom('addTag', 'removeTag', 'addToList', 'removeFromList'), value: fc.constantFrom('vip', 'VIP', 'New', 'news') }) as fc.Arbitrary<ActionDo>,
  fc.record({ op: fc.constant('set'), field: fc.constantFrom(...writable.slice(0, 7)), value: fc.oneof(scalarArb, fc.constantFrom('Hi {{company}}', '{{deals.count}}', '{{tags}}/{{email}}')) }) as fc.Arbitrary<ActionDo>,
  fc.record({ op: fc.constant('clear'), field: fc.constantFrom(...writable) }) as fc.Arbitrary<ActionDo>,
  fc.record({ op: fc.constant('copy'), from: fc.constantFrom(...FIELDS), to: fc.constantFrom(...writable.slice(0, 7)) }) as fc.Arbitrary<ActionDo>,
  fc.record({ op: fc.constant('format'), field: fc.constantFrom('email', 'company', 'tags', 'deals.count'), as: fc.constantFrom('lowercase', 'uppercase', 'trim') }) as fc.Arbitrary<ActionDo>,
  fc.record({ op: fc.constant('setOwner'), value: fc.constantFrom('u1', '{{email}}') }) as fc.Arbitrary<ActionDo>,
  fc.constantFrom<ActionDo>({ op: 'unsubscribe' }, { op: 'resubscribe' }),
);

/** Random DAGs: node 0 is the source, edges only go forward, never into the source or out of sync. */
const graphArb: fc.Arbitrary<Graph> = fc
  .array(fc.oneof(whenArb.map((when) => ({ kind: 'condition' as const, when })), actionArb.map((d) => ({ kind: 'action' as const, do: d })), fc.constant({ kind: 'sync' as const })), { minLength: 1, maxLength: 7 })
  .chain((bodies) => {
    const nodes: GraphNode[] = [{ id: 'n0', kind: 'source' }, ...bodies.map((b, i) => ({ id: `n${i + 1}`, ...b }) as GraphNode)];
    if (!nodes.some((n) => n.kind === 'sync')) nodes.push({ id: `n${nodes.length}`, kind: 'sync' });
    const candidates: GraphEdge[] = [];
    nodes.forEach((from, i) => {
      if (from.kind === 'sync') return;
      for (let j = i + 1; j < nodes.length; j++) {
        candidates.push({ from: from.id, to: (nodes[j] as GraphNode).id });
        if (from.kind === 'condition') candidates.push({ from: from.id, to: (nodes[j] as GraphNode).id, branch: 'else' });
      }
    });
    return fc.shuffledSubarray(candidates).map((edges): Graph => ({ format: 'sluice.graph/v1', name: 'random', source: { app: 'a' }, target: { app: 'b' }, nodes, edges }));
  });

const deepFreeze = <T>(o: T): T => {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
};

describe('property: compiled graph agrees with the reference interpreter', () => {
  it('10,000 random valid graphs and records', () => {
    fc.assert(
      fc.property(graphArb, fc.array(recordArb, { minLength: 1, maxLength: 2 }), (graph, records) => {
        // Structurally every generated graph is valid, so it compiles (compileGraph throws otherwise).
        // Ops are put on fields of any type on purpose, to exercise coercions: only field/type
        // findings may appear, and those do not stop compilation.
        const compiled = compileGraph(graph, { codegen: 'never' });
        for (const record of records) {
          const snapshot = structuredClone(record);
          const got = compiled.decide(deepFreeze(record));
          const want = interpret(graph, snapshot);
          expect({ sync: got.sync, path: got.path, excludedBy: got.excludedBy, record: got.record }).toEqual(want);
          expect(record).toEqual(snapshot);
          const { trace: _t, ...traced } = compiled.trace(record);
          expect(traced).toEqual(got);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});

describe('property: generated code agrees with the closures', () => {
  it('3,000 random graphs and records', () => {
    fc.assert(
      fc.property(graphArb, fc.array(recordArb, { minLength: 1, maxLength: 3 }), (graph, records) => {
        const closures = compileGraph(graph, { codegen: 'never' });
        const generated = compileGraph(graph, { codegen: 'always' });
        for (const record of records) {
          const snapshot = structuredClone(record);
          expect(generated.decide(deepFreeze(record))).toEqual(closures.decide(record));
          expect(generated.trace(record)).toEqual(closures.trace(record));
          expect(record).toEqual(snapshot);
        }
      }),
      { numRuns: 3_000 },
    );
  }, 120_000);
});

describe('property: a node validation says no record reaches is visited by no record', () => {
  it('3,000 random graphs and records (seed 19)', () => {
    fc.assert(
      fc.property(graphArb, fc.array(recordArb, { minLength: 1, maxLength: 5 }), (graph, records) => {
        const unreached = validateGraph(graph).errors.filter((i) => i.code === 'E_UNREACHABLE').map((i) => i.nodeId);
        const compiled = compileGraph(graph, { codegen: 'never' });
        for (const record of records) {
          const visited = new Set(compiled.trace(record).trace.map((step) => step.nodeId));
          for (const id of unreached) expect(visited.has(id as string)).toBe(false);
        }
      }),
      { numRuns: 3_000, seed: 19 },
    );
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Mutations: whatever is done to a valid graph, validation answers with typed issues (never throws),
// and whatever it accepts compiles and runs.
// ---------------------------------------------------------------------------------------------

const CODES = new Set(['E_FORMAT', 'E_SCHEMA', 'E_DUPLICATE_ID', 'E_NO_SOURCE', 'E_MULTIPLE_SOURCES', 'E_NO_SYNC', 'E_DANGLING_EDGE', 'E_BAD_EDGE', 'E_CYCLE', 'E_UNKNOWN_FIELD', 'E_TYPE_MISMATCH', 'E_READ_ONLY_FIELD', 'E_BAD_REGEX', 'E_UNREACHABLE']);

type Mutation = (g: Rec, pick: number, junk: unknown) => unknown;
const at = <T>(list: T[], pick: number): T | undefined => (list.length ? list[pick % list.length] : undefined);
const arr = (x: unknown): Rec[] => (Array.isArray(x) ? (x as Rec[]) : []);
const obj = (x: unknown): Rec => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Rec) : {});
const MUTATIONS: Mutation[] = [
  (g, p) => ({ ...g, nodes: arr(g.nodes).filter((_, i) => i !== p % Math.max(1, arr(g.nodes).length)) }),
  (g, p, junk) => ({ ...g, edges: [...arr(g.edges), { from: `n${p % 9}`, to: typeof junk === 'string' ? junk : `n${(p * 7) % 9}` }] }),
  (g, p) => ({ ...g, edges: [...arr(g.edges), { from: `n${(p % 5) + 1}`, to: `n${(p % 3) + 1}`, branch: p % 2 ? 'else' : 'then' }] }),
  (g, p, junk) => {
    const n = at(arr(g.nodes), p);
    return n ? { ...g, nodes: arr(g.nodes).map((x) => (x === n ? { ...obj(x), when: junk } : x)) } : junk;
  },
  (g, p, junk) => {
    const n = at(arr(g.nodes), p);
    return n ? { ...g, nodes: arr(g.nodes).map((x) => (x === n ? { ...obj(x), do: junk, kind: 'action' } : x)) } : g;
  },
  (g, p, junk) => {
    const k = at(Object.keys(g), p) ?? 'nodes';
    return { ...g, [k]: junk };
  },
  (g, p) => {
    const k = at(Object.keys(g), p) ?? 'x';
    const { [k]: _drop, ...rest } = g;
    return rest;
  },
  (g, p) => ({ ...g, nodes: [...arr(g.nodes), { ...obj(at(arr(g.nodes), p)) }] }),
  (g, p, junk) => ({ ...g, nodes: arr(g.nodes).map((x, i) => (i === p % arr(g.nodes).length ? { ...obj(x), [`k${p}`]: junk } : x)) }),
  (g, p) => ({ ...g, nodes: arr(g.nodes).map((x, i) => (i === p % arr(g.nodes).length && obj(x).kind === 'condition' ? { ...obj(x), when: { field: 'deals.count', op: 'gt', value: 'many' } } : x)) }),
  (_g, _p, junk) => junk,
  (g, p) => ({ ...g, edges: arr(g.edges).map((e, i) => (i === p % Math.max(1, arr(g.edges).length) ? { ...obj(e), to: 'n0' } : e)) }),
];

describe('property: mutated graphs never throw', () => {
  it('10,000 random mutations give typed issues or a runnable graph', () => {
    fc.assert(
      fc.property(graphArb, fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat(1000), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 3 }), recordArb, (graph, steps, record) => {
        let mutated: unknown = structuredClone(graph);
        for (const [m, pick, junk] of steps) {
          mutated = mutated && typeof mutated === 'object' && !Array.isArray(mutated) ? (MUTATIONS[m] as Mutation)(mutated as Rec, pick, junk) : junk;
        }
        const result = validateGraph(mutated);
        expect(typeof result.valid).toBe('boolean');
        for (const issue of result.errors) {
          expect(CODES.has(issue.code)).toBe(true);
          expect(typeof issue.message).toBe('string');
          expect(issue.sentence).toMatch(/^[A-Z"].*[.?]$/);
        }
        if (result.valid) {
          const decision = compileGraph(mutated as Graph).decide(record);
          expect(typeof decision.sync).toBe('boolean');
        }
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
