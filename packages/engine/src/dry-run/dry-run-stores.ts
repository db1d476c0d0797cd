import type { Checkpoint } from '../ports/checkpoints.port';
import type { Link, LinkStamp } from '../ports/links.port';
import type { RecordEvent } from '../ports/record-events.port';
import type { Run } from '../ports/runs.port';
import type { ConnectionScope, Direction, Side } from '../ports/scope.port';
import type { SyncStores } from '../ports/sync-stores.port';
import type { WriteIntent } from '../ports/write-intents.port';

/**
 * A copy-on-write view of a connection's stores for a dry run: every read goes to `real`, every
 * write stays in memory (and is seen by the run's later reads, so the second direction of a two-way
 * run sees the links the first one would have made). Nothing reaches `real` but reads. The record
 * events the run would store go to `onEvents` instead: they are the plan.
 */
export function dryRunStores(real: SyncStores, onEvents: (events: readonly RecordEvent[]) => void): SyncStores {
  return {
    links: overlayLinks(real.links),
    checkpoints: overlayCheckpoints(real.checkpoints),
    runs: overlayRuns(real.runs),
    events: {
      insertMany: async (_scope, events) => onEvents(events),
      query: (scope, query) => real.events.query(scope, query),
    },
    health: {
      // Statuses are the outcome of writes: a dry run has none to keep.
      setMany: async () => undefined,
      counts: (scope) => real.health.counts(scope),
      list: (scope, query) => real.health.list(scope, query),
    },
    intents: overlayIntents(real.intents),
  };
}

function overlayLinks(real: SyncStores['links']): SyncStores['links'] {
  const byA = new Map<string, Link>();
  const bToA = new Map<string, string>();
  // Ids whose stored link the overlay replaced or removed: the stored one no longer counts.
  const shadowA = new Set<string>();
  const shadowB = new Set<string>();
  const visible = (l: LinkStamp) => !shadowA.has(l.aId) && !shadowB.has(l.bId);
  const fromOverlay = (side: Side, ids: readonly string[]): Link[] => {
    const out: Link[] = [];
    for (const id of new Set(ids)) {
      const link = byA.get(side === 'a' ? id : (bToA.get(id) ?? ''));
      if (link) out.push(link);
    }
    return out;
  };
  const find = async (scope: ConnectionScope, side: Side, ids: readonly string[]): Promise<Link[]> => {
    const stored = side === 'a' ? await real.findByA(scope, ids) : await real.findByB(scope, ids);
    return [...stored.filter(visible), ...fromOverlay(side, ids)];
  };
  const drop = (aId: string) => {
    const link = byA.get(aId);
    if (link) bToA.delete(link.bId);
    byA.delete(aId);
  };
  return {
    findByA: (scope, ids) => find(scope, 'a', ids),
    findByB: (scope, ids) => find(scope, 'b', ids),
    async findStamps(scope, side, ids) {
      const stored = (await real.findStamps(scope, side, ids)).filter(visible);
      return [...stored, ...fromOverlay(side, ids).map(({ values: _values, ...stamp }) => stamp)];
    },
    async upsertMany(_scope, links) {
      for (const link of links) {
        drop(link.aId);
        const holder = bToA.get(link.bId);
        if (holder !== undefined) drop(holder);
        shadowA.add(link.aId);
        shadowB.add(link.bId);
        byA.set(link.aId, structuredClone(link));
        bToA.set(link.bId, link.aId);
      }
    },
    async unlinkByA(_scope, aIds) {
      for (const aId of aIds) {
        drop(aId);
        shadowA.add(aId);
      }
    },
    // An estimate (stored links the overlay replaced are counted twice); no run stage counts links.
    count: async (scope) => (await real.count(scope)) + byA.size,
  };
}

function overlayCheckpoints(real: SyncStores['checkpoints']): SyncStores['checkpoints'] {
  const kept = new Map<Direction, Checkpoint | null>();
  return {
    get: async (scope, direction) => (kept.has(direction) ? kept.get(direction)! : real.get(scope, direction)),
    set: async (_scope, checkpoint) => void kept.set(checkpoint.direction, { ...checkpoint }),
    async clear() {
      kept.set('aToB', null);
      kept.set('bToA', null);
    },
  };
}

function overlayRuns(real: SyncStores['runs']): SyncStores['runs'] {
  const runs = new Map<string, Run>();
  return {
    start: async (_scope, run) => void runs.set(run.id, structuredClone(run)),
    async progress(_scope, runId, counts) {
      const run = runs.get(runId);
      if (run) run.counts = structuredClone(counts);
    },
    async finish(scope, runId, result) {
      // The run the dry run picks up after is the stored one: its status stays as it is.
      const run = runs.get(runId) ?? (await real.get(scope, runId));
      if (run) runs.set(runId, { ...run, ...structuredClone(result) });
    },
    get: async (scope, runId) => runs.get(runId) ?? real.get(scope, runId),
    list: (scope, options) => real.list(scope, options),
  };
}

function overlayIntents(real: SyncStores['intents']): SyncStores['intents'] {
  const added = new Map<string, WriteIntent>();
  const completed = new Set<string>();
  return {
    async add(_scope, intent) {
      if (!added.has(intent.idempotencyKey)) added.set(intent.idempotencyKey, structuredClone(intent));
    },
    async complete(_scope, key) {
      added.delete(key);
      completed.add(key);
    },
    async pending(scope, direction) {
      const stored = (await real.pending(scope, direction)).filter((i) => !completed.has(i.idempotencyKey) && !added.has(i.idempotencyKey));
      return [...stored, ...[...added.values()].filter((i) => direction === undefined || i.direction === direction)];
    },
  };
}
