import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Link } from '../app/Link';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { ConnectionHealthCell } from './ConnectionHealthCell';
import { useAppNames } from './useAppNames';
import { stateLabel } from '../connections/connection-state.label';
import { useLiveConnections } from '../connections/useLiveConnections';
import { LastRun } from '../connections/LastRun';

/** The arrow between the two apps' names, and what it means in words (read out, and shown on hover). */
const modeArrow: Record<string, { arrow: string; words: string }> = {
  'two-way': { arrow: '⇄', words: 'two-way sync' },
  'a-to-b': { arrow: '→', words: 'one-way sync, left to right' },
  'b-to-a': { arrow: '←', words: 'one-way sync, right to left' },
};

/** While the live stream is down, how often the list and health counts are fetched instead. */
const POLL_MS = 5_000;

/**
 * The workspace's connections: apps, sync type, state, health and the last run, kept current by
 * the live stream (no polling while it is up; polling with a visible hint while it reconnects).
 */
export function ConnectionsPage() {
  const trpc = useTRPC();
  const live = useLiveConnections();
  const list = useQuery({ ...trpc.connections.list.queryOptions(), refetchInterval: live.reconnecting ? POLL_MS : false });
  const appName = useAppNames();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Connections</h1>
          <p>Each connection keeps the contacts of two apps in sync.</p>
        </div>
        <Link to={{ name: 'newConnection' }} className="btn btn-primary">
          Add a new connection
        </Link>
      </header>
      {live.reconnecting && (
        <p className="hint" role="status" data-testid="live-reconnecting">
          Live updates interrupted: reconnecting… (refreshing every {POLL_MS / 1000} s meanwhile)
        </p>
      )}
      <div className="card">
        {list.isPending ? (
          <LoadingState label="Loading connections…" />
        ) : list.isError ? (
          <ErrorState title="Could not load the connections" error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState title="No connections yet" icon="⇄">
            A connection syncs the contacts of two apps: choose “Add a new connection” above to make one (the two sandbox apps need no keys). Or try sync rules on sample records in the{' '}
            <Link to={{ name: 'playground' }}>playground</Link>.
          </EmptyState>
        ) : (
          <table className="table table-stack">
            <caption className="visually-hidden">Connections</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Apps</th>
                <th scope="col">State</th>
                <th scope="col">Health</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((c) => (
                <tr key={c.id}>
                  <td data-label="Name">
                    <Link to={{ name: 'connection', id: c.id, tab: 'rules' }}>{c.name}</Link>
                  </td>
                  <td data-label="Apps">
                    {appName(c.apps.a)}{' '}
                    <span className="mode-arrow" role="img" aria-label={modeArrow[c.mode]?.words ?? c.mode} title={modeArrow[c.mode]?.words ?? c.mode}>
                      {modeArrow[c.mode]?.arrow ?? c.mode}
                    </span>{' '}
                    {appName(c.apps.b)}
                  </td>
                  <td data-label="State">
                    <span className={`badge badge-${stateLabel(c.state).tone}`} title={c.stateError?.message ?? c.state} data-testid="connection-row-state">
                      {stateLabel(c.state).text}
                    </span>
                  </td>
                  <td data-label="Health">
                    <ConnectionHealthCell id={c.id} pollMs={live.reconnecting ? POLL_MS : false} />
                  </td>
                  <td data-label="Last run">
                    <LastRun run={c.lastRun} inFlight={live.progress[c.id]?.counts} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
