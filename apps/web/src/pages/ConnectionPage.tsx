import { lazy, Suspense } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Link } from '../app/Link';
import { connectionTabs, type ConnectionTab } from '../app/route';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';

// The editor is the heavy part of the app: load it only when the rules tab opens.
const ConnectionRules = lazy(() => import('./ConnectionRules').then((m) => ({ default: m.ConnectionRules })));

/** One connection's screens (rules, mappings, conflicts, history, templates) under a tab bar. */
export function ConnectionPage({ id, tab }: { id: string; tab: ConnectionTab }) {
  const trpc = useTRPC();
  const conn = useQuery(trpc.connections.get.queryOptions({ id }));
  const label = connectionTabs.find((t) => t.tab === tab)?.label ?? tab;
  return (
    <div className={`page ${tab === 'rules' ? 'page-editor' : ''}`}>
      <header className="page-header">
        <div>
          <h1>{conn.data?.name ?? 'Connection'}</h1>
          {conn.data && (
            <p>
              {conn.data.apps.a} ↔ {conn.data.apps.b} · {conn.data.mode} · {conn.data.state}
            </p>
          )}
        </div>
      </header>
      <nav className="tabs" aria-label="Connection">
        {connectionTabs.map((t) => (
          <Link key={t.tab} to={{ name: 'connection', id, tab: t.tab }} aria-current={t.tab === tab ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {conn.isPending ? (
        <LoadingState label="Loading the connection…" minHeight="50vh" />
      ) : conn.isError ? (
        <ErrorState title="Could not load this connection" error={conn.error} onRetry={() => void conn.refetch()} />
      ) : tab === 'rules' ? (
        <Suspense fallback={<LoadingState label="Loading the editor…" minHeight="50vh" />}>
          <ConnectionRules id={id} apps={conn.data.config.apps} mode={conn.data.config.mode} rules={conn.data.config.rules} />
        </Suspense>
      ) : (
        <div className="card">
          <EmptyState title={`${label}: coming in the next version`}>
            The web screen for this connection&apos;s {label.toLowerCase()} is not built yet. The API serves them today
            (<code>{tab === 'history' ? 'history.*' : tab === 'templates' ? 'templates.*' : 'connections.update'}</code>).
          </EmptyState>
        </div>
      )}
    </div>
  );
}
