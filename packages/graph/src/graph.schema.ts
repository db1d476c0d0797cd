import { z } from 'zod';
import { CONTACT_LIMITS, GRAPH_LIMITS, cappedList, cappedText, shallowRecord } from './size-limits';

/**
 * The rule-graph format `sluice.graph/v1` (DESIGN.md, "Rule graph format"), also the template format.
 * Every object is strict: an unknown key is a schema error, so a typo never silently changes a rule.
 * Strings, lists and condition depth are capped (`GRAPH_LIMITS`, `CONTACT_LIMITS` for what actions
 * write into records), each refusal a sentence.
 */

export const GRAPH_FORMAT = 'sluice.graph/v1' as const;

/** Every comparison a condition leaf can make. */
export const conditionOps = [
  'eq',
  'ne',
  'contains',
  'notContains',
  'startsWith',
  'endsWith',
  'in',
  'notIn',
  'isEmpty',
  'isNotEmpty',
  'gt',
  'gte',
  'lt',
  'lte',
  'matches',
] as const;
export type ConditionOp = (typeof conditionOps)[number];

/** Ops that take no `value`. */
export const unaryConditionOps: readonly ConditionOp[] = ['isEmpty', 'isNotEmpty'];

/** A scalar a condition compares against. */
export const scalarValueSchema = z.union([cappedText(GRAPH_LIMITS.text, 'This value'), z.number(), z.boolean(), z.null()]);
export type ScalarValue = z.infer<typeof scalarValueSchema>;

/** What a leaf's `value` may be: a scalar, or a list for `in` / `notIn`. */
export const conditionValueSchema = z.union([scalarValueSchema, z.array(z.union([cappedText(GRAPH_LIMITS.text, 'This value'), z.number()]))]);

/** A dotted field path (`address.city`). */
const fieldPath = cappedText(GRAPH_LIMITS.name, 'This field path').min(1);
export type ConditionValue = z.infer<typeof conditionValueSchema>;

/** A single comparison: `{ field: "deals.count", op: "eq", value: 0 }`. */
export const whenLeafSchema = z
  .object({
    field: fieldPath,
    op: z.enum(conditionOps),
    value: conditionValueSchema.optional(),
  })
  .strict();
export type WhenLeaf = z.infer<typeof whenLeafSchema>;

/** A condition tree: a leaf, or `all` / `any` / `not` groups of trees. */
export type When = WhenLeaf | { all: When[] } | { any: When[] } | { not: When };

/**
 * The first way a condition tree is too big, if any: nested more than `GRAPH_LIMITS.whenDepth`
 * levels (a leaf is 1), a group of more than `groupItems` conditions, an `in` list of more than
 * `valueItems` values. Walked without recursion, so any depth is measured safely; anything that is
 * not a group is taken as a leaf (the schema judges its shape). Pure.
 */
export function whenSizeProblem(when: unknown): { path: (string | number)[]; message: string } | undefined {
  const { whenDepth, groupItems, valueItems } = GRAPH_LIMITS;
  const todo: [unknown, (string | number)[]][] = [[when, []]];
  while (todo.length > 0) {
    const [w, path] = todo.pop()!;
    if (w === null || typeof w !== 'object') continue;
    const node = w as { all?: unknown; any?: unknown; not?: unknown; value?: unknown };
    const depth = path.filter((p) => typeof p === 'string').length + 1;
    if (depth > whenDepth) return { path: [], message: `This condition nests groups more than ${whenDepth} levels deep; that is the most allowed.` };
    for (const key of ['all', 'any'] as const) {
      const items = node[key];
      if (!Array.isArray(items)) continue;
      if (items.length > groupItems) return { path: [...path, key], message: `This group has ${items.length.toLocaleString('en')} conditions; at most ${groupItems} are allowed.` };
      items.forEach((item, i) => todo.push([item, [...path, key, i]]));
    }
    if (node.not !== undefined) todo.push([node.not, [...path, 'not']]);
    if (Array.isArray(node.value) && node.value.length > valueItems) {
      return { path: [...path, 'value'], message: `This list has ${node.value.length.toLocaleString('en')} values; at most ${valueItems.toLocaleString('en')} are allowed.` };
    }
  }
  return undefined;
}

const whenTreeSchema: z.ZodType<When> = z.lazy(() =>
  z.union([whenLeafSchema, z.object({ all: z.array(whenTreeSchema) }).strict(), z.object({ any: z.array(whenTreeSchema) }).strict(), z.object({ not: whenTreeSchema }).strict()]),
);

/**
 * A condition tree within `GRAPH_LIMITS`. Its size is measured before the tree is parsed (parsing
 * recurses): a tree nested thousands deep gets a sentence, not a stack overflow.
 */
export const whenSchema: z.ZodType<When> = z
  .unknown()
  .check((ctx) => {
    const problem = whenSizeProblem(ctx.value);
    if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, path: problem.path, message: problem.message });
  })
  .pipe(whenTreeSchema);

/** Ways `format` can rewrite a field. */
export const formatKinds = ['lowercase', 'uppercase', 'trim', 'titleCase', 'e164'] as const;
export type FormatKind = (typeof formatKinds)[number];

/** What an action writes into every record it passes: a tag or list name, capped as a contact's are. */
const tagLikeAction = <Op extends string>(op: Op, what: string) =>
  z.object({ op: z.literal(op), value: cappedText(CONTACT_LIMITS.tag, what).min(1) }).strict();

