import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/** An app's display name by id (falls back to the id while the catalog loads); the same function until the catalog changes. */
export function useAppNames(): (id: string) => string {
  const trpc = useTRPC();
  const apps = useQuery({ ...trpc.apps.list.queryOptions(), staleTime: 10 * 60_000 });
  const list = apps.data;
  return useCallback((id: string) => list?.find((a) => a.id === id)?.name ?? id, [list]);
}
