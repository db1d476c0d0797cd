import { z } from 'zod';

/**
 * The rule-graph format `sluice.graph/v1` (DESIGN.md, "Rule graph format"), also the template format.
 * Every object is strict: an unknown key is a schema error, so a typo never silently changes a rule.
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
export const scalarValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type ScalarValue = z.infer<typeof scalarValueSchema>;

/** What a leaf's `value` may be: a scalar, or a list for `in` / `notIn`. */
export const conditionValueSchema = z.union([scalarValueSchema, z.array(z.union([z.string(), z.number()]))]);
export type ConditionValue = z.infer<typeof conditionValueSchema>;

/** A single comparison: `{ field: "deals.count", op: "eq", value: 0 }`. */
export const whenLeafSchema = z
  .object({
    field: z.string().min(1),
    op: z.enum(conditionOps),
    value: conditionValueSchema.optional(),
  })
  .strict();
export type WhenLeaf = z.infer<typeof whenLeafSchema>;

/** A condition tree: a leaf, or `all` / `any` / `not` groups of trees. */
export type When = WhenLeaf | { all: When[] } | { any: When[] } | { not: When };

export const whenSchema: z.ZodType<When> = z.lazy(() =>
  z.union([
    whenLeafSchema,
    z.object({ all: z.array(whenSchema) }).strict(),
    z.object({ any: z.array(whenSchema) }).strict(),
    z.object({ not: whenSchema }).strict(),
  ]),
);

/** Ways `format` can rewrite a field. */
export const formatKinds = ['lowercase', 'uppercase', 'trim', 'titleCase', 'e164'] as const;
export type FormatKind = (typeof formatKinds)[number];

const tagLikeAction = <Op extends string>(op: Op) =>
  z.object({ op: z.literal(op), value: z.string().min(1) }).strict();

/** What an action node does to the record (DESIGN.md `do` ops). `set` values may hold `{{field}}`. */
export const actionDoSchema = z.discriminatedUnion('op', [
  tagLikeAction('addTag'),
  tagLikeAction('removeTag'),
  tagLikeAction('addToList'),
  tagLikeAction('removeFromList'),
  z.object({ op: z.literal('set'), field: z.string().min(1), value: scalarValueSchema }).strict(),
  z.object({ op: z.literal('clear'), field: z.string().min(1) }).strict(),
  z.object({ op: z.literal('copy'), from: z.string().min(1), to: z.string().min(1) }).strict(),
  z.object({ op: z.literal('format'), field: z.string().min(1), as: z.enum(formatKinds) }).strict(),
  z.object({ op: z.literal('setOwner'), value: z.string().min(1) }).strict(),
  z.object({ op: z.literal('unsubscribe') }).strict(),
  z.object({ op: z.literal('resubscribe') }).strict(),
]);
export type ActionDo = z.infer<typeof actionDoSchema>;
export type ActionOp = ActionDo['op'];

const nodeId = z.string().min(1);
/** An optional human name shown in the editor and used in exclusion reasons. */
const nodeLabel = z.string().optional();

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
    app: z.string().min(1),
    accountId: z.string().optional(),
    connectionId: z.string().optional(),
    config: z.record(z.string(), z.unknown()).optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type GraphEndpoint = z.infer<typeof graphEndpointSchema>;

/** Where the editor drew each node (node id → position). */
export const graphLayoutSchema = z.record(z.string(), z.object({ x: z.number(), y: z.number() }).strict());
export type GraphLayout = z.infer<typeof graphLayoutSchema>;

/**
 * A fixture pinning the graph's behaviour. `record` is a contact (missing `id`, `tags`, `lists`,
 * `custom`, `updatedAt` are filled in); `expectFields` optionally checks dotted fields after the actions.
 */
export const graphTestSchema = z
  .object({
    name: z.string().min(1),
    record: z.record(z.string(), z.unknown()),
    expect: z.enum(['sync', 'exclude']),
    excludedBy: z.string().optional(),
    expectFields: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type GraphTest = z.infer<typeof graphTestSchema>;

/** A whole `sluice.graph/v1` document. */
export const graphSchema = z
  .object({
    format: z.literal(GRAPH_FORMAT),
    name: z.string(),
    description: z.string().optional(),
    /** Set by storage (versioned graphs); stripped by `toTemplate`. */
    id: z.string().optional(),
    version: z.number().int().optional(),
    source: graphEndpointSchema,
    target: graphEndpointSchema,
    nodes: z.array(graphNodeSchema),
    edges: z.array(graphEdgeSchema),
    layout: graphLayoutSchema.optional(),
    tests: z.array(graphTestSchema).optional(),
  })
  .strict();
export type Graph = z.infer<typeof graphSchema>;

/** Narrowing helpers for condition trees. Pure. */
export function isWhenLeaf(w: When): w is WhenLeaf {
  return 'op' in w;
}
