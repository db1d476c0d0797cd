// Rule graphs of issue 18's probe, shared by the in-process and the real-server tests.

/** A rule graph as JSON text whose condition nests `levels` deep, written out so no serialiser recurses. */
export function deepGraph(levels: number): string {
  const when = `${'{"not":'.repeat(levels - 1)}{"field":"email","op":"isNotEmpty"}${'}'.repeat(levels - 1)}`;
  return `{"format":"sluice.graph/v1","name":"deep","source":{"app":"jsonl"},"target":{"app":"jsonl"},"nodes":[{"id":"in","kind":"source"},{"id":"c1","kind":"condition","when":${when}},{"id":"out","kind":"sync"}],"edges":[{"from":"in","to":"c1"},{"from":"c1","to":"out"}]}`;
}

/** A rule that tags everyone it passes with `tag`. */
export const tagGraph = (tag: string) => ({
  format: 'sluice.graph/v1',
  name: 'tag everyone',
  source: { app: 'jsonl' },
  target: { app: 'jsonl' },
  nodes: [
    { id: 'in', kind: 'source' },
    { id: 'a1', kind: 'action', do: { op: 'addTag', value: tag } },
    { id: 'out', kind: 'sync' },
  ],
  edges: [
    { from: 'in', to: 'a1' },
    { from: 'a1', to: 'out' },
  ],
});
