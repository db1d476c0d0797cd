import { type z } from 'zod';
import { orderingOperand } from './condition.compiler';
import { contactSchema } from './contact.schema';
import { canonicalCatalog, findField, type FieldCatalog, type FieldDef, type FieldType } from './field-catalog';
import { edgeBranch, indexGraph, type GraphIndex } from './graph.index';
import { shadowedNodes } from './graph.reach';
import { GRAPH_FORMAT, graphSchema, isWhenLeaf, unaryConditionOps, type ActionDo, type Graph, type When, type WhenLeaf } from './graph.schema';
import { placeholderFields } from './placeholder.renderer';
import { conditionOpWords, formatValue } from './reason.describer';
import { nodeTitle } from './rule-node.describer';
import { compileRulePattern } from './rule-pattern';
import { schemaSentence } from './schema-issue.sentence';
import type { ValidationCode, ValidationIssue, ValidationResult } from './validation-issue';

type Path = (string | number)[];

/** Which ops make sense on which field type (E_TYPE_MISMATCH otherwise). */
const OPS_BY_TYPE: Record<FieldType, ReadonlySet<string>> = {
  string: new Set(['eq', 'ne', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'matches']),
  'string[]': new Set(['eq', 'ne', 'contains', 'notContains', 'startsWith', 'endsWith', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'matches']),
  number: new Set(['eq', 'ne', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'gt', 'gte', 'lt', 'lte']),
  date: new Set(['eq', 'ne', 'in', 'notIn', 'isEmpty', 'isNotEmpty', 'gt', 'gte', 'lt', 'lte']),
  boolean: new Set(['eq', 'ne', 'isEmpty', 'isNotEmpty']),
};

const TEXT_OPS = new Set(['contains', 'notContains', 'startsWith', 'endsWith', 'matches']);
const ORDER_OPS = new Set(['gt', 'gte', 'lt', 'lte']);
const NUMERIC = /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

class IssueList {
  readonly items: ValidationIssue[] = [];
  /** `sentence` is what a person reads (at the field in the editor); `message` stays the stable technical line. */
  add(code: ValidationCode, message: string, path: Path, extra: Partial<ValidationIssue> & { sentence: string }): void {
    this.items.push({ code, severity: code === 'E_UNREACHABLE' ? 'warning' : 'error', path, message, ...extra });
  }
}

