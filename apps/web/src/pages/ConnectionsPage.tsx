import { Link } from '../app/Link';
import { EmptyState } from '../ui/EmptyState';

/**
 * The list of connections. The API that lists them (packages/api) is not wired yet, so the page
 * says what to do meanwhile: try the rule editor in the playground.
 */
export function ConnectionsPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Connections</h1>
          <p>Each connection keeps the contacts of two apps in sync.</p>
        </div>
        <button type="button" className="btn btn-primary" disabled title="Needs the Sluice server">
          Add a new connection
        </button>
      </header>
      <div className="card">
        <EmptyState title="No connections yet" icon="⇄">
          Connections appear here once the Sluice server is running (<code>pnpm start</code>). Meanwhile, draw
          sync rules on sample records in the <Link to={{ name: 'playground' }}>playground</Link>.
        </EmptyState>
      </div>
    </div>
  );
}
