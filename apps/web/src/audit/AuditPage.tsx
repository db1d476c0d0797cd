import { useId, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTRPC, useTRPCClient } from '../api/trpc';
import { downloadText } from '../templates/download';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { Tooltip } from '../ui/Tooltip';
import { actorName, AUDIT_PAGE, auditFileName, auditKinds, changeSentences, pageRange, type AuditEntryView, type AuditKind } from './audit.model';
import '../history/history.css';
import './audit.css';

const when = (at: number) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function Filter({ label, value, onChange, options }: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function EntryRow({ e }: { e: AuditEntryView }) {
  const changes = changeSentences(e);
  return (
    <tr data-testid="audit-entry">
      <td data-label="When">
        <time dateTime={new Date(e.at).toISOString()}>{when(e.at)}</time>
      </td>
      <td data-label="Who">
        <span className="audit-who">
          {actorName(e.actor)}
          {e.actor.type === 'user' && e.actor.name && <span className="hint">{e.actor.email}</span>}
        </span>
      </td>
      <td data-label="What">
        <Tooltip content={e.action}>
          <span tabIndex={0}>{e.summary}</span>
        </Tooltip>
        {changes.length > 0 && (
          <ul className="audit-changes" aria-label="What changed">
            {changes.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** Downloads the whole log as JSON Lines, oldest first, asking the API a batch at a time. */
function useAuditExport(fileName: string) {
  const client = useTRPCClient();
  return useMutation({
    mutationFn: async () => {
      let text = '';
      let after: string | undefined;
      for (;;) {
        const batch = await client.audit.export.query(after === undefined ? {} : { after });
        text += batch.jsonl;
        if (batch.next === null) break;
        after = batch.next;
      }
      downloadText(text, fileName, 'application/x-ndjson');
    },
  });
}

/**
 * The workspace's audit log for admins and the owner: who did what and when, in sentences, newest
 * first, filtered by kind and by connection, a page at a time, and exported whole as JSON Lines.
 */
export default function AuditPage() {
  const trpc = useTRPC();
  const workspace = useQuery(trpc.workspace.get.queryOptions());
  const connections = useQuery(trpc.connections.list.queryOptions());
  const [kind, setKind] = useState<AuditKind | ''>('');
  const [connectionId, setConnectionId] = useState('');
  const [page, setPage] = useState(0);
  const query = { page, pageSize: AUDIT_PAGE, ...(kind ? { targetType: kind } : {}), ...(connectionId ? { connectionId } : {}) };
  const log = useQuery({ ...trpc.audit.list.queryOptions(query), placeholderData: (previous) => previous });
  const exporter = useAuditExport(auditFileName(workspace.data?.name ?? ''));
  const filtered = kind !== '' || connectionId !== '';
  const entries = (log.data?.entries ?? []) as AuditEntryView[];
  const total = log.data?.total ?? 0;

  return (
    <div className="page audit-page">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p>Who changed what in {workspace.data?.name ?? 'this workspace'}, and every manual action, newest first.</p>
        </div>
        <div className="settings-actions">
          {exporter.isError && (
            <span className="error-text" role="alert">
              {errorMessage(exporter.error)}
            </span>
          )}
          <button type="button" className="btn" disabled={exporter.isPending} onClick={() => exporter.mutate()}>
            {exporter.isPending ? 'Exporting…' : 'Export JSONL'}
          </button>
        </div>
      </header>
      <section className="card audit-section" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title" className="visually-hidden">
          Entries
        </h2>
        <div className="filters" role="group" aria-label="Filter the log">
          <Filter
            label="Kind"
            value={kind}
            onChange={(v) => {
              setKind(v as AuditKind | '');
              setPage(0);
            }}
            options={[{ value: '', label: 'Everything' }, ...auditKinds]}
          />
          <Filter
            label="Connection"
            value={connectionId}
            onChange={(v) => {
              setConnectionId(v);
              setPage(0);
            }}
            options={[{ value: '', label: 'Any connection' }, ...(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))]}
          />
        </div>
        {log.isPending ? (
          <LoadingState label="Loading the audit log…" />
        ) : log.isError ? (
          <ErrorState title="Could not load the audit log" error={log.error} onRetry={() => void log.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState title={filtered ? 'No entries match these filters' : 'Nothing logged yet'}>
            {filtered ? 'Choose another kind or connection.' : 'Changes to connections, keys and members appear here as they are made.'}
          </EmptyState>
        ) : (
          <>
            <table className="table table-compact table-stack audit-table">
              <caption className="visually-hidden">Audit log entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <EntryRow key={e.id} e={e} />
                ))}
              </tbody>
            </table>
            <nav className="pager" aria-label="Audit log pages">
              <button type="button" className="btn btn-sm" disabled={page === 0} onClick={() => setPage(page - 1)}>
                ← Newer
              </button>
              <span className="hint" aria-live="polite">
                {pageRange(page, entries.length, total)}
              </span>
              <button type="button" className="btn btn-sm" disabled={(page + 1) * AUDIT_PAGE >= total} onClick={() => setPage(page + 1)}>
                Older →
              </button>
            </nav>
          </>
        )}
      </section>
    </div>
  );
}
