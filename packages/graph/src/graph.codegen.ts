import { compileAction } from './action.compiler';
import { compileActionInPlace } from './action.in-place';
import { memberOf, orderingOperand } from './condition.compiler';
import type { Contact } from './contact.schema';
import type { TraceStep } from './decision';
import type { GraphIndex, NodeLinks } from './graph.index';
import { isWhenLeaf, type ActionNode, type ConditionNode, type Graph, type GraphNode, type When, type WhenLeaf } from './graph.schema';
import { compileExplainer, failureTerminals } from './reason.describer';
import { compileRulePattern } from './rule-pattern';
import { containsText, containsValue, dateOf, endsWithValue, eqAny, eqBooleanAny, eqNumberAny, eqTextAny, inAny, inTextAny, isEmpty, matchesValue, numberOf, startsWithValue, textOf } from './value-ops';

/**
 * The helpers generated code calls. Code made with `new Function` cannot import, so they are passed
 * in as parameters of the generated module, and each call site sees one plain function.
 */
const HELPERS = { eqAny, eqTextAny, eqNumberAny, eqBooleanAny, inAny, inTextAny, containsValue, containsText, startsWithValue, endsWithValue, isEmpty, matchesValue, numberOf, dateOf };

/** Runs the graph from a node: true when a sync node was reached (results in the scratch state). */
export type Runner<Cell> = (rec: Contact, cell: Cell) => boolean;

/** What generated code needs from the compiler: path interning and the scratch state. */
export interface CodegenContext {
  index: GraphIndex;
  ordinals: Map<string, number>;
  stepOf(node: GraphNode, outcome: TraceStep['outcome'], branch?: 'then' | 'else'): TraceStep;
  stepIndex(node: GraphNode, outcome: TraceStep['outcome'], branch?: 'then' | 'else'): number;
}

/**
 * Generates one JavaScript function per node (and per field getter and condition) for a graph.
 * Closures built from shared function literals share inline caches, so across many leaves and
 * record shapes their calls and reads go megamorphic and nothing inlines; generated functions are
 * each their own code, which V8 optimises like a hand-written loop. Field names and values never
 * become code: they are passed in as constants (`K`) or embedded as JSON string literals.
 * Returns undefined where code generation is not allowed (eval forbidden by a CSP); the compiler
 * then uses its closure runners, which have the same semantics.
 */
