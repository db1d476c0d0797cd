import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { formatValue } from './history.model';

interface RecordStoryProps {
  connectionId: string;
  side: 'a' | 'b';
  recordId: string;
  names: { a: string; b: string };
}

/** One record's story: its link, health and every event with field diffs and losing conflict values; resync. */
export function RecordStory({ connectionId, side, recordId, names }: RecordStoryProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const story = useQuery(trpc.history.record.queryOptions({ connectionId, side, recordId }));
  const resync = useMutation(
    trpc.history.resync.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.history.pathKey() }),
    }),
  );
  if (story.isPending) return <LoadingState label="Loading the record's story…" />;
  if (story.isError) return <ErrorState title="Could not load this record" error={story.error} onRetry={() => void story.refetch()} />;
  const { link, health, events } = story.data;
  return (
    <div className="story" aria-label={`Record ${recordId}`}>
      <p>
        <strong>
          {names[side]} record {recordId}
        </strong>
        {link ? (
          <>
            {' '}
            · linked to {names.a} {link.aId} ↔ {names.b} {link.bId}
          </>
        ) : (
          ' · not linked'
        )}
        {health && (
          <>
            {' '}
            · <span className="badge">{health.status}</span> {health.reason ?? ''}
          </>
        )}
      </p>
      <div className="settings-actions">
        <button type="button" className="btn" disabled={resync.isPending} onClick={() => resync.mutate({ connectionId, side, recordId })}>
          {resync.isPending ? 'Syncing…' : 'Resync this record'}
        </button>
        {resync.isSuccess && (
          <span className="hint" role="status">
            Synced again.
          </span>
        )}
        {resync.isError && (
          <span className="error-text" role="alert">
            {errorMessage(resync.error)}
          </span>
        )}
      </div>
      {events.length === 0 && <p className="hint">No events for this record yet.</p>}
      {events.map((e, i) => (
        <article key={`${e.runId}-${e.at}-${i}`} className="story-event">
          <header>
            <span className="badge">{e.outcome}</span> {new Date(e.at).toLocaleString()} · {e.direction === 'aToB' ? `${names.a} → ${names.b}` : `${names.b} → ${names.a}`}
            {e.reason ? ` · ${e.reason}` : ''}
          </header>
          {e.message && <p className="hint">{e.message}</p>}
          {e.changes && e.changes.length > 0 && (
            <ul className="diff" aria-label="Field changes">
              {e.changes.map((c, j) => (
                <li key={j}>
                  {c.path}
                  {c.side ? ` (${names[c.side]})` : ''}: <span className="diff-before">{formatValue(c.before)}</span> → <span className="diff-after">{formatValue(c.after)}</span>
                </li>
              ))}
            </ul>
          )}
          {e.conflicts && e.conflicts.length > 0 && (
            <ul className="diff" aria-label="Conflicts">
              {e.conflicts.map((c, j) => (
                <li key={j}>
                  {c.path}: {names[c.winner]} won ({c.rule}) with {formatValue(c.winningValue)}; lost: <span className="diff-before">{formatValue(c.losingValue)}</span>
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </div>
  );
}
