import type { Graph } from '@sluice/graph';

/**
 * A graph's rule as text for comparison: without layout and storage fields, keys sorted (a graph
 * read back from storage may list its keys in another order). Pure.
 */
export function ruleText(g: Graph): string {
  const { layout: _layout, id: _id, version: _version, ...rest } = g;
  return sortedJson(rest);
}

/** The whole document as text for comparison, layout included (a moved node is an edit). Pure. */
export function documentText(g: Graph): string {
  const { id: _id, version: _version, ...rest } = g;
  return sortedJson(rest);
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
