import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { EventFiltersBar } from './EventFiltersBar';
import { HealthSummary } from './HealthSummary';
import { RecordStory } from './RecordStory';
import { RunsTimeline } from './RunsTimeline';
import { eventsQuery, noFilters, type EventFilters } from './history.model';
import './history.css';

/** The History tab: health, the runs timeline, record events with filters, and one record's story. */
export function HistoryTab({ connectionId, names }: { connectionId: string; names: { a: string; b: string } }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<EventFilters>(noFilters);
  const [now] = useState(() => Date.now());
  const [selected, setSelected] = useState<{ side: 'a' | 'b'; recordId: string } | null>(null);
  const runs = useQuery({ ...trpc.history.runs.queryOptions({ connectionId, limit: 20 }), refetchInterval: 4000 });
  const health = useQuery({ ...trpc.history.health.queryOptions({ connectionId }), refetchInterval: 4000 });
  const events = useQuery({ ...trpc.history.events.queryOptions(eventsQuery(connectionId, filters, now)), refetchInterval: filters === noFilters ? 4000 : false });

  return (
    <div className="history">
      <div className="settings-stack">
        <section className="card history-section" aria-labelledby="health-title">
          <h2 id="health-title">Health</h2>
          {health.isPending ? <LoadingState label="Loading health…" /> : health.isError ? <ErrorState error={health.error} /> : <HealthSummary counts={health.data.counts} />}
        </section>
        <section className="card history-section" aria-labelledby="runs-title">
          <h2 id="runs-title">Runs</h2>
          {runs.isPending ? (
            <LoadingState label="Loading runs…" />
          ) : runs.isError ? (
            <ErrorState title="Could not load the runs" error={runs.error} onRetry={() => void runs.refetch()} />
          ) : (
            <RunsTimeline runs={runs.data} names={names} />
          )}
        </section>
        <section className="card history-section" aria-labelledby="story-title">
          <h2 id="story-title">Record story</h2>
          {selected ? (
            <RecordStory key={`${selected.side}-${selected.recordId}`} connectionId={connectionId} side={selected.side} recordId={selected.recordId} names={names} />
          ) : (
            <p className="hint">Choose a record event to see the record&apos;s story: every change with the values before and after, and conflict values that lost.</p>
          )}
        </section>
      </div>
      <section className="card history-section" aria-labelledby="events-title">
        <h2 id="events-title">Record events</h2>
        <EventFiltersBar value={filters} onChange={setFilters} />
        {events.isPending ? (
          <LoadingState label="Loading events…" />
        ) : events.isError ? (
          <ErrorState title="Could not load the events" error={events.error} onRetry={() => void events.refetch()} />
        ) : events.data.length === 0 ? (
          <p className="hint">{filters === noFilters ? 'No record events yet.' : 'No events match these filters.'}</p>
        ) : (
          <div className="events-scroll">
            <table className="table table-compact">
              <caption className="visually-hidden">Record events, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Record</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {events.data.map((e, i) => {
                  const side = e.direction === 'aToB' ? 'a' : 'b';
                  const isSelected = selected?.side === side && selected.recordId === e.sourceId;
                  return (
                    <tr key={`${e.runId}-${e.sourceId}-${i}`} className="event-row" aria-selected={isSelected}>
                      <td>{new Date(e.at).toLocaleTimeString()}</td>
                      <td>
                        <button type="button" className="link-button" onClick={() => setSelected({ side, recordId: e.sourceId })}>
                          {names[side]} {e.sourceId}
                        </button>
                      </td>
                      <td>
                        <span className={`badge ${e.outcome === 'failed' ? 'badge-danger' : e.outcome === 'created' || e.outcome === 'updated' ? 'badge-success' : ''}`}>{e.outcome}</span>
                      </td>
                      <td>{e.reason ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
