import type { Graph } from '@sluice/graph';
import { begin, commit, createUndoStack, redo, replace, undo, type UndoStack } from './undo-stack';
import type { Fragment } from './graph-ops';

/** Everything the editor holds: the graph with its undo stack, the selection and the clipboard. */
export interface EditorState {
  undo: UndoStack<Graph>;
  selectedNodes: readonly string[];
  selectedEdges: readonly string[];
  clipboard: Fragment | null;
  /** True while a drag gesture runs: its moves collapse into one undo step. */
  gesture: boolean;
  /** The key and time of the last coalescing edit (typing in one field is one undo step). */
  lastEdit?: { key: string; at: number };
}

/** Edits with the same key less than this apart merge into one undo step. */
export const COALESCE_MS = 1000;

/** An edit computed from the latest graph (so event handlers never see a stale one). */
export type GraphEdit = (graph: Graph) => Graph | { graph: Graph; select: string[] };

export type EditorAction =
  | { type: 'commit'; graph: Graph; select?: string[] }
  | { type: 'edit'; edit: GraphEdit; coalesce?: { key: string; at: number } }
  | { type: 'beginGesture' }
  | { type: 'gestureMove'; graph: Graph }
  | { type: 'endGesture' }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'select'; nodes: readonly string[]; edges?: readonly string[] }
  /** React Flow's selection changes, applied to the selection as it is when they arrive (node and edge changes come in two calls). */
  | { type: 'selectChanges'; kind: 'nodes' | 'edges'; changes: ReadonlyArray<readonly [string, boolean]> }
  | { type: 'copy'; fragment: Fragment }
  | { type: 'load'; graph: Graph };

/** A fresh editor state for a graph. */
export function initEditor(graph: Graph): EditorState {
  return { undo: createUndoStack(graph), selectedNodes: [], selectedEdges: [], clipboard: null, gesture: false };
}

/** The editor's state transitions. Pure. */
export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'commit': {
      const stack = state.gesture ? replace(state.undo, action.graph) : commit(state.undo, action.graph);
      const next = { ...state, undo: stack };
      return action.select ? { ...next, selectedNodes: action.select, selectedEdges: [] } : pruneSelection(next);
    }
    case 'edit': {
      const out = action.edit(state.undo.present);
      const c = action.coalesce;
      const merge = !!c && !!state.lastEdit && state.lastEdit.key === c.key && c.at - state.lastEdit.at < COALESCE_MS;
      const base: EditorState = { ...state, lastEdit: c };
      if (merge) {
        const graph = 'nodes' in out ? out : out.graph;
        return { ...base, undo: replace(state.undo, graph) };
      }
      return 'nodes' in out
        ? editorReducer(base, { type: 'commit', graph: out })
        : editorReducer(base, { type: 'commit', graph: out.graph, select: out.select });
    }
    case 'beginGesture':
      return state.gesture ? state : { ...state, gesture: true, undo: begin(state.undo) };
    case 'gestureMove':
      return { ...state, undo: replace(state.undo, action.graph) };
    case 'endGesture':
      return state.gesture ? { ...state, gesture: false } : state;
    case 'undo':
      return pruneSelection({ ...state, gesture: false, undo: undo(state.undo) });
    case 'redo':
      return pruneSelection({ ...state, gesture: false, undo: redo(state.undo) });
    case 'select':
      if (sameList(state.selectedNodes, action.nodes) && sameList(state.selectedEdges, action.edges ?? [])) return state;
      return { ...state, selectedNodes: action.nodes, selectedEdges: action.edges ?? [] };
    case 'selectChanges': {
      const key = action.kind === 'nodes' ? 'selectedNodes' : 'selectedEdges';
      const next = new Set(state[key]);
      for (const [id, on] of action.changes) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return sameList(state[key], [...next]) ? state : { ...state, [key]: [...next] };
    }
    case 'copy':
      return { ...state, clipboard: action.fragment };
    case 'load':
      return { ...initEditor(action.graph), clipboard: state.clipboard };
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Drops selected ids that no longer exist (after delete, undo...). */
function pruneSelection(state: EditorState): EditorState {
  const g = state.undo.present;
  const nodes = state.selectedNodes.filter((id) => g.nodes.some((n) => n.id === id));
  if (nodes.length === state.selectedNodes.length && state.selectedEdges.length === 0) return state;
  return { ...state, selectedNodes: nodes, selectedEdges: [] };
}
