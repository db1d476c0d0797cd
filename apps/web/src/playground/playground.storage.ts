import { graphSchema, type Graph } from '@sluice/graph';

/** A graph kept in localStorage, or undefined when missing or no longer valid. */
export function loadStored(key: string): Graph | undefined {
  try {
    const text = window.localStorage.getItem(key);
    if (!text) return undefined;
    const parsed = graphSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps (or with null, forgets) a graph in localStorage; a full or disabled storage is ignored. */
export function store(key: string, graph: Graph | null): void {
  try {
    if (graph) window.localStorage.setItem(key, JSON.stringify(graph));
    else window.localStorage.removeItem(key);
  } catch {
    // Private mode or quota: the playground still works, it just forgets on reload.
  }
}
