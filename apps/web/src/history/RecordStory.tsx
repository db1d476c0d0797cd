import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { Tooltip } from '../ui/Tooltip';
import { fieldLabel } from './field-label';
import { directionWords, eventHeadline, formatValue, type EventView, type Names } from './history.model';

interface RecordStoryProps {
  connectionId: string;
  side: 'a' | 'b';
  recordId: string;
  names: Names;
}

const statusWords: Record<string, string> = { inSync: 'in sync', excluded: 'filtered out', duplicate: 'held back as a possible duplicate', failed: 'failed' };
const ruleWords: Record<string, string> = { a: 'its app wins', b: 'its app wins', newest: 'newest change wins', merge: 'lists merged' };

/** One record's story: who it is, its partner in the other app, where it stands, and every event once, with field changes and losing conflict values; resync. */
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
  const { link, health, subject } = story.data;
  const events = story.data.events as EventView[];
  const other = side === 'a' ? 'b' : 'a';
  return (
    <div className="story" aria-label={`Story of ${subject?.name ?? subject?.email ?? recordId}`}>
      <p>
        <strong>{subject?.name ?? subject?.email ?? `${names[side]} record ${recordId}`}</strong>
        {subject?.name && subject.email ? ` · ${subject.email}` : ''}
        <br />
        <span className="hint">
          {names[side]} {recordId}
          {link ? ` · same person as ${names[other]} ${side === 'a' ? link.bId : link.aId}` : ' · not linked to a record in ' + names[other]}
        </span>
      </p>
      {health && (
        <p>
          Now: <span className="badge">{statusWords[health.status] ?? health.status}</span>{' '}
          {health.reason && (
            <Tooltip content={health.reason}>
              <span tabIndex={0} className="reason">
                {health.reasonText ?? health.reason}
              </span>
            </Tooltip>
          )}
        </p>
      )}
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
        <article key={`${e.runId}-${e.direction}-${e.at}-${i}`} className="story-event">
          <header>
            <strong>{eventHeadline(e, names)}</strong>{' '}
            <span className="hint">
              {new Date(e.at).toLocaleString()} · {directionWords(e.direction, names)}
            </span>
          </header>
          {e.reason && e.outcome !== 'created' && e.outcome !== 'updated' && (
            <Tooltip content={e.reason}>
              <p tabIndex={0} className="reason">
                {e.reasonText ?? e.reason}
              </p>
            </Tooltip>
          )}
          {e.message && <p className="hint">{e.message}</p>}
          {e.changes && e.changes.length > 0 && (
            <ul className="diff" aria-label="Field changes">
              {e.changes.map((c, j) => (
                <li key={j}>
                  {fieldLabel(c.path)}
                  {c.side ? ` (in ${names[c.side]})` : ''}: <span className="diff-before">{formatValue(c.before)}</span> → <span className="diff-after">{formatValue(c.after)}</span>
                </li>
              ))}
            </ul>
          )}
          {'conflicts' in e && Array.isArray(e.conflicts) && e.conflicts.length > 0 && (
            <ul className="diff" aria-label="Conflicts">
              {(e.conflicts as { path: string; winner: 'a' | 'b'; rule: string; winningValue: unknown; losingValue: unknown }[]).map((c, j) => (
                <li key={j}>
                  {fieldLabel(c.path)}: {names[c.winner]}&apos;s {formatValue(c.winningValue)} kept ({ruleWords[c.rule] ?? c.rule}); lost: <span className="diff-before">{formatValue(c.losingValue)}</span>
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </div>
  );
}