export function generateRunner<Cell>(graph: Graph, ctx: CodegenContext, scratch: object, traced: boolean): Runner<Cell> | undefined {
  const K: unknown[] = [];
  const constant = (v: unknown): string => `K[${K.push(v) - 1}]`;
  const lines: string[] = [];
  const getters = new Map<string, string>();

  const getter = (path: string): string => {
    const known = getters.get(path);
    if (known) return known;
    const name = `g${getters.size}`;
    getters.set(path, name);
    const keys = path.split('.');
    const own = keys.some((k) => k in Object.prototype);
    let body = 'let o = r;';
    for (const k of keys) {
      const key = JSON.stringify(k);
      body += `if (o === null || typeof o !== 'object'${own ? ` || !Object.prototype.hasOwnProperty.call(o, ${key})` : ''}) return undefined; o = o[${key}];`;
    }
    lines.push(`function ${name}(r) { ${body} return o; }`);
    return name;
  };

  const eqExpr = (v: string, value: WhenLeaf['value'], lower: string): string => {
    if (typeof value === 'string') return `eqTextAny(${v}, ${lower})`;
    if (typeof value === 'number') return `eqNumberAny(${v}, ${constant(value)})`;
    if (typeof value === 'boolean') return `eqBooleanAny(${v}, ${String(value)}, ${lower})`;
    return `eqAny(${v}, ${constant(value)}, ${lower})`;
  };

  const leafExpr = (leaf: WhenLeaf): string => {
    const v = `${getter(leaf.field)}(r)`;
    const value = leaf.value;
    const lower = constant(textOf(value) ?? '');
    switch (leaf.op) {
      case 'eq':
      case 'ne':
        return (leaf.op === 'ne' ? '!' : '') + eqExpr(v, value, lower);
      case 'in':
      case 'notIn': {
        const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
        const not = leaf.op === 'notIn' ? '!' : '';
        // A list of texts only (the usual case) is a Set lookup with no closure call in between.
        if (list.every((x) => typeof x === 'string')) return `${not}inTextAny(${v}, ${constant(new Set(list.map((x) => (x as string).toLowerCase())))}, ${constant(new Map<string, boolean>())})`;
        return `${not}inAny(${v}, ${constant(memberOf(list))})`;
      }
      case 'contains':
      case 'notContains':
        return (leaf.op === 'notContains' ? '!' : '') + (typeof value === 'string' ? `containsText(${v}, ${lower})` : `containsValue(${v}, ${constant(value)}, ${lower})`);
      case 'startsWith':
        return `startsWithValue(${v}, ${lower})`;
      case 'endsWith':
        return `endsWithValue(${v}, ${lower})`;
      case 'isEmpty':
        return `isEmpty(${v})`;
      case 'isNotEmpty':
        return `!isEmpty(${v})`;
      case 'matches': {
        const compiled = compileRulePattern(typeof value === 'string' ? value : String(value));
        return compiled.ok ? `matchesValue(${v}, ${constant(compiled.pattern)})` : 'false';
      }
      default: {
        const operand = orderingOperand(value);
        if (!operand) return 'false';
        const cmp = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[leaf.op];
        const x = operand.mode === 'number' ? `numberOf(${v})` : `dateOf(${v})`;
        return `((x = ${x}) === x && x ${cmp} ${constant(operand.at)})`;
      }
    }
  };

  const whenExpr = (w: When): string => {
    if (isWhenLeaf(w)) return leafExpr(w);
    if ('all' in w) return w.all.length ? `(${w.all.map(whenExpr).join(' && ')})` : 'true';
    if ('any' in w) return w.any.length ? `(${w.any.map(whenExpr).join(' || ')})` : 'false';
    return `!(${whenExpr(w.not)})`;
  };

  const { index, ordinals } = ctx;
  const fn = (id: string) => `n${ordinals.get(id) as number}`;
  const follow = (targets: string[], rec: string, cell = 'here') => (targets.length ? targets.map((t) => `${fn(t)}(${rec}, ${cell})`).join(' || ') : 'false');
  const push = (node: GraphNode, outcome: TraceStep['outcome'], branch?: 'then' | 'else') => `S.tcell = S.tcell.child(${ctx.stepIndex(node, outcome, branch)}, ${constant(ctx.stepOf(node, outcome, branch))})`;
  const step = (node: GraphNode, outcome: TraceStep['outcome'], branch?: 'then' | 'else') => (traced ? `${push(node, outcome, branch)};` : '');

  /**
   * An action node's function, with the actions that follow it in a straight line (each the single
   * `then` of the one before) inlined: the first action that changes the record copies it, and the
   * ones after change that copy in place (see action.in-place.ts) instead of copying it again.
   * The record only flows down this line, so nothing else can see the copy being changed.
   */
  const actionChain = (node: ActionNode, enter: string): string => {
    const chain: ActionNode[] = [node];
    let links = index.out.get(node.id) as NodeLinks;
    for (let next = index.nodes.get(links.then[0] ?? ''); links.then.length === 1 && next?.kind === 'action' && !chain.includes(next); next = index.nodes.get(links.then[0] ?? '')) {
      chain.push(next);
      links = index.out.get(next.id) as NodeLinks;
    }
    const outcome = (n: ActionNode, changed: string) => (traced ? `if (${changed}) ${push(n, 'applied')}; else ${push(n, 'unchanged')};` : '');
    let body = `${enter} const r0 = rec; let cur = ${constant(compileAction<Contact>(node.do))}(rec); ${outcome(node, 'cur !== rec')}`;
    let cell = 'here';
    chain.slice(1).forEach((n, i) => {
      const ord = ordinals.get(n.id) as number;
      const inPlace = constant(compileActionInPlace(n.do));
      const copy = constant(compileAction<Contact>(n.do));
      body += ` const c${i} = ${cell}.next[${ord}] ?? ${cell}.child(${ord}, ${JSON.stringify(n.id)});`;
      body += traced
        ? ` if (cur !== r0) { const changed = ${inPlace}(cur); ${outcome(n, 'changed')} } else { const out = ${copy}(cur); ${outcome(n, 'out !== cur')} cur = out; }`
        : ` if (cur !== r0) ${inPlace}(cur); else cur = ${copy}(cur);`;
      cell = `c${i}`;
    });
    return `function ${fn(node.id)}(rec, cell) { ${body} return ${follow(links.then, 'cur', cell)}; }`;
  };

  for (const node of index.nodes.values()) {
    const ord = ordinals.get(node.id) as number;
    const enter = `const here = cell.next[${ord}] ?? cell.child(${ord}, ${JSON.stringify(node.id)});`;
    const links = index.out.get(node.id) as { then: string[]; else: string[] };
    switch (node.kind) {
      case 'sync':
        lines.push(`function ${fn(node.id)}(rec, cell) { ${enter} S.rec = rec; S.cell = here; ${step(node, 'synced')} return true; }`);
        break;
      case 'source':
        lines.push(`function ${fn(node.id)}(rec, cell) { ${enter} ${step(node, 'entered')} return ${follow(links.then, 'rec')}; }`);
        break;
      case 'action': {
        lines.push(actionChain(node, enter));
        break;
      }
      case 'condition': {
        const test = `t${ord}`;
        // Each part that can fail the condition on its own is tested in turn; the one that failed is
        // left in S.why, from which the reason is built without evaluating the condition again.
        const parts = failureTerminals(node.when).map((t, i) => `if (!(${whenExpr(t)})) { S.why = ${i}; return false; }`);
        lines.push(`function ${test}(r) { let x; ${parts.join(' ')} return true; }`);
        const explain = constant(compileExplainer(node as ConditionNode));
        const nodeRef = constant(node);
        lines.push(
          `function ${fn(node.id)}(rec, cell) { ${enter} const ok = ${test}(rec); S.lastCond = ${nodeRef}; S.lastExplain = ${explain}; S.lastHeld = ok; S.lastRec = rec; S.lastCell = here;` +
            ` if (ok) { ${step(node, 'held', 'then')} return ${follow(links.then, 'rec')}; } ${step(node, 'failed', 'else')} return ${follow(links.else, 'rec')}; }`,
        );
        break;
      }
    }
  }
  lines.push(`return ${fn((index.source as GraphNode).id)};`);
  try {
    const make = new Function(...Object.keys(HELPERS), 'K', 'S', `'use strict';\n${lines.join('\n')}`) as (...args: unknown[]) => Runner<Cell>;
    return make(...Object.values(HELPERS), K, scratch);
  } catch {
    return undefined;
  }
}
