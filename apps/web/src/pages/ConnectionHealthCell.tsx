import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { HealthLine } from '../history/HealthSummary';

/**
 * One list row's health counts (the status calls of all rows go out in one batched request).
 * Refetched when a live run event arrives; polled only while the live stream is down (`pollMs`).
 */
export function ConnectionHealthCell({ id, pollMs = false }: { id: string; pollMs?: number | false }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.connections.status.queryOptions({ id }), refetchInterval: pollMs });
  if (status.isPending) return <span className="hint">…</span>;
  if (status.isError) return <span className="hint">unavailable</span>;
  return <HealthLine counts={status.data.health} />;
}
