import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/**
 * Signs out, of this browser or (`everywhere`) of every session of the account. The cached answers of
 * the signed-in person are dropped at once, with no refetch: the sign-in form shows, and nothing of
 * the last session stays in memory for the next person.
 */
export function useSignOut({ everywhere = false }: { everywhere?: boolean } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const forget = () => {
    const statusKey = trpc.auth.status.queryKey();
    queryClient.setQueryData(statusKey, (old) => (old ? { ...old, user: null } : old));
    queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(statusKey) });
  };
  const here = useMutation(trpc.auth.signOut.mutationOptions({ onSuccess: forget }));
  const all = useMutation(trpc.auth.signOutEverywhere.mutationOptions({ onSuccess: forget }));
  return everywhere ? all : here;
}
