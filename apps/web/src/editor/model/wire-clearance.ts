import type { Graph, GraphNode } from '@sluice/graph';
import type { XY } from './graph-ops';

/** A node's box as drawn (width fixed by the stylesheet, height with its stats line). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Segment {
  a: XY;
  b: XY;
}

/** Where a wire leaves a node: conditions have then (35% down) and else (75%) outlets, others one in the middle. */
function outletY(node: GraphNode | undefined, branch: string | undefined, box: Box): number {
  if (node?.kind !== 'condition') return box.y + box.h / 2;
  return box.y + box.h * (branch === 'else' ? 0.75 : 0.35);
}

/**
 * The straight pieces of a wire as the canvas draws it (a "smooth step": across to the middle,
 * up or down, across to the target). Pure.
 */
export function wireSegments(from: Box, to: Box, fromY: number): Segment[] {
  const s = { x: from.x + from.w, y: fromY };
  const t = { x: to.x, y: to.y + to.h / 2 };
  const mid = (s.x + t.x) / 2;
  return [
    { a: s, b: { x: mid, y: s.y } },
    { a: { x: mid, y: s.y }, b: { x: mid, y: t.y } },
    { a: { x: mid, y: t.y }, b: t },
  ];
}

/** Whether an axis-parallel segment crosses a box grown by `margin`. Pure. */
function crosses(seg: Segment, box: Box, margin: number): boolean {
  const [x0, x1] = [Math.min(seg.a.x, seg.b.x), Math.max(seg.a.x, seg.b.x)];
  const [y0, y1] = [Math.min(seg.a.y, seg.b.y), Math.max(seg.a.y, seg.b.y)];
  return x1 > box.x - margin && x0 < box.x + box.w + margin && y1 > box.y - margin && y0 < box.y + box.h + margin;
}

const overlaps = (p: Box, q: Box, gap: number) => p.x < q.x + q.w + gap && q.x < p.x + p.w + gap && p.y < q.y + q.h + gap && q.y < p.y + p.h + gap;

/**
 * Moves nodes that a wire would be drawn across (a node on top of a live wire) down, below the
 * wire, and nodes that then overlap further down, until every wire is clear or after a bounded
 * number of passes. `size` gives the drawn size of each node. Pure.
 */
export function clearWires(graph: Graph, size: { w: number; h: number }, margin = 12): Graph {
  const layout = { ...graph.layout };
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const box = (id: string): Box | undefined => {
    const p = layout[id];
    return p && { x: p.x, y: p.y, w: size.w, h: size.h };
  };
  for (let pass = 0; pass < 4 * graph.nodes.length + 4; pass++) {
    let moved = false;
    for (const e of graph.edges) {
      const [from, to] = [box(e.from), box(e.to)];
      if (!from || !to) continue;
      const segments = wireSegments(from, to, outletY(byId.get(e.from), e.branch, from));
      const lowest = Math.max(...segments.map((s) => Math.max(s.a.y, s.b.y)));
      for (const n of graph.nodes) {
        if (n.id === e.from || n.id === e.to) continue;
        const b = box(n.id);
        if (!b || !segments.some((s) => crosses(s, b, margin))) continue;
        layout[n.id] = { x: b.x, y: Math.round(lowest + margin + 24) };
        moved = true;
      }
    }
    for (const n of graph.nodes) {
      const b = box(n.id);
      if (!b) continue;
      for (const m of graph.nodes) {
        const c = box(m.id);
        if (m.id === n.id || !c || c.y < b.y || (c.y === b.y && m.id < n.id) || !overlaps(b, c, margin)) continue;
        layout[m.id] = { x: c.x, y: Math.round(b.y + b.h + margin * 2) };
        moved = true;
      }
    }
    if (!moved) break;
  }
  return { ...graph, layout };
}

/** Every (wire, node) pair where the wire is drawn across the node: empty when the drawing is clear. Pure. */
export function wiresAcrossNodes(graph: Graph, size: { w: number; h: number }, margin = 0): { edge: number; node: string }[] {
  const out: { edge: number; node: string }[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const box = (id: string): Box | undefined => {
    const p = graph.layout?.[id];
    return p && { x: p.x, y: p.y, w: size.w, h: size.h };
  };
  graph.edges.forEach((e, i) => {
    const [from, to] = [box(e.from), box(e.to)];
    if (!from || !to) return;
    const segments = wireSegments(from, to, outletY(byId.get(e.from), e.branch, from));
    for (const n of graph.nodes) {
      const b = box(n.id);
      if (n.id !== e.from && n.id !== e.to && b && segments.some((s) => crosses(s, b, margin))) out.push({ edge: i, node: n.id });
    }
  });
  return out;
}
