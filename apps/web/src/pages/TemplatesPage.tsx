import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { Link } from '../app/Link';
import { TemplateGallery } from '../templates/TemplateGallery';
import { useAppNames } from './useAppNames';
import { useTemplateApply } from '../templates/useTemplateApply';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import '../settings/settings.css';

/** The template gallery: built-in rule graphs, applied to one of the workspace's connections. */
export function TemplatesPage() {
  const trpc = useTRPC();
  const connections = useQuery(trpc.connections.list.queryOptions());
  const [target, setTarget] = useState('');
  const chosen = connections.data?.find((c) => c.id === target);
  const direction = chosen?.mode === 'b-to-a' ? 'bToA' : 'aToB';
  // With a connection chosen, each template says whether it fits that connection's apps.
  const gallery = useQuery({ ...trpc.templates.gallery.queryOptions(chosen ? { connectionId: chosen.id, direction } : undefined), placeholderData: keepPreviousData });
  const apply = useTemplateApply(chosen?.id, direction);
  const appName = useAppNames();
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
            {apply.applied && chosen && (
              <p className="success-text" role="status">
                Applied to {chosen.name}. <Link to={{ name: 'connection', id: chosen.id, tab: 'rules' }}>Open its rules</Link>
              </p>
            )}
            <TemplateGallery
              templates={gallery.data}
              appName={appName}
              {...(chosen ? { actionLabel: `Apply to ${chosen.name}`, fitTarget: chosen.name, onApply: (t) => apply.ask({ title: t.title, galleryId: t.id, graph: t.graph }) } : {})}
            />
            {apply.dialog}
          </>
        )}
      </div>
    </div>
  );
}
