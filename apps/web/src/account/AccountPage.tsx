import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { InvitationsSection } from './InvitationsSection';
import { MembersSection } from './MembersSection';
import { PasswordSection } from './PasswordSection';
import { roleAtLeast, roleLabel, roleRights } from './roles';
import { SignOutEverywhereDialog } from './SignOutEverywhere';
import { useSignOut } from './useSignOut';
import '../settings/settings.css';
import './account.css';

/** The signed-in person's account: who and where, password, sessions, the workspace's members and invitations. */
export default function AccountPage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  const workspace = useQuery(trpc.workspace.get.queryOptions());
  const signOut = useSignOut();
  const [everywhere, setEverywhere] = useState(false);
  const user = status.data?.user;
  const loaded = Boolean(workspace.data && user);
  useEffect(() => {
    // Opened from the account menu at a section (#password, #members): show that section.
    if (loaded && window.location.hash) document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [loaded]);
  if (workspace.isPending || !user) return <LoadingState label="Loading your account…" minHeight="40vh" />;
  if (workspace.isError) return <ErrorState title="Could not load your workspace" error={workspace.error} onRetry={() => void workspace.refetch()} />;
  const role = workspace.data.role;
  return (
    <div className="page account-page">
      <header className="page-header">
        <div>
          <h1>Account and members</h1>
          <p>
            {user.name} ({user.email}) · {roleLabel(role)} of {workspace.data.name}
          </p>
          <p className="hint">{roleRights(role)}</p>
        </div>
      </header>
      <PasswordSection />
      <section className="card account-section" aria-labelledby="sessions-title" id="sessions">
        <h2 id="sessions-title">Sessions</h2>
        <div className="settings-actions">
          <button type="button" className="btn" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
            Sign out
          </button>
          <button type="button" className="btn btn-danger" onClick={() => setEverywhere(true)}>
            Sign out everywhere…
          </button>
        </div>
        <p className="hint">Signing out everywhere ends every session of this account, in every browser, this one included.</p>
      </section>
      <MembersSection myRole={role} />
      {roleAtLeast(role, 'admin') && <InvitationsSection />}
      <SignOutEverywhereDialog open={everywhere} onOpenChange={setEverywhere} />
    </div>
  );
}
