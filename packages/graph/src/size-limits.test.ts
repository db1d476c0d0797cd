import { describe, expect, it } from 'vitest';
import { contactSchema } from './contact.schema';
import { parseGraph } from './graph.parser';
import { validateGraph } from './graph.validator';
import { compilePlaceholders } from './placeholder.renderer';
import { CONTACT_LIMITS, GRAPH_LIMITS, nestingDepth } from './size-limits';

// Issue #18, findings 10 (a `when` nested 5,000 deep answered 500) and 17 (a 50,000-character tag
// made runs fail): every limit is refused at the node, with a sentence.

const graph = (...nodes: unknown[]) => ({
  format: 'sluice.graph/v1',
  name: 'limits',
  source: { app: 'jsonl' },
  target: { app: 'jsonl' },
  nodes: [{ id: 'in', kind: 'source' }, ...nodes, { id: 'out', kind: 'sync' }],
  edges: [{ from: 'in', to: 'out' }],
});
const leaf = { field: 'email', op: 'isNotEmpty' };
/** A condition `levels` deep, built as JSON text and parsed, as a request body would be (no recursion). */
const nested = (levels: number): unknown => JSON.parse(`${'{"not":'.repeat(levels - 1)}${JSON.stringify(leaf)}${'}'.repeat(levels - 1)}`);
const findings = (input: unknown) => validateGraph(input).errors.map((e) => ({ nodeId: e.nodeId, code: e.code, path: e.path.join('.'), sentence: e.sentence }));

describe('condition depth and size', () => {
  it(`accepts ${GRAPH_LIMITS.whenDepth} levels and refuses one more at the node`, () => {
    expect(validateGraph(graph({ id: 'c1', kind: 'condition', when: nested(GRAPH_LIMITS.whenDepth) })).valid).toBe(true);
    expect(findings(graph({ id: 'c1', kind: 'condition', when: nested(GRAPH_LIMITS.whenDepth + 1) }))).toEqual([
      { nodeId: 'c1', code: 'E_SCHEMA', path: 'nodes.1.when', sentence: 'This condition nests groups more than 20 levels deep; that is the most allowed.' },
    ]);
  });

  it('refuses a condition nested 100,000 deep with the same sentence, without overflowing the stack', () => {
    const input = graph({ id: 'deep', kind: 'condition', when: { all: [leaf, nested(100_000)] } });
    expect(findings(input)).toEqual([{ nodeId: 'deep', code: 'E_SCHEMA', path: 'nodes.1.when', sentence: expect.stringContaining('more than 20 levels deep') }]);
    expect(() => parseGraph(input)).toThrow(/deep: E_SCHEMA nodes\.1\.when: This condition nests groups more than 20 levels deep/);
  });

  it('refuses an oversized group and an oversized list of values where they are', () => {
    const group = { any: Array.from({ length: GRAPH_LIMITS.groupItems + 1 }, () => leaf) };
    expect(findings(graph({ id: 'g1', kind: 'condition', when: group }))).toEqual([
      { nodeId: 'g1', code: 'E_SCHEMA', path: 'nodes.1.when.any', sentence: 'This group has 201 conditions; at most 200 are allowed.' },
    ]);
    const list = { all: [leaf, { field: 'email', op: 'in', value: Array.from({ length: 1001 }, (_, i) => `p${i}@example.com`) }] };
    expect(findings(graph({ id: 'l1', kind: 'condition', when: list }))).toEqual([
      { nodeId: 'l1', code: 'E_SCHEMA', path: 'nodes.1.when.all.1.value', sentence: 'This list has 1,001 values; at most 1,000 are allowed.' },
    ]);
  });
});

