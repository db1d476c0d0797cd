import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '../api/trpc';
import { applyLiveEvent, applyLiveEventToOne, applyLiveProgress, type LiveProgress } from './live-connections.model';

/** How long to wait before opening the stream again after the server ended it with an error. */
const RETRY_MS = 5_000;

export interface LiveConnections {
  /** The stream is up: the list is current without polling. */
  streaming: boolean;
  /** The stream dropped after it was up (or failed): poll until it is back. */
  reconnecting: boolean;
  /** Runs in flight, by connection id. */
  progress: LiveProgress;
}

/**
 * Keeps the cached connections list (state, last run), an open connection's page (its `get` and
 * `status`) and each row's health counts current from the workspace's live events
 * (`live.connections` over SSE). The link resumes a dropped stream
 * from the last event id by itself; after a server error the stream is opened again in 5 s.
 */
export function useLiveConnections(): LiveConnections {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<LiveProgress>({});
  const started = useRef(false);
  const listKey = trpc.connections.list.queryKey();
  const subscription = useSubscription(
    trpc.live.connections.subscriptionOptions(undefined, {
      onStarted: () => {
        // After a reconnect, whatever went by while the stream was down: fetch once.
        if (started.current) void queryClient.invalidateQueries({ queryKey: listKey });
        started.current = true;
      },
      onData: ({ data: event }) => {
        setProgress((p) => applyLiveProgress(p, event));
        let unknown = false;
        queryClient.setQueryData(listKey, (rows) => {
          if (!rows) return rows;
          const next = applyLiveEvent(rows, event);
          unknown = next === null;
          return next ?? rows;
        });
        if (unknown) void queryClient.invalidateQueries({ queryKey: listKey });
        const one = { id: event.connectionId };
        queryClient.setQueryData(trpc.connections.get.queryKey(one), (c) => c && applyLiveEventToOne(c, event));
        queryClient.setQueryData(trpc.connections.status.queryKey(one), (c) => c && applyLiveEventToOne(c, event));
        // A finished run changed the health counts, which events do not carry.
        if (event.type === 'run') {
          void queryClient.invalidateQueries({ queryKey: trpc.connections.status.queryKey(one) });
          // An open History tab shows the finished run at once rather than at its next poll.
          void queryClient.invalidateQueries({ queryKey: trpc.history.runs.pathKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.history.health.pathKey() });
        }
      },
    }),
  );
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== 'error') return;
    const timer = setTimeout(reset, RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, reset]);
  return {
    streaming: status === 'pending',
    reconnecting: status === 'error' || (status === 'connecting' && started.current),
    progress,
  };
}
