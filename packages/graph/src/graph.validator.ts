import { type z } from 'zod';
import { contactSchema } from './contact.schema';
import { type FieldCatalog } from './field-catalog';
import { edgeBranch, indexGraph, type GraphIndex } from './graph.index';
import { shadowedNodes } from './graph.reach';
import { GRAPH_FORMAT, graphSchema, type Graph } from './graph.schema';
import { nodeTitle } from './rule-node.describer';
import { schemaSentence } from './schema-issue.sentence';
import type { ValidationIssue, ValidationResult } from './validation-issue';
import { checkAction, checkWhen, fieldLookup, IssueList, type FieldLookup } from './node-fields.checker';

function schemaIssues(input: Record<string, unknown>, error: z.ZodError, out: IssueList): void {
  for (const issue of error.issues.slice(0, 50)) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const extra: Partial<ValidationIssue> = {};
    if (path[0] === 'nodes' && typeof path[1] === 'number') {
      const node = (input.nodes as unknown[])[path[1]];
      const id = node && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof id === 'string' && id !== '') extra.nodeId = id;
    }
    if (path[0] === 'edges' && typeof path[1] === 'number') extra.edgeIndex = path[1];
    // Size and depth limits word their own sentence (see size-limits.ts).
    const sentence = issue.code === 'too_big' || issue.code === 'custom' ? issue.message : schemaSentence(input, path, issue.message);
    out.add('E_SCHEMA', `${path.join('.') || 'graph'}: ${issue.message}`, path, { ...extra, sentence });
  }
}

function titleOf(index: GraphIndex, id: string): string {
  const node = index.nodes.get(id);
  return node ? nodeTitle(node) : id;
}

/**
 * Warnings for nodes no record reaches: no wire leads to them from the source, or every wire that
 * does is tried only after one that already syncs every record (see graph.reach.ts).
 */
function reachability(graph: Graph, index: GraphIndex, unsound: boolean, out: IssueList): void {
  const reached = new Set<string>([(index.source as { id: string }).id]);
  const todo = [...reached];
  while (todo.length) {
    const links = index.out.get(todo.pop() as string);
    for (const next of links ? [...links.then, ...links.else] : []) {
      if (reached.has(next)) continue;
      reached.add(next);
      todo.push(next);
    }
  }
  const shadowed = unsound ? new Map() : shadowedNodes(index);
  graph.nodes.forEach((n, i) => {
    if (n.kind === 'source') return;
    if (!reached.has(n.id)) {
      out.add('E_UNREACHABLE', `node "${n.id}" cannot be reached from the source`, ['nodes', i], {
        nodeId: n.id,
        sentence: 'No wire leads here from Start, so no record reaches this node. Wire it in, or delete it.',
      });
      return;
    }
    const shadow = shadowed.get(n.id);
    if (!shadow) return;
    if (shadow.kind === 'preempted') {
      const [from, by] = [titleOf(index, shadow.from), titleOf(index, shadow.by)];
      out.add('E_UNREACHABLE', `node "${n.id}" is never reached: every record syncs along ${shadow.from} → ${shadow.by}, which is tried first`, ['nodes', i], {
        nodeId: n.id,
        sentence: `No record reaches this node: every record at "${from}" already syncs along the wire to "${by}", which is tried first. Put this node on that wire instead, or remove that wire.`,
      });
    } else {
      out.add('E_UNREACHABLE', `node "${n.id}" is never reached: no record reaches the nodes leading to it`, ['nodes', i], {
        nodeId: n.id,
        sentence: 'No record reaches this node, because none reaches the nodes leading to it.',
      });
    }
  });
}

