import type { GraphIndex } from './graph.index';
import { isWhenLeaf, type When } from './graph.schema';

/** Why a node that wires lead to still sees no record. */
export type Shadow =
  /** An earlier wire of `from` (to `by`) syncs every record first, so the wire to the node is never tried. */
  | { kind: 'preempted'; from: string; by: string }
  /** Every node leading to it is itself never reached. */
  | { kind: 'upstream' };

/** Whether a condition is the same for every record: an empty "all of" holds, an empty "any of" fails. Pure. */
function constant(when: When): boolean | undefined {
  if (isWhenLeaf(when)) return undefined;
  if ('all' in when) return when.all.length === 0 ? true : undefined;
  if ('any' in when) return when.any.length === 0 ? false : undefined;
  const inner = constant(when.not);
  return inner === undefined ? undefined : !inner;
}

/**
 * The nodes that wires lead to from the source but that no record can reach, because paths are
 * tried depth-first in edge order and the first one reaching a sync node wins (DESIGN.md): a wire
 * listed after one that syncs every record is never tried. Expects an acyclic graph. Pure.
 * @example shadowedNodes(index) // Map { 'c1' => { kind: 'preempted', from: 'in', by: 'out' } }
 */
export function shadowedNodes(index: GraphIndex): Map<string, Shadow> {
  const source = index.source;
  if (!source) return new Map();
  const memo = new Map<string, boolean>();
  // Whether every record arriving at the node leaves it synced (before any later sibling is tried).
  const syncsAll = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, false); // a cycle (reported elsewhere) never proves anything
    const node = index.nodes.get(id);
    const out = index.out.get(id);
    let all = false;
    if (node?.kind === 'sync') all = true;
    else if (node && out) {
      const branchSyncsAll = (ids: string[]) => ids.some(syncsAll);
      if (node.kind === 'condition') {
        const c = constant(node.when);
        all = c === true ? branchSyncsAll(out.then) : c === false ? branchSyncsAll(out.else) : branchSyncsAll(out.then) && branchSyncsAll(out.else);
      } else all = branchSyncsAll(out.then);
    }
    memo.set(id, all);
    return all;
  };

  const live = new Set<string>([source.id]);
  const seen = new Set<string>([source.id]);
  const preempted = new Map<string, Shadow>();
  const todo = [source.id];
  while (todo.length) {
    const id = todo.pop() as string;
    const node = index.nodes.get(id);
    const out = index.out.get(id);
    if (!node || !out) continue;
    const c = node.kind === 'condition' ? constant(node.when) : true;
    const branches = [c !== false ? out.then : [], node.kind === 'condition' && c !== true ? out.else : []];
    for (const list of branches) {
      let blocker: string | undefined;
      for (const next of list) {
        if (blocker !== undefined) {
          if (!live.has(next) && !preempted.has(next)) preempted.set(next, { kind: 'preempted', from: id, by: blocker });
          continue;
        }
        if (!seen.has(next)) {
          seen.add(next);
          live.add(next);
          todo.push(next);
        }
        if (syncsAll(next)) blocker = next;
      }
    }
  }

  // Whatever wires lead to from the source but is not live: preempted itself, or only behind such nodes.
  const out = new Map<string, Shadow>();
  const structural = new Set<string>([source.id]);
  const walk = [source.id];
  while (walk.length) {
    const id = walk.pop() as string;
    const links = index.out.get(id);
    for (const next of links ? [...links.then, ...links.else] : []) {
      if (structural.has(next)) continue;
      structural.add(next);
      walk.push(next);
      if (!live.has(next)) out.set(next, preempted.get(next) ?? { kind: 'upstream' });
    }
  }
  return out;
}
