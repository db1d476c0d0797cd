import { Link } from '../app/Link';
import { EmptyState } from '../ui/EmptyState';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="page">
      <EmptyState title="Page not found" icon="?">
        Nothing lives at <code>{path}</code>. Go back to your <Link to={{ name: 'connections' }}>connections</Link>.
      </EmptyState>
    </div>
  );
}