/** What an action node does to the record (DESIGN.md `do` ops). `set` values may hold `{{field}}`. */
export const actionDoSchema = z.discriminatedUnion('op', [
  tagLikeAction('addTag', 'This tag'),
  tagLikeAction('removeTag', 'This tag'),
  tagLikeAction('addToList', 'This list name'),
  tagLikeAction('removeFromList', 'This list name'),
  z.object({ op: z.literal('set'), field: fieldPath, value: scalarValueSchema }).strict(),
  z.object({ op: z.literal('clear'), field: fieldPath }).strict(),
  z.object({ op: z.literal('copy'), from: fieldPath, to: fieldPath }).strict(),
  z.object({ op: z.literal('format'), field: fieldPath, as: z.enum(formatKinds) }).strict(),
  z.object({ op: z.literal('setOwner'), value: cappedText(CONTACT_LIMITS.tag, 'This owner').min(1) }).strict(),
  z.object({ op: z.literal('unsubscribe') }).strict(),
  z.object({ op: z.literal('resubscribe') }).strict(),
]);
export type ActionDo = z.infer<typeof actionDoSchema>;
export type ActionOp = ActionDo['op'];

const nodeId = cappedText(GRAPH_LIMITS.name, 'This node id').min(1);
/** An optional human name shown in the editor and used in exclusion reasons. */
const nodeLabel = cappedText(GRAPH_LIMITS.label, 'This label').optional();

export const sourceNodeSchema = z.object({ id: nodeId, kind: z.literal('source'), label: nodeLabel }).strict();
export const conditionNodeSchema = z
  .object({ id: nodeId, kind: z.literal('condition'), label: nodeLabel, when: whenSchema })
  .strict();
export const actionNodeSchema = z
  .object({ id: nodeId, kind: z.literal('action'), label: nodeLabel, do: actionDoSchema })
  .strict();
export const syncNodeSchema = z.object({ id: nodeId, kind: z.literal('sync'), label: nodeLabel }).strict();

export const graphNodeSchema = z.discriminatedUnion('kind', [
  sourceNodeSchema,
  conditionNodeSchema,
  actionNodeSchema,
  syncNodeSchema,
]);
export type SourceNode = z.infer<typeof sourceNodeSchema>;
export type ConditionNode = z.infer<typeof conditionNodeSchema>;
export type ActionNode = z.infer<typeof actionNodeSchema>;
export type SyncNode = z.infer<typeof syncNodeSchema>;
export type GraphNode = z.infer<typeof graphNodeSchema>;
export type NodeKind = GraphNode['kind'];

export const branches = ['then', 'else'] as const;
export type Branch = (typeof branches)[number];

/** A wire between nodes; `branch` matters only when `from` is a condition (default `then`). */
export const graphEdgeSchema = z
  .object({ from: nodeId, to: nodeId, branch: z.enum(branches).optional() })
  .strict();
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

/**
 * Which app a side of the graph belongs to. Only `app` survives `toTemplate`; the rest is
 * account-specific and stripped from templates.
 */
export const graphEndpointSchema = z
  .object({
    app: cappedText(GRAPH_LIMITS.name, 'This app id').min(1),
    accountId: cappedText(GRAPH_LIMITS.name, 'This account id').optional(),
    connectionId: cappedText(GRAPH_LIMITS.name, 'This connection id').optional(),
    config: shallowRecord('This config').optional(),
    credentials: shallowRecord('These credentials').optional(),
  })
  .strict();
export type GraphEndpoint = z.infer<typeof graphEndpointSchema>;

/** Where the editor drew each node (node id → position). */
export const graphLayoutSchema = z.record(cappedText(GRAPH_LIMITS.name, 'This node id'), z.object({ x: z.number(), y: z.number() }).strict());
export type GraphLayout = z.infer<typeof graphLayoutSchema>;

/**
 * A fixture pinning the graph's behaviour. `record` is a contact (missing `id`, `tags`, `lists`,
 * `custom`, `updatedAt` are filled in); `expectFields` optionally checks dotted fields after the actions.
 */
export const graphTestSchema = z
  .object({
    name: cappedText(GRAPH_LIMITS.name, "This test's name").min(1),
    record: shallowRecord("This test's record"),
    expect: z.enum(['sync', 'exclude']),
    excludedBy: cappedText(GRAPH_LIMITS.name, 'This node id').optional(),
    expectFields: shallowRecord("This test's expected fields").optional(),
  })
  .strict();
export type GraphTest = z.infer<typeof graphTestSchema>;

/** A whole `sluice.graph/v1` document. */
export const graphSchema = z
  .object({
    format: z.literal(GRAPH_FORMAT),
    name: cappedText(GRAPH_LIMITS.name, "The rule's name"),
    description: cappedText(GRAPH_LIMITS.description, "The rule's description").optional(),
    /** Set by storage (versioned graphs); stripped by `toTemplate`. */
    id: cappedText(GRAPH_LIMITS.name, "The rule's id").optional(),
    version: z.number().int().optional(),
    source: graphEndpointSchema,
    target: graphEndpointSchema,
    nodes: cappedList(graphNodeSchema, GRAPH_LIMITS.nodes, 'This rule', 'nodes'),
    edges: cappedList(graphEdgeSchema, GRAPH_LIMITS.edges, 'This rule', 'wires'),
    layout: graphLayoutSchema.optional(),
    tests: cappedList(graphTestSchema, GRAPH_LIMITS.tests, 'This rule', 'tests').optional(),
  })
  .strict();
export type Graph = z.infer<typeof graphSchema>;

/** Narrowing helpers for condition trees. Pure. */
export function isWhenLeaf(w: When): w is WhenLeaf {
  return 'op' in w;
}
