import { useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Link } from '../app/Link';
import { TemplateGallery } from '../templates/TemplateGallery';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import '../settings/settings.css';

/** The template gallery: built-in rule graphs, applied to one of the workspace's connections. */
export function TemplatesPage() {
  const trpc = useTRPC();
  const gallery = useQuery(trpc.templates.gallery.queryOptions());
  const connections = useQuery(trpc.connections.list.queryOptions());
  const [target, setTarget] = useState('');
  const apply = useMutation(trpc.templates.import.mutationOptions());
  const chosen = connections.data?.find((c) => c.id === target);
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Templates</h1>
          <p>Reusable rule graphs: only app types and rules, never credentials or data. Export or import files on a connection&apos;s Templates tab.</p>
        </div>
      </header>
      <div className="card settings-group">
        {gallery.isPending || connections.isPending ? (
          <LoadingState label="Loading the gallery…" />
        ) : gallery.isError ? (
          <ErrorState title="Could not load the gallery" error={gallery.error} onRetry={() => void gallery.refetch()} />
        ) : (
          <>
            {connections.data && connections.data.length > 0 ? (
              <label className="field" style={{ maxWidth: 420 }}>
                <span className="field-label">Apply to connection (first direction)</span>
                <select className="select" value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="">Choose a connection…</option>
                  {connections.data.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <EmptyState title="No connection to apply a template to" icon="▤">
                <Link to={{ name: 'newConnection' }}>Add a new connection</Link> first; its Templates tab applies these to either direction.
              </EmptyState>
            )}
            {apply.isError && (
              <p className="error-text" role="alert">
                Not applied: {errorMessage(apply.error)}
              </p>
            )}
            {apply.isSuccess && chosen && (
              <p className="success-text" role="status">
                Applied to {chosen.name}. <Link to={{ name: 'connection', id: chosen.id, tab: 'rules' }}>Open its rules</Link>
              </p>
            )}
            <TemplateGallery
              templates={gallery.data}
              {...(chosen ? { actionLabel: `Apply to ${chosen.name}`, onApply: (galleryId: string) => apply.mutate({ connectionId: chosen.id, galleryId, direction: chosen.mode === 'b-to-a' ? 'bToA' : 'aToB' }) } : {})}
              busy={apply.isPending}
            />
          </>
        )}
      </div>
    </div>
  );
}
