import type { ConnectionConfig } from '../config/connection-config.schema';
import type { Clock } from '../ports/clock.port';
import type { Connector } from '../ports/connector.port';
import type { RunCounts, RunKind } from '../ports/runs.port';
import type { ConnectionScope, Direction } from '../ports/scope.port';
import type { SyncStores } from '../ports/sync-stores.port';
import type { RuleDecider } from './rule-decider';

export interface SyncRunOptions {
  scope: ConnectionScope;
  config: ConnectionConfig;
  connectors: { a: Connector; b: Connector };
  stores: SyncStores;
  clock?: Clock;
  /** Defaults to the connection's compiled rule graphs. */
  deciders?: Partial<Record<Direction, RuleDecider>>;
  /** Defaults to `initial` when no checkpoint exists yet, else `incremental`. */
  kind?: RunKind;
  /** Forget the checkpoints first: every record gets a fresh look (after a configuration change). */
  resync?: boolean;
  /** Preferred page size asked of the source connectors (default 500). */
  pageSize?: number;
  /** Aborting it stops the run: its pipeline is unsubscribed, and the run recorded as failed with the signal's reason. */
  signal?: AbortSignal;
  /** The run's counts so far, after each page. */
  onProgress?: (counts: RunCounts) => void;
  newId?: () => string;
}

/** The directions a sync mode runs, in order. Pure. */
export function directionsOf(mode: ConnectionConfig['mode']): Direction[] {
  return mode === 'two-way' ? ['aToB', 'bToA'] : mode === 'a-to-b' ? ['aToB'] : ['bToA'];
}
