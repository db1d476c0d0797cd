import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { roleLabel } from './roles';

/** The workspace's members with their roles. */
export function MembersSection() {
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions());
  return (
    <section className="card account-section" aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      {members.isPending ? (
        <LoadingState label="Loading the members…" />
      ) : members.isError ? (
        <ErrorState title="Could not load the members" error={members.error} onRetry={() => void members.refetch()} />
      ) : (
        <ul className="member-list">
          {members.data.map((m) => (
            <li key={m.userId}>
              <span>
                <strong>{m.name || m.email}</strong>
                <span className="hint">{m.email}</span>
              </span>
              <span className="badge">{roleLabel(m.role)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
