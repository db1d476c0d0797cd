import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { errorMessage } from '../ui/ErrorState';
import { TextField } from '../ui/TextField';
import { useToast } from '../ui/Toast';
import { fieldErrors, passwordChangeSchema } from './account-forms';

const empty = { currentPassword: '', newPassword: '', confirm: '' };

/** Changing the password; the server then ends the account's other sessions. */
export function PasswordSection() {
  const trpc = useTRPC();
  const toast = useToast();
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: (r) => {
        setForm(empty);
        toast({ title: 'Password changed', description: r.otherSessionsEnded > 0 ? `Your ${r.otherSessionsEnded} other session(s) were signed out.` : 'No other session was open.', tone: 'success' });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = fieldErrors(passwordChangeSchema, form);
    setErrors(problems);
    if (Object.keys(problems).length === 0) change.mutate({ currentPassword: form.currentPassword, newPassword: form.newPassword });
  };
  const set = (key: keyof typeof empty) => (value: string) => setForm({ ...form, [key]: value });
  return (
    <section className="card account-section" aria-labelledby="password-title" id="password">
      <h2 id="password-title">Password</h2>
      <form className="account-form" onSubmit={submit} noValidate>
        <TextField label="Current password" type="password" autoComplete="current-password" value={form.currentPassword} onChange={set('currentPassword')} error={errors.currentPassword} />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          value={form.newPassword}
          onChange={set('newPassword')}
          error={errors.newPassword}
          hint="At least 8 characters; not a common password, not your email."
        />
        <TextField label="New password again" type="password" autoComplete="new-password" value={form.confirm} onChange={set('confirm')} error={errors.confirm} />
        {change.isError && (
          <p className="error-text" role="alert">
            Not changed: {errorMessage(change.error)}
          </p>
        )}
        <div className="settings-actions">
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
          <span className="hint">Your other sessions are signed out; this one stays.</span>
        </div>
      </form>
    </section>
  );
}
