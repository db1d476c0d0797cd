import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { HealthSummary } from '../history/HealthSummary';

/** One list row's health counts (the status calls of all rows go out in one batched request). */
export function ConnectionHealthCell({ id }: { id: string }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.connections.status.queryOptions({ id }), refetchInterval: 15_000 });
  if (status.isPending) return <span className="hint">…</span>;
  if (status.isError) return <span className="hint">unavailable</span>;
  return <HealthSummary counts={status.data.health} compact />;
}
