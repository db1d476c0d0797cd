import { Tooltip } from '../ui/Tooltip';
import { formatDuration, type Names } from './history.model';

interface RunCounts {
  read: { a: number; b: number };
  created: { a: number; b: number };
  updated: { a: number; b: number };
  skipped: number;
  excluded: number;
  conflicts: number;
  failed: number;
  trashed?: number;
}

interface RunView {
  id: string;
  kind: string;
  status: string;
  startedAt: number;
  durationMs?: number;
  counts: RunCounts;
  errors: { code: string; message: string; recordId?: string }[];
}

const kindWords: Record<string, string> = { initial: 'First sync', incremental: 'Changes since the last run', manual: 'Run on request' };
const statusWords: Record<string, { text: string; tone: string }> = {
  succeeded: { text: 'finished', tone: 'badge-success' },
  failed: { text: 'failed', tone: 'badge-danger' },
  running: { text: 'running', tone: 'badge-warning' },
  interrupted: { text: 'interrupted', tone: '' },
};

/** Per side, "485 from Sandbox CRM, 500 from Sandbox Outreach" (a zero side left out). Pure. */
function perSide(n: { a: number; b: number }, names: Names, word: 'from' | 'in'): string {
  const parts = (['a', 'b'] as const).filter((s) => n[s] > 0).map((s) => `${n[s]} ${word} ${names[s]}`);
  return parts.length > 0 ? parts.join(', ') : '0';
}

/**
 * Each count of a run with its label and, on hover or focus, what it means. Pure.
 * @example runCountItems(counts, names)[0] // { label: 'Read', value: '485 from CRM, 500 from Outreach', help: '…' }
 */
export function runCountItems(c: RunCounts, names: Names): { label: string; value: string; help: string }[] {
  const items = [
    { label: 'Read', value: perSide(c.read, names, 'from'), help: 'Records read from each app: all of them on a first sync, only the changed ones afterwards.', show: true },
    { label: 'Created', value: perSide(c.created, names, 'in'), help: 'New records Sluice wrote in each app.', show: true },
    { label: 'Updated', value: perSide(c.updated, names, 'in'), help: 'Existing records Sluice changed in each app.', show: true },
    {
      label: 'Nothing to write',
      value: String(c.skipped),
      help: 'Read, but nothing needed writing: unchanged since the last sync, an echo of Sluice’s own write, already equal in both apps, or held back to avoid a duplicate.',
      show: true,
    },
    { label: 'Filtered out', value: String(c.excluded), help: 'Records the rules did not let through.', show: c.excluded > 0 },
    { label: 'Conflicts resolved', value: String(c.conflicts), help: 'Fields both apps changed: the winning value was kept, the other stays in the record’s history.', show: c.conflicts > 0 },
    { label: 'Deletions passed on', value: String(c.trashed ?? 0), help: 'Records deleted in one app whose partner was tagged Sluice Trash.', show: (c.trashed ?? 0) > 0 },
    { label: 'Failed', value: String(c.failed), help: 'Records that could not be read or written; each one’s reason is in the record events.', show: true },
  ];
  return items.filter((i) => i.show).map(({ label, value, help }) => ({ label, value, help }));
}

/** The runs of a connection, newest first: what kind, how it ended, each count labelled and explained, and the first errors. */
export function RunsTimeline({ runs, names }: { runs: readonly RunView[]; names: Names }) {
  if (runs.length === 0) return <p className="hint">No runs yet. A started connection runs within seconds; a paused or draft one does not run.</p>;
  return (
    <ol className="runs" aria-label="Runs">
      {runs.map((run) => {
        const status = statusWords[run.status] ?? { text: run.status, tone: '' };
        return (
          <li key={run.id} className={`run run-${run.status}`} data-testid="run">
            <span>
              <strong>{kindWords[run.kind] ?? run.kind}</strong>
              <br />
              <span className="hint">{new Date(run.startedAt).toLocaleTimeString()}</span>
            </span>
            <span>
              <span className={`badge ${status.tone}`}>{status.text}</span> <span className="hint">in {formatDuration(run.durationMs)}</span>
              <dl className="run-counts">
                {runCountItems(run.counts, names).map((item) => (
                  <div key={item.label}>
                    <dt>
                      <Tooltip content={item.help}>
                        <span tabIndex={0} className="reason">
                          {item.label}
                        </span>
                      </Tooltip>
                    </dt>
                    <dd>{item.value}</dd>
                  </div>
                ))}
              </dl>
              {run.errors.length > 0 && (
                <ul className="error-text">
                  {run.errors.slice(0, 3).map((e, i) => (
                    <li key={i}>
                      <Tooltip content={e.code}>
                        <span tabIndex={0}>{e.message}</span>
                      </Tooltip>
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
