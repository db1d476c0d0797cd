import { memo, useId } from 'react';
import { issueSentence, nodeTitle, withCondition, type Branch, type FieldCatalog, type Graph, type GraphNode } from '@sluice/graph';
import type { EditorIssue } from '../canvas/to-flow';
import { edgeKey } from '../model/graph-ops';
import { ActionEditor } from './ActionEditor';
import { isFieldProblem } from './FieldProblem';
import { NodeWiring } from './NodeWiring';
import { WhenEditor } from './WhenEditor';

export interface InspectorProps {
  graph: Graph;
  selectedNodes: readonly string[];
  selectedEdges?: readonly string[];
  catalog: FieldCatalog;
  issues: readonly EditorIssue[];
  onChangeNode: (node: GraphNode) => void;
  onChangeGraph: (patch: Pick<Graph, 'name' | 'description'>) => void;
  onConnect: (from: string, to: string, branch: Branch) => void;
  onRemoveEdge: (key: string) => void;
  onDelete: (ids: readonly string[]) => void;
  onSelect: (id: string) => void;
  /** An app's display name by id (the graph names its apps by id); the id itself when not given. */
  appName?: (id: string) => string;
}

const kindNames: Record<GraphNode['kind'], string> = { source: 'Start', condition: 'If', action: 'Then', sync: 'Sync' };

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function titleOf(graph: Graph, id: string): string {
  const n = graph.nodes.find((x) => x.id === id);
  return n ? nodeTitle(n) : id;
}

/** One finding as a sentence, the code in the tooltip. */
function IssueText({ issue }: { issue: EditorIssue }) {
  return <span title={issue.code}>{issueSentence(issue)}</span>;
}

/**
 * Edits the selection: a node's label, condition or action and its wires; with nothing selected,
 * the graph's name and every problem validation found (each one selects its node).
 */
export const Inspector = memo(function Inspector(props: InspectorProps) {
  const { graph, selectedNodes, selectedEdges = [], issues } = props;
  const node = selectedNodes.length === 1 ? graph.nodes.find((n) => n.id === selectedNodes[0]) : undefined;
  const edge = selectedNodes.length === 0 && selectedEdges.length === 1 ? graph.edges.find((e) => edgeKey(e) === selectedEdges[0]) : undefined;
  return (
    <aside className="inspector" aria-label="Inspector">
      {edge ? (
        <section className="inspector-section" aria-label="Selected wire">
          <h3>Wire</h3>
          <p>
            From <strong>{titleOf(graph, edge.from)}</strong>
            {graph.nodes.find((n) => n.id === edge.from)?.kind === 'condition' && ` (${edge.branch === 'else' ? 'else: when it does not hold' : 'then: when it holds'})`} to{' '}
            <strong>{titleOf(graph, edge.to)}</strong>.
          </p>
          <div className="settings-actions">
            <button type="button" className="btn btn-sm" onClick={() => props.onSelect(edge.from)}>
              Select {titleOf(graph, edge.from)}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => props.onSelect(edge.to)}>
              Select {titleOf(graph, edge.to)}
            </button>
            <button type="button" className="btn btn-sm btn-danger" onClick={() => props.onRemoveEdge(edgeKey(edge))}>
              Delete wire
            </button>
          </div>
        </section>
      ) : node ? (
        <NodeInspector {...props} node={node} issues={issues.filter((i) => i.nodeId === node.id)} />
      ) : selectedNodes.length > 1 ? (
        <section className="inspector-section">
          <h3>{selectedNodes.length} nodes selected</h3>
          <p className="hint">
            Move them with the arrow keys, copy with <kbd>Ctrl</kbd>+<kbd>C</kbd>, delete with <kbd>Delete</kbd>.
          </p>
          <button type="button" className="btn btn-danger" onClick={() => props.onDelete(selectedNodes)}>
            Delete selected
          </button>
        </section>
      ) : (
        <GraphInspector {...props} />
      )}
    </aside>
  );
});

