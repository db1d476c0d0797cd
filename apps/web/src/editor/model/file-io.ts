import { graphSchema, type Graph } from '@sluice/graph';

/** Reads a `sluice.graph/v1` document from file text; throws an Error naming the first problem. Pure. */
export function parseGraphFile(text: string, fileName = 'file'): Graph {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = graphSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'document';
    throw new Error(`${fileName} is not a sluice.graph/v1 rule: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The text of an exported graph: the document exactly, layout included, two-space indented. Pure. */
export function graphFileText(graph: Graph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/** A file name for a graph, e.g. `prospects-without-deals.graph.json`. Pure. */
export function graphFileName(graph: Graph): string {
  const slug = graph.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${slug || 'rule'}.graph.json`;
}

/** Starts a browser download of the graph file. */
export function downloadGraph(graph: Graph): void {
  const url = URL.createObjectURL(new Blob([graphFileText(graph)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = graphFileName(graph);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
