import { Link } from '../app/Link';
import { connectionTabs, type ConnectionTab } from '../app/route';
import { EmptyState } from '../ui/EmptyState';

/** One connection's screens (rules, mappings, conflicts, history, templates) under a tab bar. */
export function ConnectionPage({ id, tab }: { id: string; tab: ConnectionTab }) {
  const label = connectionTabs.find((t) => t.tab === tab)?.label ?? tab;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Connection {id}</h1>
        </div>
      </header>
      <nav className="tabs" aria-label="Connection">
        {connectionTabs.map((t) => (
          <Link key={t.tab} to={{ name: 'connection', id, tab: t.tab }} aria-current={t.tab === tab ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <div className="card">
        <EmptyState title={`${label} need the Sluice server`}>
          This connection&apos;s {label.toLowerCase()} load from the server, which is not reachable. Start it with{' '}
          <code>pnpm start</code> and reload.
        </EmptyState>
      </div>
    </div>
  );
}
