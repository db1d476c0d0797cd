import type { LiveCounts, LiveRun } from './live-connections.model';

function when(ms: number | undefined): string {
  return ms ? new Date(ms).toLocaleString() : '—';
}

const sum = (c: { a: number; b: number }) => c.a + c.b;

/**
 * A connection's last run in words (its outcome, when, what it created, updated and failed), or the
 * run in flight with its counts so far; "not run yet" before the first.
 */
export function LastRun({ run, inFlight }: { run: LiveRun | null; inFlight?: LiveCounts }) {
  if (inFlight) return <>Syncing now: {`${sum(inFlight.read)} read, ${sum(inFlight.created)} created, ${sum(inFlight.updated)} updated so far`}</>;
  if (!run) return <>not run yet</>;
  return (
    <>
      {run.status}, {when(run.finishedAt ?? run.startedAt)} · {sum(run.counts.created)} created, {sum(run.counts.updated)} updated, {run.counts.failed} failed
    </>
  );
}
