import { useCallback, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { EventFiltersBar } from './EventFiltersBar';
import { EventsTable } from './EventsTable';
import { HealthSummary } from './HealthSummary';
import { RecordStory } from './RecordStory';
import { RunsTimeline } from './RunsTimeline';
import { noFilters, type EventFilters, type Names } from './history.model';
import './history.css';

/** The History tab: health, the runs timeline, record events with filters, and one record's story. */
export function HistoryTab({ connectionId, names }: { connectionId: string; names: Names }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<EventFilters>(noFilters);
  const [selected, setSelected] = useState<{ side: 'a' | 'b'; recordId: string } | null>(null);
  const select = useCallback((record: { side: 'a' | 'b'; recordId: string }) => setSelected(record), []);
  const runs = useQuery({ ...trpc.history.runs.queryOptions({ connectionId, limit: 20 }), refetchInterval: 4000 });
  const health = useQuery({ ...trpc.history.health.queryOptions({ connectionId }), refetchInterval: 4000 });
  const report = health.data?.report;
  const reasons = report ? [...report.excluded.reasons, ...report.duplicates.reasons, ...report.failed.reasons] : [];

  return (
    <div className="history">
      <div className="settings-stack">
        <section className="card history-section" aria-labelledby="health-title">
          <h2 id="health-title">Health</h2>
          {health.isPending ? <LoadingState label="Loading health…" /> : health.isError ? <ErrorState error={health.error} /> : <HealthSummary report={health.data.report} names={names} />}
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
            <p className="hint">Choose a record in the events to see its story: every change with the values before and after, and conflict values that lost.</p>
          )}
        </section>
      </div>
      <section className="card history-section" aria-labelledby="events-title">
        <h2 id="events-title">Record events</h2>
        <EventFiltersBar value={filters} onChange={setFilters} reasons={reasons} names={names} />
        {/* New filters start again at the newest page. */}
        <EventsTable key={JSON.stringify(filters)} connectionId={connectionId} filters={filters} names={names} selected={selected} onSelect={select} />
      </section>
    </div>
  );
}