function GraphInspector({ graph, issues, onChangeGraph, onSelect, appName = (id) => id }: InspectorProps) {
  const uid = useId();
  return (
    <>
      <section className="inspector-section">
        <h3>Rule</h3>
        <div className="field">
          <label htmlFor={`${uid}-name`}>Name</label>
          <input id={`${uid}-name`} className="input" value={graph.name} onChange={(e) => onChangeGraph({ name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-desc`}>Description</label>
          <textarea
            id={`${uid}-desc`}
            className="input textarea"
            rows={2}
            value={graph.description ?? ''}
            onChange={(e) => onChangeGraph({ name: graph.name, description: e.target.value || undefined })}
          />
        </div>
        <p className="hint">
          {appName(graph.source.app)} → {appName(graph.target.app)} · {count(graph.nodes.length, 'node', 'nodes')} · {count(graph.edges.length, 'wire', 'wires')}
        </p>
      </section>
      <section className="inspector-section" aria-label="Problems">
        <h4>Problems</h4>
        {issues.length === 0 ? (
          <p className="hint">None: the rule is valid.</p>
        ) : (
          <ul className="issue-list">
            {issues.map((i, k) => (
              <li key={k} className={i.severity === 'error' ? 'is-error' : 'is-warning'}>
                {i.nodeId ? (
                  <button type="button" className="link-button" onClick={() => onSelect(i.nodeId!)}>
                    {titleOf(graph, i.nodeId)}
                  </button>
                ) : (
                  <strong>{i.edgeIndex !== undefined && graph.edges[i.edgeIndex] ? `Wire ${titleOf(graph, graph.edges[i.edgeIndex]!.from)} → ${titleOf(graph, graph.edges[i.edgeIndex]!.to)}` : 'The rule'}</strong>
                )}
                : <IssueText issue={i} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="inspector-section">
        <h4>Keyboard</h4>
        <ul className="shortcut-list hint">
          <li>
            <kbd>Tab</kbd> to a node, <kbd>Enter</kbd> selects it, arrows move it
          </li>
          <li>
            <kbd>Enter</kbd> on a palette item adds it after the selected node
          </li>
          <li>
            <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo, <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redo
          </li>
          <li>
            <kbd>Ctrl</kbd>+<kbd>C</kbd>/<kbd>V</kbd> copy/paste, <kbd>Delete</kbd> removes
          </li>
        </ul>
      </section>
    </>
  );
}

function NodeInspector({
  graph,
  node,
  catalog,
  issues,
  onChangeNode,
  onConnect,
  onRemoveEdge,
  onDelete,
}: InspectorProps & { node: GraphNode }) {
  const uid = useId();
  const index = graph.nodes.indexOf(node);
  const nodeIssues = issues.filter((i) => !isFieldProblem(i));
  const generated = nodeTitle({ ...node, label: undefined });
  return (
    <>
      <section className="inspector-section">
        <h3>
          {kindNames[node.kind]} <span className="hint">{node.id}</span>
        </h3>
        {nodeIssues.length > 0 && (
          <ul className="issue-list" aria-label="Problems of this node">
            {nodeIssues.map((i, k) => (
              <li key={k} className={i.severity === 'error' ? 'is-error' : 'is-warning'}>
                <IssueText issue={i} />
              </li>
            ))}
          </ul>
        )}
        <div className="field">
          <label htmlFor={`${uid}-label`}>Label</label>
          <input
            id={`${uid}-label`}
            className="input"
            value={node.label ?? ''}
            placeholder={generated}
            aria-describedby={`${uid}-label-hint`}
            onChange={(e) => onChangeNode({ ...node, label: e.target.value || undefined })}
          />
          <span id={`${uid}-label-hint`} className="hint">
            {node.kind === 'condition'
              ? 'Reasons quote this name. Left empty, the node is named after its condition and follows your edits.'
              : 'Optional. Left empty, the node is named after what it does.'}
          </span>
        </div>
      </section>
      {node.kind === 'condition' && (
        <section className="inspector-section" aria-label="Condition settings">
          <h4>If</h4>
          <WhenEditor
            when={node.when}
            catalog={catalog}
            idPrefix={`${uid}-w`}
            path={['nodes', index, 'when']}
            issues={issues}
            onChange={(when) => onChangeNode(withCondition(node, when))}
          />
        </section>
      )}
      {node.kind === 'action' && (
        <section className="inspector-section" aria-label="Action settings">
          <h4>Then</h4>
          <ActionEditor action={node.do} catalog={catalog} idPrefix={`${uid}-a`} path={['nodes', index, 'do']} issues={issues} onChange={(d) => onChangeNode({ ...node, do: d })} />
        </section>
      )}
      <NodeWiring graph={graph} node={node} onConnect={onConnect} onRemoveEdge={onRemoveEdge} />
      {node.kind !== 'source' && (
        <section className="inspector-section">
          <button type="button" className="btn btn-danger" onClick={() => onDelete([node.id])}>
            Delete node
          </button>
        </section>
      )}
    </>
  );
}
