import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { canonicalCatalog, type Branch, type Contact, type FieldCatalog, type Graph, type GraphNode } from '@sluice/graph';
import { autoLayout } from './model/auto-layout';
import { Canvas } from './canvas/Canvas';
import { EditorToolbar } from './EditorToolbar';
import { editorReducer, initEditor } from './model/editor.reducer';
import { downloadGraph, parseGraphFile } from './model/file-io';
import { addNode, connect, copyFragment, edgeKey, focusAfterRemoval, insertAfter, pasteFragment, removeElements, updateNode } from './model/graph-ops';
import { documentText, ruleText } from './model/rule-text';
import { useCanvasFocus } from './canvas/useCanvasFocus';
import { Inspector } from './inspector/Inspector';
import { Palette } from './palette/Palette';
import type { PaletteItem } from './palette/palette-items';
import { useEditorShortcuts } from './useEditorShortcuts';
import { useGraphAnalysis } from './model/useGraphAnalysis';
import { PreviewPanel } from '../preview/PreviewPanel';
import './editor.css';

export interface RuleEditorProps {
  /** The `sluice.graph/v1` document to start from. */
  initialGraph: Graph;
  /** The saved version, for "impact of your changes"; defaults to the initial graph. */
  savedGraph?: Graph | null;
  /** The source app's fields; the canonical catalog when not given. */
  catalog?: FieldCatalog;
  /** Sample records of the source app for the live preview. */
  records?: readonly Contact[];
  recordsLoading?: boolean;
  /** Where the sample records come from, said in the preview (e.g. `the first 200 records of HubSpot`). */
  sampleLabel?: string;
  /** Called with every change of the document (layout included). */
  onChange?: (graph: Graph) => void;
  onSave?: (graph: Graph) => void;
  /** A save is on its way. */
  saving?: boolean;
  /** Extra toolbar content (e.g. a direction switch). */
  toolbarExtra?: ReactNode;
  /** An app's display name by id, where the editor names the rule's apps. */
  appName?: (id: string) => string;
}

/**
 * The IF/THEN rule editor for one direction of a connection: palette, canvas, inspector and live
 * preview around one `sluice.graph/v1` document, with undo/redo, copy/paste, auto-layout and full
 * keyboard operation.
 */
export function RuleEditor(props: RuleEditorProps) {
  return (
    <ReactFlowProvider>
      <RuleEditorInner {...props} />
    </ReactFlowProvider>
  );
}

