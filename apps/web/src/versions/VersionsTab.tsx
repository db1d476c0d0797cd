import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { useRoleAtLeast } from '../account/useRole';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { RestoreDialog } from './RestoreDialog';
import { VersionDiff } from './VersionDiff';
import { authorName, changeLabel, summaryLine, type VersionRow } from './versions.model';
import './versions.css';

const when = (at: number) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function VersionItem({ v, canRestore, onCompare, onRestore }: { v: VersionRow; canRestore: boolean; onCompare: () => void; onRestore: () => void }) {
  return (
    <li className={`version ${v.current ? 'version-current' : ''}`} data-testid="version">
      <div className="version-head">
        <strong>Version {v.version}</strong>
        {v.current && <span className="badge badge-success">in use</span>}
        <span className="hint">
          {changeLabel(v.change)} by {authorName(v.by)}, <time dateTime={new Date(v.at).toISOString()}>{when(v.at)}</time>
        </span>
      </div>
      <p className="version-summary">{summaryLine(v)}</p>
      {v.changes.length > 1 && (
        <details className="version-changes">
          <summary>All {v.changes.length} changes</summary>
          <ul>
            {v.changes.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </details>
      )}
      {!v.current && (
        <div className="version-actions">
          <button type="button" className="btn btn-sm" onClick={onCompare}>
            Compare with the version in use<span className="visually-hidden"> (version {v.version})</span>
          </button>
          {canRestore && (
            <button type="button" className="btn btn-sm" onClick={onRestore}>
              Restore version {v.version}…
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function VersionSelect({ label, value, versions, onChange }: { label: string; value: number; versions: VersionRow[]; onChange: (v: number) => void }) {
  const id = useId();
  // Labelled by id, not by wrapping: a wrapping label's name would also read the chosen option.
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            Version {v.version}
            {v.current ? ' (in use)' : ''} · {changeLabel(v.change)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A connection's saved versions, newest first (who, when, what changed in one line), the changes
 * between any two in sentences, and restoring one after a preview of what it changes.
 */
export function VersionsTab({ connectionId }: { connectionId: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.versions.list.queryOptions({ connectionId }));
  const canRestore = useRoleAtLeast('editor');
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);
  if (list.isPending) return <LoadingState label="Loading the versions…" minHeight="30vh" />;
  if (list.isError) return <ErrorState title="Could not load the versions" error={list.error} onRetry={() => void list.refetch()} />;
  const { versions, current } = list.data;
  const oldest = versions.at(-1)?.version ?? current;
  const shown = pair ?? { from: versions[1]?.version ?? oldest, to: current };
  return (
    <div className="versions">
      <section className="card versions-section" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <p className="hint">Every saved change of settings, mappings or rules is a version. Restoring one saves it again as a new version, so nothing is lost.</p>
        <ol className="version-list" aria-label="Versions, newest first">
          {versions.map((v) => (
            <VersionItem key={v.version} v={v} canRestore={canRestore} onCompare={() => {
                setPair({ from: v.version, to: current });
                // On a phone the comparison is below the list: bring it into sight.
                document.getElementById('compare-title')?.scrollIntoView({ block: 'start' });
              }} onRestore={() => setRestoring(v.version)} />
          ))}
        </ol>
      </section>
      <section className="card versions-section" aria-labelledby="compare-title">
        <h2 id="compare-title">Compare versions</h2>
        {versions.length < 2 ? (
          <p className="hint">There is one version so far. Each saved change adds one, and then you can compare them here.</p>
        ) : (
          <>
            <div className="filters" role="group" aria-label="Versions to compare">
              <VersionSelect label="From" value={shown.from} versions={versions} onChange={(from) => setPair({ ...shown, from })} />
              <VersionSelect label="To" value={shown.to} versions={versions} onChange={(to) => setPair({ ...shown, to })} />
            </div>
            <h3 className="compare-caption" aria-live="polite">
              From version {shown.from} to version {shown.to}
            </h3>
            {shown.from === shown.to ? <p className="hint">Choose two different versions.</p> : <VersionDiff connectionId={connectionId} from={shown.from} to={shown.to} />}
          </>
        )}
      </section>
      <RestoreDialog connectionId={connectionId} current={current} version={restoring} onClose={() => setRestoring(null)} />
    </div>
  );
}
