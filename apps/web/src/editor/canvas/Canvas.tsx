import { useCallback, useMemo, useRef, useState, type Dispatch, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import type { Graph } from '@sluice/graph';
import { canConnect, connect, focusAfterRemoval, moveNodes, removeElements, addNode, type XY } from '../model/graph-ops';
import type { FocusTarget } from './useCanvasFocus';
import type { EditorAction } from '../model/editor.reducer';
import { findPaletteItem, PALETTE_MIME } from '../palette/palette-items';
import { toFlowEdges, toFlowNodes, type FlowView, type RuleFlowNode } from './to-flow';
import { nodeTypes } from '../nodes/node-types';
import { NODE_HEIGHT, NODE_WIDTH } from '../model/auto-layout';

export interface CanvasProps {
  graph: Graph;
  /** The minimap costs a repaint on every pointer move in software-rendered browsers: opt-in. */
  showMinimap?: boolean;
  dispatch: Dispatch<EditorAction>;
  view: Omit<FlowView, 'measured'>;
  /** Keeps keyboard focus in the canvas after a deletion (see useCanvasFocus). */
  onFocus?: (target: FocusTarget | undefined) => void;
}

// Props React Flow copies into its store: module constants, so a render of the canvas (each pointer
// move of a drag) does not hand it new objects. A new defaultEdgeOptions re-rendered every edge.
const deleteKeys = ['Delete', 'Backspace'];
const multiSelectionKeys = ['Shift', 'Meta', 'Control'];
const fitViewOptions = { padding: 0.2, maxZoom: 1.2 };
const defaultEdgeOptions = { type: 'smoothstep' };
const proOptions = { hideAttribution: true };
const ariaLabelConfig = {
  'node.a11yDescription.default':
    'Press Enter or Space to select this node, arrow keys to move it, Delete to remove it. Edit and wire it in the inspector.',
};

const branchOf = (handle: string | null | undefined) => (handle === 'else' ? 'else' : 'then');

/**
 * The React Flow canvas, controlled by the editor's graph: every change (drag, connect, select,
 * delete, drop from the palette) becomes an editor action, so undo/redo sees all of them.
 */
export function Canvas({ graph, dispatch, view, showMinimap = false, onFocus }: CanvasProps) {
  const rf = useReactFlow<RuleFlowNode, Edge>();
  const cache = useRef(new Map<string, RuleFlowNode>());
  const edgeCache = useRef(new Map<string, Edge>());
  const [measured, setMeasured] = useState<ReadonlyMap<string, { width: number; height: number }>>(new Map());

  // Positions of the nodes being dragged, held here until the drag stops: a pointer move then
  // re-renders the canvas only, not the editor around it, and the document gets one layout commit.
  const [dragging, setDragging] = useState<ReadonlyMap<string, XY> | null>(null);
  const docNodes = useMemo(() => toFlowNodes(graph, { ...view, measured }, cache.current), [graph, view, measured]);
  const nodes = useMemo(
    () => (dragging ? docNodes.map((n) => (dragging.has(n.id) ? { ...n, position: dragging.get(n.id)!, dragging: true } : n)) : docNodes),
    [docNodes, dragging],
  );
  const { nodes: ruleNodes, edges: ruleEdges } = graph;
  // Edges depend on the rule, not on positions: a drag recomputes none of them.
  const edges = useMemo(
    () => toFlowEdges({ ...graph, nodes: ruleNodes, edges: ruleEdges }, { ...view, measured: new Map() }, edgeCache.current),
    [ruleNodes, ruleEdges, view],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<RuleFlowNode>[]) => {
      const moves = new Map<string, XY>();
      let live: Map<string, XY> | null = null;
      let selection: Map<string, boolean> | null = null;
      let sizes: Map<string, { width: number; height: number }> | null = null;
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          if (c.dragging) (live ??= new Map()).set(c.id, c.position);
          else moves.set(c.id, c.position);
        } else if (c.type === 'select') (selection ??= new Map()).set(c.id, c.selected);
        else if (c.type === 'dimensions' && c.dimensions) (sizes ??= new Map()).set(c.id, c.dimensions);
      }
      if (live) {
        const l = live;
        setDragging((prev) => new Map([...(prev ?? []), ...l]));
      }
      if (moves.size) {
        dispatch({ type: 'edit', edit: (g) => moveNodes(g, moves) });
        setDragging(null);
      }
      if (selection) {
        // Against the selection as it is then: React Flow reports node and edge changes in two calls.
        dispatch({ type: 'selectChanges', kind: 'nodes', changes: [...selection] });
      }
      if (sizes) {
        const s = sizes;
        setMeasured((prev) => {
          let changed = false;
          const next = new Map(prev);
          for (const [id, d] of s) {
            const p = prev.get(id);
            if (!p || p.width !== d.width || p.height !== d.height) {
              next.set(id, d);
              changed = true;
            }
          }
          return changed ? next : prev;
        });
      }
    },
    [dispatch, view.selectedNodes, view.selectedEdges],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selected = changes.flatMap((c) => (c.type === 'select' ? [[c.id, c.selected] as const] : []));
      if (selected.length) dispatch({ type: 'selectChanges', kind: 'edges', changes: selected });
    },
    [dispatch],
  );

  const onConnect = useCallback(
    (c: Connection) => dispatch({ type: 'edit', edit: (g) => connect(g, c.source, c.target, branchOf(c.sourceHandle)) }),
    [dispatch],
  );
  const isValidConnection = useCallback(
    (c: Connection | Edge) => canConnect({ ...graph, nodes: ruleNodes, edges: ruleEdges }, c.source, c.target, branchOf(c.sourceHandle)),
    [ruleNodes, ruleEdges],
  );
  const beginGesture = useCallback(() => dispatch({ type: 'beginGesture' }), [dispatch]);
  const endGesture = useCallback(() => {
    dispatch({ type: 'endGesture' });
    setDragging(null);
  }, [dispatch]);
  const onDelete: OnDelete<RuleFlowNode, Edge> = useCallback(
    ({ nodes: ns, edges: es }) => {
      const [nodeIds, edgeIds] = [ns.map((n) => n.id), es.map((e) => e.id)];
      const next = focusAfterRemoval({ ...graph, nodes: ruleNodes, edges: ruleEdges }, nodeIds, edgeIds);
      dispatch({ type: 'edit', edit: (g) => removeElements(g, nodeIds, edgeIds) });
      // The deleted element had focus: hand it to a neighbour, not to the page.
      onFocus?.(next ? { kind: 'node', id: next } : undefined);
    },
    [dispatch, onFocus, ruleNodes, ruleEdges],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const item = findPaletteItem(e.dataTransfer.getData(PALETTE_MIME));
      if (!item) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const at = { x: p.x - NODE_WIDTH / 2, y: p.y - NODE_HEIGHT / 2 };
      dispatch({
        type: 'edit',
        edit: (g) => {
          const r = addNode(g, item.draft, at);
          return { graph: r.graph, select: [r.id] };
        },
      });
    },
    [dispatch, rf],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow<RuleFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        onNodeDragStart={beginGesture}
        onNodeDragStop={endGesture}
        onSelectionDragStart={beginGesture}
        onSelectionDragStop={endGesture}
        deleteKeyCode={deleteKeys}
        multiSelectionKeyCode={multiSelectionKeys}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2}
        defaultEdgeOptions={defaultEdgeOptions}
        onlyRenderVisibleElements={graph.nodes.length > 500}
        proOptions={proOptions}
        ariaLabelConfig={ariaLabelConfig}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        {showMinimap && <MiniMap pannable zoomable ariaLabel="Minimap of the rule" nodeStrokeWidth={3} style={{ width: 140, height: 90 }} />}
      </ReactFlow>
      {graph.nodes.length <= 1 && (
        <p className="canvas-hint">
          Drag a condition from the palette onto the canvas, or select <strong>Start</strong> and press Enter on a palette item.
        </p>
      )}
    </div>
  );
}

