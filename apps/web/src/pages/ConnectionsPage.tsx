import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Link } from '../app/Link';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { ConnectionHealthCell } from './ConnectionHealthCell';
import { useAppNames } from './useAppNames';
import { stateLabel } from '../connections/connection-state.label';

const modeLabel: Record<string, string> = { 'two-way': '⇄ two-way', 'a-to-b': '→ one-way', 'b-to-a': '← one-way' };

function when(ms: number | undefined): string {
  return ms ? new Date(ms).toLocaleString() : '—';
}

/** The workspace's connections: apps, sync type, state and the last run. */
export function ConnectionsPage() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.connections.list.queryOptions(), refetchInterval: 15_000 });
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
          <table className="table">
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
                  <td>
                    <Link to={{ name: 'connection', id: c.id, tab: 'rules' }}>{c.name}</Link>
                  </td>
                  <td>
                    {appName(c.apps.a)} {modeLabel[c.mode] ?? c.mode} {appName(c.apps.b)}
                  </td>
                  <td>
                    <span className={`badge badge-${stateLabel(c.state).tone}`} title={c.state}>
                      {stateLabel(c.state).text}
                    </span>
                  </td>
                  <td>
                    <ConnectionHealthCell id={c.id} />
                  </td>
                  <td>
                    {c.lastRun ? (
                      <>
                        {c.lastRun.status}, {when(c.lastRun.finishedAt ?? c.lastRun.startedAt)} · {c.lastRun.counts.created.a + c.lastRun.counts.created.b} created,{' '}
                        {c.lastRun.counts.updated.a + c.lastRun.counts.updated.b} updated, {c.lastRun.counts.failed} failed
                      </>
                    ) : (
                      'not run yet'
                    )}
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
