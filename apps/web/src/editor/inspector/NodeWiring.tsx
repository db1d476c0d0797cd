import { useId, useMemo, useState } from 'react';
import { nodeTitle, type Branch, type Graph, type GraphNode } from '@sluice/graph';
import { edgeKey } from '../model/graph-ops';

interface NodeWiringProps {
  graph: Graph;
  node: GraphNode;
  onConnect: (from: string, to: string, branch: Branch) => void;
  onRemoveEdge: (key: string) => void;
}

function nodeName(graph: Graph, id: string): string {
  const n = graph.nodes.find((x) => x.id === id);
  return n ? `${nodeTitle(n)} (${id})` : id;
}

/** The node's wires as a list, and a keyboard way to add one: pick a target and a branch. */
export function NodeWiring({ graph, node, onConnect, onRemoveEdge }: NodeWiringProps) {
  const uid = useId();
  const isCondition = node.kind === 'condition';
  const [branch, setBranch] = useState<Branch>('then');
  // One pass over the edges, not one per candidate: this list renders on every selection change.
  const targets = useMemo(() => {
    if (node.kind === 'sync') return [];
    const taken = new Set(graph.edges.filter((e) => e.from === node.id).map(edgeKey));
    return graph.nodes.filter(
      (n) =>
        n.id !== node.id &&
        n.kind !== 'source' &&
        !taken.has(edgeKey({ from: node.id, to: n.id, branch: node.kind === 'condition' ? branch : undefined })),
    );
  }, [graph, node, branch]);
  const [target, setTarget] = useState('');
  const chosen = targets.some((t) => t.id === target) ? target : (targets[0]?.id ?? '');
  const incoming = graph.edges.filter((e) => e.to === node.id);
  const outgoing = graph.edges.filter((e) => e.from === node.id);

  return (
    <section className="inspector-section" aria-label="Connections">
      <h4>Connections</h4>
      {incoming.length > 0 && (
        <p className="hint">
          From: {incoming.map((e) => `${nodeName(graph, e.from)}${e.branch === 'else' ? ' (else)' : ''}`).join(', ')}
        </p>
      )}
      {outgoing.length === 0 && node.kind !== 'sync' && <p className="hint">Not wired onward yet: records stop here.</p>}
      <ul className="wire-list">
        {outgoing.map((e) => (
          <li key={edgeKey(e)}>
            <span>
              {isCondition && <span className={`badge badge-${e.branch === 'else' ? 'warning' : 'success'}`}>{e.branch ?? 'then'}</span>} →{' '}
              {nodeName(graph, e.to)}
            </span>
            <button type="button" className="btn btn-sm" onClick={() => onRemoveEdge(edgeKey(e))} aria-label={`Remove wire to ${e.to}`}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {node.kind !== 'sync' && (
        <div className="wire-add">
          {isCondition && (
            <div className="field">
              <label htmlFor={`${uid}-branch`}>Branch</label>
              <select id={`${uid}-branch`} className="select" value={branch} onChange={(e) => setBranch(e.target.value as Branch)}>
                <option value="then">then (condition holds)</option>
                <option value="else">else (it does not)</option>
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${uid}-target`}>Wire to</label>
            <select id={`${uid}-target`} className="select" value={chosen} onChange={(e) => setTarget(e.target.value)} disabled={!targets.length}>
              {targets.length === 0 && <option value="">No node to wire to</option>}
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {nodeName(graph, t.id)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn-sm" disabled={!chosen} onClick={() => onConnect(node.id, chosen, branch)}>
            Connect
          </button>
        </div>
      )}
    </section>
  );
}
