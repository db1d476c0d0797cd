export type * from './ports/connector.port';
export type * from './ports/scope.port';
export type * from './ports/links.port';
export type * from './ports/checkpoints.port';
export type * from './ports/runs.port';
export type * from './ports/record-events.port';
export type * from './ports/health.port';
export type * from './ports/leases.port';
export type * from './ports/machine-snapshots.port';
export type * from './ports/write-intents.port';
export type * from './ports/sync-stores.port';
export type * from './ports/clock.port';
export { systemClock } from './ports/clock.port';
export { emptyRunCounts } from './ports/runs.port';
export * from './config/connection-config.schema';
export * from './config/value-table.schema';
export * from './config/transform.schema';
export { parseConnectionConfig } from './config/parse-connection-config';
export { matchValue } from './match/match-key';
export { FULL_NAME, readField, isBlank, sameValue } from './mapping/field-value';
export { mappingCompat, convertValue, type Compat } from './mapping/mapping-compat';
export { buildFieldMap, checkMapping, defaultPairs, catalogField, type FieldPair, type FieldMap, type RejectedMapping } from './mapping/field-map';
export { contentHash } from './sync/content-hash';
export { resolvePair, type Resolution, type ResolveInput } from './sync/resolve-pair';
export { orientPairs, sidesOf, type OrientedPair } from './sync/oriented-pair';
export { syncEverything, type RuleDecider, type RuleVerdict } from './sync/rule-decider';
export { compileRules } from './sync/compile-rules';
export { runSync, directionsOf, type SyncRunOptions } from './sync/run-sync';
export { runPipeline } from './sync/run-pipeline';
export { TRASH_TAG } from './sync/run-params';
export { runSummary, type RunSummary } from './history/run-summary';
export { healthReport, type HealthReport, type ReasonCount } from './history/health-report';
export { reasonLabel, type NodeLabels } from './history/reason-label';
export {
  connectionMachine,
  GUARD_TRIPPED,
  type ConnectionMachine,
  type ConnectionMachineContext,
  type ConnectionState,
  type ConnectionMachineInput,
  type ConnectionEvent,
  type SyncJobInput,
  type SyncJobOutput,
} from './machine/connection.machine';
export { backoffDelay } from './machine/backoff';
export { startConnection, stateName, type ConnectionHandle, type ConnectionRunnerOptions } from './machine/connection-runner';
export { LeaseWorker, DEFAULT_LEASE_TTL_MS, type WorkerOptions } from './scheduler/lease-worker';
export { scopeKey } from './ports/scope-key';
export { dryRun, type DryRunOptions } from './dry-run/dry-run';
export type { DryRunPlan, PlannedChange, AppPlan, PlanReason } from './dry-run/dry-run-plan';
export { planCsvLines, PLAN_CSV_HEADER } from './dry-run/plan-csv';
export { guardedSync, guardBreaches, guardMessage, type GuardedSyncOptions, type GuardBreach, type GuardTrip } from './guard/guarded-sync';
