import { Link } from '../app/Link';
import { EmptyState } from '../ui/EmptyState';

/** The template gallery; it lists the server's templates once the API is wired. */
export function TemplatesPage() {
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Templates</h1>
          <p>Reusable rule graphs: only app types and rules, never credentials or data.</p>
        </div>
      </header>
      <div className="card">
        <EmptyState title="No templates yet" icon="▤">
          Export a connection&apos;s rules as a template, or import a <code>sluice.graph/v1</code> file. The{' '}
          <Link to={{ name: 'playground' }}>playground</Link> can import and export graph files today.
        </EmptyState>
      </div>
    </div>
  );
}
