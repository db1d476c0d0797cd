import type { FieldCatalog } from '@sluice/graph';
import type { ConnectionConfig } from '../config/connection-config.schema';
import type { FieldPair } from '../mapping/field-map';
import type { Clock } from '../ports/clock.port';
import type { Connector } from '../ports/connector.port';
import type { RunCounts, RunError } from '../ports/runs.port';
import type { ConnectionScope, Direction } from '../ports/scope.port';
import type { SyncStores } from '../ports/sync-stores.port';
import type { RuleDecider } from './rule-decider';

/** Everything one run shares between its passes and pages. */
export interface SyncContext {
  scope: ConnectionScope;
  config: ConnectionConfig;
  connectors: { a: Connector; b: Connector };
  catalogs: { a: FieldCatalog; b: FieldCatalog };
  stores: SyncStores;
  clock: Clock;
  pairs: FieldPair[];
  deciders: Partial<Record<Direction, RuleDecider>>;
  /** Mixed into content hashes: a configuration change makes every record worth a fresh look. */
  salt: string;
  runId: string;
  graphVersion?: number;
  counts: RunCounts;
  errors: RunError[];
  pageSize: number;
  signal?: AbortSignal;
  onProgress?: (counts: RunCounts) => void;
}

/** The tag a deletion leaves on the other side (nothing is ever deleted). */
export const TRASH_TAG = 'Sluice Trash';

/** Runs keep the first errors only; per-record failures are in the record events. */
export const MAX_RUN_ERRORS = 50;