function RuleEditorInner({
  initialGraph,
  savedGraph,
  catalog = canonicalCatalog,
  records,
  recordsLoading,
  sampleLabel,
  onChange,
  onSave,
  saving = false,
  toolbarExtra,
  appName,
}: RuleEditorProps) {
  const rf = useReactFlow();
  const [state, dispatch] = useReducer(editorReducer, initialGraph, initEditor);
  const graph = state.undo.present;
  // For handlers that must stay stable across edits (the inspector's) yet read the latest graph.
  const graphRef = useRef(graph);
  graphRef.current = graph;
  const [hoverPath, setHoverPath] = useState<readonly string[] | null>(null);
  const [notice, setNotice] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [fitRequest, setFitRequest] = useState(0);
  // A node just added from the palette: the view moves to show it when it landed out of sight.
  const [reveal, setReveal] = useState<string | null>(null);
  const [minimap, setMinimap] = useState(false);
  const saved = savedGraph === undefined ? initialGraph : savedGraph;
  const analysis = useGraphAnalysis(graph, catalog, records, saved);
  const pasteCount = useRef(0);
  const root = useRef<HTMLDivElement>(null);
  const focusCanvas = useCanvasFocus(root);

  useEffect(() => {
    onChange?.(graph);
  }, [graph, onChange]);

  useEffect(() => {
    if (fitRequest === 0) return;
    const id = requestAnimationFrame(() => void rf.fitView({ padding: 0.2, maxZoom: 1.2, duration: 200 }));
    return () => cancelAnimationFrame(id);
  }, [fitRequest, rf]);

  useEffect(() => {
    if (!reveal) return;
    const frame = requestAnimationFrame(() => {
      setReveal(null);
      const box = root.current?.querySelector('.canvas')?.getBoundingClientRect();
      const node = root.current?.querySelector(`.react-flow__node[data-id="${CSS.escape(reveal)}"]`)?.getBoundingClientRect();
      if (box && node && (node.left < box.left || node.right > box.right || node.top < box.top || node.bottom > box.bottom)) {
        void rf.fitView({ padding: 0.2, maxZoom: 1.2, duration: 200 });
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [reveal, rf]);

  const view = useMemo(
    () => ({
      selectedNodes: new Set(state.selectedNodes),
      selectedEdges: new Set(state.selectedEdges),
      issuesByNode: analysis.issuesByNode,
      issuesByEdge: analysis.issuesByEdge,
      highlightPath: hoverPath ?? [],
      nodeStats: analysis.stats,
    }),
    [state.selectedNodes, state.selectedEdges, analysis.issuesByNode, analysis.issuesByEdge, hoverPath, analysis.stats],
  );

  const addFromPalette = useCallback(
    (item: PaletteItem) => {
      const anchorId = state.selectedNodes.length === 1 ? state.selectedNodes[0]! : undefined;
      if (anchorId && graph.layout?.[anchorId]) {
        const r = insertAfter(graph, anchorId, item.draft);
        dispatch({ type: 'commit', graph: r.graph, select: [r.id] });
        setReveal(r.id);
        return;
      }
      const box = document.querySelector('.canvas')?.getBoundingClientRect();
      const c = box ? rf.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
      const at = { x: c.x - 100, y: c.y - 36 + (graph.nodes.length % 5) * 24 };
      dispatch({
        type: 'edit',
        edit: (g) => {
          const r = addNode(g, item.draft, at);
          return { graph: r.graph, select: [r.id] };
        },
      });
    },
    [graph, state.selectedNodes, rf],
  );

  const commands = useMemo(
    () => ({
      undo: () => dispatch({ type: 'undo' }),
      redo: () => dispatch({ type: 'redo' }),
      copy: () => {
        if (state.selectedNodes.length) dispatch({ type: 'copy', fragment: copyFragment(graph, state.selectedNodes) });
      },
      paste: () => {
        const clip = state.clipboard;
        if (!clip || clip.nodes.length === 0) return;
        const shift = 40 * (1 + (pasteCount.current++ % 6));
        dispatch({
          type: 'edit',
          edit: (g) => {
            const r = pasteFragment(g, clip, { x: shift, y: shift });
            return { graph: r.graph, select: r.ids };
          },
        });
      },
      remove: () => {
        if (state.selectedNodes.length + state.selectedEdges.length === 0) return;
        const next = focusAfterRemoval(graph, state.selectedNodes, state.selectedEdges);
        dispatch({ type: 'edit', edit: (g) => removeElements(g, state.selectedNodes, state.selectedEdges) });
        focusCanvas(next ? { kind: 'node', id: next } : undefined);
      },
      selectAll: () => dispatch({ type: 'select', nodes: graph.nodes.map((n) => n.id) }),
      clearSelection: () => dispatch({ type: 'select', nodes: [] }),
    }),
    [graph, state.selectedNodes, state.selectedEdges, state.clipboard, focusCanvas],
  );
  const onKeyDown = useEditorShortcuts(commands);

  const importFile = async (file: File) => {
    try {
      let g = parseGraphFile(await file.text(), file.name);
      if (!g.layout || g.nodes.some((n) => !g.layout?.[n.id])) g = autoLayout(g);
      dispatch({ type: 'commit', graph: g, select: [] });
      setNotice({ kind: 'info', text: `Imported “${g.name}” from ${file.name}. Undo brings the previous rule back.` });
      setFitRequest((n) => n + 1);
    } catch (e) {
      setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };

  const errorCount = analysis.issues.filter((i) => i.severity === 'error').length;
  // The rule without positions: what the inspector, the preview and "unsaved" depend on. A drag
  // changes only the layout, so none of them re-render while it runs.
  const { nodes, edges, name, description } = graph;
  const rule = useMemo(() => ({ ...graph, layout: undefined }), [nodes, edges, name, description]);
  // Storage adds id and version to saved graphs; they are not edits. Moving a node is one.
  const dirty = useMemo(() => !saved || documentText(saved) !== documentText(graph), [saved, graph]);
  // What the preview compares against: only a change of the rule itself changes what is written.
  const ruleChanged = useMemo(() => !saved || ruleText(saved) !== ruleText(rule), [saved, rule]);
  const inspectorHandlers = useMemo(
    () => ({
      onChangeNode: (node: GraphNode) =>
        dispatch({ type: 'edit', edit: (g) => updateNode(g, node), coalesce: { key: `node:${node.id}`, at: performance.now() } }),
      onChangeGraph: (patch: Pick<Graph, 'name' | 'description'>) =>
        dispatch({ type: 'edit', edit: (g) => ({ ...g, ...patch }), coalesce: { key: 'graph', at: performance.now() } }),
      onConnect: (from: string, to: string, branch: Branch) => {
        dispatch({ type: 'edit', edit: (g) => connect(g, from, to, branch) });
        // The Connect button may now have nothing left to connect: keep focus on the new wire.
        focusCanvas({ kind: 'edge', id: edgeKey({ from, to, branch }) });
      },
      onRemoveEdge: (key: string) => {
        dispatch({ type: 'edit', edit: (g) => removeElements(g, [], [key]) });
        focusCanvas({ kind: 'node', id: key.slice(0, key.indexOf('->')) });
      },
      onDelete: (ids: readonly string[]) => {
        const next = focusAfterRemoval(graphRef.current, ids);
        dispatch({ type: 'edit', edit: (g) => removeElements(g, ids) });
        focusCanvas(next ? { kind: 'node', id: next } : undefined);
      },
      onSelect: (id: string) => dispatch({ type: 'select', nodes: [id] }),
    }),
    [focusCanvas],
  );

  return (
    <div className="rule-editor" onKeyDown={onKeyDown} ref={root}>
      <EditorToolbar
        canUndo={state.undo.past.length > 0}
        canRedo={state.undo.future.length > 0}
        hasSelection={state.selectedNodes.length + state.selectedEdges.length > 0}
        canPaste={!!state.clipboard?.nodes.length}
        errorCount={errorCount}
        warningCount={analysis.issues.length - errorCount}
        dirty={dirty}
        onUndo={commands.undo}
        onRedo={commands.redo}
        onCopy={commands.copy}
        onPaste={commands.paste}
        onDelete={commands.remove}
        onLayout={() => {
          dispatch({ type: 'edit', edit: autoLayout });
          setFitRequest((n) => n + 1);
        }}
        onFitView={() => setFitRequest((n) => n + 1)}
        minimap={minimap}
        onToggleMinimap={() => setMinimap((m) => !m)}
        onImport={(f) => void importFile(f)}
        onExport={() => downloadGraph(graph)}
        onSave={onSave && (() => onSave(graph))}
        saving={saving}
        onDiscard={saved ? () => dispatch({ type: 'commit', graph: saved }) : undefined}
      >
        {toolbarExtra}
      </EditorToolbar>
      {notice && (
        <div className={`editor-notice is-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>{notice.text}</span>
          <button type="button" className="btn btn-sm" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="editor-body">
        <Palette onAdd={addFromPalette} />
        <Canvas graph={graph} dispatch={dispatch} view={view} showMinimap={minimap} onFocus={focusCanvas} />
        <div className="editor-side">
          <Inspector
            graph={rule}
            selectedNodes={state.selectedNodes}
            selectedEdges={state.selectedEdges}
            catalog={catalog}
            issues={analysis.issues}
            appName={appName}
            {...inspectorHandlers}
          />
          <PreviewPanel
            graph={rule}
            records={records ?? []}
            run={analysis.run}
            savedRun={ruleChanged ? analysis.savedRun : null}
            selectedNodeId={state.selectedNodes.length === 1 ? state.selectedNodes[0] : undefined}
            onHoverPath={setHoverPath}
            loading={recordsLoading}
            sampleLabel={sampleLabel}
          />
        </div>
      </div>
    </div>
  );
}