/** Field lookup: an explicit catalog is strict; the default canonical one accepts any `custom.*`. */
interface FieldLookup {
  find(path: string): FieldDef | 'open' | undefined;
  suggest(path: string): string | undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

function fieldLookup(catalog: FieldCatalog | undefined): FieldLookup {
  const cat = catalog ?? canonicalCatalog;
  const open = catalog === undefined;
  return {
    find: (path) => findField(cat, path) ?? (open && /^custom\.[^.]+$/.test(path) ? 'open' : undefined),
    suggest: (path) => {
      let best: string | undefined;
      let bestD = 3;
      for (const f of cat) {
        const d = distance(path, f.path);
        if (d < bestD) [best, bestD] = [f.path, d];
      }
      return best;
    },
  };
}

/** How a field reads in a sentence: its label with its path, `Number of deals (deals.count)`. */
function fieldName(def: FieldDef): string {
  return def.label && def.label !== def.path ? `${def.label} (${def.path})` : def.path;
}

const TYPE_WORDS: Record<FieldType, string> = { string: 'text', number: 'numbers', boolean: 'yes or no', date: 'dates', 'string[]': 'a list of texts' };

function valueFits(type: FieldType, v: unknown): boolean {
  if (v === null) return true;
  switch (type) {
    case 'number':
      return typeof v === 'number' || (typeof v === 'string' && NUMERIC.test(v));
    case 'boolean':
      return typeof v === 'boolean' || v === 'true' || v === 'false';
    case 'date':
      return typeof v === 'string' && Number.isFinite(Date.parse(v));
    default:
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  }
}

function checkLeaf(leaf: WhenLeaf, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): void {
  const at = { nodeId };
  const { op, value, field } = leaf;
  if (!unaryConditionOps.includes(op)) {
    if (value === undefined) out.add('E_SCHEMA', `op "${op}" needs a value`, [...path, 'value'], { ...at, sentence: 'Enter a value to compare with.' });
    else if ((op === 'in' || op === 'notIn') !== Array.isArray(value)) {
      out.add('E_SCHEMA', Array.isArray(value) ? `op "${op}" compares with one value; use "in" for a list` : `op "${op}" needs a list of values`, [...path, 'value'], {
        ...at,
        sentence: Array.isArray(value) ? `"${conditionOpWords[op]}" compares with one value; choose "is one of" for a list.` : 'Enter one or more values, separated by commas.',
      });
    } else if (TEXT_OPS.has(op) && value === null) out.add('E_SCHEMA', `op "${op}" needs a text value`, [...path, 'value'], { ...at, sentence: 'Enter some text to compare with.' });
    else if (ORDER_OPS.has(op) && !orderingOperand(value)) {
      out.add('E_TYPE_MISMATCH', `op "${op}" needs a number or an ISO date, got ${JSON.stringify(value)}`, [...path, 'value'], {
        ...at,
        sentence: `Enter a number or a date (YYYY-MM-DD) to compare with; ${formatValue(value)} is neither.`,
      });
    }
  }
  if (op === 'matches' && typeof value === 'string') {
    const compiled = compileRulePattern(value);
    if (!compiled.ok) out.add('E_BAD_REGEX', `pattern /${value}/ ${compiled.problem}`, [...path, 'value'], { ...at, sentence: `This pattern ${compiled.problem}.` });
  }
  const def = checkField(field, [...path, 'field'], nodeId, fields, out);
  if (!def || def === 'open') return;
  if (!OPS_BY_TYPE[def.type].has(op)) {
    out.add('E_TYPE_MISMATCH', `op "${op}" does not apply to ${def.path} (${def.type})`, [...path, 'op'], {
      ...at,
      sentence: `"${conditionOpWords[op]}" does not work on ${fieldName(def)}, which holds ${TYPE_WORDS[def.type]}; choose another comparison.`,
    });
    return;
  }
  if (ORDER_OPS.has(op)) {
    const mode = orderingOperand(value)?.mode;
    if (mode && mode !== (def.type === 'date' ? 'date' : 'number')) {
      out.add('E_TYPE_MISMATCH', `${def.path} is a ${def.type}, so op "${op}" needs a ${def.type === 'date' ? 'date' : 'number'}, got ${JSON.stringify(value)}`, [...path, 'value'], {
        ...at,
        sentence: `${fieldName(def)} holds ${TYPE_WORDS[def.type]}: enter a ${def.type === 'date' ? 'date (YYYY-MM-DD)' : 'number'}.`,
      });
    }
  } else if (value !== undefined && !TEXT_OPS.has(op) && def.type !== 'string' && def.type !== 'string[]') {
    const values = Array.isArray(value) ? value : [value];
    const bad = values.find((v) => !valueFits(def.type, v));
    if (bad !== undefined) {
      out.add('E_TYPE_MISMATCH', `${def.path} is a ${def.type}, ${JSON.stringify(bad)} is not`, [...path, 'value'], {
        ...at,
        sentence: `${fieldName(def)} holds ${TYPE_WORDS[def.type]}; ${formatValue(bad)} is not one of them.`,
      });
    }
  }
}

function checkField(field: string, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): FieldDef | 'open' | undefined {
  const def = fields.find(field);
  if (!def) {
    const hint = fields.suggest(field);
    const hinted = hint ? fields.find(hint) : undefined;
    out.add('E_UNKNOWN_FIELD', `field "${field}" is unknown${hint ? ` (did you mean "${hint}"?)` : ''}`, path, {
      nodeId,
      sentence: field
        ? `This app has no field "${field}".${hinted && hinted !== 'open' ? ` Did you mean ${fieldName(hinted)}?` : ' Choose one of its fields.'}`
        : 'Choose a field.',
    });
  }
  return def;
}

function checkWhen(when: When, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): void {
  if (isWhenLeaf(when)) return checkLeaf(when, path, nodeId, fields, out);
  if ('all' in when) when.all.forEach((w, i) => checkWhen(w, [...path, 'all', i], nodeId, fields, out));
  else if ('any' in when) when.any.forEach((w, i) => checkWhen(w, [...path, 'any', i], nodeId, fields, out));
  else checkWhen(when.not, [...path, 'not'], nodeId, fields, out);
}

function checkWritable(field: string, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): FieldDef | 'open' | undefined {
  const def = checkField(field, path, nodeId, fields, out);
  if (def && def !== 'open' && def.readOnly) {
    out.add('E_READ_ONLY_FIELD', `${def.path} is read-only; rules cannot change it`, path, {
      nodeId,
      sentence: `${fieldName(def)} is filled in by the app, so a rule cannot change it; choose another field.`,
    });
  }
  return def;
}

function checkPlaceholders(text: string, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): boolean {
  const refs = placeholderFields(text);
  for (const f of refs) checkField(f, path, nodeId, fields, out);
  return refs.length > 0;
}

function checkAction(action: ActionDo, path: Path, nodeId: string, fields: FieldLookup, out: IssueList): void {
  const at = { nodeId };
  switch (action.op) {
    case 'set': {
      const def = checkWritable(action.field, [...path, 'field'], nodeId, fields, out);
      const templated = typeof action.value === 'string' && checkPlaceholders(action.value, [...path, 'value'], nodeId, fields, out);
      if (def && def !== 'open') {
        if (def.type === 'string[]') {
          out.add('E_TYPE_MISMATCH', `${def.path} is a list; use add/remove actions instead of set`, [...path, 'field'], {
            ...at,
            sentence: `${fieldName(def)} is a list: change it with the add and remove actions instead.`,
          });
        } else if (!templated && !valueFits(def.type, action.value)) {
          out.add('E_TYPE_MISMATCH', `${def.path} is a ${def.type}, ${JSON.stringify(action.value)} is not`, [...path, 'value'], {
            ...at,
            sentence: `${fieldName(def)} holds ${TYPE_WORDS[def.type]}; ${formatValue(action.value)} is not one of them.`,
          });
        }
      }
      return;
    }
    case 'clear':
      checkWritable(action.field, [...path, 'field'], nodeId, fields, out);
      return;
    case 'copy': {
      const from = checkField(action.from, [...path, 'from'], nodeId, fields, out);
      const to = checkWritable(action.to, [...path, 'to'], nodeId, fields, out);
      if (from && to && from !== 'open' && to !== 'open' && from.type !== to.type && !(to.type === 'string' && from.type !== 'string[]')) {
        out.add('E_TYPE_MISMATCH', `cannot copy ${from.path} (${from.type}) into ${to.path} (${to.type})`, [...path, 'to'], {
          ...at,
          sentence: `${fieldName(from)} holds ${TYPE_WORDS[from.type]} and cannot be copied into ${fieldName(to)}, which holds ${TYPE_WORDS[to.type]}.`,
        });
      }
      return;
    }
    case 'format': {
      const def = checkWritable(action.field, [...path, 'field'], nodeId, fields, out);
      if (def && def !== 'open' && def.type !== 'string' && def.type !== 'string[]') {
        out.add('E_TYPE_MISMATCH', `format needs a text field; ${def.path} is a ${def.type}`, [...path, 'field'], {
          ...at,
          sentence: `Only text can be formatted; ${fieldName(def)} holds ${TYPE_WORDS[def.type]}.`,
        });
      }
      return;
    }
    case 'setOwner':
      checkPlaceholders(action.value, [...path, 'value'], nodeId, fields, out);
      return;
    default:
      return;
  }
}

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
