import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/**
 * Signs out. The cached answers of the signed-in person are dropped at once, with no refetch: the
 * sign-in form shows, and nothing of the last session stays in memory for the next person.
 */
export function useSignOut() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        const statusKey = trpc.auth.status.queryKey();
        queryClient.setQueryData(statusKey, (old) => (old ? { ...old, user: null } : { needsSetup: false, user: null, signUp: 'invite' as const }));
        queryClient.removeQueries({ predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(statusKey) });
      },
    }),
  );
}
