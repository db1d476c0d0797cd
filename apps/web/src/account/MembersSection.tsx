import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { useToast } from '../ui/Toast';
import { roleLabel, roleRights, type Role } from './roles';

interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
  you: boolean;
}

type Pending = { kind: 'remove' | 'transfer'; member: Member } | { kind: 'leave' } | null;

const assignable: readonly Role[] = ['admin', 'editor', 'viewer'];

/**
 * The workspace's members with their roles. Admins change roles (never the owner's) and remove
 * members; the owner hands the workspace over; anyone but the owner can leave. Each asks first.
 */
export function MembersSection({ myRole }: { myRole: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const members = useQuery(trpc.members.list.queryOptions());
  const [pending, setPending] = useState<Pending>(null);
  const done = (title: string) => () => {
    setPending(null);
    toast({ title, tone: 'success' });
    void queryClient.invalidateQueries();
  };
  const setRole = useMutation(trpc.members.setRole.mutationOptions({ onSuccess: (r) => done(`Role changed to ${roleLabel(r.role)}`)() }));
  const remove = useMutation(trpc.members.remove.mutationOptions({ onSuccess: done('Member removed') }));
  const transfer = useMutation(trpc.members.transferOwnership.mutationOptions({ onSuccess: done('The workspace has a new owner; you are now an admin') }));
  const leave = useMutation(trpc.members.leave.mutationOptions({ onSuccess: done('You left the workspace') }));
  const isAdmin = myRole === 'admin' || myRole === 'owner';
  const failed = setRole.error ?? remove.error ?? transfer.error ?? leave.error;

  return (
    <section className="card account-section" aria-labelledby="members-title" id="members">
      <h2 id="members-title">Members</h2>
      <p className="hint">
        Roles: {(['viewer', 'editor', 'admin', 'owner'] as const).map((r) => `${roleLabel(r)}: ${roleRights(r)}`).join(' ')}
      </p>
      {members.isPending ? (
        <LoadingState label="Loading the members…" />
      ) : members.isError ? (
        <ErrorState title="Could not load the members" error={members.error} onRetry={() => void members.refetch()} />
      ) : (
        <ul className="member-list">
          {members.data.map((m) => (
            <li key={m.userId}>
              <span>
                <strong>
                  {m.name || m.email}
                  {m.you ? ' (you)' : ''}
                </strong>
                <span className="hint">{m.email}</span>
              </span>
              <span className="member-actions">
                {isAdmin && !m.you && m.role !== 'owner' ? (
                  <select
                    className="select"
                    aria-label={`Role of ${m.name || m.email}`}
                    value={m.role}
                    disabled={setRole.isPending}
                    onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as 'admin' | 'editor' | 'viewer' })}
                  >
                    {assignable.map((r) => (
                      <option key={r} value={r}>
                        {roleLabel(r)}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="badge">{roleLabel(m.role)}</span>
                )}
                {myRole === 'owner' && !m.you && (
                  <button type="button" className="btn btn-sm" onClick={() => setPending({ kind: 'transfer', member: m })}>
                    Make owner
                  </button>
                )}
                {isAdmin && !m.you && m.role !== 'owner' && (
                  <button type="button" className="btn btn-sm btn-danger" onClick={() => setPending({ kind: 'remove', member: m })}>
                    Remove
                  </button>
                )}
                {m.you && m.role !== 'owner' && (
                  <button type="button" className="btn btn-sm" onClick={() => setPending({ kind: 'leave' })}>
                    Leave the workspace
                  </button>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {failed && (
        <p className="error-text" role="alert">
          {errorMessage(failed)}
        </p>
      )}
      <ConfirmDialog
        open={pending?.kind === 'remove'}
        onOpenChange={(open) => !open && setPending(null)}
        title="Remove this member?"
        description={pending?.kind === 'remove' ? `${pending.member.name || pending.member.email} loses access to this workspace at once. Their connections keep running.` : ''}
        confirmLabel="Remove"
        danger
        busy={remove.isPending}
        onConfirm={() => pending?.kind === 'remove' && remove.mutate({ userId: pending.member.userId })}
      />
      <ConfirmDialog
        open={pending?.kind === 'transfer'}
        onOpenChange={(open) => !open && setPending(null)}
        title="Hand the workspace over?"
        description={pending?.kind === 'transfer' ? `${pending.member.name || pending.member.email} becomes the owner; you become an admin. Only the new owner can hand it back.` : ''}
        confirmLabel="Make owner"
        danger
        busy={transfer.isPending}
        onConfirm={() => pending?.kind === 'transfer' && transfer.mutate({ userId: pending.member.userId })}
      />
      <ConfirmDialog
        open={pending?.kind === 'leave'}
        onOpenChange={(open) => !open && setPending(null)}
        title="Leave this workspace?"
        description="You lose access to its connections at once; an admin can invite you again."
        confirmLabel="Leave"
        danger
        busy={leave.isPending}
        onConfirm={() => leave.mutate()}
      />
    </section>
  );
}
