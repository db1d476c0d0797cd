import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { TextField } from '../ui/TextField';
import { fieldErrors, inviteSchema } from './account-forms';
import { roleLabel } from './roles';

/**
 * Inviting people (admins and the owner): an email and a role make a link, shown once, to send them
 * yourself; open invitations are listed and can be revoked.
 */
export function InvitationsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.invitations.list.queryOptions());
  const [form, setForm] = useState<{ email: string; role: 'admin' | 'editor' | 'viewer' }>({ email: '', role: 'editor' });
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [copied, setCopied] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.invitations.list.queryKey() });
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: () => {
        setForm({ email: '', role: form.role });
        setCopied(false);
        refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.invitations.revoke.mutationOptions({ onSuccess: refresh }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = fieldErrors(inviteSchema, form);
    setErrors(problems);
    if (Object.keys(problems).length === 0) invite.mutate({ email: form.email.trim(), role: form.role });
  };

  return (
    <section className="card account-section" aria-labelledby="invitations-title" id="invitations">
      <h2 id="invitations-title">Invitations</h2>
      <form className="account-form inline-form" onSubmit={submit} noValidate>
        <TextField label="Email to invite" type="email" autoComplete="off" value={form.email} onChange={(email) => setForm({ ...form, email })} error={errors.email} />
        <label className="field">
          <span className="field-label">Role</span>
          <select className="select" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as typeof form.role })}>
            {(['viewer', 'editor', 'admin'] as const).map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={invite.isPending}>
          {invite.isPending ? 'Inviting…' : 'Invite'}
        </button>
      </form>
      {invite.isError && (
        <p className="error-text" role="alert">
          Not invited: {errorMessage(invite.error)}
        </p>
      )}
      {invite.data && (
        <div className="invite-link" role="status">
          <p>
            Send this link to {invite.data.email} yourself (Sluice sends no email). It works once, for that address, until {new Date(invite.data.expiresAt).toLocaleDateString()}; it is
            not shown again.
          </p>
          <code className="path">{invite.data.link}</code>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              void navigator.clipboard?.writeText(invite.data.link).then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy the link'}
          </button>
        </div>
      )}
      {list.isPending ? (
        <LoadingState label="Loading the invitations…" />
      ) : list.isError ? (
        <ErrorState title="Could not load the invitations" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.length === 0 ? (
        <p className="hint">No open invitations.</p>
      ) : (
        <ul className="member-list" aria-label="Open invitations">
          {list.data.map((i) => (
            <li key={i.id}>
              <span>
                <strong>{i.email}</strong>
                <span className="hint">
                  {roleLabel(i.role)} · until {new Date(i.expiresAt).toLocaleDateString()}
                </span>
              </span>
              <button type="button" className="btn btn-sm btn-danger" disabled={revoke.isPending} aria-label={`Revoke the invitation of ${i.email}`} onClick={() => revoke.mutate({ id: i.id })}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {revoke.isError && (
        <p className="error-text" role="alert">
          {errorMessage(revoke.error)}
        </p>
      )}
    </section>
  );
}
