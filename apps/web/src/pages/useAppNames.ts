import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/** An app's display name by id (falls back to the id while the catalog loads). */
export function useAppNames(): (id: string) => string {
  const trpc = useTRPC();
  const apps = useQuery({ ...trpc.apps.list.queryOptions(), staleTime: 10 * 60_000 });
  return (id) => apps.data?.find((a) => a.id === id)?.name ?? id;
}
