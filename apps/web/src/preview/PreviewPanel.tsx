import { memo, useCallback, useId, useMemo, useState } from 'react';
import { nodeTitle, type Contact, type Graph, type TracedDecision } from '@sluice/graph';
import { filterDecisions, hasImpact, impactOf, pathText, recordTitle, type Impact, type PreviewRun, type StatusFilter } from './preview.model';
import { diffRecords } from './record-diff';
import { fieldLabel } from '../history/field-label';
import { LoadingState } from '../ui/LoadingState';
import { EmptyState } from '../ui/EmptyState';

export interface PreviewPanelProps {
  graph: Graph;
  records: readonly Contact[];
  run: PreviewRun | null;
  /** The preview of the saved version, for "impact of your changes". */
  savedRun?: PreviewRun | null;
  /** The node selected on the canvas: the list can be filtered to it. */
  selectedNodeId?: string;
  /** The path of the record under the pointer (null when it leaves), highlighted on the canvas. */
  onHoverPath?: (path: readonly string[] | null) => void;
  loading?: boolean;
  /** Where the records come from, e.g. `the first 200 records of Sandbox CRM`; the header says it is a sample. */
  sampleLabel?: string;
}

const MAX_ROWS = 300;

/**
 * Which sample records would sync, and why the others would not. Hover a record to see its path
 * on the canvas; select a node to list the records it passed or stopped.
 */
export const PreviewPanel = memo(function PreviewPanel({
  graph,
  records,
  run,
  savedRun,
  selectedNodeId,
  onHoverPath,
  loading,
  sampleLabel,
}: PreviewPanelProps) {
  const uid = useId();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [nodeMode, setNodeMode] = useState<'off' | 'passed' | 'stopped'>('off');
  const [text, setText] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const toggle = useCallback((id: string) => setOpen((o) => (o === id ? null : id)), []);

  const decisions = run?.decisions;
  const impact = useMemo(() => (decisions && savedRun && !savedRun.error ? impactOf(decisions, savedRun.decisions) : undefined), [decisions, savedRun]);
  const nodeFilter = selectedNodeId && nodeMode !== 'off' ? { nodeId: selectedNodeId, nodeMode } : {};
  const shown = useMemo(
    () => (decisions ? filterDecisions(decisions, { status, text, ...nodeFilter }, impact) : []),
    // nodeFilter is rebuilt each render from selectedNodeId and nodeMode, which are the deps.
    [decisions, status, text, impact, selectedNodeId, nodeMode],
  );
  const byId = useMemo(() => new Map(records.map((r) => [r.id, r])), [records]);
  const selectedNode = selectedNodeId ? graph.nodes.find((n) => n.id === selectedNodeId) : undefined;

  if (loading && !run) return <aside className="preview" aria-label="Preview"><LoadingState label="Loading sample records…" /></aside>;

  const synced = decisions?.filter((d) => d.sync).length ?? 0;
  const total = decisions?.length ?? 0;

  return (
    <aside className="preview" aria-label="Preview">
      <header className="preview-head">
        <h3>Preview</h3>
        <span className="hint" aria-live="polite">
          {run?.error ? 'Fix the rule to preview' : `${synced} of ${total} would sync`}
          {run && !run.error && <span className="preview-ms"> · {run.ms < 1 ? '<1' : Math.round(run.ms)} ms</span>}
        </span>
      </header>
      <p className="hint preview-sample" data-testid="preview-sample">
        A sample of {total} {total === 1 ? 'record' : 'records'}
        {sampleLabel ? `: ${sampleLabel}` : ''}. The sync itself reads every record.
      </p>
      {run?.error && (
        <p className="preview-error" role="alert">
          {run.error}
        </p>
      )}
      {impact && hasImpact(impact) ? (
        <button type="button" className="impact" aria-pressed={status === 'changed'} onClick={() => setStatus(status === 'changed' ? 'all' : 'changed')}>
          <strong>Impact of your changes:</strong> {impactText(impact)}
        </button>
      ) : (
        savedRun &&
        !savedRun.error &&
        !run?.error && <p className="impact impact-none">No change against the saved version: the same records sync, with the same values.</p>
      )}
      <div className="preview-filters">
        <div className="segmented" role="group" aria-label="Show">
          {(['all', 'sync', 'excluded'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={status === s} onClick={() => setStatus(s)}>
              {s === 'all' ? `All ${total}` : s === 'sync' ? `Sync ${synced}` : `Excluded ${total - synced}`}
            </button>
          ))}
        </div>
        <label htmlFor={`${uid}-q`} className="visually-hidden">
          Search records
        </label>
        <input id={`${uid}-q`} className="input" type="search" placeholder="Search name, email, id" value={text} onChange={(e) => setText(e.target.value)} />
        {selectedNode && (
          <div className="segmented" role="group" aria-label={`Records at “${nodeTitle(selectedNode)}”`}>
            <button type="button" aria-pressed={nodeMode === 'off'} onClick={() => setNodeMode('off')}>
              Any node
            </button>
            <button type="button" aria-pressed={nodeMode === 'passed'} onClick={() => setNodeMode('passed')}>
              Passed “{nodeTitle(selectedNode)}”
            </button>
            {selectedNode.kind === 'condition' && (
              <button type="button" aria-pressed={nodeMode === 'stopped'} onClick={() => setNodeMode('stopped')}>
                Stopped at “{nodeTitle(selectedNode)}”
              </button>
            )}
          </div>
        )}
      </div>
      {total === 0 && !run?.error ? (
        <EmptyState title="No sample records" icon="∅">
          Records to preview appear here once the source app has some.
        </EmptyState>
      ) : (
        <ul className="preview-list" aria-label="Sample records" onMouseLeave={() => onHoverPath?.(null)}>
          {shown.slice(0, MAX_ROWS).map((d) => (
            <PreviewRow
              key={d.id}
              decision={d}
              before={byId.get(d.id)}
              open={open === d.id}
              onToggle={toggle}
              onHoverPath={onHoverPath}
              graph={graph}
              changed={impact ? (impact.start.includes(d.id) ? 'start' : impact.stop.includes(d.id) ? 'stop' : impact.written.includes(d.id) ? 'written' : undefined) : undefined}
            />
          ))}
          {shown.length === 0 && <li className="hint preview-none">No record matches these filters.</li>}
          {shown.length > MAX_ROWS && <li className="hint preview-none">and {shown.length - MAX_ROWS} more; narrow the search.</li>}
        </ul>
      )}
    </aside>
  );
});

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The impact as one line: `106 records get other values written · 3 start syncing · 1 stops`. Pure. */
export function impactText(impact: Impact): string {
  const parts: string[] = [];
  if (impact.written.length) parts.push(`${plural(impact.written.length, 'record gets', 'records get')} other values written`);
  if (impact.start.length) parts.push(`${plural(impact.start.length, 'record starts', 'records start')} syncing`);
  if (impact.stop.length) parts.push(`${plural(impact.stop.length, 'record stops', 'records stop')} syncing`);
  return parts.join(' · ');
}

