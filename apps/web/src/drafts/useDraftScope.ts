import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/**
 * Whose drafts: the signed-in user in their workspace, so two people sharing a browser (or one
 * person in two workspaces) never see each other's unsaved edits.
 */
export function useDraftScope(): string {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.status.queryOptions());
  const user = status.data?.user;
  return user ? `${user.id}:${user.workspaceId}` : 'anonymous';
}
