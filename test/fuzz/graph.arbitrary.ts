import fc from 'fast-check';

// Fuzzed `sluice.graph/v1` documents: mostly graph-shaped (so they reach the deep checks: fields,
// ops, regexes, cycles, tests), some wrong in shape, some not a graph at all.

const fields = [
  'email', 'firstName', 'lastName', 'phone', 'tags', 'lists', 'deals.count', 'deals.value', 'address.city', 'custom.industry',
  'updatedAt', 'unsubscribed', 'dealz.count', '', '__proto__', 'constructor.prototype', 'custom.__proto__', 'a.b.c.d.e.f',
];
const ops = ['eq', 'ne', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'gt', 'gte', 'lt', 'lte', 'matches', 'like', ''];
const actionOps = ['addTag', 'removeTag', 'addToList', 'removeFromList', 'set', 'clear', 'copy', 'format', 'setOwner', 'unsubscribe', 'resubscribe', 'delete'];
const ids = ['in', 'out', 'c1', 'c2', 'a1', 'a2', 'x', '', ' ', 'in '];
/** Regex sources that are invalid, slow, or odd. */
const patterns = ['^a', '(', '[a-', '(a+)+$', '(?<n>x)\\k<n>', '\\', '.*', '(?=a)', '\\u{1F600}', '[^]', 'a{99999}'];

const oddString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\u202e', 'é', 'e\u0301', '🦆', '{{email}}', '{{', '%s', '<script>', 'x'.repeat(5000)) },
  { weight: 1, arbitrary: fc.constantFrom(...patterns) },
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(oddString, { maxLength: 4 }),
  fc.constant({ nested: true }),
);

const when: fc.Arbitrary<unknown> = fc.letrec<{ when: unknown }>((tie) => ({
  when: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ field: fc.oneof(fc.constantFrom(...fields), oddString), op: fc.constantFrom(...ops), value }, { requiredKeys: ['field', 'op'] }),
    fc.record({ all: fc.array(tie('when'), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('when'), { maxLength: 3 }) }),
    fc.record({ not: tie('when') }),
    value,
  ),
})).when;

const action = fc.record(
  {
    op: fc.constantFrom(...actionOps),
    value,
    field: fc.constantFrom(...fields),
    from: fc.constantFrom(...fields),
    to: fc.constantFrom(...fields),
    as: fc.constantFrom('lowercase', 'uppercase', 'trim', 'titleCase', 'e164', 'rot13'),
  },
  { requiredKeys: ['op'] },
);

const node = fc.record(
  {
    id: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: oddString }),
    kind: fc.constantFrom('source', 'condition', 'action', 'sync', 'sync', 'condition', 'loop'),
    when,
    do: action,
    label: oddString,
  },
  { requiredKeys: ['id', 'kind'] },
);

const edge = fc.record(
  { from: fc.constantFrom(...ids), to: fc.constantFrom(...ids), branch: fc.constantFrom('then', 'else', 'maybe') },
  { requiredKeys: ['from', 'to'] },
);

const record = fc.record(
  {
    id: oddString,
    email: oddString,
    tags: fc.array(oddString, { maxLength: 3 }),
    deals: fc.record({ count: fc.oneof(fc.nat(5), oddString), open: fc.nat(3), won: fc.nat(3), value: fc.double() }),
    custom: fc.dictionary(fc.constantFrom('industry', '__proto__', 'x'), value, { maxKeys: 2 }),
    updatedAt: fc.oneof(fc.constant('2026-01-01T00:00:00Z'), oddString),
  },
  { requiredKeys: [] },
);

const test = fc.record(
  { name: oddString, record, expect: fc.constantFrom('sync', 'exclude', 'maybe'), excludedBy: fc.constantFrom(...ids) },
  { requiredKeys: ['name', 'record', 'expect'] },
);

const app = fc.record({ app: fc.constantFrom('jsonl', 'csv', 'pipedrive', 'woodpecker', 'hubspot', 'google', 'sandbox-crm', 'nope') }, { requiredKeys: [] });

/** A graph-shaped document: right format, mostly plausible parts, each possibly wrong. */
export const graphLike = fc.record(
  {
    format: fc.oneof({ weight: 9, arbitrary: fc.constant('sluice.graph/v1') }, { weight: 1, arbitrary: fc.constantFrom('sluice.graph/v2', '', 'sluice.connection/v1') }),
    name: oddString,
    source: app,
    target: app,
    nodes: fc.array(node, { maxLength: 8 }),
    edges: fc.array(edge, { maxLength: 10 }),
    layout: fc.dictionary(fc.constantFrom(...ids), fc.record({ x: fc.double(), y: fc.oneof(fc.double(), oddString) }), { maxKeys: 3 }),
    tests: fc.array(test, { maxLength: 3 }),
    extra: value,
  },
  { requiredKeys: ['format', 'nodes', 'edges'] },
);

/** A graph that passes validation in its simplest form, for the positive control. */
export const minimalGraph = {
  format: 'sluice.graph/v1',
  name: 'all',
  source: { app: 'jsonl' },
  target: { app: 'jsonl' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'out', kind: 'sync' },
  ],
  edges: [{ from: 'in', to: 'out' }],
};

/** A `when` nested `depth` levels deep (`not` of `not` of …): a stack-depth attack. */
export function deepWhen(depth: number): unknown {
  let w: unknown = { field: 'email', op: 'isEmpty' };
  for (let i = 0; i < depth; i++) w = { not: w };
  return w;
}

/** Any document: mostly graph-like, some arbitrary JSON. */
export const anyGraphDocument: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: graphLike },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom({ ...minimalGraph, nodes: [...minimalGraph.nodes, { id: 'c1', kind: 'condition', when: deepWhen(1000) }] }, minimalGraph) },
);

/** The file text for a document: its JSON, or the JSON damaged (cut short, a byte replaced). */
export const graphFileText = fc.tuple(anyGraphDocument, fc.nat(100), fc.constantFrom('as-is', 'as-is', 'as-is', 'truncate', 'splice', 'bom')).map(([doc, n, how]) => {
  const text = JSON.stringify(doc) ?? 'null';
  if (how === 'truncate') return text.slice(0, Math.floor((text.length * n) / 100));
  if (how === 'splice') {
    const at = Math.floor((text.length * n) / 100);
    return `${text.slice(0, at)}\u0000}]"${text.slice(at + 1)}`;
  }
  if (how === 'bom') return `\ufeff${text}`;
  return text;
});
