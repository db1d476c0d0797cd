import { map, type OperatorFunction } from 'rxjs';
import { compileAction, type RecordTransform } from './action.compiler';
import { compileWhen, type Predicate } from './condition.compiler';
import type { Contact } from './contact.schema';
import type { Decision, TracedDecision, TraceOutcome, TraceStep } from './decision';
import { UserError } from '@sluice/core';
import { codegenByDefault } from './codegen.support';
import { generateRunner } from './graph.codegen';
import { indexGraph } from './graph.index';
import type { ConditionNode, Graph, GraphNode } from './graph.schema';
import { compileExplainer, type ConditionExplainer } from './reason.describer';
import { formatIssue } from './validation-issue';
import { validateGraph } from './graph.validator';

/** A graph turned into code: synchronous `decide` for hot paths, `trace` for previews, RxJS operators. */
export interface CompiledGraph {
  readonly graph: Graph;
  /** Decides one record. Pure: never mutates the input; allocates only for changed records. */
  decide(record: Contact): Decision;
  /** Like decide, plus every node visited with its outcome (for the editor's preview). */
  trace(record: Contact): TracedDecision;
  /** `decide` as an operator; a record that cannot be evaluated becomes an excluded Decision with `error`. */
  operator(): OperatorFunction<Contact, Decision>;
  /** `trace` as an operator. */
  traceOperator(): OperatorFunction<Contact, TracedDecision>;
}

export interface CompileOptions {
  /**
   * `auto` (default on servers): closures first, generated code after a few hundred records;
   * `always`: generated code from the first record; `never` (default in browser pages, where a
   * CSP may forbid eval): closures only. Where generation fails, closures are used anyway.
   */
  codegen?: 'auto' | 'always' | 'never';
}

/** Records decided before a graph is turned into generated code. */
const CODEGEN_AFTER = 512;

/** Validation codes that leave a graph impossible to run (field and type findings still compile). */
const BLOCKING = new Set(['E_FORMAT', 'E_SCHEMA', 'E_DUPLICATE_ID', 'E_NO_SOURCE', 'E_MULTIPLE_SOURCES', 'E_DANGLING_EDGE', 'E_BAD_EDGE', 'E_CYCLE', 'E_BAD_REGEX']);

export const NO_PATH_REASON = 'no path from the source reaches a sync node';

/** A position in the tree of paths: its node ids, computed once and shared by every record. */
class PathCell {
  readonly next: (PathCell | undefined)[] = [];
  constructor(readonly ids: string[]) {
    Object.freeze(ids);
  }
  child(ordinal: number, id: string): PathCell {
    return (this.next[ordinal] ??= new PathCell([...this.ids, id]));
  }
}

/**
 * Trace sequences interned like paths: a record's trace is determined by its route through the
 * graph, so every distinct sequence is built once and shared (frozen) by all records that take it.
 */
class TraceCell {
  readonly next: (TraceCell | undefined)[] = [];
  constructor(readonly steps: TraceStep[]) {
    Object.freeze(steps);
  }
  child(index: number, step: TraceStep): TraceCell {
    return (this.next[index] ??= new TraceCell([...this.steps, step]));
  }
}

/** Mutable scratch state of one evaluation; decide is synchronous, so one per compiled graph is enough. */
interface Scratch {
  rec: Contact;
  cell: PathCell;
  lastCond: ConditionNode | undefined;
  lastExplain: ConditionExplainer | undefined;
  lastHeld: boolean;
  /** Set by generated code only: which part of the last failed condition failed (see failureTerminals). */
  why: number;
  lastRec: Contact;
  lastCell: PathCell;
  tcell: TraceCell;
}

type Runner = (rec: Contact, cell: PathCell) => boolean;

/** The frozen trace steps of one compiled graph, each with a small index for the trace trie. */
class StepTable {
  private readonly all: TraceStep[] = [];
  private readonly byKey = new Map<string, number>();
  stepOf = (node: GraphNode, outcome: TraceOutcome, branch?: 'then' | 'else'): TraceStep => this.all[this.indexOf(node, outcome, branch)] as TraceStep;
  indexOf(node: GraphNode, outcome: TraceOutcome, branch?: 'then' | 'else'): number {
    const key = `${node.id}\u0000${outcome}`;
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.all.push(Object.freeze(branch ? { nodeId: node.id, kind: node.kind, outcome, branch } : { nodeId: node.id, kind: node.kind, outcome })) - 1;
      this.byKey.set(key, i);
    }
    return i;
  }
}

