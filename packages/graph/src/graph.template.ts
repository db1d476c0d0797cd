import type { Graph } from './graph.schema';

/**
 * A graph as a shareable template: only app types and rules. Account ids, connection ids, config and
 * credentials on either side are dropped, as are the stored graph's id and version; layout (drawing
 * positions of existing nodes) and the `tests` fixtures stay. Pure; the input is not changed.
 * @example toTemplate(graph).source // { app: 'pipedrive' }
 */
export function toTemplate(graph: Graph): Graph {
  const ids = new Set(graph.nodes.map((n) => n.id));
  const template: Graph = {
    format: graph.format,
    name: graph.name,
    ...(graph.description !== undefined ? { description: graph.description } : {}),
    source: { app: graph.source.app },
    target: { app: graph.target.app },
    nodes: structuredClone(graph.nodes),
    edges: structuredClone(graph.edges),
  };
  if (graph.layout) {
    template.layout = Object.fromEntries(Object.entries(graph.layout).filter(([id]) => ids.has(id)).map(([id, p]) => [id, { x: p.x, y: p.y }]));
  }
  if (graph.tests) template.tests = structuredClone(graph.tests);
  return template;
}
