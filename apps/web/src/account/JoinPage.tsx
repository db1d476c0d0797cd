import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { navigate } from '../app/useRoute';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { TextField } from '../ui/TextField';
import { fieldErrors, joinSchema } from './account-forms';
import { roleLabel } from './roles';
import { useSignOut } from './useSignOut';
import './account.css';

/**
 * Where an invitation link lands (`/join?token=…`): says who invites to which workspace with which
 * role, then lets the invited person create their account, or sign in to the one they have, and join.
 */
export default function JoinPage() {
  const trpc = useTRPC();
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const status = useQuery(trpc.auth.status.queryOptions());
  const invitation = useQuery({ ...trpc.invitations.peek.queryOptions({ token }), enabled: token.length >= 10, retry: false });

  if (token.length < 10)
    return (
      <div className="page auth-page">
        <ErrorState title="This invitation link is incomplete" error="Open the whole link you were sent; ask the person who invited you for a new one if it still fails." />
      </div>
    );
  if (invitation.isPending || status.isPending) return <LoadingState label="Opening the invitation…" minHeight="60vh" />;
  if (invitation.isError)
    return (
      <div className="page auth-page">
        <ErrorState title="This invitation cannot be used" error={invitation.error} />
      </div>
    );
  if (status.isError) return <ErrorState title="The Sluice server is not reachable" error={status.error} onRetry={() => void status.refetch()} />;
  const inv = invitation.data;
  const user = status.data.user;
  return (
    <div className="page auth-page">
      <section className="card auth-card" aria-labelledby="join-title">
        <h1 id="join-title">Join {inv.workspaceName || 'a workspace'}</h1>
        <p>
          {inv.invitedBy || 'An admin'} invited <strong>{inv.email}</strong> as {roleLabel(inv.role)}. The link works until {new Date(inv.expiresAt).toLocaleDateString()}.
        </p>
        {user ? <AcceptAs token={token} email={inv.email} signedInAs={user.email} /> : <SignUpOrIn token={token} email={inv.email} />}
      </section>
    </div>
  );
}

/** Signed in already: join with this account if it is the invited one; otherwise say so and offer to sign out. */
function AcceptAs({ token, email, signedInAs }: { token: string; email: string; signedInAs: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        navigate({ name: 'connections' });
      },
    }),
  );
  if (signedInAs.toLowerCase() !== email.toLowerCase())
    return (
      <>
        <p className="error-text" role="alert">
          You are signed in as {signedInAs}; this invitation is for {email}. Sign out, then open the link again.
        </p>
        <button type="button" className="btn" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </>
    );
  return (
    <>
      {accept.isError && (
        <p className="error-text" role="alert">
          Not joined: {errorMessage(accept.error)}
        </p>
      )}
      <button type="button" className="btn btn-primary" disabled={accept.isPending} onClick={() => accept.mutate({ token })}>
        {accept.isPending ? 'Joining…' : 'Join the workspace'}
      </button>
    </>
  );
}

/** Signed out: create the invited account (joins at once), or sign in to it and then accept. */
function SignUpOrIn({ token, email }: { token: string; email: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'signUp' | 'signIn'>('signUp');
  const [form, setForm] = useState({ name: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const finish = async () => {
    await queryClient.invalidateQueries();
    navigate({ name: 'connections' });
  };
  const accept = useMutation(trpc.invitations.accept.mutationOptions({ onSuccess: finish }));
  const signUp = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess: finish }));
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: () => accept.mutate({ token }) }));
  const active = mode === 'signUp' ? signUp : signIn.isError ? signIn : accept;
  const busy = signUp.isPending || signIn.isPending || accept.isPending;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'signUp') {
      const problems = fieldErrors(joinSchema, form);
      setErrors(problems);
      if (Object.keys(problems).length === 0) signUp.mutate({ email, name: form.name.trim(), password: form.password, inviteToken: token });
    } else {
      const problems = form.password ? {} : { password: 'Enter your password.' };
      setErrors(problems);
      if (!problems.password) signIn.mutate({ email, password: form.password });
    }
  };
  return (
    <form className="account-form" onSubmit={submit} noValidate>
      <div className="field">
        <span className="field-label">Email</span>
        <strong>{email}</strong>
      </div>
      {mode === 'signUp' && <TextField label="Your name" autoComplete="name" value={form.name} onChange={(name) => setForm({ ...form, name })} error={errors.name} />}
      <TextField
        label="Password"
        type="password"
        autoComplete={mode === 'signUp' ? 'new-password' : 'current-password'}
        value={form.password}
        onChange={(password) => setForm({ ...form, password })}
        error={errors.password}
        {...(mode === 'signUp' ? { hint: 'At least 8 characters; not a common password, not your email.' } : {})}
      />
      {active.isError && (
        <p className="error-text" role="alert">
          {errorMessage(active.error)}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'One moment…' : mode === 'signUp' ? 'Create account and join' : 'Sign in and join'}
      </button>
      <button type="button" className="link-button" onClick={() => setMode(mode === 'signUp' ? 'signIn' : 'signUp')}>
        {mode === 'signUp' ? `Already have an account for ${email}? Sign in` : 'No account yet? Create one'}
      </button>
    </form>
  );
}