function firstOf(outs: Runner[]): Runner {
  if (outs.length === 0) return () => false;
  if (outs.length === 1) return outs[0] as Runner;
  return (rec, cell) => {
    for (const run of outs) if (run(rec, cell)) return true;
    return false;
  };
}

function buildRunners(graph: Graph, st: Scratch, traced: boolean, table: StepTable): Runner {
  const index = indexGraph(graph);
  const ordinals = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const built = new Map<string, Runner>();
  const predicates = new Map<string, Predicate>();
  const transforms = new Map<string, RecordTransform<Contact>>();

  const runnerOf = (id: string): Runner => {
    const existing = built.get(id);
    if (existing) return existing;
    const node = index.nodes.get(id) as GraphNode;
    const ord = ordinals.get(id) as number;
    const links = index.out.get(id) as { then: string[]; else: string[] };
    let run: Runner;
    switch (node.kind) {
      case 'sync': {
        const step = table.stepOf(node, 'synced');
        const stepI = table.indexOf(node, 'synced');
        run = (rec, cell) => {
          st.rec = rec;
          st.cell = cell.child(ord, id);
          if (traced) st.tcell = st.tcell.child(stepI, step);
          return true;
        };
        break;
      }
      case 'condition': {
        const test = predicates.get(id) ?? compileWhen(node.when);
        predicates.set(id, test);
        const onThen = firstOf(links.then.map(runnerOf));
        const onElse = firstOf(links.else.map(runnerOf));
        const explain = compileExplainer(node);
        const held = table.stepOf(node, 'held', 'then');
        const heldI = table.indexOf(node, 'held', 'then');
        const failed = table.stepOf(node, 'failed', 'else');
        const failedI = table.indexOf(node, 'failed', 'else');
        run = (rec, cell) => {
          const here = cell.child(ord, id);
          const ok = test(rec);
          st.lastCond = node;
          st.lastExplain = explain;
          st.lastHeld = ok;
          st.lastRec = rec;
          st.lastCell = here;
          if (traced) st.tcell = ok ? st.tcell.child(heldI, held) : st.tcell.child(failedI, failed);
          return ok ? onThen(rec, here) : onElse(rec, here);
        };
        break;
      }
      case 'action': {
        const apply = transforms.get(id) ?? compileAction<Contact>(node.do);
        transforms.set(id, apply);
        const next = firstOf(links.then.map(runnerOf));
        const applied = table.stepOf(node, 'applied');
        const appliedI = table.indexOf(node, 'applied');
        const unchanged = table.stepOf(node, 'unchanged');
        const unchangedI = table.indexOf(node, 'unchanged');
        run = (rec, cell) => {
          const out = apply(rec);
          if (traced) st.tcell = out === rec ? st.tcell.child(unchangedI, unchanged) : st.tcell.child(appliedI, applied);
          return next(out, cell.child(ord, id));
        };
        break;
      }
      case 'source': {
        const next = firstOf(links.then.map(runnerOf));
        const entered = table.stepOf(node, 'entered');
        const enteredI = table.indexOf(node, 'entered');
        run = (rec, cell) => {
          if (traced) st.tcell = st.tcell.child(enteredI, entered);
          return next(rec, cell.child(ord, id));
        };
        break;
      }
    }
    built.set(id, run);
    return run;
  };
  return runnerOf((index.source as GraphNode).id);
}

function failedDecision(record: unknown, e: unknown): Decision {
  const message = e instanceof Error ? e.message : String(e);
  const id = record !== null && typeof record === 'object' && typeof (record as { id?: unknown }).id === 'string' ? (record as { id: string }).id : '';
  return { id, sync: false, path: [], reason: `the rules could not be evaluated: ${message}`, record: record as Contact, error: { code: 'E_RULE_EVALUATION', message } };
}

/**
 * Compiles a rule graph (DESIGN.md semantics: depth-first in edge order, first path to a sync node
 * wins and only its actions apply, a record reaching no sync node is excluded by the last condition
 * that stopped it). Conditions become closures over precompiled getters, actions copy on write, and
 * paths are interned; long streams switch to code generated for the graph (see graph.codegen.ts),
 * so `decide` runs close to a hand-written loop. Throws UserError
 * `E_INVALID_GRAPH` when the graph cannot run (schema, structure, cycles, bad regex). Pure.
 * @example compileGraph(graph).decide(contact) // { id, sync: true, path: ['in','c1','a1','out'], record }
 */
