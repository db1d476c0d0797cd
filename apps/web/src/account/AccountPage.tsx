import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { roleLabel } from './roles';
import { useSignOut } from './useSignOut';
import { MembersSection } from './MembersSection';
import './account.css';

/** The signed-in person's account: who, which workspace and role, the workspace's members, signing out. */
export default function AccountPage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  const workspace = useQuery(trpc.workspace.get.queryOptions());
  const signOut = useSignOut();
  const user = status.data?.user;
  if (workspace.isPending || !user) return <LoadingState label="Loading your account…" minHeight="40vh" />;
  if (workspace.isError) return <ErrorState title="Could not load your workspace" error={workspace.error} onRetry={() => void workspace.refetch()} />;
  return (
    <div className="page account-page">
      <header className="page-header">
        <div>
          <h1>Account and members</h1>
          <p>
            {user.name} ({user.email}) · {roleLabel(workspace.data.role)} of {workspace.data.name}
          </p>
        </div>
        <button type="button" className="btn" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </header>
      <MembersSection />
    </div>
  );
}