interface RowProps {
  decision: TracedDecision;
  graph: Graph;
  before: Contact | undefined;
  open: boolean;
  onToggle: (id: string) => void;
  onHoverPath?: (path: readonly string[] | null) => void;
  changed?: 'start' | 'stop' | 'written';
}

/** A row re-renders only when what it shows changed; `path` arrays are shared by the compiler. */
function sameRow(a: RowProps, b: RowProps): boolean {
  const x = a.decision;
  const y = b.decision;
  return (
    x.id === y.id &&
    x.sync === y.sync &&
    x.reason === y.reason &&
    x.path === y.path &&
    x.record === y.record &&
    x.error === y.error &&
    a.before === b.before &&
    a.open === b.open &&
    a.onToggle === b.onToggle &&
    a.onHoverPath === b.onHoverPath &&
    a.graph.nodes === b.graph.nodes &&
    a.changed === b.changed
  );
}

const changeBadges = { start: ['badge-success', 'starts'], stop: ['badge-warning', 'stops'], written: ['badge-info', 'changes'] } as const;

const PreviewRow = memo(function PreviewRow({ decision: d, graph, before, open, onToggle, onHoverPath, changed }: RowProps) {
  const changes = open && before && d.sync ? diffRecords(before, d.record) : [];
  return (
    <li
      className={`preview-row ${d.sync ? 'is-sync' : 'is-excluded'}`}
      onMouseEnter={() => onHoverPath?.(d.path)}
      onFocus={() => onHoverPath?.(d.path)}
    >
      <button type="button" className="preview-row-main" aria-expanded={open} onClick={() => onToggle(d.id)}>
        <span className={`badge ${d.sync ? 'badge-success' : 'badge-danger'}`}>{d.sync ? 'Sync' : 'Excluded'}</span>
        <span className="preview-row-title">{recordTitle(d.record)}</span>
        {changed && <span className={`badge ${changeBadges[changed][0]}`}>{changeBadges[changed][1]}</span>}
      </button>
      {!d.sync && d.reason && <p className="preview-reason">{d.error ? <span title={d.error.code}>{d.error.message}</span> : d.reason}</p>}
      {open && (
        <div className="preview-detail">
          <p>
            <span className="hint">Path:</span> <span title={d.path.join(' → ')}>{pathText(graph, d.path) || '—'}</span>
          </p>
          {d.sync && changes.length === 0 && <p className="hint">Synced unchanged.</p>}
          {changes.length > 0 && (
            <table className="diff-table">
              <caption className="visually-hidden">Fields the rule changed</caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Before</th>
                  <th scope="col">After</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.path}>
                    <td title={c.path}>{fieldLabel(c.path)}</td>
                    <td>{show(c.before)}</td>
                    <td>{show(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </li>
  );
}, sameRow);

function show(v: unknown): string {
  if (v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