export function compileGraph(graph: Graph, options: CompileOptions = {}): CompiledGraph {
  const check = validateGraph(graph);
  const blocking = check.errors.filter((i) => i.severity === 'error' && BLOCKING.has(i.code));
  if (blocking.length > 0) {
    throw new UserError('E_INVALID_GRAPH', `the rule graph cannot run: ${blocking.map(formatIssue).join('; ')}`, { errors: blocking });
  }
  const sourceId = (graph.nodes.find((n) => n.kind === 'source') as GraphNode).id;
  const noPath = Object.freeze([sourceId]);

  const traceRoot = new TraceCell([]);
  const table = new StepTable();
  const makeScratch = (): Scratch => {
    const root = new PathCell([]);
    return { rec: undefined as unknown as Contact, cell: root, lastCond: undefined, lastExplain: undefined, lastHeld: false, why: -1, lastRec: undefined as unknown as Contact, lastCell: root, tcell: traceRoot };
  };
  const index = indexGraph(graph);
  const ctx = { index, ordinals: new Map(graph.nodes.map((n, i) => [n.id, i])), stepOf: table.stepOf, stepIndex: (node: GraphNode, outcome: TraceOutcome, branch?: 'then' | 'else') => table.indexOf(node, outcome, branch) };
  const mode = options.codegen ?? (codegenByDefault ? 'auto' : 'never');
  // Tiering: closures are ready at once; after CODEGEN_AFTER records (or at once with 'always')
  // the graph is generated as code of its own, which runs 2-3× faster on long streams.
  const tier = (st: Scratch, traced: boolean) => {
    const closures = buildRunners(graph, st, traced, table);
    if (mode === 'never') return () => closures;
    let run: Runner = closures;
    let left = mode === 'always' ? 0 : CODEGEN_AFTER;
    return (): Runner => {
      if (left > 0 && --left > 0) return run;
      if (left === 0) {
        left = -1;
        run = generateRunner<PathCell>(graph, ctx, st, traced) ?? closures;
      }
      return run;
    };
  };
  const plain = makeScratch();
  const plainRoot = plain.cell;
  const plainRunner = tier(plain, false);
  const tracedSt = makeScratch();
  const tracedRoot = tracedSt.cell;
  const tracedRunner = tier(tracedSt, true);

  const conclude = (st: Scratch, record: Contact, synced: boolean): Decision => {
    if (synced) return { id: record.id, sync: true, path: st.cell.ids, record: st.rec };
    const cond = st.lastCond;
    if (!cond) return { id: record.id, sync: false, path: noPath as string[], reason: NO_PATH_REASON, record };
    return { id: record.id, sync: false, path: st.lastCell.ids, excludedBy: cond.id, reason: (st.lastExplain as ConditionExplainer)(st.lastRec, st.lastHeld, st.why), record };
  };

  const decide = (record: Contact): Decision => {
    plain.lastCond = undefined;
    const synced = plainRunner()(record, plainRoot);
    return conclude(plain, record, synced);
  };
  const trace = (record: Contact): TracedDecision => {
    tracedSt.lastCond = undefined;
    tracedSt.tcell = traceRoot;
    const synced = tracedRunner()(record, tracedRoot);
    const st = tracedSt;
    const steps = st.tcell.steps;
    // One object literal per shape (no property added afterwards): V8 keeps them fast.
    if (synced) return { id: record.id, sync: true, path: st.cell.ids, record: st.rec, trace: steps };
    const cond = st.lastCond;
    if (!cond) return { id: record.id, sync: false, path: noPath as string[], reason: NO_PATH_REASON, record, trace: steps };
    return { id: record.id, sync: false, path: st.lastCell.ids, excludedBy: cond.id, reason: (st.lastExplain as ConditionExplainer)(st.lastRec, st.lastHeld, st.why), record, trace: steps };
  };
  const safeDecide = (r: Contact): Decision => {
    try {
      return decide(r);
    } catch (e) {
      return failedDecision(r, e);
    }
  };
  const safeTrace = (r: Contact): TracedDecision => {
    try {
      return trace(r);
    } catch (e) {
      return { ...failedDecision(r, e), trace: [] };
    }
  };

  return {
    graph,
    decide,
    trace,
    operator: () => map(safeDecide),
    traceOperator: () => map(safeTrace),
  };
}
