import type { FieldCatalog } from '@sluice/graph';
import type { ConnectionConfig } from '../config/connection-config.schema';
import type { FieldPair } from '../mapping/field-map';
import type { Clock } from '../ports/clock.port';
import type { Connector } from '../ports/connector.port';
import type { ConnectionScope, Direction } from '../ports/scope.port';
import type { SyncStores } from '../ports/sync-stores.port';
import type { InFlightWork } from './in-flight-work';
import type { RuleDecider } from './rule-decider';

/** What every stage of one run reads: fixed for the run, never written to by a stage. */
export interface RunParams {
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
  pageSize: number;
  /** Every call to a store or an app goes through it, so a stopped run can wait for what it started. */
  work: InFlightWork;
}

/** The tag a deletion leaves on the other side (nothing is ever deleted). */
export const TRASH_TAG = 'Sluice Trash';