describe('strings a rule holds', () => {
  it('refuses a 50,000-character tag at its node, and takes one of 255', () => {
    expect(findings(graph({ id: 'a1', kind: 'action', do: { op: 'addTag', value: 't'.repeat(50_000) } }))).toEqual([
      { nodeId: 'a1', code: 'E_SCHEMA', path: 'nodes.1.do.value', sentence: 'This tag is 50,000 characters long; at most 255 are allowed.' },
    ]);
    expect(validateGraph(graph({ id: 'a1', kind: 'action', do: { op: 'addTag', value: 't'.repeat(CONTACT_LIMITS.tag) } })).valid).toBe(true);
  });

  it.each([
    [{ id: 'a2', kind: 'action', do: { op: 'set', field: 'firstName', value: 'v'.repeat(4097) } }, 'nodes.1.do.value', 'This value is 4,097 characters long; at most 4,096 are allowed.'],
    [{ id: 'a3', kind: 'action', do: { op: 'addToList', value: 'l'.repeat(256) } }, 'nodes.1.do.value', 'This list name is 256 characters long; at most 255 are allowed.'],
    [{ id: 'a4', kind: 'action', do: { op: 'setOwner', value: 'o'.repeat(256) } }, 'nodes.1.do.value', 'This owner is 256 characters long; at most 255 are allowed.'],
    [{ id: 'c5', kind: 'condition', when: { field: 'email', op: 'eq', value: 'v'.repeat(4097) } }, 'nodes.1.when.value', 'This value is 4,097 characters long; at most 4,096 are allowed.'],
    [{ id: 'c6', kind: 'condition', when: { field: `custom.${'f'.repeat(200)}`, op: 'isEmpty' } }, 'nodes.1.when.field', 'This field path is 207 characters long; at most 200 are allowed.'],
    [{ id: 'c7', kind: 'condition', label: 'L'.repeat(10_001), when: leaf }, 'nodes.1.label', 'This label is 10,001 characters long; at most 10,000 are allowed.'],
  ])('refuses %j at its node', (node, path, sentence) => {
    expect(findings(graph(node))).toEqual([{ nodeId: (node as { id: string }).id, code: 'E_SCHEMA', path, sentence }]);
  });

  it('refuses open parts nested too deep, and too many nodes', () => {
    const deep = { source: { app: 'jsonl', config: JSON.parse(`${'{"a":'.repeat(11)}1${'}'.repeat(11)}`) as unknown } };
    expect(findings({ ...graph(), ...deep })).toEqual([{ nodeId: undefined, code: 'E_SCHEMA', path: 'source.config', sentence: 'This config nests more than 10 levels deep; that is the most allowed.' }]);
    const many = graph(...Array.from({ length: GRAPH_LIMITS.nodes }, (_, i) => ({ id: `s${i}`, kind: 'sync' })));
    expect(findings(many)).toEqual([{ nodeId: undefined, code: 'E_SCHEMA', path: 'nodes', sentence: 'This rule has 1,002 nodes; at most 1,000 are allowed.' }]);
  });

  it('cuts a text built from placeholders at the longest value a contact holds', () => {
    const render = compilePlaceholders('{{custom.notes}} and again {{custom.notes}}');
    const notes = `${'n'.repeat(CONTACT_LIMITS.text - 2)}😀`;
    const out = render({ custom: { notes } }) as string;
    expect(out.length).toBe(CONTACT_LIMITS.text);
    expect(out.endsWith('😀')).toBe(true);
    const cut = compilePlaceholders('x{{custom.notes}}')({ custom: { notes } }) as string;
    expect(cut.length).toBe(CONTACT_LIMITS.text - 1); // the emoji would be split: left out whole
  });
});

describe('contact sizes', () => {
  const contact = (extra: Record<string, unknown>) => ({ id: 'c1', tags: [], lists: [], custom: {}, updatedAt: '2026-01-01T00:00:00Z', ...extra });
  const refusal = (extra: Record<string, unknown>) => contactSchema.safeParse(contact(extra)).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('holds the documented limits', () => {
    expect(refusal({ tags: ['t'.repeat(256)] })).toEqual(['tags.0: This tag is 256 characters long; at most 255 are allowed.']);
    expect(refusal({ lists: Array.from({ length: 1001 }, (_, i) => `l${i}`) })).toEqual(['lists: This contact has 1,001 lists; at most 1,000 are allowed.']);
    expect(refusal({ company: 'c'.repeat(CONTACT_LIMITS.text + 1) })).toEqual(['company: This value is 32,769 characters long; at most 32,768 are allowed.']);
    expect(refusal({ custom: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}`, i])) })).toEqual(['custom: This contact has 501 custom fields; at most 500 are allowed.']);
    expect(contactSchema.safeParse(contact({ tags: ['t'.repeat(255)], company: 'c'.repeat(CONTACT_LIMITS.text) })).success).toBe(true);
  });

  it('measures nesting without recursion', () => {
    expect(nestingDepth(1, 3)).toBe(0);
    expect(nestingDepth({ a: [{}] }, 10)).toBe(3);
    expect(nestingDepth(nested(200_000), 10)).toBe(11);
  });
});
