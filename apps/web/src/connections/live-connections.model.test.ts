import { describe, expect, it } from 'vitest';
import type { RuntimeEvent } from '@sluice/api';
import { applyLiveEvent, applyLiveProgress, type LiveRow } from './live-connections.model';

const counts = { read: { a: 5, b: 0 }, created: { a: 0, b: 3 }, updated: { a: 0, b: 1 }, skipped: 0, excluded: 1, conflicts: 0, failed: 0, trashed: 0 };
const rows: LiveRow[] = [
  { id: 'c1', state: 'ready', stateError: null, lastRun: null },
  { id: 'c2', state: 'live.idle', stateError: null, lastRun: null },
];
const base = { workspaceId: 'w1', at: 1 };

describe('live connections model', () => {
  it('changes only the row the event names: its state (with the error) or its last run', () => {
    const error = { code: 'E_AUTH_REJECTED', message: 'key revoked' };
    const next = applyLiveEvent(rows, { ...base, type: 'state', connectionId: 'c2', state: 'needsReauth', error })!;
    expect(next[1]).toEqual({ id: 'c2', state: 'needsReauth', stateError: error, lastRun: null });
    expect(next[0]).toBe(rows[0]);
    const run = { id: 'r1', kind: 'initial' as const, status: 'succeeded' as const, startedAt: 1, counts, errors: [] };
    expect(applyLiveEvent(rows, { ...base, type: 'run', connectionId: 'c1', run })![0]!.lastRun).toEqual(run);
    // Progress does not touch the list, and an unknown connection asks for a refetch.
    expect(applyLiveEvent(rows, { ...base, type: 'progress', connectionId: 'c1', runId: 'r1', counts })).toBe(rows);
    expect(applyLiveEvent(rows, { ...base, type: 'state', connectionId: 'new', state: 'ready' })).toBeNull();
  });

  it('keeps the counts of runs in flight until the run ends or the connection rests', () => {
    const progress: RuntimeEvent = { ...base, type: 'progress', connectionId: 'c1', runId: 'r1', counts };
    const running = applyLiveProgress({}, progress);
    expect(running).toEqual({ c1: { runId: 'r1', counts } });
    expect(applyLiveProgress(running, { ...base, type: 'state', connectionId: 'c1', state: 'live.syncing' })).toBe(running);
    expect(applyLiveProgress(running, { ...base, type: 'state', connectionId: 'c1', state: 'live.idle' })).toEqual({});
    const run = { id: 'r1', kind: 'initial' as const, status: 'succeeded' as const, startedAt: 1, counts, errors: [] };
    expect(applyLiveProgress(running, { ...base, type: 'run', connectionId: 'c1', run })).toEqual({});
    expect(applyLiveProgress(running, { ...base, type: 'state', connectionId: 'c2', state: 'paused' })).toBe(running);
  });
});
