import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { useRoleAtLeast } from '../account/useRole';
import { Link } from '../app/Link';
import type { SandboxApp } from '../app/route';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toast';
import { formOf, inputOf, recordName, sandboxApps, type SandboxRecord } from './sandbox.model';
import './sandbox.css';

const pageSize = 25;

/**
 * The two sandbox apps' records, a page at a time: view, add, edit and delete them (editors and up),
 * then watch a connection carry the change to the other app. The best way to learn what a rule does.
 */
export default function SandboxPage({ app }: { app: SandboxApp }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const canEdit = useRoleAtLeast('editor');
  const info = sandboxApps[app];
  // The ids each page starts after, so "Previous" goes back without counting offsets.
  const [starts, setStarts] = useState<(string | undefined)[]>([undefined]);
  const afterId = starts.at(-1);
  const input = { limit: pageSize, ...(afterId ? { afterId } : {}) };
  const list = useQuery(app === 'crm' ? trpc.sandbox.crm.list.queryOptions(input) : trpc.sandbox.outreach.list.queryOptions(input));
  const [editing, setEditing] = useState<SandboxRecord | 'new' | null>(null);
  const [deleting, setDeleting] = useState<SandboxRecord | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.sandbox.pathKey() });
  const seed = useMutation(trpc.sandbox.seed.mutationOptions({ onSuccess: refresh }));
  const removeCrm = useMutation(trpc.sandbox.crm.delete.mutationOptions());
  const removeOutreach = useMutation(trpc.sandbox.outreach.delete.mutationOptions());
  const remove = app === 'crm' ? removeCrm : removeOutreach;
  const records = (list.data?.items ?? []) as SandboxRecord[];

  const confirmDelete = (r: SandboxRecord) =>
    remove.mutate(
      { id: r.id },
      {
        onSuccess: () => {
          setDeleting(null);
          toast({ title: `Deleted ${recordName(r)}`, tone: 'success' });
          refresh();
        },
      },
    );

  return (
    <div className="page sandbox-page">
      <header className="page-header">
        <div>
          <h1>Sandbox apps</h1>
          <p>
            Two demo apps kept inside Sluice. Change a record here, and a connection between them carries the change to the other app at its next sync (one starts
            right after each edit).
          </p>
        </div>
      </header>
      <nav className="sandbox-tabs" aria-label="Sandbox apps">
        {(['crm', 'outreach'] as const).map((a) => (
          <Link key={a} to={{ name: 'sandbox', app: a }} className="sandbox-tab" aria-current={a === app ? 'page' : undefined} onClick={() => setStarts([undefined])}>
            {sandboxApps[a].name}
          </Link>
        ))}
      </nav>
      <section className="card" aria-labelledby="sandbox-records-title">
        <div className="sandbox-toolbar">
          <h2 id="sandbox-records-title">{info.name} records</h2>
          {canEdit && (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
              Add a {info.record}
            </button>
          )}
        </div>
        {!canEdit && <p className="hint">Viewers see the records; editors and admins change them.</p>}
        {list.isPending ? (
          <LoadingState label={`Loading the ${info.name} records…`} />
        ) : list.isError ? (
          <ErrorState title={`Could not load the ${info.name} records`} error={list.error} onRetry={() => void list.refetch()} />
        ) : records.length === 0 && starts.length === 1 ? (
          <EmptyState
            title={`${info.name} is empty`}
            action={
              canEdit ? (
                <button type="button" className="btn" disabled={seed.isPending} onClick={() => seed.mutate()}>
                  {seed.isPending ? 'Filling…' : 'Fill with demo contacts'}
                </button>
              ) : undefined
            }
          >
            Fill both sandbox apps with the 500 demo contacts, or add a record yourself.
          </EmptyState>
        ) : (
          <>
            <table className="sandbox-table">
              <caption className="visually-hidden">
                {info.name} records, page {starts.length}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">{app === 'crm' ? 'Organization' : 'Company'}</th>
                  <th scope="col">{app === 'crm' ? 'Labels' : 'Tags'}</th>
                  {canEdit && (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {records.map((r) => (
                  <tr key={r.id}>
                    <th scope="row" data-label="Name">
                      {recordName(r)}
                    </th>
                    <td data-label="Email">{r.email ?? '—'}</td>
                    <td data-label={app === 'crm' ? 'Organization' : 'Company'}>{r.company ?? '—'}</td>
                    <td data-label={app === 'crm' ? 'Labels' : 'Tags'}>{r.tags.join(', ') || '—'}</td>
                    {canEdit && (
                      <td className="sandbox-actions">
                        <button type="button" className="btn btn-sm" aria-label={`Edit ${recordName(r)}`} onClick={() => setEditing(r)}>
                          Edit
                        </button>
                        <button type="button" className="btn btn-sm btn-danger" aria-label={`Delete ${recordName(r)}`} onClick={() => setDeleting(r)}>
                          Delete
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="sandbox-paging">
              <button type="button" className="btn btn-sm" disabled={starts.length === 1} onClick={() => setStarts(starts.slice(0, -1))}>
                Previous page
              </button>
              <span className="hint">Page {starts.length}</span>
              <button
                type="button"
                className="btn btn-sm"
                disabled={!list.data.nextAfterId || records.length < pageSize}
                onClick={() => setStarts([...starts, list.data.nextAfterId])}
              >
                Next page
              </button>
            </div>
          </>
        )}
      </section>
      {editing !== null && (
        <RecordDialog
          app={app}
          record={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            toast({ title: editing === 'new' ? `Added ${name}` : `Saved ${name}`, tone: 'success' });
            refresh();
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title={`Delete this ${info.record}?`}
        description={
          <>
            {deleting ? recordName(deleting) : ''} is deleted from {info.name}; a connection that syncs deletions deletes it on the other side too.
            {remove.isError && <span className="error-text"> Not deleted: {errorMessage(remove.error)}</span>}
          </>
        }
        confirmLabel="Delete"
        danger
        busy={remove.isPending}
        onConfirm={() => deleting && confirmDelete(deleting)}
      />
    </div>
  );
}

/** Adding or editing one record; the server's refusal shows in the dialog and the form keeps what was typed. */
function RecordDialog({ app, record, onClose, onSaved }: { app: SandboxApp; record: SandboxRecord | null; onClose: () => void; onSaved: (name: string) => void }) {
  const trpc = useTRPC();
  const info = sandboxApps[app];
  const [form, setForm] = useState(() => formOf(app, record));
  const [problem, setProblem] = useState<string | null>(null);
  const options = {
    onSuccess: (saved: SandboxRecord) => onSaved(recordName(saved)),
    onError: (e: unknown) => setProblem(errorMessage(e)),
  };
  const createCrm = useMutation(trpc.sandbox.crm.create.mutationOptions(options));
  const updateCrm = useMutation(trpc.sandbox.crm.update.mutationOptions(options));
  const createOutreach = useMutation(trpc.sandbox.outreach.create.mutationOptions(options));
  const updateOutreach = useMutation(trpc.sandbox.outreach.update.mutationOptions(options));
  const busy = createCrm.isPending || updateCrm.isPending || createOutreach.isPending || updateOutreach.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const values = inputOf(app, form);
    if (!values.email && !values.firstName && !values.lastName) {
      setProblem('Give the record at least a name or an email.');
      return;
    }
    setProblem(null);
    if (app === 'crm') {
      if (record) updateCrm.mutate({ id: record.id, patch: values });
      else createCrm.mutate(values);
    } else if (record) updateOutreach.mutate({ id: record.id, patch: values });
    else createOutreach.mutate(values);
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={record ? `Edit ${recordName(record)}` : `Add a ${info.record} to ${info.name}`}>
      <form className="sandbox-form" onSubmit={submit} noValidate>
        {info.fields.map((f) => (
          <TextField key={f.key} label={f.label} type={f.type ?? 'text'} value={form[f.key] ?? ''} onChange={(v) => setForm({ ...form, [f.key]: v })} />
        ))}
        <TextField
          label={app === 'crm' ? 'Labels' : 'Tags'}
          value={form.list ?? ''}
          onChange={(list) => setForm({ ...form, list })}
          hint="Separated by commas."
        />
        {problem && (
          <p className="error-text" role="alert">
            Not saved: {problem}
          </p>
        )}
        <div className="settings-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : record ? 'Save' : `Add the ${info.record}`}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
