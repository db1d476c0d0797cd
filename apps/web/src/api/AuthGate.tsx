import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from './trpc';
import { Link } from '../app/Link';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';

/**
 * Shows its children to a signed-in user; otherwise the sign-in form, or the sign-up form on a
 * fresh install (the first account). A server that cannot be reached says so.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  if (status.isPending) return <LoadingState label="Connecting to the Sluice server…" minHeight="60vh" />;
  if (status.isError)
    return (
      <div className="page">
        <ErrorState title="The Sluice server is not reachable" error={status.error} onRetry={() => void status.refetch()} />
        <p className="hint" style={{ textAlign: 'center' }}>
          Start it with <code>pnpm start</code>. The <Link to={{ name: 'playground' }}>playground</Link> works without it.
        </p>
      </div>
    );
  if (!status.data.user) return <SignIn firstAccount={status.data.needsSetup} signUpOpen={status.data.signUp === 'open'} />;
  return <>{children}</>;
}

/**
 * Signing in, or signing up where anyone may: the first account of a fresh install, or any account
 * when the operator opened sign-up (SLUICE_SIGNUP=open). Otherwise people join by an invitation link.
 */
function SignIn({ firstAccount, signUpOpen }: { firstAccount: boolean; signUpOpen: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const uid = useId();
  const [mode, setMode] = useState<'signIn' | 'signUp'>(firstAccount ? 'signUp' : 'signIn');
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const done = () => void queryClient.invalidateQueries();
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess: done }));
  const signUp = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess: done }));
  const active = mode === 'signIn' ? signIn : signUp;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'signIn') signIn.mutate({ email: form.email, password: form.password });
    else signUp.mutate({ email: form.email, password: form.password, name: form.name });
  };
  const field = (key: keyof typeof form, label: string, type: string, autoComplete: string) => (
    <div className="field">
      <label htmlFor={`${uid}-${key}`}>{label}</label>
      <input
        id={`${uid}-${key}`}
        className="input"
        type={type}
        required
        autoComplete={autoComplete}
        minLength={key === 'password' && mode === 'signUp' ? 8 : undefined}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </div>
  );

  return (
    <div className="page auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby={`${uid}-title`}>
        <h1 id={`${uid}-title`}>{mode === 'signIn' ? 'Sign in to Sluice' : firstAccount ? 'Create the first account' : 'Create an account'}</h1>
        {firstAccount && mode === 'signUp' && <p className="hint">This is a fresh install: the first account owns the workspace.</p>}
        {mode === 'signUp' && field('name', 'Your name', 'text', 'name')}
        {field('email', 'Email', 'email', 'email')}
        {field('password', 'Password', 'password', mode === 'signIn' ? 'current-password' : 'new-password')}
        {active.isError && (
          <p className="error-text" role="alert">
            {errorMessage(active.error)}
          </p>
        )}
        <button type="submit" className="btn btn-primary" disabled={active.isPending}>
          {active.isPending ? 'One moment…' : mode === 'signIn' ? 'Sign in' : 'Sign up'}
        </button>
        {firstAccount || signUpOpen ? (
          <button type="button" className="link-button" onClick={() => setMode(mode === 'signIn' ? 'signUp' : 'signIn')}>
            {mode === 'signIn' ? 'No account yet? Create account' : 'Have an account? Sign in'}
          </button>
        ) : (
          <p className="hint">No account yet? Accounts are by invitation here: ask an admin of your workspace for an invitation link.</p>
        )}
      </form>
    </div>
  );
}
