import { formatDuration } from './history.model';

interface RunView {
  id: string;
  kind: string;
  status: string;
  startedAt: number;
  durationMs?: number;
  counts: { read: { a: number; b: number }; created: { a: number; b: number }; updated: { a: number; b: number }; skipped: number; excluded: number; conflicts: number; failed: number };
  errors: { code: string; message: string; recordId?: string }[];
}

/** The runs of a connection, newest first: kind, status, counts, duration and the first errors. */
export function RunsTimeline({ runs, names }: { runs: readonly RunView[]; names: { a: string; b: string } }) {
  if (runs.length === 0) return <p className="hint">No runs yet. A started connection runs within seconds; a paused or draft one does not run.</p>;
  return (
    <ol className="runs" aria-label="Runs">
      {runs.map((run) => {
        const c = run.counts;
        return (
          <li key={run.id} className={`run run-${run.status}`} data-testid="run">
            <span>
              <strong>{run.kind}</strong>
              <br />
              <span className="hint">{new Date(run.startedAt).toLocaleTimeString()}</span>
            </span>
            <span>
              <span className={`badge ${run.status === 'succeeded' ? 'badge-success' : run.status === 'failed' ? 'badge-danger' : run.status === 'running' ? 'badge-warning' : ''}`}>{run.status}</span>{' '}
              {formatDuration(run.durationMs)} · read {c.read.a}/{c.read.b} · created {c.created.a} in {names.a}, {c.created.b} in {names.b} · updated {c.updated.a + c.updated.b} ·
              excluded {c.excluded} · skipped {c.skipped} · conflicts {c.conflicts} · failed {c.failed}
              {run.errors.length > 0 && (
                <ul className="error-text">
                  {run.errors.slice(0, 3).map((e, i) => (
                    <li key={i}>
                      {e.code}: {e.message}
                      {e.recordId ? ` (record ${e.recordId})` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
