import type { RuntimeEvent } from '@sluice/api';

type RunEvent = Extract<RuntimeEvent, { type: 'run' }>;
type ProgressEvent = Extract<RuntimeEvent, { type: 'progress' }>;
export type LiveRun = RunEvent['run'];
export type LiveCounts = ProgressEvent['counts'];

/** What a live event can change in a row of the connections list. */
export interface LiveRow {
  id: string;
  state: string;
  stateError: { code: string; message: string } | null;
  lastRun: LiveRun | null;
}

/** A run in flight, by connection: its counts so far. */
export type LiveProgress = Readonly<Record<string, { runId: string; counts: LiveCounts }>>;

/**
 * The list after one live event. Pure. Returns the same array when nothing changed, and null when
 * the event names a connection the list does not hold (made elsewhere: refetch the list).
 * @example applyLiveEvent(rows, { type: 'state', connectionId: 'c1', state: 'live.idle', … })
 */
export function applyLiveEvent<R extends LiveRow>(rows: readonly R[], event: RuntimeEvent): R[] | null {
  const i = rows.findIndex((r) => r.id === event.connectionId);
  if (i < 0) return null;
  const row = rows[i]!;
  let next: R;
  if (event.type === 'state') next = { ...row, state: event.state, stateError: event.error ?? null };
  else if (event.type === 'run') next = { ...row, lastRun: event.run };
  else return rows as R[];
  return [...rows.slice(0, i), next, ...rows.slice(i + 1)];
}

/**
 * One connection (a page's `connections.get` or `connections.status`) after a live event: the same
 * object when the event is not about it or changes nothing it shows. Pure.
 */
export function applyLiveEventToOne<R extends LiveRow>(row: R, event: RuntimeEvent): R {
  return applyLiveEvent([row], event)?.[0] ?? row;
}

/** The runs in flight after one live event. Pure: a progress event records its counts; the finished run or a resting state clears them. */
export function applyLiveProgress(progress: LiveProgress, event: RuntimeEvent): LiveProgress {
  if (event.type === 'progress') return { ...progress, [event.connectionId]: { runId: event.runId, counts: event.counts } };
  const running = event.type === 'state' && /syncing|initialSync/.test(event.state);
  if (running || !(event.connectionId in progress)) return progress;
  const { [event.connectionId]: _done, ...rest } = progress;
  return rest;
}