function structure(graph: Graph, fields: FieldLookup, out: IssueList): void {
  const seen = new Set<string>();
  graph.nodes.forEach((n, i) => {
    if (seen.has(n.id)) {
      out.add('E_DUPLICATE_ID', `node id "${n.id}" is used more than once`, ['nodes', i, 'id'], { nodeId: n.id, sentence: `Two nodes are called "${n.id}"; every node needs its own id.` });
    }
    seen.add(n.id);
  });
  const sources = graph.nodes.filter((n) => n.kind === 'source');
  if (sources.length === 0) out.add('E_NO_SOURCE', 'the graph has no source node', ['nodes'], { sentence: 'The rule has no Start node, where records enter.' });
  sources.slice(1).forEach((n) =>
    out.add('E_MULTIPLE_SOURCES', `a graph has exactly one source node; "${n.id}" is another`, ['nodes', graph.nodes.indexOf(n)], {
      nodeId: n.id,
      sentence: 'A rule has exactly one Start node; delete this one.',
    }),
  );
  if (!graph.nodes.some((n) => n.kind === 'sync')) {
    out.add('E_NO_SYNC', 'the graph has no sync node, so nothing would ever sync', ['nodes'], { sentence: 'Add a Sync node: without one, no record would ever sync.' });
  }

  const index = indexGraph(graph);
  graph.edges.forEach((e, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!index.nodes.has(e[end])) {
        out.add('E_DANGLING_EDGE', `edge ${end} names no node "${e[end]}"`, ['edges', i, end], { edgeIndex: i, sentence: `This wire ${end === 'from' ? 'starts at' : 'leads to'} a node "${e[end]}" that does not exist; remove it.` });
      }
    }
    const from = index.nodes.get(e.from);
    const to = index.nodes.get(e.to);
    if (to?.kind === 'source') out.add('E_BAD_EDGE', `edge leads into the source node "${e.to}"`, ['edges', i, 'to'], { edgeIndex: i, sentence: 'No wire may lead back into Start; remove this one.' });
    if (from?.kind === 'sync') out.add('E_BAD_EDGE', `edge leaves the sync node "${e.from}"; sync ends a path`, ['edges', i, 'from'], { edgeIndex: i, sentence: 'A Sync node ends a path, so no wire may leave it; remove this one.' });
    if (from && from.kind !== 'condition' && edgeBranch(e) === 'else') {
      out.add('E_BAD_EDGE', `only conditions have an else branch; "${e.from}" is a ${from.kind}`, ['edges', i, 'branch'], { edgeIndex: i, sentence: 'Only conditions have an "else" way out; wire this one from "then".' });
    }
  });

  // Cycles: depth-first search with colours; a back edge closes a cycle, reported once per node set.
  const succ = (id: string): string[] => {
    const l = index.out.get(id);
    return l ? [...l.then, ...l.else] : [];
  };
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 1);
    stack.push(id);
    for (const next of succ(id)) {
      const s = state.get(next);
      if (s === 1) {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join('\u0000');
        if (!reported.has(key)) {
          reported.add(key);
          out.add('E_CYCLE', `cycle: ${[...cycle, next].join(' → ')}`, ['edges'], {
            nodeId: next,
            nodeIds: cycle,
            sentence: `These wires go round in a circle (${[...cycle, next].map((id) => titleOf(index, id)).join(' → ')}); remove one of them.`,
          });
        }
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(id, 2);
  };
  for (const id of index.nodes.keys()) if (!state.has(id)) visit(id);

  // Which wires a record takes is only known for a graph that can run: no bad wire, no cycle.
  if (index.source) reachability(graph, index, out.items.some((i) => i.severity === 'error'), out);

  graph.nodes.forEach((n, i) => {
    if (n.kind === 'condition') checkWhen(n.when, ['nodes', i, 'when'], n.id, fields, out);
    if (n.kind === 'action') checkAction(n.do, ['nodes', i, 'do'], n.id, fields, out);
  });

  (graph.tests ?? []).forEach((t, i) => {
    const record = { id: `test-${i}`, tags: [], lists: [], custom: {}, updatedAt: new Date(0).toISOString(), ...t.record };
    const parsed = contactSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) {
        const sub = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        out.add('E_SCHEMA', `test "${t.name}": record.${sub.join('.')}: ${issue.message}`, ['tests', i, 'record', ...sub], {
          sentence: `The test "${t.name}" has a record that is not a contact: ${sub.join('.')}: ${issue.message}.`,
        });
      }
    }
    if (t.excludedBy !== undefined && !index.nodes.has(t.excludedBy)) {
      out.add('E_SCHEMA', `test "${t.name}": excludedBy names no node "${t.excludedBy}"`, ['tests', i, 'excludedBy'], { sentence: `The test "${t.name}" expects node "${t.excludedBy}", which does not exist.` });
    }
    if (t.excludedBy !== undefined && t.expect === 'sync') {
      out.add('E_SCHEMA', `test "${t.name}": excludedBy only goes with expect "exclude"`, ['tests', i, 'excludedBy'], { sentence: `The test "${t.name}" expects the record to sync, so it cannot name the node that excludes it.` });
    }
  });
}

/**
 * Checks a rule graph: format, schema, structure (one source, a sync node, no dangling edges, no
 * cycles), and — against the app's field catalog — fields, op/type fit and regexes. Never throws,
 * whatever the input. Without a catalog the canonical contact's fields are used and any
 * `custom.<name>` is accepted. Pure.
 * @example validateGraph(JSON.parse(text), hubspotCatalog).errors.map(formatIssue)
 */
export function validateGraph(input: unknown, catalog?: FieldCatalog): ValidationResult {
  const out = new IssueList();
  try {
    const notARule = `This is not a Sluice rule: a rule is a JSON object with "format": "${GRAPH_FORMAT}".`;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      out.add('E_FORMAT', `a rule graph is a JSON object with "format": "${GRAPH_FORMAT}"`, [], { sentence: notARule });
    } else if ((input as { format?: unknown }).format !== GRAPH_FORMAT) {
      out.add('E_FORMAT', `format is ${JSON.stringify((input as { format?: unknown }).format) ?? 'missing'}, expected "${GRAPH_FORMAT}"`, ['format'], { sentence: notARule });
    } else {
      const parsed = graphSchema.safeParse(input);
      if (!parsed.success) schemaIssues(input as Record<string, unknown>, parsed.error, out);
      else structure(parsed.data, fieldLookup(catalog), out);
    }
  } catch (e) {
    out.add('E_SCHEMA', `the graph could not be read: ${e instanceof Error ? e.message : String(e)}`, [], { sentence: 'This rule could not be read.' });
  }
  return { valid: !out.items.some((i) => i.severity === 'error'), errors: out.items };
}
